"""Demo of the documents the office publishes: the Rennes CFG session's épreuves timetable,
and a candidate (Inès Martin) whose saved candidature has its convocation published.

The candidature is saved through the registration service and the convocation published by
a job of the back office's own machinery, run here in the command's process (the job's page
in the back office shows it done). Idempotent: nothing is added twice.
"""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.account.services import email_key, find_by_email
from web.core.models import (
    Account,
    Candidature,
    ExamSession,
    PublicationJob,
    TimetableEntry,
    utcnow,
)
from web.core.security import hash_password
from web.documents import jobs, timetable
from web.registration.context import RegistrationRefused, exam_of
from web.registration.service import save_candidature

DEMO_ACADEMY = "rennes"
CANDIDATE_EMAIL = "ines.martin@demo.examforms.fr"
CANDIDATE_PASSWORD = "Candidate-Demo-2!"
CENTRE = ("Lycée Chateaubriand", "136 boulevard de Vitré, 35700 Rennes")
# (unit, day of June, hour, minutes, duration)
SLOTS = (("003", 15, time(8, 30), 120), ("002", 15, time(14, 0), 120),
         ("001", 16, time(9, 0), 30))


def _answers(email: str) -> dict[str, object]:
    return {
        "fields": {
            "nationalite": "FR", "adresse_pays": "FR", "adresse_1": "5 rue de Dinan",
            "code_postal": "35000", "localite": "RENNES", "telephone_mobile": "0611223344",
            "email": email, "pcs_representant_legal": "21", "categorie": "individuel",
            "etablissement": "individuels-35", "amenagement": False,
            "consentement_presse": False, "consentement_collectivites": True,
        },
        "acquis": {"diplomas": [], "grades": [], "renounced": []},
        "units": {"chosen": [], "languages": {}},
    }


def _session(db: Session, label: str) -> ExamSession | None:
    return db.scalar(select(ExamSession).where(ExamSession.exam_code == "cfg",
                                               ExamSession.label == label))


def run_job(db: Session, kind: str, session: ExamSession, academy: str) -> None:
    """A publication job created, planned and run here, without the queue (committed)."""
    job = jobs.create(db, None, kind, session, academy)
    db.commit()
    jobs.plan(db, job.id)
    for chunk in jobs.pending_chunks(db, job.id, 50):
        jobs.run_chunk(db, job.id, chunk)


def seed_documents(db: Session, label: str) -> list[str]:
    session = _session(db, label)
    exam = exam_of("cfg")
    if session is None or exam is None:
        return []
    if not timetable.entries(db, session.id, DEMO_ACADEMY):
        for unit, day, starts, minutes in SLOTS:
            db.add(TimetableEntry(
                session_id=session.id, academy_code=DEMO_ACADEMY, unit_code=unit,
                speciality_code="", day=date(session.year, 6, day), starts_at=starts,
                duration_minutes=minutes, centre=CENTRE[0], address=CENTRE[1]))
        db.commit()
    account = find_by_email(db, CANDIDATE_EMAIL)
    if account is None:
        account = Account(
            email=CANDIDATE_EMAIL, email_key=email_key(CANDIDATE_EMAIL),
            password_hash=hash_password(CANDIDATE_PASSWORD), sexe="F",
            nom_naissance="MARTIN", prenoms="Inès", date_naissance=date(2001, 3, 12),
            pays_naissance="FR", departement_naissance="35", commune_naissance="35238",
            commune_naissance_label="Rennes", activated_at=utcnow(),
        )
        db.add(account)
        db.commit()
    candidature = db.scalar(select(Candidature).where(
        Candidature.account_id == account.id, Candidature.session_id == session.id))
    if candidature is None:
        try:
            save_candidature(db, account, exam, session, DEMO_ACADEMY,
                             _answers(CANDIDATE_EMAIL))
        except RegistrationRefused:  # the demo's period is not open now (a seed for a day)
            db.rollback()
            return []
    published = db.scalar(select(PublicationJob).where(
        PublicationJob.kind == "convocation", PublicationJob.session_id == session.id,
        PublicationJob.academy_code == DEMO_ACADEMY))
    if published is None:
        run_job(db, "convocation", session, DEMO_ACADEMY)
    return [
        f"Calendrier des épreuves du CFG {label} à Rennes ; convocation publiée pour "
        f"{CANDIDATE_EMAIL} / {CANDIDATE_PASSWORD} (enveloppe sur sa carte, Mes documents).",
    ]
