"""In Chromium: the Rennes exam office adds an establishment and imports a CSV, then a
candidate chooses the added one and finds it, with its UAI, on the card of Mes inscriptions."""

from __future__ import annotations

from typing import Any

from portal_steps import CANDIDATE_PASSWORD, Portal

ADDED = "0359001U"
IMPORTED = "0359002V"
CSV = (
    "uai;libelle;academie;departement\n"
    f"{IMPORTED};Lycée importé - Saint-Malo;rennes;35\n"
    "0350028R;LYCÉE BRÉQUIGNY (RENNES);rennes;35\n"
    "0591843H;LYCÉE DE LILLE;lille;59\n"
)


def test_the_office_adds_and_imports_establishments_then_a_candidate_chooses_one(
    portal: Portal, live_server: Any, accessibility_audit: Any, cfg_open_in_rennes: int,
    rennes_candidate: Any,
) -> None:
    audit = accessibility_audit
    page = portal.page
    portal.staff_login(portal.create_staff("rennes"))
    with page.expect_navigation():
        page.locator("#menu-etablissements:visible").first.click()
    assert "Établissements - ACADÉMIE DE RENNES" in page.inner_text("h1")
    audit(page, "gestion-etablissements-10-liste")
    page.fill("#q", "brequigny")
    portal.submit("#bouton-rechercher-etablissement")
    assert "LYCÉE BRÉQUIGNY - RENNES" in page.inner_text("#tableau-etablissements")

    # Add one: a wrong control letter first, then the right UAI.
    with page.expect_navigation():
        page.click("#bouton-ajouter-etablissement")
    page.fill("#uai", "0359001A")
    page.fill("#label", "Lycée ajouté - Rennes")
    page.select_option("#departement", "35")
    portal.submit("#bouton-enregistrer-etablissement")
    assert "La lettre de contrôle ne correspond pas" in page.inner_text("#resume-erreurs")
    audit(page, "gestion-etablissements-11-ajout-erreur")
    page.fill("#uai", ADDED)
    portal.submit("#bouton-enregistrer-etablissement")
    assert "LYCÉE AJOUTÉ - RENNES (0359001U) est ajouté" in page.inner_text("main")
    assert "Ajouté par l'académie" in page.inner_text("#tableau-etablissements")
    audit(page, "gestion-etablissements-12-ajoute")

    # Import a CSV: the preview shows the refused Lille line, then the import applies.
    page.fill("#q", "")
    portal.submit("#bouton-rechercher-etablissement")
    with page.expect_navigation():
        page.click("#bouton-importer-etablissements")
    audit(page, "gestion-etablissements-13-import")
    page.set_input_files("#file", files=[{"name": "rennes.csv", "mimeType": "text/csv",
                                          "buffer": CSV.encode("utf-8")}])
    portal.submit("#bouton-apercu-import")
    assert "1 établissement(s) à ajouter, 1 libellé(s) à corriger" in page.inner_text(
        "#bilan-import")
    assert "Ligne 4 : l'établissement est de l'académie de Lille" in page.inner_text(
        "#lignes-refusees")
    audit(page, "gestion-etablissements-14-apercu")
    portal.submit("#bouton-appliquer-import")
    assert "Le fichier rennes.csv est importé : 1 établissement(s) ajouté(s)" in page.inner_text(
        "main")
    audit(page, "gestion-etablissements-15-importe")

    # Deactivate the imported one: the confirmation page, then the list.
    page.fill("#q", IMPORTED)
    portal.submit("#bouton-rechercher-etablissement")
    with page.expect_navigation():
        page.click(f"#desactiver-{IMPORTED}")
    audit(page, "gestion-etablissements-16-desactivation")
    portal.submit("#bouton-confirmer")
    assert "DÉSACTIVÉ" in page.inner_text("#tableau-etablissements").upper()
    with page.expect_navigation():
        page.click("#menu-deconnexion-gestion")

    # The candidate is offered the added one (not the deactivated one) and chooses it.
    portal.login(rennes_candidate.email, CANDIDATE_PASSWORD)
    portal.start_cfg(cfg_open_in_rennes)
    offered = page.locator("#etablissement option").evaluate_all(
        "o => o.map(e => e.value)")
    assert ADDED in offered and IMPORTED not in offered
    portal.fill_cfg_candidature(ADDED)
    audit(page, "gestion-etablissements-20-candidat-choix")
    portal.submit("#bouton-suivant")
    assert "LYCÉE AJOUTÉ - RENNES (0359001U)" in page.inner_text("main")
    portal.submit("#bouton-enregistrer")
    assert "Votre inscription a bien été prise en compte" in page.inner_text("main")
    portal.open("candidate.registrations")
    assert "Établissement : LYCÉE AJOUTÉ - RENNES (0359001U)" in page.inner_text("main")
    audit(page, "gestion-etablissements-21-mes-inscriptions")
    audit.assert_clean()
