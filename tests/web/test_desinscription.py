"""Se désinscrire: confirmation, state, mail, card gone, refused after close, new candidature."""

from __future__ import annotations

from typing import Any

import pytest
from registration_support import Candidate, candidatures_of, open_session
from space_support import close_period, register_cfg
from web_helpers import db_of, outbox, text_of

CFG_LABEL = "CERTIFICAT DE FORMATION GÉNÉRALE"


@pytest.fixture
def candidate(client: Any, auth: Any) -> Candidate:
    account = auth.create(nom_naissance="LAMY", prenoms="Paul", sexe="M")
    assert auth.login(account.email).status_code == 302
    return Candidate(client, account)


@pytest.fixture
def session_id(app: Any) -> int:
    return open_session(app, "cfg")


@pytest.fixture
def registered(app: Any, candidate: Candidate, session_id: int) -> Any:
    return register_cfg(candidate, app, session_id)


def test_the_trash_icon_asks_for_confirmation_before_withdrawing(
    app: Any, client: Any, registered: Any
) -> None:
    page = client.get(f"/mes-inscriptions/{registered.id}/desinscription")
    text = text_of(page)
    assert "Voulez-vous vraiment vous désinscrire de cette candidature ?" in text
    assert "ne pourra pas être réactivée" in text
    assert 'id="confirmer-desinscription"' in page.get_data(as_text=True)
    [row] = candidatures_of(app, registered.account_id)
    assert row.state == "inscrit"  # looking at the confirmation changes nothing


def test_withdrawing_marks_desinscrit_par_le_candidat_mails_the_candidate_and_removes_the_card(
    app: Any, client: Any, candidate: Candidate, registered: Any
) -> None:
    from web.core.candidature_states import state_label

    mails_before = len(outbox(app, candidate.account.email))
    response = client.post(f"/mes-inscriptions/{registered.id}/desinscription")
    assert response.status_code == 302 and response.location == "/mes-inscriptions"
    [row] = candidatures_of(app, candidate.account.id)
    assert row.state == "desinscrit_candidat" and row.state_changed_at is not None
    assert state_label(row.state) == "Désinscrit par le candidat"
    mails = outbox(app, candidate.account.email)
    assert len(mails) == mails_before + 1
    assert f"Désinscription : {CFG_LABEL}" in mails[-1].subject
    assert "N° inscription : 001" in mails[-1].body_text
    page = client.get("/mes-inscriptions")
    assert f'id="carte-{registered.id}"' not in page.get_data(as_text=True)
    assert "Vous êtes désinscrit(e) de cette candidature." in text_of(page)


def test_a_withdrawn_candidature_cannot_be_reopened_modified_or_withdrawn_again(
    app: Any, client: Any, candidate: Candidate, registered: Any
) -> None:
    assert client.post(f"/mes-inscriptions/{registered.id}/desinscription").status_code == 302
    mails = len(outbox(app, candidate.account.email))
    for path in ("", "/inscription", "/documents", "/desinscription"):
        assert client.get(f"/mes-inscriptions/{registered.id}{path}").status_code == 404
    assert client.post(f"/mes-inscriptions/{registered.id}/modifier").status_code == 404
    assert client.post(f"/mes-inscriptions/{registered.id}/desinscription").status_code == 404
    [row] = candidatures_of(app, candidate.account.id)
    assert row.state == "desinscrit_candidat"
    assert len(outbox(app, candidate.account.email)) == mails


def test_withdrawing_drops_a_modification_in_progress_so_it_cannot_be_saved(
    app: Any, client: Any, candidate: Candidate, registered: Any
) -> None:
    from web.core.models import CandidatureDraft

    assert client.post(f"/mes-inscriptions/{registered.id}/modifier").status_code == 302
    assert client.post(f"/mes-inscriptions/{registered.id}/desinscription").status_code == 302
    with db_of(app) as db:
        assert db.query(CandidatureDraft).count() == 0


def test_withdrawing_is_refused_after_the_closing_date_with_the_exam_office_contact(
    app: Any, client: Any, candidate: Candidate, registered: Any, session_id: int
) -> None:
    close_period(app, session_id)
    mails = len(outbox(app, candidate.account.email))
    page = text_of(client.get(f"/mes-inscriptions/{registered.id}/desinscription"))
    assert "vous ne pouvez plus vous désinscrire par vous-même" in page
    assert "Rectorat de l'académie de Rennes" in page and "dec@ac-rennes.example" in page
    assert "Voulez-vous vraiment" not in page
    refused = client.post(
        f"/mes-inscriptions/{registered.id}/desinscription", follow_redirects=True
    )
    assert "Contactez le service des examens et concours dont vous dépendez" in text_of(refused)
    [row] = candidatures_of(app, candidate.account.id)
    assert row.state == "inscrit"
    assert len(outbox(app, candidate.account.email)) == mails
    assert f'id="carte-{registered.id}"' in client.get("/mes-inscriptions").get_data(as_text=True)


def test_after_withdrawing_a_new_candidature_to_the_same_exam_and_session_can_be_saved(
    app: Any, client: Any, candidate: Candidate, registered: Any, session_id: int
) -> None:
    # While the first one is active, a second one to the same exam and session is refused.
    refused = candidate.start(session_id)
    assert "/brouillon/" not in refused.location
    assert client.post(f"/mes-inscriptions/{registered.id}/desinscription").status_code == 302
    again = register_cfg(candidate, app, session_id)
    assert again.id != registered.id
    assert again.state == "inscrit" and again.version == 1
    assert again.inscription_number == "002"
    rows = {c.id: c.state for c in candidatures_of(app, candidate.account.id)}
    assert rows == {registered.id: "desinscrit_candidat", again.id: "inscrit"}
    page = client.get("/mes-inscriptions").get_data(as_text=True)
    assert f'id="carte-{again.id}"' in page and f'id="carte-{registered.id}"' not in page
