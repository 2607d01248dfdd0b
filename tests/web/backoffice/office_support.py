"""Helpers of the back-office candidatures tests: candidates registered through the wizard in
two academies, and a gestionnaire's own test client."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from registration_support import Candidate, open_session
from space_support import register_cfg
from sqlalchemy import select
from web_helpers import db_of, staff_client

__all__ = ["staff_client"]

ESTABLISHMENTS = {"rennes": "individuels-35", "nantes": "individuels-44"}


@dataclass
class Office:
    """A CFG session open in Rennes and Nantes, candidatures in both, a Rennes gestionnaire."""

    app: Any
    staff: Any  # the StaffActions fixture
    client: Any  # the gestionnaire's test client
    manager: Any
    rennes_session: int
    nantes_session: int
    candidates: dict[str, Candidate] = field(default_factory=dict)
    candidatures: dict[str, Any] = field(default_factory=dict)

    def register(self, key: str, auth: Any, academy: str = "rennes",
                 informations: dict[str, str] | None = None, **account: Any) -> Any:
        """A new candidate (own client) who saves a CFG candidature in `academy`."""
        client = self.app.test_client()
        created = auth.create(**account)
        response = client.post("/connexion", data={"identifiant": created.email,
                                                   "password": "Motdepasse!1"})
        assert response.status_code == 302
        candidate = Candidate(client, created)
        session_id = self.rennes_session if academy == "rennes" else self.nantes_session
        # The establishment "INDIVIDUELS" of the academy's département (reference list).
        place = {"etablissement": ESTABLISHMENTS[academy], **(informations or {})}
        candidature = register_cfg(candidate, self.app, session_id, academy, **place)
        self.candidates[key] = candidate
        self.candidatures[key] = candidature
        return candidature

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, **kwargs)

    def post(self, path: str, data: dict[str, Any] | None = None) -> Any:
        return self.client.post(path, data=data or {})


def make_office(app: Any, staff: Any, academy: str = "rennes") -> Office:
    rennes = open_session(app, "cfg", "rennes")
    nantes = open_session(app, "cfg", "nantes", label="JUIN 2027 NANTES")
    client, manager = staff_client(app, staff, academy)
    return Office(app, staff, client, manager, rennes, nantes)


def candidature_row(app: Any, candidature_id: int) -> Any:
    from web.core.models import Candidature

    with db_of(app) as db:
        row = db.get(Candidature, candidature_id)
        db.expunge(row)
        return row


def audit_entries(app: Any, action: str | None = None) -> list[Any]:
    from web.core.models import AuditEntry

    with db_of(app) as db:
        query = select(AuditEntry).order_by(AuditEntry.id)
        if action is not None:
            query = query.where(AuditEntry.action == action)
        rows = list(db.scalars(query))
        for row in rows:
            db.expunge(row)
        return rows
