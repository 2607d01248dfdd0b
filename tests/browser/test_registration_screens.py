"""The wizard's screens in Chromium: the candidate line, a hidden Filiation, the Code postal
mark following the country, the Acquis déclarés of the Récapitulatif."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from portal_steps import Portal
from test_exams_cap_bacpro import (
    IDENTIFICATION,
    INFORMATIONS,
    PASSWORD,
    answer,
    fill_and_next,
    press,
    rennes,
    seed,
    start,
)

SHOTS = Path("/tmp/examforms-screenshots/wizard")


def shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def accessible_names(page: Any) -> list[str]:
    """The names of every node of the page's accessibility tree that is not ignored."""
    cdp = page.context.new_cdp_session(page)
    try:
        tree = cdp.send("Accessibility.getFullAXTree")
    finally:
        cdp.detach()
    return [
        str(node.get("name", {}).get("value", ""))
        for node in tree["nodes"]
        if not node.get("ignored")
    ]


def test_identification_hides_filiation_and_marks_code_postal_as_the_country_requires(
    portal: Portal, accessibility_audit: Any
) -> None:
    page = portal.page
    address, session_id = seed(portal.live, "cfg")
    portal.login(address, PASSWORD)
    start(portal, "cfg", session_id)
    line = page.inner_text("#entete-candidat")
    assert "N° candidat : attribué à l'enregistrement" in line
    assert "DUPONT Léa Marie" in line and "Né(e) le : 14/03/2000" in line

    # Born in Rennes: the Filiation section is neither seen nor in the accessibility tree.
    legend = page.locator("legend", has_text="Filiation")
    assert legend.count() == 1 and not legend.is_visible()
    assert "Filiation" not in accessible_names(page)
    assert "Nom du père" not in accessible_names(page)

    # No country yet: Code postal is not required; France makes it required, then not again.
    mark = page.locator("label[for='code_postal'] [data-required-mark]")
    assert not mark.is_visible()
    assert page.get_attribute("#code_postal", "aria-required") is None
    page.select_option("#adresse_pays", "FR")
    assert mark.is_visible()
    assert page.get_attribute("#code_postal", "aria-required") == "true"
    assert page.inner_text("label[for='code_postal']").strip() == "Code postal\xa0*"
    shoot(page, "cfg-identification-france")
    accessibility_audit(page, "wizard/cfg-identification-axe")
    page.select_option("#adresse_pays", "BE")
    assert not mark.is_visible()
    assert page.get_attribute("#code_postal", "aria-required") is None
    accessibility_audit.assert_clean()


def test_the_cap_recapitulatif_lists_the_declared_diploma_and_grade(
    portal: Portal, accessibility_audit: Any
) -> None:
    page = portal.page
    address, session_id = seed(portal.live, "cap")
    portal.login(address, PASSWORD)
    start(portal, "cap", session_id)
    fill_and_next(portal, "wizard/cap-01", {"modalites_acceptees": "y"})
    fill_and_next(portal, "wizard/cap-02", {**IDENTIFICATION, "email": address})
    fill_and_next(portal, "wizard/cap-03", INFORMATIONS)
    fill_and_next(portal, "wizard/cap-04",
                  {"specialite": "cuisine", "forme": "globale", "dispense_eps": "non"})
    for name, value in (
        ("diplomes-0-diploma", "bep"),
        ("diplomes-0-year", "2015"),
        ("diplomes-0-academy", rennes(portal.live)),
    ):
        answer(page, name, value)
    press(portal, "actualiser-acquis")
    for name, value in (("notes-0-unit", "EP1"), ("notes-0-grade", "12,5"),
                        ("notes-0-year", "2025")):
        answer(page, name, value)
    fill_and_next(portal, "wizard/cap-05", {})
    fill_and_next(portal, "wizard/cap-06", {})
    assert "Récapitulatif" in page.inner_text("#titre-onglet")
    declared = page.inner_text("#acquis-declares")
    assert "Acquis déclarés" in declared
    assert "2015" in declared and "ACADÉMIE DE RENNES" in declared
    assert "EP1 - " in declared and "12,5/20" in declared
    shoot(page, "cap-recapitulatif-acquis-declares")
    accessibility_audit(page, "wizard/cap-recapitulatif-axe")
    accessibility_audit.assert_clean()
