"""Helpers of the registration tests: open sessions, and a candidate driving the wizard."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from web_helpers import db_of

ACADEMY = "rennes"

# A candidate born in Rennes living in Rennes: the Identification tab as the guide fills it.
IDENTIFICATION = {
    "nationalite": "FR",
    "adresse_pays": "FR",
    "adresse_1": "12 rue de la Monnaie",
    "code_postal": "35000",
    "localite": "RENNES",
    "telephone_mobile": "06 12 34 56 78",
    "pcs_representant_legal": "21",
}
INFORMATIONS = {
    "categorie": "individuel",
    "etablissement": "individuels-35",
    "amenagement": "non",
    "consentement_presse": "non",
    "consentement_collectivites": "oui",
}


def open_session(
    app: Any,
    exam_code: str,
    academy: str = ACADEMY,
    *,
    opened_days_ago: int = 3,
    closes_in_days: int = 30,
    label: str = "JUIN 2027",
) -> int:
    """A session of `exam_code` with a general-public period in `academy` (open by default)."""
    from web.core.models import (
        AcademyOffice,
        ExamSession,
        RegistrationPeriod,
        SessionAcademy,
        utcnow,
    )

    with db_of(app) as db:
        session = ExamSession(
            exam_code=exam_code, label=label, year=2027, starts_on=date(2027, 6, 1)
        )
        db.add(session)
        db.flush()
        # The academy's part, as every write path of the back office creates it.
        db.add(SessionAcademy(session_id=session.id, academy_code=academy))
        now = utcnow()
        db.add(
            RegistrationPeriod(
                session_id=session.id,
                academy_code=academy,
                opens_at=now - timedelta(days=opened_days_ago),
                closes_at=now + timedelta(days=closes_in_days),
            )
        )
        if db.get(AcademyOffice, academy) is None:
            db.add(
                AcademyOffice(
                    academy_code=academy,
                    name="Rectorat de l'académie de Rennes - Division des examens et concours",
                    address="96 rue d'Antrain, 35705 Rennes Cedex 7",
                    email="dec@ac-rennes.example",
                    phone="02 23 21 77 77",
                )
            )
        db.commit()
        return session.id


class Candidate:
    """A logged-in candidate's test client, going through the wizard as the guide says."""

    def __init__(self, client: Any, account: Any) -> None:
        self.client = client
        self.account = account
        self.draft_url = ""

    @classmethod
    def logged_in(cls, client: Any, auth: Any) -> Candidate:
        """A new activated account, logged in on `client`."""
        account = auth.create()
        assert auth.login(account.email).status_code == 302
        return cls(client, account)

    def start(self, session_id: int, academy: str = ACADEMY) -> Any:
        response = self.client.post(
            "/inscription/demarrer", data={"session": session_id, "academie": academy}
        )
        if response.status_code == 302 and "/brouillon/" in response.location:
            self.draft_url = response.location.rsplit("/", 1)[0]
        return response

    def tab(self, code: str) -> Any:
        return self.client.get(f"{self.draft_url}/{code}")

    def post(self, code: str, data: dict[str, Any] | None = None, action: str = "suivant") -> Any:
        """Post the tab as its page does: with the draft's key and current revision."""
        draft_id = int(self.draft_url.rsplit("/", 1)[1])
        tokens = draft_tokens(self.client.application, draft_id)
        return self.client.post(
            f"{self.draft_url}/{code}", data={**tokens, **(data or {}), "action": action}
        )

    def next_ok(self, code: str, data: dict[str, Any] | None = None) -> str:
        """Post a tab with Suivant, expect it accepted; returns the next tab's code."""
        response = self.post(code, data)
        assert response.status_code == 302, errors_of(response)
        return str(response.location.rsplit("/", 1)[1])

    def identification(self) -> dict[str, Any]:
        return {**IDENTIFICATION, "email": self.account.email}


def draft_tokens(app: Any, draft_id: int) -> dict[str, str]:
    """The hidden fields a wizard page of this draft carries (none once the draft is gone)."""
    from web.core.models import CandidatureDraft

    with db_of(app) as db:
        draft = db.get(CandidatureDraft, draft_id)
        if draft is None:
            return {}
        return {"brouillon": draft.draft_key, "version_brouillon": str(draft.revision)}


def errors_of(response: Any) -> list[str]:
    """The messages of the page's error summary (and flashed errors)."""
    html = response.get_data(as_text=True)
    found = re.findall(r'<li><a href="#[^"]*">([^<]*)</a></li>', html)
    found += re.findall(r"fr-alert--error[^>]*>\s*<p>([^<]*)</p>", html)
    import html as html_lib

    return [html_lib.unescape(m) for m in found]


def candidatures_of(app: Any, account_id: int) -> list[Any]:
    from sqlalchemy import select

    from web.core.models import Candidature

    with db_of(app) as db:
        rows = list(db.scalars(select(Candidature).where(Candidature.account_id == account_id)))
        for row in rows:
            db.expunge(row)
        return rows


def open_session_part(
    app: Any, exam_code: str, academy: str = ACADEMY, *, label: str = "JUIN 2027",
    closes_in_days: int = 30,
) -> int:
    """A session opened by the academy's office (its part, then a period open now), through
    the back office's services as the pages and the command line do."""
    from web.backoffice import periods, sessions
    from web.core.models import AcademyOffice, utcnow

    now = utcnow()
    with db_of(app) as db:
        part, _ = sessions.open_part(
            db, None, exam_code, sessions.NationalFields(label, 2027, date(2027, 6, 1)),
            academy, app.config["EXAMS_DIR"],
        )
        periods.add_period(db, None, part, now - timedelta(days=3),
                           now + timedelta(days=closes_in_days))
        if db.get(AcademyOffice, academy) is None:
            db.add(AcademyOffice(academy_code=academy, name=f"Rectorat - {academy}",
                                 address="1 rue de l'Académie", email="dec@example.org"))
        db.commit()
        return part.session_id


def close_part(app: Any, session_id: int, academy: str = ACADEMY) -> None:
    """The academy's office closes its part of the session (the back office's service)."""
    from web.backoffice import sessions

    with db_of(app) as db:
        part = sessions.find_part(db, session_id, academy)
        assert part is not None
        sessions.close_part(db, None, part)
        db.commit()
