"""The office's establishments as candidates meet them: the wizard's select, the Récapitulatif,
Mes inscriptions and the confirmation PDF print "LABEL (UAI)"; a deactivated one is no longer
offered, yet a candidature that chose it still shows and prints it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from establishment_support import NEW_RENNES, add, deactivate
from registration_support import (
    INFORMATIONS,
    Candidate,
    candidatures_of,
    errors_of,
    open_session,
)
from space_support import documents_of, register_cfg
from test_registration_exams import pdf_text
from web_helpers import db_of, text_of

LABEL = "LYCÉE DES TESTS - RENNES"
PRINTED = f"{LABEL} ({NEW_RENNES})"


@pytest.fixture
def candidate(client: Any, auth: Any) -> Candidate:
    account = auth.create(nom_naissance="LAMY", prenoms="Paul", sexe="M")
    assert auth.login(account.email).status_code == 302
    return Candidate(client, account)


def _informations_tab(candidate: Candidate, session_id: int) -> str:
    assert candidate.start(session_id).status_code == 302
    assert candidate.next_ok("identification", candidate.identification()) == "informations"
    return str(candidate.tab("informations").get_data(as_text=True))


def test_an_establishment_the_office_adds_is_offered_at_once_and_printed_everywhere(
    app: Any, client: Any, candidate: Candidate
) -> None:
    session_id = open_session(app, "cfg")
    add(app, NEW_RENNES, LABEL)
    html = _informations_tab(candidate, session_id)
    assert re.search(rf'<option value="{NEW_RENNES}"\s*>{re.escape(PRINTED)}</option>', html)
    assert candidate.next_ok("informations", {**INFORMATIONS, "etablissement": NEW_RENNES}) == (
        "recapitulatif")
    assert PRINTED in text_of(candidate.tab("recapitulatif"))
    assert candidate.post("recapitulatif", action="enregistrer").status_code == 302
    [saved] = candidatures_of(app, candidate.account.id)
    assert saved.answers["fields"]["etablissement"] == NEW_RENNES
    card = text_of(client.get("/mes-inscriptions"))
    assert f"Établissement : {PRINTED}" in card
    summary = text_of(client.get(f"/mes-inscriptions/{saved.id}/inscription"))
    assert f"Votre établissement {PRINTED}" in summary
    [document] = documents_of(app, saved.id)
    assert PRINTED in pdf_text(document.content)


def test_a_deactivated_establishment_is_hidden_from_new_answers_but_kept_by_its_candidature(
    app: Any, client: Any, candidate: Candidate, auth: Any
) -> None:
    session_id = open_session(app, "cfg")
    add(app, NEW_RENNES, LABEL)
    saved = register_cfg(candidate, app, session_id, etablissement=NEW_RENNES)
    deactivate(app, NEW_RENNES)
    # The candidature that chose it still shows and prints it.
    assert f"Établissement : {PRINTED}" in text_of(client.get("/mes-inscriptions"))
    assert PRINTED in text_of(client.get(f"/mes-inscriptions/{saved.id}/inscription"))
    # Modifier: it stays offered to that candidature, and the new version prints it.
    response = client.post(f"/mes-inscriptions/{saved.id}/modifier")
    assert response.status_code == 302
    candidate.draft_url = response.location.rsplit("/", 1)[0]
    assert NEW_RENNES in candidate.tab("informations").get_data(as_text=True)
    assert candidate.next_ok("identification", candidate.identification()) == "informations"
    assert candidate.next_ok("informations", {**INFORMATIONS, "etablissement": NEW_RENNES,
                                              "consentement_presse": "oui"}) == "recapitulatif"
    assert candidate.post("recapitulatif", action="enregistrer").status_code == 302
    latest = documents_of(app, saved.id)[-1]
    assert latest.version == 2 and PRINTED in pdf_text(latest.content)
    # Another candidate is no longer offered it, and a forged answer is refused.
    auth.logout()
    other = auth.create(nom_naissance="MARTIN", prenoms="Léa")
    assert auth.login(other.email).status_code == 302
    newcomer = Candidate(client, other)
    html = _informations_tab(newcomer, session_id)
    assert NEW_RENNES not in html and "individuels-35" in html
    refused = newcomer.post("informations", {**INFORMATIONS, "etablissement": NEW_RENNES})
    assert refused.status_code == 200, "the tab is shown again"
    assert "Etablissement : Ce choix n'est pas proposé." in errors_of(refused)


def test_a_corrected_label_is_what_the_candidature_shows_from_then_on(
    app: Any, client: Any, candidate: Candidate
) -> None:
    from web.backoffice import establishments

    session_id = open_session(app, "cfg")
    saved = register_cfg(candidate, app, session_id, etablissement="0350028R")
    assert "LYCÉE BRÉQUIGNY - RENNES (0350028R)" in text_of(client.get("/mes-inscriptions"))
    with db_of(app) as db:
        line = establishments.find(db, "0350028R")
        assert line is not None
        establishments.correct_label(db, None, line, "LYCÉE BRÉQUIGNY")
        db.commit()
    assert "Établissement : LYCÉE BRÉQUIGNY (0350028R)" in text_of(client.get("/mes-inscriptions"))
    assert "LYCÉE BRÉQUIGNY (0350028R)" in text_of(
        client.get(f"/mes-inscriptions/{saved.id}/inscription"))
