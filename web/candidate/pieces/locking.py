"""One writer at a time on a candidature's pieces: its row is locked until commit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import update
from sqlalchemy.orm import Session

from web.core.models import Candidature


def lock_candidature(db: Session, candidature: Candidature) -> None:
    """Hold the candidature's row (PostgreSQL) or the database (SQLite) until commit.

    Ends the caller's read transaction first (committing it): on SQLite a transaction that
    read and then asks for the write lock held by another fails at once instead of waiting.
    """
    db.commit()
    db.execute(
        update(Candidature).where(Candidature.id == candidature.id)
        .values(pieces_status=Candidature.pieces_status)
        .execution_options(synchronize_session=False)
    )
    db.refresh(candidature)


@contextmanager
def locked(db: Session, candidature: Candidature) -> Iterator[None]:
    """The block runs with the candidature locked; anything it raises rolls back."""
    lock_candidature(db, candidature)
    try:
        yield
    except BaseException:
        db.rollback()
        raise
