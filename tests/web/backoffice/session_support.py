"""Helpers of the sessions tests: a part opened through the services, rows read back."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from web_helpers import db_of

PARIS = ZoneInfo("Europe/Paris")


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def open_part(
    app: Any, exam: str = "cfg", academy: str = "rennes", label: str = "JUIN 2027", *,
    opens_at: datetime | None = None, closes_at: datetime | None = None, year: int = 2027,
    starts_on: date | None = date(2027, 6, 1),
) -> tuple[int, int]:
    """A part opened through the services (as the command line would), with one period
    (open now unless told otherwise); returns (session id, period id)."""
    from web.backoffice import periods, sessions
    from web.core.models import utcnow

    now = utcnow()
    with db_of(app) as db:
        part, _ = sessions.open_part(
            db, None, exam, sessions.NationalFields(label, year, starts_on), academy,
            app.config["EXAMS_DIR"],
        )
        period = periods.add_period(db, None, part, opens_at or now - timedelta(days=3),
                                    closes_at or now + timedelta(days=30))
        db.commit()
        return part.session_id, period.id


def part_row(app: Any, session_id: int, academy: str = "rennes") -> Any:
    from web.core.models import SessionAcademy

    with db_of(app) as db:
        row = db.scalar(select(SessionAcademy).where(
            SessionAcademy.session_id == session_id, SessionAcademy.academy_code == academy
        ))
        if row is not None:
            db.expunge(row)
        return row


def periods_of(app: Any, session_id: int, academy: str = "rennes") -> list[tuple[str, str]]:
    """(opens, closes) of the part's periods, in Paris time 'JJ/MM/AAAA HH:MM'."""
    from web.core.models import RegistrationPeriod

    with db_of(app) as db:
        rows = db.scalars(select(RegistrationPeriod).where(
            RegistrationPeriod.session_id == session_id,
            RegistrationPeriod.academy_code == academy,
        ).order_by(RegistrationPeriod.opens_at))
        return [(r.opens_at.astimezone(PARIS).strftime("%d/%m/%Y %H:%M"),
                 r.closes_at.astimezone(PARIS).strftime("%d/%m/%Y %H:%M")) for r in rows]


def audit_entries(app: Any, prefix: str = "session.") -> list[Any]:
    from web.core.models import AuditEntry

    with db_of(app) as db:
        rows = list(db.scalars(select(AuditEntry).where(AuditEntry.action.startswith(prefix))
                               .order_by(AuditEntry.id)))
        for row in rows:
            db.expunge(row)
        return rows


def add_candidature(app: Any, session_id: int, academy: str = "rennes", *,
                    created_at: datetime | None = None, state: str = "inscrit") -> int:
    """A candidature row of the part (saved at `created_at`, now by default)."""
    from tests.conftest import unique_email
    from web.account.services import email_key
    from web.core.models import Account, Candidature, utcnow

    with db_of(app) as db:
        email = unique_email()
        account = Account(email=email, email_key=email_key(email), password_hash="x",
                          activated_at=utcnow())
        db.add(account)
        db.flush()
        row = Candidature(account_id=account.id, exam_code="cfg", session_id=session_id,
                          academy_code=academy, state=state,
                          created_at=created_at or utcnow())
        db.add(row)
        db.commit()
        return row.id
