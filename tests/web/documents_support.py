"""Helpers of the published-documents tests: CFG candidatures saved through the wizard, a
timetable, jobs run in the test's process, the text of a stored PDF."""

from __future__ import annotations

import io
from datetime import date, time
from typing import Any

from registration_support import Candidate
from space_support import register_cfg
from sqlalchemy import select
from web_helpers import db_of

CFG_UNITS = ("001", "002", "003")


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def candidate_with_cfg(
    app: Any, auth: Any, session_id: int, accommodation: bool = False, **account: Any
) -> tuple[Candidate, Any]:
    """A new candidate (own client, logged in) with a saved CFG candidature in Rennes."""
    client = app.test_client()
    created = auth.create(**account)
    response = client.post(
        "/connexion", data={"identifiant": created.email, "password": "Motdepasse!1"}
    )
    assert response.status_code == 302
    candidate = Candidate(client, created)
    extra = {"amenagement": "oui"} if accommodation else {}
    return candidate, register_cfg(candidate, app, session_id, **extra)


def fill_timetable(
    app: Any, session_id: int, academy: str = "rennes", units: tuple[str, ...] = CFG_UNITS
) -> None:
    from web.core.models import TimetableEntry

    with db_of(app) as db:
        for hour, code in enumerate(units, start=8):
            db.add(
                TimetableEntry(
                    session_id=session_id,
                    academy_code=academy,
                    unit_code=code,
                    speciality_code="",
                    day=date(2027, 6, 14),
                    starts_at=time(hour, 30),
                    duration_minutes=90,
                    centre="Lycée Chateaubriand",
                    address="136 boulevard de Vitré, 35700 Rennes",
                )
            )
        db.commit()


def grant_measures(app: Any, candidature_id: int, measures: str) -> None:
    from web.core.models import AccommodationGrant

    with db_of(app) as db:
        db.add(
            AccommodationGrant(
                candidature_id=candidature_id, measures=measures, decided_on=date(2027, 4, 2)
            )
        )
        db.commit()


def publish(app: Any, kind: str, session_id: int, academy: str = "rennes") -> int:
    """Create, plan and run a job in this process (JOBS_IMMEDIATE), as the page does."""
    from web.core import db as database
    from web.core.models import ExamSession
    from web.documents import jobs, tasks

    with app.app_context():
        db = database.session()
        session = db.get(ExamSession, session_id)
        job = jobs.create(db, None, kind, session, academy)
        db.commit()
        tasks.start(job.id)
        return int(job.id)


def job_row(app: Any, job_id: int) -> Any:
    from web.core.models import PublicationJob

    with db_of(app) as db:
        row = db.get(PublicationJob, job_id)
        db.expunge(row)
        return row


def items_of(app: Any, job_id: int) -> list[Any]:
    from web.core.models import PublicationItem

    with db_of(app) as db:
        rows = list(
            db.scalars(
                select(PublicationItem)
                .where(PublicationItem.job_id == job_id)
                .order_by(PublicationItem.id)
            )
        )
        for row in rows:
            db.expunge(row)
        return rows


def kind_documents(app: Any, candidature_id: int, kind: str) -> list[Any]:
    from web.core.models import Document

    with db_of(app) as db:
        rows = list(
            db.scalars(
                select(Document)
                .where(
                    Document.candidature_id == candidature_id,
                    Document.kind == kind,
                )
                .order_by(Document.version)
            )
        )
        for row in rows:
            db.expunge(row)
        return rows
