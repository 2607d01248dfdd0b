"""Helpers of the portal's web tests: a valid creation form, the outbox, page text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

STRONG_PASSWORD = "Motdepasse!1"


def creation_form(email: str, **overrides: str) -> dict[str, str]:
    """A complete, valid 'Créer mon compte' form for someone born in Rennes."""
    data = {
        "sexe": "M",
        "nom_naissance": "LAMY",
        "nom_naissance_confirmation": "LAMY",
        "nom_usage": "",
        "prenoms": "Paul",
        "date_naissance": "30/05/1998",
        "date_naissance_confirmation": "30/05/1998",
        "pays_naissance": "FR",
        "departement_naissance": "35",
        "commune_naissance": "35238",
        "email": email,
        "email_confirmation": email,
        "password": STRONG_PASSWORD,
        "password_confirmation": STRONG_PASSWORD,
    }
    data.update(overrides)
    return data


@contextmanager
def db_of(app: Any) -> Iterator[Session]:
    """A session on the app's database, for arranging and checking rows."""
    from web.core import db as database

    with app.app_context():
        yield database.session()


def outbox(app: Any, to: str | None = None) -> list[Any]:
    from web.core.models import OutboxMessage

    with db_of(app) as db:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if to is not None:
            query = query.where(OutboxMessage.to_address == to)
        rows = list(db.scalars(query))
        for row in rows:
            db.expunge(row)
        return rows


def link_from(message: Any, path_part: str) -> str:
    """The path (without host) of the first link of a queued message containing `path_part`."""
    for url in re.findall(r"https?://[^\s<>\"]+", message.body_text):
        if path_part in url:
            return re.sub(r"^https?://[^/]+", "", url)
    raise AssertionError(f"no link with {path_part!r} in {message.body_text!r}")


def error_summary(response: Any) -> list[str]:
    """The lines of the page's error summary, as a screen reader announces them."""
    import html as html_lib

    html = response.get_data(as_text=True)
    block = re.search(r'id="resume-erreurs".*?</ul>', html, re.S)
    assert block is not None, "no error summary"
    items = re.findall(r"<li>(.*?)</li>", block[0], re.S)
    return [html_lib.unescape(re.sub(r"<[^>]+>", "", li)).strip() for li in items]


def detached(app: Any, statement: Any) -> list[Any]:
    """The rows a select gives, detached from their session so a test can read them after."""
    with db_of(app) as db:
        rows = list(db.scalars(statement))
        for row in rows:
            db.expunge(row)
        return rows


def text_of(response: Any) -> str:
    """The page's visible text, whitespace collapsed, for asserting the guide's sentences."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    import html as html_lib

    return re.sub(r"\s+", " ", html_lib.unescape(text)).strip()


def add_candidature(app: Any, account_id: int, state: str = "inscrit") -> None:
    """Attach a candidature (and the session it needs) to an account."""
    from web.core.models import AcademyOffice, Candidature, ExamSession

    with db_of(app) as db:
        if db.get(AcademyOffice, "rennes") is None:
            db.add(
                AcademyOffice(
                    academy_code="rennes",
                    name="Rectorat de l'académie de Rennes - DEC",
                    address="96 rue d'Antrain, 35705 Rennes",
                    email="dec@ac-rennes.example",
                    phone="02 23 21 77 77",
                )
            )
        session = ExamSession(exam_code="cap", label="JUIN 2027", year=2027)
        db.add(session)
        db.flush()
        db.add(
            Candidature(
                account_id=account_id,
                exam_code="cap",
                session_id=session.id,
                academy_code="rennes",
                state=state,
            )
        )
        db.commit()


def staff_client(app: Any, staff: Any, academy: str | None = "rennes",
                 admin: bool = False) -> tuple[Any, Any]:
    """A test client of a new staff member, its back-office session opened as after the
    second factor (the entrance's own tests go through the codes)."""
    from web.core.models import utcnow

    account = staff.create(academy, admin=admin)
    client = app.test_client()
    with client.session_transaction() as session:
        now = utcnow().isoformat()
        session.update({"_user_id": account.get_id(), "_fresh": True,
                        "staff_session": {"login_at": now, "seen_at": now}})
    return client, account
