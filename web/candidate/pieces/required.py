"""The pieces the exam's rules require of a saved candidature, computed from its answers."""

from __future__ import annotations

from sqlalchemy.orm import Session

from engine.rules import PieceLine
from engine.wizard import build_state
from web.core.models import Account, Candidature
from web.core.session_calendar import calendar_of, current_or_last_period
from web.registration.context import account_values, exam_of


def required_lines(db: Session, candidature: Candidature) -> tuple[PieceLine, ...]:
    """The engine's required pieces (spec deadlines); () when the exam's spec is gone."""
    exam = exam_of(candidature.exam_code)
    account = db.get(Account, candidature.account_id)
    if exam is None or account is None:
        return ()
    period = current_or_last_period(db, candidature.session, candidature.academy_code)
    state = build_state(
        exam, candidature.answers, calendar_of(candidature.session, period),
        account_values(account),
    )
    return state.pieces()
