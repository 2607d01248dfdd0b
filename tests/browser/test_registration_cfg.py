"""A CFG candidate registers in Chromium: login, the choices, every tab, Enregistrer, the PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from portal_steps import CANDIDATE_PASSWORD, Portal
from pypdf import PdfReader

SHOTS = Path("/tmp/examforms-screenshots/registration")


def shoot(page: Any, name: str, audit: Any = None) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    if audit is not None:
        audit(page, f"inscription-{name}")


def test_a_rennes_candidate_registers_in_the_browser_and_downloads_the_confirmation(
    portal: Portal, cfg_open_in_rennes: int, rennes_candidate: Any, accessibility_audit: Any
) -> None:
    audit = accessibility_audit
    candidate = rennes_candidate
    page = portal.page
    portal.login(candidate.email, CANDIDATE_PASSWORD)
    # Mes inscriptions → Ajouter une nouvelle candidature.
    portal.choose_exam("cfg", cfg_open_in_rennes)
    assert "Résumé de la sélection" in page.inner_text("#resume-selection")
    assert "(heure de Paris)" in page.inner_text("#periodes")
    shoot(page, "00-choix", audit)
    portal.submit("#bouton-demarrer")

    # 1 - Identification: the account's data greyed, the rest typed by the candidate.
    assert "Étape 1 sur 4" in page.inner_text("#etapes")
    assert page.input_value("#nom_naissance") == "LAMY"
    assert page.get_attribute("#nom_naissance", "readonly") is not None
    shoot(page, "01-identification-vide", audit)
    portal.submit("#bouton-suivant")
    assert "Nationalité : Ce champ est obligatoire." in page.inner_text("#resume-erreurs")
    shoot(page, "01-identification-erreurs", audit)
    page.select_option("#nationalite", "FR")
    page.select_option("#adresse_pays", "FR")
    page.fill("#adresse_1", "12 rue de la Monnaie")
    page.fill("#code_postal", "35000")
    page.fill("#localite", "RENNES")
    page.fill("#telephone_mobile", "06 12 34 56 78")
    page.select_option("#pcs_representant_legal", "21")
    portal.submit("#bouton-suivant")

    # 2 - Informations candidature: category, establishment, aménagement and both consents.
    assert "Étape 2 sur 4" in page.inner_text("#etapes")
    page.select_option("#categorie", "individuel")
    page.select_option("#etablissement", "individuels-35")
    for radio in ("amenagement-1", "consentement_presse-1", "consentement_collectivites-0"):
        page.click(f"label[for='{radio}']")
    shoot(page, "02-informations", audit)
    portal.submit("#bouton-suivant")

    # 3 - Récapitulatif: every answer, the units, then Enregistrer.
    recap = page.inner_text("main")
    assert "Étape 3 sur 4" in recap
    assert "Français" in recap and "RENNES" in recap and "Mathématiques" in recap
    shoot(page, "03-recapitulatif", audit)
    portal.submit("#bouton-enregistrer")

    # 4 - N° Inscription.
    receipt = page.inner_text("main")
    shoot(page, "04-numero-inscription", audit)
    assert "Votre inscription a bien été prise en compte le" in receipt
    number = page.inner_text("#numero-candidat").strip()
    assert re.fullmatch(r"\d{11}", number)
    assert page.inner_text("#numero-inscription").strip() == "001"
    assert "dec@ac-rennes.example" in receipt
    href = page.get_attribute("#bouton-visualiser", "href")
    assert href
    download = page.request.get(portal.live.url + href)
    assert download.status == 200 and download.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(download.body())).pages)
    assert number in text and "LAMY" in text and "CERTIFICAT DE FORMATION" in text.upper()
    portal.live.sink.wait_for(candidate.email, "Confirmation d'inscription")
    audit.assert_clean()
