"""Helpers of the candidate-space tests: a CFG candidature saved through the wizard."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from registration_support import INFORMATIONS, Candidate, candidatures_of, open_session
from web_helpers import db_of


def register_cfg(candidate: Candidate, app: Any, session_id: int, academy: str = "rennes",
                 **informations: str) -> Any:
    """Start, fill and Enregistrer a CFG candidature; returns the stored row."""
    before = {c.id for c in candidatures_of(app, candidate.account.id)}
    assert candidate.start(session_id, academy).status_code == 302
    assert candidate.next_ok("identification", candidate.identification()) == "informations"
    assert candidate.next_ok("informations", {**INFORMATIONS, **informations}) == "recapitulatif"
    response = candidate.post("recapitulatif", action="enregistrer")
    assert response.status_code == 302 and "/numero" in response.location, response
    [new] = [c for c in candidatures_of(app, candidate.account.id) if c.id not in before]
    return new


def close_period(app: Any, session_id: int) -> None:
    """The registration period of the session ended an hour ago."""
    from sqlalchemy import select

    from web.core.models import RegistrationPeriod, utcnow

    with db_of(app) as db:
        for period in db.scalars(
            select(RegistrationPeriod).where(RegistrationPeriod.session_id == session_id)
        ):
            period.closes_at = utcnow() - timedelta(hours=1)
        db.commit()


def set_state(app: Any, candidature_id: int, state: str) -> None:
    from web.core.models import Candidature

    with db_of(app) as db:
        row = db.get(Candidature, candidature_id)
        assert row is not None
        row.state = state
        db.commit()


def close_session(app: Any, session_id: int) -> None:
    from web.core.models import ExamSession

    with db_of(app) as db:
        row = db.get(ExamSession, session_id)
        assert row is not None
        row.closed = True
        db.commit()


def documents_of(app: Any, candidature_id: int) -> list[Any]:
    from sqlalchemy import select

    from web.core.models import Document

    with db_of(app) as db:
        rows = list(
            db.scalars(
                select(Document)
                .where(Document.candidature_id == candidature_id)
                .order_by(Document.id)
            )
        )
        for row in rows:
            db.expunge(row)
        return rows


# A CAP Cuisine candidate with a BEP (dispensed of general units) asking for an aménagement.
CAP_CUISINE_ANSWERS = {
    "fields": {
        "modalites_acceptees": True, "nationalite": "FR", "adresse_pays": "FR",
        "adresse_1": "3 place du Parlement", "code_postal": "35000", "localite": "RENNES",
        "telephone_mobile": "0612345678", "pcs_representant_legal": "21",
        "email": "cap@example.org", "categorie": "individuel", "etablissement": "individuels-35",
        "amenagement": True, "consentement_presse": False, "consentement_collectivites": True,
        "specialite": "cuisine", "forme": "globale", "dispense_eps": False,
    },
    "acquis": {"diplomas": [{"diploma": "bep", "year": 2015, "academy": "rennes"}],
               "grades": [], "renounced": []},
    "units": {"chosen": [], "languages": {}},
}


def cap_candidature(app: Any, auth: Any) -> int:
    """A CAP Cuisine candidature stored as a row saved before the filter columns existed."""
    from web.core.models import Candidature

    session_id = open_session(app, "cap", label="JUIN 2027 CAP")
    account = auth.create(nom_naissance="CAPELLE", prenoms="Louise")
    with db_of(app) as db:
        row = Candidature(account_id=account.id, exam_code="cap", session_id=session_id,
                          academy_code="rennes", inscription_number="001",
                          answers=CAP_CUISINE_ANSWERS)
        db.add(row)
        db.commit()
        return int(row.id)


__all__ = ["Candidate", "candidatures_of", "open_session"]
