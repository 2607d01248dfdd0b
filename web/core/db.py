"""Database engine and per-context SQLAlchemy session, bound to one Flask app."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

SQLITE_BUSY_TIMEOUT_MS = 30_000

log = logging.getLogger(__name__)


def is_sqlite_file(url: str) -> bool:
    """A SQLite database kept in a file (not in memory): the one that can use WAL."""
    return url.startswith("sqlite") and ":memory:" not in url and url.rstrip("/") != "sqlite:"


def make_engine(url: str, unpooled: bool = False) -> Engine:
    """An engine for `url`; SQLite gets foreign keys, a busy timeout and (files) WAL.
    `unpooled`: each session opens a connection of its own and closes it after."""
    kwargs: dict[str, Any] = {"future": True}
    if unpooled:
        kwargs["poolclass"] = NullPool
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {
            "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False,
        }
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        wal = is_sqlite_file(url)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            # Writers wait for the lock instead of failing at once with "database is locked".
            cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            if wal:
                # Readers no longer block the writer (nor the writer them): concurrent saves
                # and page views share the file without lock errors.
                cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

    return engine


def init_app(app: Flask) -> None:
    url = app.config["DATABASE_URL"]
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    app.extensions["examforms.engine"] = engine
    app.extensions["examforms.sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    # Work that commits apart from the request (the served spec versions) takes a connection
    # outside the request pool, so requests holding every pooled connection never wait on it.
    app.extensions["examforms.side_sessionmaker"] = (
        sessionmaker(make_engine(url, unpooled=True), expire_on_commit=False)
        if not url.startswith("sqlite") or is_sqlite_file(url)
        else app.extensions["examforms.sessionmaker"]  # one in-memory database: its own pool
    )
    app.teardown_appcontext(_close_session)


def engine() -> Engine:
    return current_app.extensions["examforms.engine"]  # type: ignore[no-any-return]


def session() -> Session:
    """The session of the current app context (request, CLI command or worker iteration)."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["examforms.sessionmaker"]()
    return g.db_session  # type: ignore[no-any-return]


def side_session() -> Session:
    """A session of its own, on a connection outside the request pool; the caller closes it."""
    return current_app.extensions["examforms.side_sessionmaker"]()  # type: ignore[no-any-return]


def _close_session(_exc: BaseException | None) -> None:
    """End the context's session. Its closing rollback can fail when the server went away
    during the request (a restart): the answer is already made, so the connection is only
    dropped from the pool, never turned into a failure of the request."""
    s = g.pop("db_session", None)
    if s is None:
        return
    try:
        s.close()
    except SQLAlchemyError:
        log.warning("closing the request's database session failed", exc_info=True)
        s.invalidate()
