"""When a session's results are shown to an academy's candidates (Mes notes, relevé)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.core.models import Candidature, ResultsPublication, utcnow


def publication_of(db: Session, session_id: int, academy_code: str) -> ResultsPublication | None:
    return db.scalar(
        select(ResultsPublication).where(
            ResultsPublication.session_id == session_id,
            ResultsPublication.academy_code == academy_code,
        )
    )


def published_at(
    db: Session, candidature: Candidature, now: datetime | None = None
) -> datetime | None:
    """The moment the candidature's results were published; None before it (or if never)."""
    found = publication_of(db, candidature.session_id, candidature.academy_code)
    if found is None or not found.is_published(now or utcnow()):
        return None
    return found.publishes_at
