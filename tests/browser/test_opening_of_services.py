"""Ouverture des services in Chromium: domain → exam → session → academy, then the periods."""

from __future__ import annotations

from portal_steps import OpenSession, Portal


def _choose(portal: Portal, select_id: str, value: str) -> None:
    portal.page.select_option(f"#{select_id}", value)
    portal.submit("#bouton-valider-ouverture")


def test_the_choice_chain_shows_the_open_period_of_the_chosen_academy(
    portal: Portal, cfg_session_open_in_aix: OpenSession
) -> None:
    portal.open("public.home")
    portal.page.locator("#menu-ouverture:visible").first.click()
    _choose(portal, "domaine", "examen")
    _choose(portal, "examen", "cfg")
    _choose(portal, "session", cfg_session_open_in_aix.session_id)
    # The academies with a period say so in the list, as in the guide.
    option = portal.page.locator(
        f"#academie option[value='{cfg_session_open_in_aix.open_academy}']"
    )
    assert "CFG 2027" in option.inner_text()
    _choose(portal, "academie", cfg_session_open_in_aix.open_academy)

    summary = portal.page.inner_text("#resume-selection")
    for chosen in ("Examen", "CERTIFICAT DE FORMATION GÉNÉRALE", "CFG 2027", "AIX-MARSEILLE"):
        assert chosen in summary
    periods = portal.page.text_content("#periodes") or ""  # DOM text: the badge is CSS-uppercased
    assert "Ouvert" in periods
    assert "heure de Paris" in periods


def test_only_the_academies_offering_the_session_are_listed_the_others_have_no_service(
    portal: Portal, cfg_session_open_in_aix: OpenSession
) -> None:
    portal.open("public.opening")
    _choose(portal, "domaine", "examen")
    _choose(portal, "examen", "cfg")
    _choose(portal, "session", cfg_session_open_in_aix.session_id)
    listed = portal.page.locator("#academie option").evaluate_all("o => o.map(e => e.value)")
    assert listed == [cfg_session_open_in_aix.open_academy]
    # An academy reached by its address (a bookmark) says that nothing is open there.
    portal.page.goto(portal.page.url.split("?")[0] + "?domaine=examen&examen=cfg&session="
                     f"{cfg_session_open_in_aix.session_id}"
                     f"&academie={cfg_session_open_in_aix.other_academy}")
    assert portal.page.locator("#periodes").count() == 0
    assert "Aucun service n'est ouvert" in portal.page.inner_text("#aucun-service")


def test_the_selection_summary_goes_back_to_an_earlier_choice(
    portal: Portal, cfg_session_open_in_aix: OpenSession
) -> None:
    portal.open("public.opening")
    _choose(portal, "domaine", "examen")
    _choose(portal, "examen", "cfg")
    with portal.page.expect_navigation():
        portal.page.locator("#resume-selection a", has_text="CERTIFICAT DE FORMATION").click()
    # Back at the exam choice, with the domain kept.
    assert portal.page.locator("#examen").is_visible()
    assert portal.page.locator("#session").count() == 0
