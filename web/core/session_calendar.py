"""A session part's registration calendar: the general-public period open now (or the last
one started), and the session dates the spec's relative rules read (engine.conditions).

Registration, the candidate space, results and the back office all read it: it sits with the
shared plumbing so that none of them imports another area to know a date.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from engine.conditions import SessionCalendar
from web.core.catalogue import PARIS, is_part_closed, periods_of
from web.core.models import ExamSession, RegistrationPeriod, utcnow


def open_period(
    db: Session, session: ExamSession, academy_code: str, now: datetime | None = None
) -> RegistrationPeriod | None:
    """The general-public period open now for this session in this academy, if any (none once
    the session is closed, nationally or by the academy's office)."""
    now = now or utcnow()
    if is_part_closed(db, session, academy_code):
        return None
    return next((p for p in periods_of(db, session.id, academy_code) if p.is_open(now)), None)


def current_or_last_period(
    db: Session, session: ExamSession, academy_code: str, now: datetime | None = None
) -> RegistrationPeriod | None:
    """The open period, else the last one that started (for the closing date shown)."""
    periods = periods_of(db, session.id, academy_code)
    now = now or utcnow()
    started = [p for p in periods if p.opens_at <= now]
    return open_period(db, session, academy_code, now) or (started[-1] if started else None)


def calendar_of(
    session: ExamSession, period: RegistrationPeriod | None, academy_code: str | None = None
) -> SessionCalendar:
    """Session dates every relative rule uses (age on 31/12, grades within N years, deadlines).

    The academy (the period's, unless given) brings its office's pieces deadline, which
    replaces the spec's per-piece deadlines when set.
    """
    start = session.starts_on or date(session.year, 6, 1)
    close = period.closes_at.astimezone(PARIS).date() if period else start
    academy = academy_code or (period.academy_code if period else "")
    part = next((p for p in session.academies if p.academy_code == academy), None)
    # The academy too: its establishments are the ones offered (engine.establishments).
    return SessionCalendar(
        year=session.year,
        start=start,
        registration_close=close,
        academy=academy or "",
        pieces_deadline=part.pieces_deadline if part is not None else None,
    )
