"""Mes inscriptions and Mon inscription: the cards, the envelope, the Récapitulatif, Modifier."""

from __future__ import annotations

from typing import Any

import pytest
from registration_support import Candidate, candidatures_of, open_session
from space_support import close_period, close_session, documents_of, register_cfg, set_state
from web_helpers import db_of, outbox, text_of

CFG_LABEL = "CERTIFICAT DE FORMATION GÉNÉRALE"
MSG_PIECES = "Votre candidature possède au moins une demande de pièce justificative."
MSG_DOCUMENT = "Votre candidature possède au moins un document à visualiser."


@pytest.fixture
def candidate(client: Any, auth: Any) -> Candidate:
    account = auth.create(nom_naissance="LAMY", prenoms="Paul", sexe="M")
    assert auth.login(account.email).status_code == 302
    return Candidate(client, account)


@pytest.fixture
def registered(app: Any, candidate: Candidate) -> Any:
    """A CFG candidature saved through the wizard (version 1, its confirmation stored)."""
    session_id = open_session(app, "cfg")
    return register_cfg(candidate, app, session_id)


def card_ids(response: Any) -> list[str]:
    import re

    return re.findall(r'id="carte-(\d+)"', response.get_data(as_text=True))


def test_mes_inscriptions_shows_the_card_with_exam_academy_establishment_session_and_number(
    client: Any, registered: Any
) -> None:
    page = client.get("/mes-inscriptions")
    text = text_of(page)
    assert card_ids(page) == [str(registered.id)]
    assert CFG_LABEL in text
    assert "ACADÉMIE DE RENNES" in text
    assert "Établissement : INDIVIDUELS" in text
    assert "Session JUIN 2027" in text
    assert f"N° inscription : {registered.inscription_number}" in text
    html = page.get_data(as_text=True)
    assert f'href="/mes-inscriptions/{registered.id}"' in html
    assert f'href="/mes-inscriptions/{registered.id}/desinscription"' in html
    # Two cards of one exam (a redoublant's two sessions) read differently to a screen reader.
    assert f'<span class="fr-sr-only"> la candidature {CFG_LABEL}, session JUIN 2027</span>' in html
    assert (
        'href="/mes-inscriptions/nouvelle"' in html and "Ajouter une nouvelle candidature" in text
    )


def test_withdrawn_and_excluded_candidatures_have_no_card_and_a_closed_one_moves_down(
    app: Any, client: Any, candidate: Candidate
) -> None:
    kept = register_cfg(candidate, app, open_session(app, "cfg", label="JUIN 2027"))
    withdrawn = register_cfg(candidate, app, open_session(app, "cfg", label="JUIN 2028"))
    excluded = register_cfg(candidate, app, open_session(app, "cfg", label="JUIN 2029"))
    closed_session = open_session(app, "cfg", label="JUIN 2030")
    closed = register_cfg(candidate, app, closed_session)
    assert card_ids(client.get("/mes-inscriptions")) == [
        str(c.id) for c in (closed, excluded, withdrawn, kept)
    ]
    set_state(app, withdrawn.id, "desinscrit_candidat")
    set_state(app, excluded.id, "ecartee")
    close_session(app, closed_session)
    page = client.get("/mes-inscriptions")
    in_progress, ended = page.get_data(as_text=True).split('id="titre-sessions-fermees"')
    assert card_ids(page) == [str(kept.id), str(closed.id)]
    assert f'id="carte-{closed.id}"' in ended and f'id="carte-{kept.id}"' in in_progress
    for gone in (withdrawn, excluded):
        assert client.get(f"/mes-inscriptions/{gone.id}").status_code == 404
    assert client.get(f"/mes-inscriptions/{closed.id}").status_code == 200


def test_a_candidate_without_candidature_is_offered_to_add_one(client: Any, candidate: Any) -> None:
    text = text_of(client.get("/mes-inscriptions"))
    assert "Vous n'avez pas de candidature en cours." in text
    assert "Ajouter une nouvelle candidature" in text


def test_the_envelope_lists_the_pieces_requested_and_a_new_document_until_it_is_seen(
    app: Any, client: Any, candidate: Candidate, registered: Any
) -> None:
    card = text_of(client.get("/mes-inscriptions"))
    assert MSG_PIECES in card and MSG_DOCUMENT in card
    assert client.get(f"/mes-inscriptions/{registered.id}/documents").status_code == 200
    card = text_of(client.get("/mes-inscriptions"))
    assert MSG_PIECES in card and MSG_DOCUMENT not in card
    # A modification publishes version 2 of the confirmation: a document to look at again.
    modify_consent(client, candidate, registered)
    assert MSG_DOCUMENT in text_of(client.get("/mes-inscriptions"))
    [v1, v2] = documents_of(app, registered.id)
    assert client.get(f"/mes-inscriptions/{registered.id}/documents/{v2.id}").status_code == 200
    assert MSG_DOCUMENT not in text_of(client.get("/mes-inscriptions"))


def test_opening_the_confirmation_from_n_inscription_clears_the_document_line(
    app: Any, client: Any, registered: Any
) -> None:
    assert MSG_DOCUMENT in text_of(client.get("/mes-inscriptions"))
    [confirmation] = documents_of(app, registered.id)
    receipt = client.get(f"/inscription/candidature/{registered.id}/numero")
    assert f'href="/documents/{confirmation.id}"' in receipt.get_data(as_text=True)
    assert client.get(f"/documents/{confirmation.id}").status_code == 200
    assert MSG_DOCUMENT not in text_of(client.get("/mes-inscriptions"))


def test_reopening_an_older_document_leaves_a_newer_one_to_view(
    app: Any, client: Any, registered: Any
) -> None:
    from datetime import timedelta

    from web.core.models import Document, utcnow

    [confirmation] = documents_of(app, registered.id)
    assert client.get(f"/documents/{confirmation.id}").status_code == 200
    with db_of(app) as db:
        db.add(Document(candidature_id=registered.id, kind="convocation",
                        title="Convocation aux épreuves", version=1, filename="convocation.pdf",
                        content=b"%PDF-1.4 convocation", created_at=utcnow() + timedelta(hours=1)))
        db.commit()
    assert MSG_DOCUMENT in text_of(client.get("/mes-inscriptions"))
    assert client.get(f"/documents/{confirmation.id}").status_code == 200
    assert MSG_DOCUMENT in text_of(client.get("/mes-inscriptions"))


def test_the_envelope_has_no_pieces_line_when_the_rules_ask_for_no_piece(
    app: Any, registered: Any
) -> None:
    from web.candidate.services import attention_messages, mark_documents_viewed
    from web.core.models import Candidature

    class NoPieces:
        def pieces(self) -> tuple[()]:
            return ()

    with app.test_request_context(), db_of(app) as db:
        row = db.get(Candidature, registered.id)
        assert attention_messages(db, row, NoPieces()) == [MSG_DOCUMENT]  # type: ignore[arg-type]
        mark_documents_viewed(db, row.id)
        db.commit()
        assert attention_messages(db, row, NoPieces()) == []  # type: ignore[arg-type]


def test_selecting_a_card_offers_mon_inscription_documents_justificatifs_and_notes(
    client: Any, registered: Any
) -> None:
    page = client.get(f"/mes-inscriptions/{registered.id}")
    text = text_of(page)
    for label in ("Mon inscription", "Mes documents", "Mes justificatifs", "Mes notes"):
        assert label in text
    html = page.get_data(as_text=True)
    for path in ("inscription", "documents", "justificatifs", "notes"):
        assert f'href="/mes-inscriptions/{registered.id}/{path}"' in html


def test_mes_justificatifs_lists_the_pieces_by_mode_with_their_paris_deadline(
    app: Any, client: Any, candidate: Candidate
) -> None:
    plain = register_cfg(candidate, app, open_session(app, "cfg", label="JUIN 2027"))
    text = text_of(client.get(f"/mes-inscriptions/{plain.id}/justificatifs"))
    assert "Dépôt en ligne" in text
    assert "Pièce d'identité en cours de validité (recto et verso)" in text
    assert "(heure de Paris)" in text and "Date limite de retour" in text
    assert "Certificat médical" not in text
    # Asking for an aménagement adds the medical certificate the rules require.
    other = register_cfg(
        candidate, app, open_session(app, "cfg", label="JUIN 2028"), amenagement="oui"
    )
    text = text_of(client.get(f"/mes-inscriptions/{other.id}/justificatifs"))
    assert "Certificat médical pour demande d'aménagement des épreuves" in text
    # The online deposit is open: each piece has its Ajouter form.
    assert "n'est pas encore ouvert" not in text
    assert 'id="form-ajouter-certificat_medical"' in client.get(
        f"/mes-inscriptions/{other.id}/justificatifs"
    ).get_data(as_text=True)


def test_mes_notes_says_no_grade_is_published_yet(client: Any, registered: Any) -> None:
    text = text_of(client.get(f"/mes-inscriptions/{registered.id}/notes"))
    assert "Aucune note n'est encore publiée pour cette candidature." in text


def test_mon_inscription_shows_the_recapitulatif_read_only_with_modifier_while_open(
    client: Any, registered: Any
) -> None:
    page = client.get(f"/mes-inscriptions/{registered.id}/inscription")
    html = page.get_data(as_text=True)
    text = text_of(page)
    assert "Récapitulatif" in text and "Consultation" in text
    assert "Catégorie du candidat INDIVIDUEL" in text
    assert "002 - Mathématiques" in text
    assert 'id="bouton-modifier"' in html and 'id="bouton-visualiser"' in html
    assert "Enregistrer" not in text
    # The wizard's warning "not saved yet" would be false on a saved candidature.
    assert "pas encore enregistrée" not in text
    assert "<input" not in html.split('id="recapitulatif"')[1].split("</div>\n<ul")[0]


def modify_consent(client: Any, candidate: Candidate, candidature: Any) -> Any:
    """Modifier, Suivant through every tab, change one consent, Enregistrer."""
    from registration_support import INFORMATIONS

    response = client.post(f"/mes-inscriptions/{candidature.id}/modifier")
    assert response.status_code == 302 and "/brouillon/" in response.location
    candidate.draft_url = response.location.rsplit("/", 1)[0]
    assert response.location.endswith("/identification")
    assert candidate.next_ok("identification", candidate.identification()) == "informations"
    changed = {**INFORMATIONS, "consentement_presse": "oui"}
    assert candidate.next_ok("informations", changed) == "recapitulatif"
    saved = candidate.post("recapitulatif", action="enregistrer")
    assert saved.status_code == 302 and "/numero" in saved.location, text_of(saved)
    return saved


def test_modifier_reopens_the_wizard_on_the_stored_answers(
    app: Any, client: Any, registered: Any
) -> None:
    from web.core.models import CandidatureDraft

    response = client.post(f"/mes-inscriptions/{registered.id}/modifier")
    assert response.status_code == 302
    with db_of(app) as db:
        [draft] = db.query(CandidatureDraft).all()
        assert draft.candidature_id == registered.id
        assert draft.answers == registered.answers
    tab = client.get(response.location)
    assert 'value="12 rue de la Monnaie"' in tab.get_data(as_text=True)
    assert "Vous modifiez votre candidature n°001 (version 1)" in text_of(tab)
    # Every tab of a saved candidature is open at once (FAQ: "Tous les onglets sont alors
    # accessibles"), and the Récapitulatif shows the stored answers.
    later = client.get(response.location.rsplit("/", 1)[0] + "/recapitulatif")
    assert later.status_code == 200
    assert "Catégorie du candidat INDIVIDUEL" in text_of(later)


def test_saving_a_modification_makes_version_2_with_a_new_pdf_and_the_modification_mail(
    app: Any, client: Any, candidate: Candidate, registered: Any
) -> None:
    modify_consent(client, candidate, registered)
    [row] = candidatures_of(app, candidate.account.id)
    assert row.id == registered.id and row.version == 2
    assert row.inscription_number == registered.inscription_number
    assert row.answers["fields"]["consentement_presse"] is True
    docs = documents_of(app, registered.id)
    assert [d.version for d in docs] == [1, 2]
    assert docs[0].content != docs[1].content
    subjects = [m.subject for m in outbox(app, candidate.account.email)]
    assert any(f"Modification d'inscription : {CFG_LABEL}" in s for s in subjects)
    page = text_of(client.get(f"/mes-inscriptions/{registered.id}/inscription"))
    assert "Version 2 du dossier" in page


def test_after_the_closing_date_mon_inscription_is_read_only_and_modifier_is_refused(
    app: Any, client: Any, registered: Any
) -> None:
    from web.core.models import CandidatureDraft

    close_period(app, registered.session_id)
    page = client.get(f"/mes-inscriptions/{registered.id}/inscription")
    html, text = page.get_data(as_text=True), text_of(page)
    assert 'id="bouton-modifier"' not in html
    assert "Votre candidature n'est plus modifiable" in text
    assert "Rectorat de l'académie de Rennes" in text
    assert 'id="bouton-visualiser"' in html  # still consultable
    refused = client.post(f"/mes-inscriptions/{registered.id}/modifier", follow_redirects=True)
    assert "Le service d'inscription est fermé : votre candidature ne peut plus être modifiée." in (
        text_of(refused)
    )
    with db_of(app) as db:
        assert db.query(CandidatureDraft).count() == 0
    assert 'id="desinscrire-' not in client.get("/mes-inscriptions").get_data(as_text=True)


def test_a_modification_left_open_cannot_be_saved_after_the_closing_date(
    app: Any, client: Any, candidate: Candidate, registered: Any
) -> None:
    response = client.post(f"/mes-inscriptions/{registered.id}/modifier")
    candidate.draft_url = response.location.rsplit("/", 1)[0]
    assert candidate.next_ok("identification", candidate.identification()) == "informations"
    close_period(app, registered.session_id)
    candidate.post("informations", {"consentement_presse": "oui"})
    [row] = candidatures_of(app, candidate.account.id)
    assert row.version == 1
    assert [d.version for d in documents_of(app, registered.id)] == [1]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", ""),
        ("get", "/inscription"),
        ("get", "/documents"),
        ("get", "/justificatifs"),
        ("get", "/notes"),
        ("get", "/desinscription"),
        ("post", "/modifier"),
        ("post", "/desinscription"),
    ],
)
def test_another_candidates_candidature_answers_404_by_url(
    app: Any, client: Any, auth: Any, registered: Any, method: str, path: str
) -> None:
    auth.logout()
    intruder = auth.create()
    assert auth.login(intruder.email).status_code == 302
    response = getattr(client, method)(f"/mes-inscriptions/{registered.id}{path}")
    assert response.status_code == 404
    [row] = candidatures_of(app, registered.account_id)
    assert row.state == "inscrit" and row.version == 1


def test_the_space_needs_a_login(app: Any, registered: Any) -> None:
    anonymous = app.test_client()
    response = anonymous.get(f"/mes-inscriptions/{registered.id}/inscription")
    assert (
        response.status_code == 302
        and "/connexion" in response.location
        or (response.status_code == 401)
    )


def test_every_icon_button_of_the_candidate_space_keeps_its_label_visible(
    client: Any, registered: Any
) -> None:
    import re

    for url in ("/mes-inscriptions", f"/mes-inscriptions/{registered.id}",
                f"/mes-inscriptions/{registered.id}/inscription",
                f"/mes-inscriptions/{registered.id}/desinscription"):
        main = client.get(url).get_data(as_text=True).split("<main", 1)[1]
        classes = [c for c in re.findall(r'class="([^"]*)"', main)
                   if "fr-btn" in c.split() and "fr-icon-" in c]
        assert classes, url
        # A fr-icon-* class alone makes DSFR draw an icon-only button, its label clipped.
        for found in classes:
            assert "fr-btn--icon-left" in found.split() or "fr-btn--icon-right" in found.split(), (
                url, found)
