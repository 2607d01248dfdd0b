"""Ouverture des services in Chromium: domain → exam → session → academy, then the periods."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from portal_steps import Portal

AIX_MARSEILLE = "02"
AMIENS = "20"


@pytest.fixture
def cfg_session_open_in_aix(live_server: Any) -> str:
    """A CFG session whose general-public period is open now in Aix-Marseille only."""
    from web import db as database
    from web.models import ExamSession, RegistrationPeriod, utcnow

    with live_server.app.app_context():
        db = database.session()
        session = ExamSession(exam_code="cfg", label="CFG 2027", year=2027)
        now = utcnow()
        session.periods.append(
            RegistrationPeriod(
                academy_code=AIX_MARSEILLE,
                opens_at=now - timedelta(days=3),
                closes_at=now + timedelta(days=30),
            )
        )
        db.add(session)
        db.commit()
        return str(session.id)


def _choose(portal: Portal, select_id: str, value: str) -> None:
    portal.page.select_option(f"#{select_id}", value)
    portal.submit("#bouton-valider-ouverture")


def test_the_choice_chain_shows_the_open_period_of_the_chosen_academy(
    portal: Portal, cfg_session_open_in_aix: str
) -> None:
    portal.open("public.home")
    portal.page.locator("#menu-ouverture:visible").first.click()
    _choose(portal, "domaine", "examen")
    _choose(portal, "examen", "cfg")
    _choose(portal, "session", cfg_session_open_in_aix)
    # The academies with a period say so in the list, as in the guide.
    option = portal.page.locator(f"#academie option[value='{AIX_MARSEILLE}']")
    assert "CFG 2027" in option.inner_text()
    _choose(portal, "academie", AIX_MARSEILLE)

    summary = portal.page.inner_text("#resume-selection")
    for chosen in ("Examen", "CERTIFICAT DE FORMATION GÉNÉRALE", "CFG 2027", "AIX-MARSEILLE"):
        assert chosen in summary
    periods = portal.page.text_content("#periodes") or ""  # DOM text: the badge is CSS-uppercased
    assert "Ouvert" in periods
    assert "heure de Paris" in periods


def test_an_academy_without_period_says_no_service_is_open(
    portal: Portal, cfg_session_open_in_aix: str
) -> None:
    portal.open("public.opening")
    _choose(portal, "domaine", "examen")
    _choose(portal, "examen", "cfg")
    _choose(portal, "session", cfg_session_open_in_aix)
    _choose(portal, "academie", AMIENS)
    assert portal.page.locator("#periodes").count() == 0
    assert "Aucun service n'est ouvert" in portal.page.inner_text("#aucun-service")


def test_the_selection_summary_goes_back_to_an_earlier_choice(
    portal: Portal, cfg_session_open_in_aix: str
) -> None:
    portal.open("public.opening")
    _choose(portal, "domaine", "examen")
    _choose(portal, "examen", "cfg")
    with portal.page.expect_navigation():
        portal.page.locator("#resume-selection a", has_text="CERTIFICAT DE FORMATION").click()
    # Back at the exam choice, with the domain kept.
    assert portal.page.locator("#examen").is_visible()
    assert portal.page.locator("#session").count() == 0
