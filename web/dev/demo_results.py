"""Demo results: a past CAP session whose results are published, so that `make run` shows
Mes notes, the relevé de notes and, at the next session, the grades kept in the Acquis tab.

The demo candidate sat CAP Cuisine in Rennes at the session of the year before the open one,
was ajourné (professional domain below 10/20), and keeps the grades of 10/20 or more.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.backoffice.periods import add_period, part_periods
from web.backoffice.results.entry import store_grades
from web.backoffice.results.publishing import set_publication
from web.backoffice.sessions import NationalFields, open_part
from web.core.catalogue import PARIS
from web.core.models import DOCUMENT_STATEMENT, Account, Candidature, ResultsPublication
from web.registration import numbers
from web.registration.context import exam_of
from web.results.grades import parse_grade
from web.results.publication import publication_of
from web.results.records import store_for

ACADEMY = "rennes"
ANSWERS: dict[str, Any] = {
    "fields": {
        "modalites_acceptees": True,
        "nationalite": "FR",
        "adresse_pays": "FR",
        "adresse_1": "3 place du Parlement",
        "code_postal": "35000",
        "localite": "RENNES",
        "telephone_mobile": "0612345678",
        "pcs_representant_legal": "21",
        "categorie": "individuel",
        "etablissement": "individuels-35",
        "amenagement": False,
        "consentement_presse": False,
        "consentement_collectivites": True,
        "specialite": "cuisine",
        "forme": "globale",
        "dispense_eps": False,
    },
    "acquis": {"diplomas": [], "grades": [], "renounced": []},
    "units": {"chosen": [], "languages": {"EG5": "anglais"}},
}
# Ajourné: EP2 pulls the professional domain under 10/20; EP1, EG1, EG2 and EG4 are kept.
GRADES = {
    "EP1": "14",
    "EP2": "6,5",
    "EG1": "12",
    "EG2": "11",
    "EG3": "8,5",
    "EG4": "10,5",
    "EG5": "9",
}


def _paris(day: date, hour: int = 0) -> datetime:
    return datetime.combine(day, time(hour, 0), PARIS)


def seed_past_results(db: Session, candidate: Account, year: int, exams_dir: str | Path) -> str:
    """The CAP session of `year` - 1 in Rennes, over, with the candidate's published results
    (created once); the line to print for the developer."""
    past = year - 1
    label = f"JUIN {past}"
    part, _ = open_part(
        db, None, "cap", NationalFields(label, past, date(past, 6, 1)), ACADEMY, exams_dir
    )
    if not part_periods(db, part):
        add_period(
            db,
            None,
            part,
            _paris(date(past - 1, 11, 1)),
            _paris(date(past, 1, 31)) - timedelta(minutes=1),
        )
    found = db.scalar(
        select(Candidature).where(
            Candidature.account_id == candidate.id, Candidature.session_id == part.session_id
        )
    )
    if found is None:
        if not candidate.candidate_number:
            candidate.candidate_number = numbers.format_candidate_number(
                numbers.next_value(db, numbers.CANDIDATE_SEQUENCE), past
            )
        found = Candidature(
            account_id=candidate.id,
            exam_code="cap",
            session_id=part.session_id,
            academy_code=ACADEMY,
            answers={**ANSWERS, "fields": {**ANSWERS["fields"], "email": candidate.email}},
            speciality_code="cuisine",
            category_code="individuel",
            inscription_number=numbers.format_inscription_number(
                numbers.next_value(db, numbers.inscription_sequence(part.session_id, ACADEMY))
            ),
        )
        db.add(found)
        db.flush()
        store_grades(db, None, found, {u: parse_grade(g) for u, g in GRADES.items()})
    exam = exam_of("cap")
    if exam is not None:
        store_for(
            db,
            exam,
            db.scalars(
                select(Candidature).where(
                    Candidature.session_id == part.session_id, Candidature.academy_code == ACADEMY
                )
            ).all(),
        )
    if exam is not None and publication_of(db, part.session_id, ACADEMY) is None:
        set_publication(db, None, exam, part, _paris(date(past, 7, 5), 10))
        # Its relevés de notes, published as the office's page does (here, without a queue).
        import web.documents.builtin  # noqa: F401  (registers the kinds)
        from web.dev.demo_documents import run_job

        db.flush()
        run_job(db, DOCUMENT_STATEMENT, part.session, ACADEMY)
    db.flush()
    shown: ResultsPublication | None = publication_of(db, part.session_id, ACADEMY)
    when = shown.publishes_at.astimezone(PARIS).strftime("%d/%m/%Y") if shown else ""
    return (
        f"Session CAP {label} (Rennes) : résultats publiés le {when} ; {candidate.email} "
        f"y est ajourné(e) en CAP Cuisine (Mes notes, relevé de notes) et retrouve ses "
        f"notes conservées dans l'onglet Acquis en s'inscrivant au CAP JUIN {year}."
    )
