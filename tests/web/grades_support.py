"""Helpers of the results tests: a past CAP Cuisine session with candidatures, a gestionnaire."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from registration_support import open_session
from space_support import CAP_CUISINE_ANSWERS
from web_helpers import db_of, staff_client

# CAP Cuisine without acquis: every unit is sat (EP1, EP2, EG1 to EG5).
CUISINE = {
    "fields": dict(CAP_CUISINE_ANSWERS["fields"], amenagement=False),
    "acquis": {"diplomas": [], "grades": [], "renounced": []},
    "units": {"chosen": [], "languages": {"EG5": "anglais"}},
}
PASSWORD = "Motdepasse!1"
# Every unit passed: admis (an average of 12,18).
ALL_PASS = {
    "EP1": "14",
    "EP2": "12,5",
    "EG1": "11",
    "EG2": "9",
    "EG3": "13",
    "EG4": "10",
    "EG5": "12",
}
# EP2 below 10: the professional average fails (ajourné); EP1, EG1, EG2 and EG4 are kept.
AJOURNE = {"EP1": "14", "EP2": "4", "EG1": "12", "EG2": "11", "EG3": "9", "EG4": "10,5", "EG5": "8"}
# The Acquis row the kept EP1 becomes at the next session.
KEPT_EP1 = {
    "unit": "EP1",
    "grade": 14.0,
    "year": 2026,
    "academy": "rennes",
    "speciality": "cuisine",
}


@dataclass
class PastSession:
    app: Any
    session_id: int
    office: Any  # the Rennes gestionnaire's client
    manager: Any
    candidatures: dict[str, int] = field(default_factory=dict)
    accounts: dict[str, Any] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"/gestion/sessions/{self.session_id}/rennes/resultats"

    def candidate_client(self, key: str) -> Any:
        client = self.app.test_client()
        response = client.post(
            "/connexion", data={"identifiant": self.accounts[key].email, "password": PASSWORD}
        )
        assert response.status_code == 302
        return client


def add_cap_candidature(
    app: Any, auth: Any, session_id: int, number: str, **account: Any
) -> tuple[int, Any]:
    from web.core.models import Candidature

    created = auth.create(**account)
    with db_of(app) as db:
        row = Candidature(
            account_id=created.id,
            exam_code="cap",
            session_id=session_id,
            academy_code="rennes",
            inscription_number=number,
            answers=CUISINE,
            speciality_code="cuisine",
            category_code="individuel",
        )
        db.add(row)
        db.commit()
        return int(row.id), created


def past_cap_session(
    app: Any, auth: Any, staff: Any, names: tuple[str, ...] = ("lamy",)
) -> PastSession:
    """CAP JUIN 2026 in Rennes, its period over, one CAP Cuisine candidature per name."""
    from web.core.models import ExamSession

    session_id = open_session(app, "cap", label="JUIN 2026", opened_days_ago=90, closes_in_days=-30)
    with db_of(app) as db:
        row = db.get(ExamSession, session_id)
        row.year = 2026
        row.starts_on = row.starts_on.replace(year=2026)
        db.commit()
    client, manager = staff_client(app, staff, "rennes")
    past = PastSession(app, session_id, client, manager)
    for i, name in enumerate(names, 1):
        cid, account = add_cap_candidature(
            app, auth, session_id, f"{i:03d}", nom_naissance=name.upper(), prenoms="Paul"
        )
        past.candidatures[name], past.accounts[name] = cid, account
    return past


def publish_now(app: Any, session_id: int, academy: str = "rennes", days: int = 0) -> None:
    """The results of the part published `days` ago (negative: later)."""
    from web.core.models import ResultsPublication, utcnow

    with db_of(app) as db:
        db.add(
            ResultsPublication(
                session_id=session_id,
                academy_code=academy,
                publishes_at=utcnow() - timedelta(days=days, seconds=1),
                set_by="test",
            )
        )
        db.commit()


def grades_in_db(app: Any, candidature_id: int) -> dict[str, tuple[str, int | None]]:
    from sqlalchemy import select

    from web.core.models import Grade

    with db_of(app) as db:
        return {
            g.unit_code: (g.status, g.hundredths)
            for g in db.scalars(select(Grade).where(Grade.candidature_id == candidature_id))
        }
