"""A closed session's candidature (closed nationally or by the academy's office) stays
readable by its candidate under Mes inscriptions › Sessions fermées: its menu, Mon
inscription, Mes documents and their files, Mes notes and the relevé; every page that
changes it refuses, another account gets 404, and every candidate route with a candidature
in its address is walked so that a new one cannot be forgotten."""

from __future__ import annotations

from typing import Any

import pytest
from documents_support import fill_timetable, kind_documents, publish
from grades_support import AJOURNE, PastSession, past_cap_session
from registration_support import close_part
from space_support import close_session, set_state
from sqlalchemy import func, select
from web_helpers import db_of, text_of

CAP_UNITS = ("EP1", "EP2", "EG1", "EG2", "EG3", "EG4", "EG5")
# The pages that only show the candidature: a closed session keeps them.
READABLE = {
    "candidate.candidature",
    "candidate.inscription",
    "candidate.documents",
    "candidate.document",
    "candidate.accessible_document",
    "candidate.grades",
    "registration.receipt",
}
# The pages that change it (or give pieces, which a closed session no longer takes): 404.
REFUSED = {
    "candidate.modify",
    "candidate.confirm_withdrawal",
    "candidate.withdraw_candidature",
    "candidate.pieces",
    "candidate.add_piece_file",
    "candidate.delete_piece_file",
    "candidate.confirm_pieces",
    "candidate.piece_file",
}


@pytest.fixture(params=["office", "national"])
def closed(request: Any, app: Any, auth: Any, staff: Any) -> PastSession:
    """CAP JUIN 2026 in Rennes with LAMY's confirmation, convocation, published grades and
    relevé, then closed by the Rennes office or nationally."""
    past = past_cap_session(app, auth, staff)
    lamy = past.candidatures["lamy"]
    from web.core.models import DOCUMENT_CONFIRMATION, Document

    with db_of(app) as db:
        db.add(
            Document(
                candidature_id=lamy,
                kind=DOCUMENT_CONFIRMATION,
                title="Confirmation d'inscription",
                version=1,
                filename="confirmation-inscription-cap-001-v1.pdf",
                content=b"%PDF-1.4 confirmation",
            )
        )
        db.commit()
    fill_timetable(app, past.session_id, units=CAP_UNITS)
    publish(app, "convocation", past.session_id)
    notes = {f"note-{k}": v for k, v in AJOURNE.items()}
    assert past.office.post(f"{past.base}/{lamy}", data=notes).status_code == 302
    published = past.office.post(f"{past.base}/publication", data={"action": "maintenant"})
    assert published.status_code == 302
    if request.param == "office":
        close_part(app, past.session_id)
    else:
        close_session(app, past.session_id)
    return past


def _document(app: Any, candidature_id: int, kind: str) -> Any:
    [doc] = kind_documents(app, candidature_id, kind)
    return doc


def test_the_card_moves_to_sessions_fermees_with_its_notes_releve_and_convocation(
    app: Any, closed: PastSession
) -> None:
    lamy = closed.candidatures["lamy"]
    candidate = closed.candidate_client("lamy")
    html = candidate.get("/mes-inscriptions").get_data(as_text=True)
    assert 'id="aucune-candidature"' in html  # nothing in progress any more
    assert html.index('id="titre-sessions-fermees"') < html.index(f'id="carte-{lamy}"')
    card = html.split(f'id="carte-{lamy}"')[1]
    assert "Session fermée" in card and "N° inscription : 001" in card
    assert f'href="/mes-inscriptions/{lamy}/notes" id="notes-{lamy}"' in card
    assert f'href="/mes-inscriptions/{lamy}/documents" id="documents-{lamy}"' in card
    confirmation = _document(app, lamy, "confirmation")
    assert f"/mes-inscriptions/{lamy}/documents/{confirmation.id}" in card
    assert "Me désinscrire" not in card and f'id="ouvrir-{lamy}"' not in card
    # The envelope still says the results are published.
    assert "Vos notes et votre résultat sont publiés" in text_of(candidate.get("/mes-inscriptions"))
    notes = text_of(candidate.get(f"/mes-inscriptions/{lamy}/notes"))
    assert "Résultat : Ajourné" in notes and "14,00/20" in notes
    assert "Session fermée" in notes
    overview = text_of(candidate.get(f"/mes-inscriptions/{lamy}"))
    assert "La session JUIN 2026 est fermée" in overview
    releve = _document(app, lamy, "releve_notes")
    convocation = _document(app, lamy, "convocation")
    for doc in (releve, convocation, confirmation):
        pdf = candidate.get(f"/mes-inscriptions/{lamy}/documents/{doc.id}")
        assert pdf.status_code == 200 and pdf.data == doc.content
    documents = candidate.get(f"/mes-inscriptions/{lamy}/documents").get_data(as_text=True)
    assert 'id="lien-convocation"' in documents and 'id="lien-releve_notes"' in documents
    assert 'id="mes-justificatifs"' not in documents  # no pieces to give any more
    page = candidate.get(f"/mes-inscriptions/{lamy}/inscription").get_data(as_text=True)
    assert 'id="bouton-modifier"' not in page and 'id="bouton-visualiser"' in page


def _fingerprint(app: Any) -> Any:
    from web.core.models import Candidature, CandidatureDraft, PieceFile

    with db_of(app) as db:
        return (
            [(c.id, c.state, c.version, c.answers) for c in db.scalars(select(Candidature))],
            db.scalar(select(func.count(CandidatureDraft.id))),
            db.scalar(select(func.count(PieceFile.id))),
        )


def _candidature_routes(app: Any, values: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) of every non-back-office route naming a candidature."""
    from flask import url_for

    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "candidature_id" not in rule.arguments or rule.endpoint.startswith("backoffice."):
                continue
            assert rule.endpoint in READABLE | REFUSED, (
                f"{rule.endpoint}: say in test_closed_session_space.py whether a closed "
                "session keeps it (READABLE) or refuses it (REFUSED)"
            )
            url = url_for(rule.endpoint, **{a: values[a] for a in rule.arguments})
            found += [(rule.endpoint, m, url) for m in sorted(rule.methods & {"GET", "POST"})]
    assert {e for e, _, _ in found} == READABLE | REFUSED
    return found


def test_every_candidature_route_reads_or_refuses_and_another_account_gets_404(
    app: Any, auth: Any, closed: PastSession
) -> None:
    lamy = closed.candidatures["lamy"]
    releve = _document(app, lamy, "releve_notes")
    values = {
        "candidature_id": lamy,
        "document_id": releve.id,
        "file_id": 1,
        "piece_code": "identite",
    }
    owner = closed.candidate_client("lamy")
    other = app.test_client()
    stranger = auth.create(nom_naissance="ROUX")
    assert (
        other.post(
            "/connexion", data={"identifiant": stranger.email, "password": "Motdepasse!1"}
        ).status_code
        == 302
    )
    before = _fingerprint(app)
    for endpoint, method, url in _candidature_routes(app, values):
        answer = owner.open(url, method=method, data={})
        expected = 200 if endpoint in READABLE else 404
        assert answer.status_code == expected, (method, url, answer.status_code)
        assert other.open(url, method=method, data={}).status_code == 404, (method, url)
    assert _fingerprint(app) == before
    assert owner.get(f"/documents/{releve.id}").status_code == 200  # N° Inscription's link
    # A désinscrite candidature of a closed session stays out of sight, like an open one's.
    set_state(app, lamy, "desinscrit_candidat")
    assert f'id="carte-{lamy}"' not in owner.get("/mes-inscriptions").get_data(as_text=True)
    for _, method, url in _candidature_routes(app, values):
        assert owner.open(url, method=method, data={}).status_code == 404, (method, url)
    assert owner.get(f"/documents/{releve.id}").status_code == 404
