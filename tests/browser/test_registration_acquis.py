"""A CAP candidate declares a diploma and a grade in Chromium, then unticks the bénéfice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from portal_steps import CANDIDATE_PASSWORD, Portal, open_in_rennes
from test_registration_cfg import shoot

SHOTS = Path("/tmp/examforms-screenshots/registration")


def test_a_cap_candidate_unticks_a_benefice_to_retake_the_unit(
    portal: Portal,
    rennes_candidate: Any,
    accessibility_audit: Any,
) -> None:
    page, candidate = portal.page, rennes_candidate
    session_id = open_in_rennes(portal.live, "cap")
    portal.login(candidate.email, CANDIDATE_PASSWORD)
    portal.open(
        "registration.choose", domaine="examen", examen="cap", session=session_id, academie="rennes"
    )
    portal.submit("#bouton-demarrer")
    shoot(page, "cap-01-modalites", accessibility_audit)
    page.click("label[for='modalites_acceptees']")
    portal.submit("#bouton-suivant")
    page.select_option("#nationalite", "FR")
    page.select_option("#adresse_pays", "FR")
    page.fill("#adresse_1", "12 rue de la Monnaie")
    page.fill("#code_postal", "35000")
    page.fill("#localite", "RENNES")
    page.fill("#telephone_mobile", "0612345678")
    page.select_option("#pcs_representant_legal", "21")
    portal.submit("#bouton-suivant")
    page.select_option("#categorie", "individuel")
    page.select_option("#etablissement", "individuels-35")
    for radio in ("amenagement-1", "consentement_presse-1", "consentement_collectivites-1"):
        page.click(f"label[for='{radio}']")
    portal.submit("#bouton-suivant")
    assert not page.is_visible("#groupe-dispense_eps")
    page.select_option("#specialite", "cuisine")
    page.select_option("#forme", "globale")
    # The EPS question appears as soon as the speciality is chosen (the conditions' mirror).
    page.wait_for_selector("#groupe-dispense_eps", state="visible")
    page.click("label[for='dispense_eps-1']")
    shoot(page, "cap-04-qualification", accessibility_audit)
    portal.submit("#bouton-suivant")
    assert "Acquis" in page.inner_text("#etapes")
    page.select_option("#notes-0-unit", "EP1")
    page.fill("#notes-0-grade", "12,5")
    page.fill("#notes-0-year", "2025")
    portal.submit("#actualiser-acquis")
    shoot(page, "cap-05-acquis", accessibility_audit)
    box = page.locator("#conserve-EP1")
    assert box.is_checked()
    page.click("label[for='conserve-EP1']")
    portal.submit("#bouton-suivant")
    shoot(page, "cap-06-epreuves", accessibility_audit)
    assert "EP1 - " in page.inner_text("#tableau-epreuves")
    row = page.inner_text("#epreuve-EP1")
    assert "Inscrit" in row and "Vous renoncez au bénéfice de votre note" in row
    accessibility_audit.assert_clean()
