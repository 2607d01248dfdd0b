"""The queue's tasks: plan a job, publish a chunk of its items. Each runs in an app context
and a database session of its own (in a worker process, or in the web process itself with
JOBS_IMMEDIATE), and may run twice: what it did is read back from the items."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask, current_app, has_app_context
from sqlalchemy.orm import Session

from web.core.models import JOB_PLANNING, PublicationJob
from web.documents import jobs
from web.documents.batches import batch_of
from web.documents.queue import huey

_apps: dict[int, Flask] = {}
# How a worker process builds its app (set by web.documents.worker): the tasks never import
# the app factory themselves, so the back office importing them reaches no other area.
app_factory: Callable[[], Flask] | None = None


def _app() -> Flask:
    """The web app of this process: the caller's, or one built once per worker process."""
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined,no-any-return]
    pid = os.getpid()
    if pid not in _apps:
        if app_factory is None:
            raise RuntimeError("no app: start tasks from the portal or web.documents.worker")
        _apps[pid] = app_factory()
    return _apps[pid]


@contextmanager
def _session() -> Iterator[tuple[Flask, Session]]:
    app = _app()
    with app.app_context():
        db: Session = app.extensions["examforms.sessionmaker"]()
        try:
            yield app, db
        finally:
            db.close()


def queue_chunks(db: Session, app: Flask, job_id: int) -> int:
    """Queue a task for every chunk of the job's items still to do."""
    job = db.get(PublicationJob, job_id)
    batch = batch_of(job.kind) if job is not None else None
    size = int(app.config["JOBS_CHUNK_SIZE"]) * (batch.chunk_factor if batch else 1)
    chunks = jobs.pending_chunks(db, job_id, size)
    db.commit()
    for chunk in chunks:
        publish_chunk(job_id, chunk)
    return len(chunks)


@huey.task(retries=3, retry_delay=10)
def plan_job(job_id: int) -> None:
    with _session() as (app, db):
        jobs.plan(db, job_id)
        queue_chunks(db, app, job_id)


@huey.task(retries=3, retry_delay=10)
def publish_chunk(job_id: int, item_ids: list[int]) -> None:
    with _session() as (_app_, db):
        jobs.run_chunk(db, job_id, item_ids)


def start(job_id: int) -> None:
    """Queue the planning of a job just committed."""
    plan_job(job_id)


def resume(job_id: int) -> None:
    """Queue what a restarted job (committed) still has to do: its planning, if that was
    what got interrupted, else the chunks of its items still to do."""
    with _session() as (app, db):
        job = db.get(PublicationJob, job_id)
        planning = job is not None and job.state == JOB_PLANNING
        db.commit()
        if planning:
            plan_job(job_id)
        else:
            queue_chunks(db, app, job_id)
