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

    # France is the address country until another is chosen: Code postal is required from the
    # first display, no longer for a foreign country, and again when France comes back.
    mark = page.locator("label[for='code_postal'] [data-required-mark]")
    assert mark.is_visible()
    page.select_option("#adresse_pays", "BE")
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
                        ("notes-0-year", "2025"), ("notes-0-academy", rennes(portal.live)),
                        ("notes-0-speciality", "cuisine")):
        answer(page, name, value)
    fill_and_next(portal, "wizard/cap-05", {})
    # CAP Cuisine's compulsory language unit (EG5).
    fill_and_next(portal, "wizard/cap-06", {"langue-EG5": "anglais"})
    assert "Récapitulatif" in page.inner_text("#titre-onglet")
    declared = page.inner_text("#acquis-declares")
    assert "Acquis déclarés" in declared
    assert "2015" in declared and "ACADÉMIE DE RENNES" in declared
    assert "EP1 - " in declared and "12,5/20" in declared
    shoot(page, "cap-recapitulatif-acquis-declares")
    accessibility_audit(page, "wizard/cap-recapitulatif-axe")
    accessibility_audit.assert_clean()


def open_bacpro_session(live: Any) -> int:
    """A Bac Pro session open now in Rennes, beside the CFG one `seed` opened."""
    from datetime import date, timedelta

    from web.core import db as database
    from web.core.models import ExamSession, RegistrationPeriod, utcnow

    with live.app.app_context():
        db = database.session()
        session = ExamSession(exam_code="bacpro", label="JUIN 2027", year=2027,
                              starts_on=date(2027, 6, 1))
        session.periods.append(RegistrationPeriod(
            academy_code=rennes(live), opens_at=utcnow() - timedelta(days=3),
            closes_at=utcnow() + timedelta(days=30)))
        db.add(session)
        db.commit()
        return int(session.id)


def test_a_tab_left_open_is_refused_when_stale_and_when_its_draft_is_gone(
    portal: Portal, accessibility_audit: Any
) -> None:
    from sqlalchemy import delete

    from web.core import db as database
    from web.core.models import CandidatureDraft

    page = portal.page
    address, session_id = seed(portal.live, "cfg")
    bacpro_session = open_bacpro_session(portal.live)
    portal.login(address, PASSWORD)
    start(portal, "cfg", session_id)
    other = page.context.new_page()           # the same Identification in a second tab
    other.goto(page.url)

    fill_and_next(portal, "wizard/stale-01-first-tab", {**IDENTIFICATION, "email": address})
    assert "Informations candidature" in page.inner_text("#titre-onglet")
    other.fill("#adresse_1", "1 place de la Gare")
    with other.expect_navigation():
        other.click("#bouton-suivant")
    assert "Cette page n'était plus à jour" in other.inner_text("main")
    assert other.input_value("#adresse_1") == IDENTIFICATION["adresse_1"]  # the stored answer
    shoot(other, "stale-02-older-revision-refused")
    accessibility_audit(other, "wizard/stale-older-revision-axe")

    # Back in the first tab shows the page again at the current revision: Suivant is accepted.
    page.go_back()
    assert page.input_value("#adresse_1") == IDENTIFICATION["adresse_1"]
    page.fill("#adresse_4", "Bâtiment B")
    portal.submit("#bouton-suivant")
    assert "Informations candidature" in page.inner_text("#titre-onglet")

    # The CFG draft ends; a Bac Pro one starts in the first tab; the second tab posts again.
    with portal.live.app.app_context():
        db = database.session()
        db.execute(delete(CandidatureDraft))
        db.commit()
    start(portal, "bacpro", bacpro_session)
    fill_and_next(portal, "wizard/stale-03-bacpro", {"modalites_acceptees": "y"})
    fill_and_next(portal, "wizard/stale-04-bacpro", {**IDENTIFICATION, "email": address})
    other.fill("#adresse_1", "1 place de la Gare")
    with other.expect_navigation():
        other.click("#bouton-suivant")
    assert other.url.endswith("/mes-inscriptions")
    assert "Cette inscription en cours n'existe plus" in other.inner_text("main")
    shoot(other, "stale-05-deleted-draft-refused")
    accessibility_audit(other, "wizard/stale-deleted-draft-axe")
    with portal.live.app.app_context():
        [draft] = database.session().query(CandidatureDraft).all()
        assert draft.exam_code == "bacpro"
        assert draft.answers["fields"]["adresse_1"] == IDENTIFICATION["adresse_1"]
    other.close()
    accessibility_audit.assert_clean()
