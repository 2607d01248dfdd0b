"""Each shipped exam registered end to end with the test client: answers, numbers, PDF, mail."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader
from registration_support import INFORMATIONS, Candidate, candidatures_of, open_session
from web_helpers import db_of, outbox, text_of


@pytest.fixture
def candidate(client: Any, auth: Any) -> Candidate:
    account = auth.create(nom_naissance="LAMY", prenoms="Paul", sexe="M")
    assert auth.login(account.email).status_code == 302
    return Candidate(client, account)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def saved(app: Any, candidate: Candidate, response: Any) -> Any:
    """After Enregistrer: the N° Inscription page, the stored candidature and its PDF."""
    assert response.status_code == 302, text_of(response)
    assert "/numero" in response.location
    receipt = candidate.client.get(response.location)
    assert receipt.status_code == 200
    [candidature] = candidatures_of(app, candidate.account.id)
    return receipt, candidature


def check_receipt(
    app: Any, candidate: Candidate, receipt: Any, candidature: Any, exam_label: str
) -> str:
    from web.core.models import Account, Document

    page = text_of(receipt)
    with db_of(app) as db:
        account = db.get(Account, candidate.account.id)
        [document] = [d for d in db.query(Document).all()]
        number = account.candidate_number
    assert re.fullmatch(r"\d{11}", number)
    assert candidature.inscription_number == "001"
    assert candidature.version == 1 and candidature.state == "inscrit"
    assert "Votre inscription a bien été prise en compte le" in page
    assert f"Votre numéro candidat : {number}" in page
    assert "Votre numéro d'inscription : 001" in page
    assert "avant la fermeture du service fixée le :" in page
    assert "Rectorat de l'académie de Rennes" in page
    download = candidate.client.get(f"/documents/{document.id}")
    assert download.status_code == 200
    assert download.headers["Content-Type"] == "application/pdf"
    text = pdf_text(download.data)
    assert number in text and "001" in text and exam_label in text.upper()
    [mail] = outbox(app, candidate.account.email)
    assert f"Confirmation d'inscription : {exam_label} - session JUIN" in mail.subject
    return text


def test_a_cfg_candidate_registers_from_identification_to_the_numero_inscription(
    app: Any, candidate: Candidate
) -> None:
    session_id = open_session(app, "cfg")
    assert candidate.start(session_id).status_code == 302
    assert candidate.next_ok("identification", candidate.identification()) == "informations"
    assert candidate.next_ok("informations", INFORMATIONS) == "recapitulatif"
    recap = text_of(candidate.tab("recapitulatif"))
    assert "Nationalité Français" in recap
    assert "Date de naissance 17/05/2000" in recap or "Date de naissance" in recap
    assert "Catégorie du candidat INDIVIDUEL" in recap
    assert "Mathématiques Inscrit Ponctuel" in recap or "Mathématiques" in recap
    assert "vous devez cliquer sur le bouton Enregistrer" in recap
    assert candidatures_of(app, candidate.account.id) == []  # nothing stored before Enregistrer
    receipt, candidature = saved(
        app, candidate, candidate.post("recapitulatif", action="enregistrer")
    )
    fields = candidature.answers["fields"]
    assert fields["nationalite"] == "FR" and fields["telephone_mobile"] == "0612345678"
    assert fields["consentement_collectivites"] is True
    assert fields["consentement_presse"] is False
    assert fields["nom_naissance"] == "LAMY"
    assert candidature.spec_version and len(candidature.spec_hash) >= 16
    text = check_receipt(app, candidate, receipt, candidature, "CERTIFICAT DE FORMATION GÉNÉRALE")
    assert "LAMY" in text and "Mathématiques" in text
    assert "PARIS - 075" in text  # born in Paris (the account), as the guide prints it


def test_a_cap_candidate_declares_a_diploma_keeps_a_grade_and_chooses_a_language(
    app: Any, candidate: Candidate
) -> None:
    session_id = open_session(app, "cap")
    candidate.start(session_id)
    assert candidate.next_ok("modalites", {"modalites_acceptees": "y"}) == "identification"
    assert candidate.next_ok("identification", candidate.identification()) == "informations"
    assert candidate.next_ok("informations", INFORMATIONS) == "qualification"
    qualification = text_of(candidate.tab("qualification"))
    assert "Spécialité" in qualification
    after = candidate.post(
        "qualification", {"specialite": "cuisine", "forme": "globale", "dispense_eps": "non"}
    )
    assert after.status_code == 302, text_of(after)
    acquis = {
        "diplomes-count": "1",
        "diplomes-0-diploma": "bep",
        "diplomes-0-year": "2015",
        "diplomes-0-academy": "rennes",
        "notes-count": "1",
        "notes-0-unit": "EP1",
        "notes-0-grade": "12,5",
        "notes-0-year": "2025",
        "notes-0-academy": "rennes",
        "notes-0-speciality": "cuisine",
    }
    refreshed = candidate.post("acquis", acquis, action="actualiser")
    assert refreshed.status_code == 302
    page = text_of(candidate.tab("acquis"))
    assert "EG1" in page and "Décochez une dispense ou un bénéfice" in page
    # Untick the bénéfice of EP1: the unit is taken again; the dispenses stay.
    kept = {**acquis, "offert": ["EG1", "EG2", "EG4", "EP1"], "conserve": ["EG1", "EG2", "EG4"]}
    assert candidate.next_ok("acquis", kept) == "epreuves"
    epreuves = text_of(candidate.tab("epreuves"))
    assert "UF1 - Langue vivante" in epreuves and "UF_LV" not in epreuves
    chosen = {"epreuve": "UF_LV", "langue-UF_LV": "anglais", "langue-EG5": "espagnol"}
    assert candidate.next_ok("epreuves", chosen) == "recapitulatif"
    recap = text_of(candidate.tab("recapitulatif"))
    assert "EG1 - " in recap and "Dispensé" in recap
    assert "UF1 - " in recap and "(anglais)" in recap and "UF_LV" not in recap
    # The CAP puts Enregistrer on its Conditions d'inscription tab, after the Récapitulatif.
    assert 'id="bouton-enregistrer"' not in candidate.tab("recapitulatif").get_data(as_text=True)
    assert candidate.next_ok("recapitulatif") == "conditions"
    conditions = candidate.tab("conditions").get_data(as_text=True)
    assert 'id="bouton-enregistrer"' in conditions and 'id="texte-onglet"' in conditions
    receipt, candidature = saved(app, candidate, candidate.post("conditions", action="enregistrer"))
    answers = candidature.answers
    assert answers["fields"]["specialite"] == "cuisine"
    assert answers["acquis"]["diplomas"] == [{"diploma": "bep", "year": 2015, "academy": "rennes"}]
    assert answers["acquis"]["grades"] == [{"unit": "EP1", "grade": 12.5, "year": 2025,
                                            "academy": "rennes", "speciality": "cuisine"}]
    assert answers["acquis"]["renounced"] == ["EP1"]
    assert answers["units"] == {"chosen": ["UF_LV"],
                                "languages": {"EG5": "espagnol", "UF_LV": "anglais"}}
    text = check_receipt(
        app, candidate, receipt, candidature, "CERTIFICAT D'APTITUDE PROFESSIONNELLE"
    )
    assert "Dispensé" in text


def test_a_bac_pro_candidate_with_a_general_bac_is_dispensed_of_general_units(
    app: Any, candidate: Candidate
) -> None:
    session_id = open_session(app, "bacpro")
    candidate.start(session_id)
    assert candidate.next_ok("modalites", {"modalites_acceptees": "y"}) == "identification"
    assert candidate.next_ok("identification", candidate.identification()) == "informations"
    informations = {**INFORMATIONS, "condition_individuel": "experience_3_ans"}
    assert candidate.next_ok("informations", informations) == "qualification"
    assert (
        candidate.next_ok("qualification", {"specialite": "agora", "forme": "globale",
                                            "dispense_eps": "non"}) == "acquis"
    )
    acquis = {
        "diplomes-count": "1",
        "diplomes-0-diploma": "bac_general",
        "diplomes-0-year": "2012",
        "diplomes-0-academy": "rennes",
    }
    assert candidate.next_ok("acquis", acquis) == "epreuves"
    assert (
        candidate.next_ok("epreuves", {"epreuve": "UF_EPS", "langue-E42": "espagnol"})
        == "recapitulatif"
    )
    recap = text_of(candidate.tab("recapitulatif"))
    assert "E6 - " in recap and "Dispensé" in recap
    receipt, candidature = saved(
        app, candidate, candidate.post("recapitulatif", action="enregistrer")
    )
    answers = candidature.answers
    assert answers["fields"]["condition_individuel"] == "experience_3_ans"
    assert answers["units"]["chosen"] == ["UF_EPS"]
    assert answers["acquis"]["renounced"] == []
    text = check_receipt(app, candidate, receipt, candidature, "BACCALAUREAT PROFESSIONNEL")
    assert "Dispensé" in text


def test_a_fourth_exam_written_in_yaml_only_is_registrable(
    make_app: Any, auth: Any, tmp_path: Any
) -> None:
    import shutil
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    exams_dir = tmp_path / "exams"
    exams_dir.mkdir()
    shutil.copy(root / "tests/specs/mc_desserts.yaml", exams_dir)
    shutil.copytree(root / "exams/common", exams_dir / "common")
    shutil.copytree(root / "exams/reference", exams_dir / "reference")
    app = make_app(WTF_CSRF_ENABLED=False, EXAMS_DIR=str(exams_dir))
    client = app.test_client()
    actions = type(auth)(app, client)  # the same helper, on the app reading the temp folder
    account = actions.create(nom_naissance="LAMY", prenoms="Paul", sexe="M")
    assert actions.login(account.email).status_code == 302
    candidate = Candidate(client, account)
    session_id = open_session(app, "mc_desserts")
    choose = text_of(client.get("/mes-inscriptions/nouvelle?domaine=examen"))
    assert "MENTION COMPLÉMENTAIRE CUISINIER EN DESSERTS DE RESTAURANT" in choose
    started = candidate.start(session_id)
    assert "/brouillon/" in (started.location or ""), (started.status_code, text_of(started))
    assert candidate.next_ok("modalites", {"modalites_acceptees": "y"}) == "identification"
    assert candidate.next_ok("identification", candidate.identification()) == "informations"
    informations = {**INFORMATIONS, "diplome_acces": "autre",
                    "diplome_acces_precision": "BP Boulanger"}
    assert candidate.next_ok("informations", informations) == "qualification"
    assert candidate.next_ok("qualification", {"specialite": "desserts", "forme": "globale"}
                             ) == "epreuves"
    assert "Vous n'avez aucun choix d'épreuve à faire" in text_of(candidate.tab("epreuves"))
    assert candidate.next_ok("epreuves") == "recapitulatif"
    receipt, candidature = saved(app, candidate, candidate.post("recapitulatif",
                                                                action="enregistrer"))
    assert candidature.answers["fields"]["diplome_acces_precision"] == "BP Boulanger"
    text = check_receipt(app, candidate, receipt, candidature,
                         "MENTION COMPLÉMENTAIRE CUISINIER EN DESSERTS DE RESTAURANT")
    assert "Réalisation de desserts de restaurant" in text


def test_a_cap_candidate_in_forme_progressive_presents_some_units_this_session(
    app: Any, candidate: Candidate
) -> None:
    candidate.start(open_session(app, "cap"))
    assert candidate.next_ok("modalites", {"modalites_acceptees": "y"}) == "identification"
    assert candidate.next_ok("identification", candidate.identification()) == "informations"
    assert candidate.next_ok("informations", INFORMATIONS) == "qualification"
    qualification = {"specialite": "patissier", "forme": "progressive", "dispense_eps": "non"}
    assert candidate.next_ok("qualification", qualification) == "acquis"
    assert candidate.next_ok("acquis", {}) == "epreuves"
    page = text_of(candidate.tab("epreuves"))
    assert "Épreuves présentées à cette session (forme progressive)" in page
    refused = candidate.post("epreuves", {})
    assert refused.status_code == 200
    assert "En forme progressive, choisissez au moins 1 épreuve(s)" in text_of(refused)
    assert candidate.next_ok("epreuves", {"epreuve": ["EP1", "EG1"]}) == "recapitulatif"
    recap = text_of(candidate.tab("recapitulatif"))
    assert "EP2 - Entremets et petits gâteaux" in recap
    assert "Non présenté à cette session" in recap
