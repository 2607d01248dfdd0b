"""Mes documents: the latest version of each document, served as stored, to its owner only;
each confirmation with an accessible HTML version beside its PDF (RGAA 13.3), reached from Mes
documents, Mon inscription and N° Inscription; every document link names the format, the size
and the new window."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape
from typing import Any

import pytest
from registration_support import Candidate, open_session
from space_support import documents_of, register_cfg
from web_helpers import db_of, text_of


@pytest.fixture
def candidate(client: Any, auth: Any) -> Candidate:
    account = auth.create(nom_naissance="LAMY", prenoms="Paul", sexe="M")
    assert auth.login(account.email).status_code == 302
    return Candidate(client, account)


@pytest.fixture
def registered(app: Any, candidate: Candidate) -> Any:
    return register_cfg(candidate, app, open_session(app, "cfg"))


def publish(app: Any, candidature_id: int, kind: str, version: int, when: datetime,
            published: bool = True) -> int:
    """A document as the back office will publish it (a later issue), stored bytes included."""
    from web.core.models import Document

    with db_of(app) as db:
        doc = Document(
            candidature_id=candidature_id, kind=kind, title="Convocation aux épreuves",
            version=version, filename=f"{kind}-v{version}.pdf",
            content=f"%PDF-1.4 {kind} v{version}".encode(), created_at=when,
            published=published,
        )
        db.add(doc)
        db.commit()
        return doc.id


def test_mes_documents_lists_the_latest_version_of_each_document_with_its_paris_date(
    app: Any, client: Any, registered: Any
) -> None:
    publish(app, registered.id, "convocation", 1, datetime(2027, 5, 2, 8, 0, tzinfo=UTC))
    latest = publish(app, registered.id, "convocation", 2,
                     datetime(2027, 5, 10, 22, 30, tzinfo=UTC))
    publish(app, registered.id, "convocation", 3, datetime(2027, 5, 11, 9, 0, tzinfo=UTC),
            published=False)
    page = client.get(f"/mes-inscriptions/{registered.id}/documents")
    text = text_of(page)
    assert "Liste des documents publiés pour la candidature n°001" in text
    assert re.search(
        r"Confirmation d'inscription \(PDF, \d+ ko, nouvelle fenêtre\) : Version n°1 mise à jour "
        r"le \d\d/\d\d/\d{4} \d\d:\d\d",
        text,
    )
    # 22:30 UTC on 10 May is 00:30 on 11 May in Paris (summer time).
    assert "Convocation aux épreuves (PDF, 1 ko, nouvelle fenêtre) : Version n°2 mise à jour le " \
        "11/05/2027 00:30" in text
    assert "Version n°1 mise à jour le 02/05/2027" not in text
    assert "Version n°3" not in text
    assert f"/documents/{latest}" in page.get_data(as_text=True)


def test_a_document_is_the_stored_bytes_inline_and_never_cached(
    app: Any, client: Any, registered: Any
) -> None:
    [confirmation] = documents_of(app, registered.id)
    response = client.get(f"/mes-inscriptions/{registered.id}/documents/{confirmation.id}")
    assert response.status_code == 200
    assert response.data == confirmation.content
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        f'inline; filename="{confirmation.filename}"'
    )
    assert "no-store" in response.headers["Cache-Control"]
    # Served from storage: changing the stored bytes changes what is served.
    from web.core.models import Document

    with db_of(app) as db:
        row = db.get(Document, confirmation.id)
        row.content = b"%PDF-1.4 stored"
        db.commit()
    again = client.get(f"/mes-inscriptions/{registered.id}/documents/{confirmation.id}")
    assert again.data == b"%PDF-1.4 stored"


def test_an_unpublished_document_or_one_of_another_candidature_answers_404(
    app: Any, client: Any, candidate: Candidate, registered: Any
) -> None:
    hidden = publish(app, registered.id, "convocation", 1, datetime.now(UTC), published=False)
    assert client.get(f"/mes-inscriptions/{registered.id}/documents/{hidden}").status_code == 404
    other = register_cfg(candidate, app, open_session(app, "cfg", label="JUIN 2028"))
    [theirs] = documents_of(app, other.id)
    # Both are the candidate's own, but a document is reached through its own candidature.
    wrong = client.get(f"/mes-inscriptions/{registered.id}/documents/{theirs.id}")
    assert wrong.status_code == 404


def test_another_account_gets_404_for_a_document_by_url(
    app: Any, client: Any, auth: Any, registered: Any
) -> None:
    [confirmation] = documents_of(app, registered.id)
    auth.logout()
    intruder = auth.create()
    assert auth.login(intruder.email).status_code == 302
    for url in (
        f"/mes-inscriptions/{registered.id}/documents/{confirmation.id}",
        f"/documents/{confirmation.id}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"%PDF" not in response.data


def size_in_ko(doc: Any) -> str:
    return f"{max(1, round(len(doc.content) / 1024))} ko"


def test_the_saved_confirmation_stores_its_accessible_version_from_the_same_data(
    app: Any, registered: Any
) -> None:
    [confirmation] = documents_of(app, registered.id)
    fragment = confirmation.accessible_html
    assert fragment is not None and fragment.startswith("<article")
    for shown in (
        "MONSIEUR LAMY Paul",
        f"Inscription n° :</dt><dd>{registered.inscription_number}",
        "CERTIFIE EXACT",
        "<caption>",
    ):
        assert shown in fragment, shown


def test_the_accessible_version_is_a_page_of_the_candidate_space(
    app: Any, client: Any, registered: Any
) -> None:
    [confirmation] = documents_of(app, registered.id)
    page = client.get(
        f"/mes-inscriptions/{registered.id}/documents/{confirmation.id}/version-accessible"
    )
    assert page.status_code == 200
    html = unescape(page.get_data(as_text=True))
    assert "<title>Confirmation d'inscription, version 1 (version accessible) - " in html
    assert html.count("<h1") == 1
    text = text_of(page)
    assert "CONFIRMATION D'INSCRIPTION – CERTIFICAT DE FORMATION GÉNÉRALE" in text
    assert "MONSIEUR LAMY Paul" in text
    # The PDF is one link away, named with its format, size and new window.
    assert f"Confirmation d'inscription (PDF, {size_in_ko(confirmation)}, nouvelle fenêtre)" in text
    assert f'href="/mes-inscriptions/{registered.id}/documents/{confirmation.id}"' in html


def test_another_account_and_a_document_without_html_get_no_accessible_page(
    app: Any, client: Any, auth: Any, registered: Any
) -> None:
    other = publish(app, registered.id, "convocation", 1, datetime(2027, 5, 2, 8, 0, tzinfo=UTC))
    base = f"/mes-inscriptions/{registered.id}/documents"
    assert client.get(f"{base}/{other}/version-accessible").status_code == 404
    [confirmation] = [d for d in documents_of(app, registered.id) if d.kind == "confirmation"]
    stranger = auth.create(nom_naissance="MARTIN", prenoms="Lou", sexe="F")
    auth.logout()
    assert auth.login(stranger.email).status_code == 302
    assert client.get(f"{base}/{confirmation.id}/version-accessible").status_code == 404


def test_mes_documents_offers_the_accessible_version_beside_the_pdf(
    app: Any, client: Any, registered: Any
) -> None:
    publish(app, registered.id, "convocation", 1, datetime(2027, 5, 2, 8, 0, tzinfo=UTC))
    [confirmation, convocation] = documents_of(app, registered.id)
    page = client.get(f"/mes-inscriptions/{registered.id}/documents")
    html = unescape(page.get_data(as_text=True))
    assert re.search(
        rf'<a [^>]*href="[^"]+/documents/{confirmation.id}"[^>]*target="_blank"[^>]*>'
        rf"Confirmation d'inscription \(PDF, {size_in_ko(confirmation)}, nouvelle fenêtre\)</a>",
        html,
    )
    assert (
        f'href="/mes-inscriptions/{registered.id}/documents/{confirmation.id}'
        '/version-accessible" id="lien-accessible-confirmation">Confirmation '
        "d'inscription, version accessible (page web)</a>"
    ) in html
    # A document stored without an HTML version offers its PDF only.
    assert "lien-accessible-convocation" not in html
    assert "Convocation aux épreuves (PDF, 1 ko, nouvelle fenêtre)" in text_of(page)
    assert convocation.accessible_html is None


def test_n_inscription_and_mon_inscription_name_the_pdf_and_link_the_accessible_version(
    app: Any, client: Any, registered: Any
) -> None:
    [confirmation] = documents_of(app, registered.id)
    details = f"(PDF, {size_in_ko(confirmation)}, nouvelle fenêtre)"
    accessible = f"/mes-inscriptions/{registered.id}/documents/{confirmation.id}/version-accessible"
    receipt = client.get(f"/inscription/candidature/{registered.id}/numero")
    text = text_of(receipt)
    assert f"Visualiser/imprimer : Confirmation d'inscription {details}" in text
    assert f"Visualiser/imprimer la confirmation d'inscription {details}" in text
    assert f'href="{accessible}" id="version-accessible-confirmation"' in unescape(
        receipt.get_data(as_text=True)
    )
    mine = client.get(f"/mes-inscriptions/{registered.id}/inscription")
    assert f"Visualiser/imprimer la confirmation d'inscription {details}" in text_of(mine)
    assert f'href="{accessible}" id="bouton-version-accessible"' in mine.get_data(as_text=True)


def test_file_sizes_are_written_as_french_readers_write_them() -> None:
    from web.core.documents import file_size

    assert [file_size(n) for n in (12, 49_152, 1_258_291)] == ["1 ko", "48 ko", "1,2 Mo"]
