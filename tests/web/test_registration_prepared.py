"""Enregistrer renders the PDF before its write transaction, and still saves all or nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader
from registration_support import INFORMATIONS, Candidate, candidatures_of, open_session
from sqlalchemy import select
from web_helpers import db_of


def fill(app: Any, client: Any, auth: Any) -> tuple[Any, Candidate]:
    person = auth.create()
    auth.logout()
    auth.login(person.email)
    candidate = Candidate(client, person)
    assert "/brouillon/" in candidate.start(open_session(app, "cfg")).location
    candidate.next_ok("identification", candidate.identification())
    candidate.next_ok("informations", INFORMATIONS)
    return person, candidate


def watch_renders(monkeypatch: pytest.MonkeyPatch, before: Any = None) -> list[bool]:
    """Record, for each PDF render of a save, whether a database transaction was open."""
    from web.core import db as database
    from web.registration import prepared

    real = prepared.render_pdf
    open_transactions: list[bool] = []

    def render(data: Any) -> bytes:
        open_transactions.append(database.session().in_transaction())
        if before is not None and len(open_transactions) == 1:
            before()
        return real(data)

    monkeypatch.setattr(prepared, "render_pdf", render)
    return open_transactions


def stored_pdf_text(app: Any) -> str:
    from web.core.models import Document

    with db_of(app) as db:
        [content] = db.scalars(select(Document.content))
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_is_rendered_with_no_transaction_open_and_stored_with_its_numbers(
    app: Any, client: Any, auth: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from web.core.models import Account

    person, candidate = fill(app, client, auth)
    renders = watch_renders(monkeypatch)
    response = candidate.post("recapitulatif", action="enregistrer")
    assert response.status_code == 302 and "/numero" in response.location
    assert renders == [False]  # once, outside any transaction
    [saved] = candidatures_of(app, person.id)
    with db_of(app) as db:
        number = db.get(Account, person.id).candidate_number
    text = stored_pdf_text(app)
    assert saved.inscription_number == "001" and number and number in text


def test_a_pdf_that_fails_to_render_saves_nothing_and_its_number_is_never_given_again(
    app: Any, client: Any, auth: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from web.core.models import Candidature, CandidatureDraft, Document
    from web.registration import prepared

    person, candidate = fill(app, client, auth)
    real = prepared.render_pdf

    def broken(data: Any) -> bytes:
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(prepared, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        candidate.post("recapitulatif", action="enregistrer")
    with db_of(app) as db:
        assert list(db.scalars(select(Candidature.id))) == []
        assert list(db.scalars(select(Document.id))) == []
        assert len(list(db.scalars(select(CandidatureDraft.id)))) == 1  # the answers stay
    monkeypatch.setattr(prepared, "render_pdf", real)
    response = candidate.post("recapitulatif", action="enregistrer")
    assert response.status_code == 302 and "/numero" in response.location
    [saved] = candidatures_of(app, person.id)
    assert saved.inscription_number == "002"  # 001 was reserved by the failed save


def test_a_candidate_number_given_meanwhile_is_the_one_the_stored_pdf_prints(
    app: Any, client: Any, auth: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from web.core.models import Account

    person, candidate = fill(app, client, auth)

    def another_save_numbers_the_account() -> None:
        with db_of(app) as db:
            db.get(Account, person.id).candidate_number = "02799999999"
            db.commit()

    renders = watch_renders(monkeypatch, another_save_numbers_the_account)
    response = candidate.post("recapitulatif", action="enregistrer")
    assert response.status_code == 302 and "/numero" in response.location
    assert renders == [False, True]  # rendered again inside, on the locked rows
    with db_of(app) as db:
        assert db.get(Account, person.id).candidate_number == "02799999999"
    assert "02799999999" in stored_pdf_text(app)
