"""Starting a candidature and the wizard's refusals, as the guides describe them."""

from __future__ import annotations

from typing import Any

import pytest
from registration_support import (
    INFORMATIONS,
    Candidate,
    candidatures_of,
    errors_of,
    open_session,
)
from sqlalchemy import func, select
from web_helpers import db_of, text_of

from engine.answers import MSG_NOT_OFFERED


@pytest.fixture
def candidate(client: Any, auth: Any) -> Candidate:
    account = auth.create(nom_naissance="LAMY", prenoms="Paul", sexe="M")
    assert auth.login(account.email).status_code == 302
    return Candidate(client, account)


def draft_answers(app: Any, account_id: int) -> dict[str, Any]:
    from sqlalchemy import select

    from web.core.models import CandidatureDraft

    with db_of(app) as db:
        draft = db.scalar(select(CandidatureDraft).where(CandidatureDraft.account_id == account_id))
        assert draft is not None
        return dict(draft.answers)


def register_cfg(app: Any, candidate: Candidate) -> Any:
    session_id = open_session(app, "cfg")
    candidate.start(session_id)
    candidate.next_ok("identification", candidate.identification())
    candidate.next_ok("informations", INFORMATIONS)
    response = candidate.post("recapitulatif", action="enregistrer")
    assert response.status_code == 302 and "/numero" in response.location
    return session_id


# ------------------------------------------------------------------ starting a candidature


def test_adding_a_candidature_needs_a_logged_in_candidate(client: Any) -> None:
    response = client.get("/mes-inscriptions/nouvelle")
    assert response.status_code == 302 and "/connexion" in response.location
    assert "/connexion" in client.post("/inscription/demarrer").location


def test_the_selection_summary_links_back_to_each_choice_and_shows_the_period(
    app: Any, candidate: Candidate
) -> None:
    session_id = open_session(app, "cfg")
    page = candidate.client.get(
        f"/mes-inscriptions/nouvelle?domaine=examen&examen=cfg&session={session_id}&academie=rennes"
    )
    html = page.get_data(as_text=True)
    text = text_of(page)
    assert "Résumé de la sélection" in text
    assert "CERTIFICAT DE FORMATION GÉNÉRALE" in text and "ACADÉMIE DE RENNES" in text
    assert 'href="/mes-inscriptions/nouvelle?domaine=examen&amp;examen=cfg"' in html
    assert "(heure de Paris)" in text and "Ouvert" in text
    assert "Démarrer mon inscription" in text


def test_the_choices_come_one_after_the_other_without_javascript(
    app: Any, candidate: Candidate
) -> None:
    open_session(app, "cfg")
    first = candidate.client.get("/mes-inscriptions/nouvelle").get_data(as_text=True)
    assert 'name="domaine"' in first and 'name="examen"' not in first
    second = candidate.client.get("/mes-inscriptions/nouvelle?domaine=examen")
    assert 'name="examen"' in second.get_data(as_text=True)


def test_registration_is_refused_before_the_period_opens(app: Any, candidate: Candidate) -> None:
    session_id = open_session(app, "cfg", opened_days_ago=-2)
    page = text_of(
        candidate.client.get(
            f"/mes-inscriptions/nouvelle?domaine=examen&examen=cfg&session={session_id}&academie=rennes"
        )
    )
    assert "Démarrer mon inscription" not in page
    assert "n'est pas ouvert" in page
    response = candidate.start(session_id)
    assert response.status_code == 302 and "/brouillon/" not in response.location
    followed = text_of(candidate.client.get(response.location))
    assert "Le service d'inscription n'est pas ouvert" in followed


def test_registration_is_refused_in_an_academy_without_a_period(
    app: Any, candidate: Candidate
) -> None:
    session_id = open_session(app, "cfg")
    response = candidate.start(session_id, academy="creteil")
    assert "/brouillon/" not in response.location


def test_a_second_candidature_to_the_same_exam_and_session_is_refused(
    app: Any, candidate: Candidate
) -> None:
    session_id = register_cfg(app, candidate)
    response = candidate.start(session_id)
    assert "/brouillon/" not in response.location
    assert "Vous avez déjà une candidature à cet examen" in text_of(
        candidate.client.get(response.location)
    )
    assert len(candidatures_of(app, candidate.account.id)) == 1


def test_after_a_desinscription_a_new_candidature_can_be_started(
    app: Any, candidate: Candidate
) -> None:
    from web.core.models import Candidature

    session_id = register_cfg(app, candidate)
    with db_of(app) as db:
        for row in db.query(Candidature).all():
            row.state = "desinscrit_candidat"
        db.commit()
    assert "/brouillon/" in candidate.start(session_id).location


# ------------------------------------------------------------------ the wizard's checks


def test_a_missing_required_field_is_listed_in_the_error_summary_with_a_link(
    app: Any, candidate: Candidate
) -> None:
    candidate.start(open_session(app, "cfg"))
    data = candidate.identification()
    del data["telephone_mobile"]
    response = candidate.post("identification", data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="resume-erreurs"' in html
    assert '<a href="#telephone_mobile">Téléphone mobile : Ce champ est obligatoire.</a>' in html
    assert 'aria-invalid="true"' in html
    # What was typed stays on the page.
    assert 'value="12 rue de la Monnaie"' in html


def test_a_later_tab_cannot_be_opened_before_the_earlier_ones_are_checked(
    app: Any, candidate: Candidate
) -> None:
    candidate.start(open_session(app, "cfg"))
    response = candidate.tab("recapitulatif")
    assert response.status_code == 302 and response.location.endswith("/identification")
    assert candidate.post("recapitulatif", action="enregistrer").status_code == 302
    assert candidatures_of(app, candidate.account.id) == []


def test_nothing_is_stored_as_a_candidature_before_enregistrer(
    app: Any, candidate: Candidate
) -> None:
    candidate.start(open_session(app, "cfg"))
    candidate.next_ok("identification", candidate.identification())
    candidate.next_ok("informations", INFORMATIONS)
    assert candidatures_of(app, candidate.account.id) == []
    assert draft_answers(app, candidate.account.id)["fields"]["localite"] == "RENNES"


def test_answers_survive_a_reload_and_going_back(app: Any, candidate: Candidate) -> None:
    candidate.start(open_session(app, "cfg"))
    candidate.next_ok("identification", candidate.identification())
    back = candidate.post("informations", {"categorie": "individuel"}, action="precedent")
    assert back.status_code == 302 and back.location.endswith("/identification")
    html = candidate.tab("identification").get_data(as_text=True)
    assert 'value="12 rue de la Monnaie"' in html
    informations = candidate.tab("informations").get_data(as_text=True)
    assert '<option value="individuel" selected>' in informations


def test_a_hidden_field_posted_anyway_is_dropped(app: Any, candidate: Candidate) -> None:
    candidate.start(open_session(app, "cfg"))
    # Parents' names are asked only of candidates born abroad; this one was born in Rennes.
    data = {**candidate.identification(), "nom_pere": "LAMY", "prenom_pere": "Jean"}
    candidate.next_ok("identification", data)
    fields = draft_answers(app, candidate.account.id)["fields"]
    assert "nom_pere" not in fields and "prenom_pere" not in fields


def test_account_fields_posted_by_a_tampered_form_are_ignored(
    app: Any, candidate: Candidate
) -> None:
    candidate.start(open_session(app, "cfg"))
    data = {**candidate.identification(), "nom_naissance": "DUPONT", "date_naissance": "01/01/1990"}
    candidate.next_ok("identification", data)
    fields = draft_answers(app, candidate.account.id)["fields"]
    assert fields["nom_naissance"] == "LAMY"
    assert fields["date_naissance"] == "2000-05-17"


def test_a_choice_value_that_is_not_offered_is_refused(app: Any, candidate: Candidate) -> None:
    candidate.start(open_session(app, "cfg"))
    candidate.next_ok("identification", candidate.identification())
    response = candidate.post("informations", {**INFORMATIONS, "etablissement": "individuels-51"})
    assert response.status_code == 200
    assert f"Etablissement : {MSG_NOT_OFFERED}" in errors_of(response)
    tampered = candidate.post("informations", {**INFORMATIONS, "categorie": "scolaire"})
    assert any("Catégorie du candidat" in e for e in errors_of(tampered))


def test_a_unit_not_allowed_for_the_speciality_is_refused(app: Any, candidate: Candidate) -> None:
    candidate.start(open_session(app, "cap"))
    candidate.next_ok("modalites", {"modalites_acceptees": "y"})
    candidate.next_ok("identification", candidate.identification())
    candidate.next_ok("informations", INFORMATIONS)
    candidate.next_ok(
        "qualification", {"specialite": "patissier", "forme": "globale", "dispense_eps": "non"}
    )
    candidate.next_ok("acquis", {})
    # UF_MOB (mobilité) belongs to other specialities, not to the CAP Pâtissier.
    response = candidate.post("epreuves", {"epreuve": "UF_MOB"})
    assert response.status_code == 200
    assert "Épreuve non proposée pour votre spécialité : UF_MOB." in text_of(response)
    assert "UF_MOB" not in draft_answers(app, candidate.account.id)["units"]["chosen"]


def test_the_acceptance_box_must_be_ticked(app: Any, candidate: Candidate) -> None:
    candidate.start(open_session(app, "cap"))
    response = candidate.post("modalites", {})
    assert response.status_code == 200
    assert "Vous devez cocher cette case pour continuer." in text_of(response)


def test_a_question_that_appears_is_shown_before_moving_on_without_an_error(
    app: Any, candidate: Candidate
) -> None:
    candidate.start(open_session(app, "bacpro"))
    candidate.next_ok("modalites", {"modalites_acceptees": "y"})
    candidate.next_ok("identification", candidate.identification())
    shown = [
        "categorie",
        "etablissement",
        "amenagement",
        "consentement_presse",
        "consentement_collectivites",
    ]
    response = candidate.post("informations", {**INFORMATIONS, "affiche": shown})
    assert response.status_code == 200
    text = text_of(response)
    assert "Votre réponse fait apparaître de nouvelles questions" in text
    assert 'name="condition_individuel"' in response.get_data(as_text=True)
    assert "resume-erreurs" not in response.get_data(as_text=True)


def test_the_wizard_stops_when_the_period_closes(app: Any, candidate: Candidate) -> None:
    from web.core.models import RegistrationPeriod, utcnow

    candidate.start(open_session(app, "cfg"))
    with db_of(app) as db:
        for period in db.query(RegistrationPeriod).all():
            period.closes_at = utcnow()
        db.commit()
    response = candidate.post("identification", candidate.identification())
    assert response.status_code == 302 and "/brouillon/" not in response.location


# ------------------------------------------------------------------ ownership


def test_another_candidates_draft_and_documents_answer_404(
    app: Any, candidate: Candidate, auth: Any
) -> None:
    from web.core.models import Document

    register_cfg(app, candidate)
    with db_of(app) as db:
        [document] = db.query(Document).all()
        document_id = document.id
    [candidature] = candidatures_of(app, candidate.account.id)
    other = auth.create()
    auth.logout()
    auth.login(other.email)
    assert candidate.client.get(f"/documents/{document_id}").status_code == 404
    assert (
        candidate.client.get(f"/inscription/candidature/{candidature.id}/numero").status_code == 404
    )
    candidate.client.post(
        "/inscription/demarrer", data={"session": candidature.session_id, "academie": "rennes"}
    )
    # Another account's draft stays a 404 (the test below); a vanished one leads back home.
    gone = candidate.client.get("/inscription/brouillon/999/identification")
    assert gone.status_code == 302 and gone.location.endswith("/mes-inscriptions")


def test_another_candidates_draft_by_url_answers_404(
    app: Any, candidate: Candidate, auth: Any
) -> None:
    candidate.start(open_session(app, "cfg"))
    url = candidate.draft_url + "/identification"
    other = auth.create()
    auth.logout()
    auth.login(other.email)
    assert candidate.client.get(url).status_code == 404
    assert candidate.client.post(url, data={"action": "suivant"}).status_code == 404


def test_documents_need_a_login(app: Any, candidate: Candidate, auth: Any) -> None:
    register_cfg(app, candidate)
    auth.logout()
    assert "/connexion" in candidate.client.get("/documents/1").location


def test_hidden_questions_are_in_the_page_hidden_and_disabled_for_the_browser_mirror(
    app: Any, candidate: Candidate
) -> None:
    import json
    import re

    candidate.start(open_session(app, "bacpro"))
    candidate.next_ok("modalites", {"modalites_acceptees": "y"})
    candidate.next_ok("identification", candidate.identification())
    html = candidate.tab("informations").get_data(as_text=True)
    wrapper = re.search(r'<div class="fr-fieldset__element" data-field="condition_individuel"'
                        r"[^>]*>", html)
    assert wrapper is not None and " hidden" in wrapper.group(0)
    condition = "data-visible-if='{\"equals\": \"individuel\", \"field\": \"categorie\"}'"
    assert condition in wrapper.group(0)
    assert re.search(r'<input type="hidden" name="affiche" value="condition_individuel"\s+'
                     r"disabled>", html)
    mirror = re.search(r'<script type="application/json" id="wizard-conditions">(.*?)</script>',
                       html, re.S)
    assert mirror is not None
    context = json.loads(mirror.group(1))
    assert context["answers"]["localite"] == "RENNES"
    assert context["calendar"]["year_end"] == "2027-12-31"
    assert candidate.client.get("/inscription/static/conditions.js").status_code == 200


def test_an_exam_office_account_cannot_register(app: Any, client: Any, staff: Any) -> None:
    from web.core.models import CandidatureDraft

    session_id = open_session(app, "cfg")
    staff.logged_in("rennes")
    page = client.get("/mes-inscriptions/nouvelle")
    assert page.status_code == 302 and page.location == "/gestion/"
    response = client.post("/inscription/demarrer", data={"session": session_id,
                                                          "academie": "rennes"})
    assert response.status_code == 302 and response.location == "/gestion/"
    with db_of(app) as db:
        assert db.scalar(select(func.count()).select_from(CandidatureDraft)) == 0


def test_tampered_hidden_inputs_of_the_acquis_tab_change_nothing(
    app: Any, candidate: Candidate
) -> None:
    candidate.start(open_session(app, "cap"))
    candidate.next_ok("modalites", {"modalites_acceptees": "y"})
    candidate.next_ok("identification", candidate.identification())
    candidate.next_ok("informations", INFORMATIONS)
    candidate.next_ok("qualification", {"specialite": "cuisine", "forme": "globale",
                                        "dispense_eps": "non"})
    # No diploma or grade declared: "renouncing" units the rules never gave is ignored,
    # and a row count far beyond the page's rows reads no more than the page can hold.
    tampered = {"offert": ["EP1", "EG1"], "diplomes-count": "100000", "notes-count": "-3"}
    assert candidate.next_ok("acquis", tampered) == "epreuves"
    acquis = draft_answers(app, candidate.account.id)["acquis"]
    assert acquis == {"diplomas": [], "grades": [], "renounced": []}


def test_tampered_session_or_academy_on_demarrer_answer_404(
    app: Any, candidate: Candidate
) -> None:
    session_id = open_session(app, "cfg")
    assert candidate.start(session_id, academy="atlantide").status_code == 404
    assert candidate.start(session_id + 1000).status_code == 404


def test_a_second_click_on_enregistrer_shows_the_saved_candidature(
    app: Any, candidate: Candidate
) -> None:
    candidate.start(open_session(app, "cfg"))
    candidate.next_ok("identification", candidate.identification())
    candidate.next_ok("informations", INFORMATIONS)
    assert "/numero" in candidate.post("recapitulatif", action="enregistrer").location
    # The draft is gone with the first click: the second one leads to Mes inscriptions,
    # where the saved candidature is, instead of an error page.
    again = candidate.post("recapitulatif", action="enregistrer")
    assert again.status_code == 302 and again.location.endswith("/mes-inscriptions")
    assert "Cette inscription en cours n'existe plus" in text_of(
        candidate.client.get(again.location))
    assert len(candidatures_of(app, candidate.account.id)) == 1


def test_enregistrer_posted_on_a_tab_without_it_saves_nothing(
    app: Any, candidate: Candidate
) -> None:
    candidate.start(open_session(app, "cfg"))
    candidate.next_ok("identification", candidate.identification())
    response = candidate.post("informations", INFORMATIONS, action="enregistrer")
    assert response.status_code == 302 and response.location.endswith("/recapitulatif")
    assert candidatures_of(app, candidate.account.id) == []


def test_the_wizard_page_loads_its_stylesheet_and_scripts_from_the_head(
    app: Any, candidate: Candidate
) -> None:
    candidate.start(open_session(app, "cfg"))
    html = candidate.tab("identification").get_data(as_text=True)
    head, _, body = html.partition("</head>")
    title = head.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title
    for asset in ("registration.css", "conditions.js", "wizard.js"):
        assert asset in head, asset
        assert asset not in body, asset


def test_the_wizard_recapitulatif_warns_that_the_candidature_is_not_saved_yet(
    app: Any, candidate: Candidate
) -> None:
    candidate.start(open_session(app, "cfg"))
    candidate.next_ok("identification", candidate.identification())
    candidate.next_ok("informations", INFORMATIONS)
    page = candidate.tab("recapitulatif")
    assert "la candidature n'est pas encore enregistrée" in text_of(page)
    assert 'id="bouton-enregistrer"' in page.get_data(as_text=True)
