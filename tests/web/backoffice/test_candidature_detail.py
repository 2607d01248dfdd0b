"""One candidature's file: answers, units with reasons and rules, versions and PDFs, pieces,
messages and the office's history."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from office_support import Office, make_office
from space_support import cap_candidature
from web_helpers import db_of, text_of


@pytest.fixture
def office(app: Any, staff: Any, auth: Any) -> Office:
    office = make_office(app, staff)
    office.register("lamy", auth, nom_naissance="LAMY", prenoms="Paul", sexe="M",
                    date_naissance=date(1998, 5, 30))
    office.register("nantes", auth, academy="nantes", nom_naissance="LAMBERT")
    return office


def test_the_file_shows_every_answer_the_units_the_versions_and_the_messages(
    office: Office
) -> None:
    lamy = office.candidatures["lamy"]
    response = office.get(f"/gestion/candidatures/{lamy.id}")
    assert response.status_code == 200
    text = text_of(response)
    for title in ("Récapitulatif", "Épreuves", "Pièces justificatives",
                  "Versions et confirmations d'inscription", "Messages envoyés au candidat",
                  "Historique des actions"):
        assert title in text
    assert "12 rue de la Monnaie" in text and "0612345678" in text
    assert "001 - Entretien avec le jury" in text and "Épreuve obligatoire" in text
    assert "Confirmation d'inscription : CERTIFICAT DE FORMATION GÉNÉRALE" in text
    assert "Aucune action du service des examens sur cette candidature." in text
    html = response.get_data(as_text=True)
    assert 'id="pdf-version-1"' in html


def test_each_versions_stored_pdf_can_be_downloaded(app: Any, office: Office) -> None:
    from web.core.models import Document

    lamy = office.candidatures["lamy"]
    with db_of(app) as db:
        document = db.query(Document).filter_by(candidature_id=lamy.id).one()
        stored = document.content
    response = office.get(f"/gestion/candidatures/{lamy.id}/documents/{document.id}")
    assert response.status_code == 200 and response.data == stored
    assert response.headers["Content-Type"] == "application/pdf"
    other = office.candidatures["nantes"]
    # Another candidature's document id under this candidature's address: 404.
    with db_of(app) as db:
        foreign = db.query(Document).filter_by(candidature_id=other.id).one().id
    assert office.get(f"/gestion/candidatures/{lamy.id}/documents/{foreign}").status_code == 404


def test_the_pieces_section_shows_each_required_piece_and_its_status_read_only(
    app: Any, office: Office
) -> None:
    from web.core.models import CandidaturePiece

    lamy = office.candidatures["lamy"]
    before = text_of(office.get(f"/gestion/candidatures/{lamy.id}"))
    assert "Pièce d'identité en cours de validité (recto et verso)" in before
    assert "Non contrôlée" in before
    with db_of(app) as db:
        db.add(CandidaturePiece(candidature_id=lamy.id, piece_code="piece_identite",
                                status="non_conforme", comment="Verso illisible",
                                received_on=date(2027, 1, 10)))
        db.commit()
    response = office.get(f"/gestion/candidatures/{lamy.id}")
    text = text_of(response)
    assert "Non conforme" in text and "Verso illisible" in text and "reçue le 10/01/2027" in text
    assert "<form" not in response.get_data(as_text=True).split('id="pieces-justificatives"')[1] \
        .split('id="versions"')[0]


def test_the_units_show_the_engines_reason_and_the_rule_code(
    app: Any, auth: Any, office: Office
) -> None:
    candidature_id = cap_candidature(app, auth)
    text = text_of(office.get(f"/gestion/candidatures/{candidature_id}"))
    assert "Dispensé" in text
    assert "BEP" in text  # the reason names the diploma that gives the dispense
    assert "acquis." in text  # and the back office sees the rule's code


@pytest.mark.parametrize("suffix", [
    "", "/documents/1", "/ecarter", "/desinscrire", "/rouvrir", "/rouvrir/fin",
    "/donnees-personnelles",
])
def test_another_academys_candidature_answers_404_to_every_page_and_action(
    app: Any, office: Office, suffix: str
) -> None:
    from web.core.models import AuditEntry, Candidature

    other = office.candidatures["nantes"].id
    data = {"motif": "x", "jusqu_au": "01/05/2027", "action": "confirmer"}
    for path in (f"/gestion/candidatures/{other}{suffix}", f"/gestion/candidatures/999999{suffix}"):
        if suffix != "/rouvrir/fin":
            assert office.get(path).status_code == 404, path
        if suffix not in ("", "/documents/1"):
            assert office.post(path, data).status_code == 404, path
    with db_of(app) as db:
        row = db.get(Candidature, other)
        assert (row.state, row.version, row.reopened_until) == ("inscrit", 1, None)
        assert db.query(AuditEntry).filter_by(target_id=other).count() == 0
