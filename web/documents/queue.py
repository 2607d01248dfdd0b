"""The job queue: huey, on the embedded SQLite file by default, on PostgreSQL or Redis when
several machines share the work (JOBS_QUEUE_URL, docs/operations.md).

The queue only carries "do this chunk of this job"; what a job is, how far it went and what
failed is in the portal's own tables (web.core.models.publication), so a lost queue message
never loses track of a job: the office restarts it and only the missing items are redone.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from huey import Huey
from huey.storage import MemoryStorage, PostgresStorage, RedisStorage, SqliteStorage

QUEUE_NAME = "examforms-jobs"


def default_url() -> str:
    """The portal's default (web.core.config): the SQLite file in the app's instance folder,
    found as the app finds it, without building the app."""
    instance = Flask("web", instance_relative_config=True).instance_path
    return f"sqlite:///{Path(instance) / 'jobs-queue.sqlite3'}"


def storage_for(url: str) -> tuple[type[Any], dict[str, Any]]:
    """huey's storage class and arguments for a JOBS_QUEUE_URL."""
    if url.startswith("sqlite:///"):
        filename = url.removeprefix("sqlite:///")
        Path(filename).parent.mkdir(parents=True, exist_ok=True)
        return SqliteStorage, {"filename": filename}
    if url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        return PostgresStorage, {"dsn": url.replace("postgresql+psycopg://", "postgresql://")}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage, {"url": url}
    if url == "memory://":
        return MemoryStorage, {}
    raise ValueError(f"JOBS_QUEUE_URL: unsupported queue address {url!r}")


# Results are not kept: the portal's tables say what a job did.
huey = Huey(QUEUE_NAME, results=False, storage_class=MemoryStorage)
_bound: str | None = None


def bind(url: str) -> None:
    """Point the queue at `url` (once per process, or when a test app names another)."""
    global _bound
    if url == _bound:
        return
    huey.storage_class, huey.storage_kwargs = storage_for(url)
    if not huey.immediate:
        huey.storage = huey.create_storage()
    _bound = url


def init_app(app: Flask) -> None:
    """Bind the queue to the app's settings; JOBS_IMMEDIATE runs each task in the process
    that queues it (the tests, or a machine without a worker)."""
    # Immediate first: a queue in immediate mode is never opened (its memory stands in).
    huey.immediate = bool(app.config["JOBS_IMMEDIATE"])
    bind(app.config["JOBS_QUEUE_URL"])


def environment_url() -> str:
    return os.environ.get("JOBS_QUEUE_URL") or default_url()
