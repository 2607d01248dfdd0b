"""FranceConnect in Chromium, against the local OpenID provider: a newcomer signs up with a
test identity, finds a greyed civil status, signs out of both and back in."""

from __future__ import annotations

from typing import Any

import pytest
from portal_steps import Portal


@pytest.fixture
def franceconnect(live_server: Any, oidc_provider: Any) -> Any:
    """The live portal configured for the local provider, which knows its URIs."""
    live_server.app.config.update(oidc_provider.portal_settings())
    oidc_provider.allow(live_server.url)
    return oidc_provider


def _accounts(live_server: Any) -> list[tuple[str, str | None]]:
    from sqlalchemy import select

    from web.core import db as database
    from web.core.models import Account

    with live_server.app.app_context():
        rows = database.session().scalars(select(Account))
        return [(a.email, a.oidc_subject) for a in rows]


def _sign_in_with(portal: Portal, provider: Any, identity_key: str) -> None:
    page = portal.page
    with page.expect_navigation():
        page.click("#bouton-franceconnect")
    assert page.url.startswith(provider.url + "/authorize")
    with page.expect_navigation(url=f"{portal.live.url}/**"):
        page.click(f"#identite-{identity_key}")


def test_a_newcomer_signs_up_with_franceconnect_signs_out_of_both_and_back_in(
    portal: Portal,
    franceconnect: Any,
    live_server: Any,
    cfg_open_in_rennes: int,
    screenshot: Any,
    axe_check: Any,
) -> None:
    page = portal.page
    portal.open("account.create")
    assert page.locator("#bouton-franceconnect").is_visible()
    assert "Via FranceConnect" in page.inner_text("#bloc-franceconnect")
    screenshot(page, "franceconnect-01-creer-mon-compte")
    axe_check(page)
    with page.expect_navigation():
        page.click("#lien-qu-est-ce-que-franceconnect")
    assert "Qu'est-ce que FranceConnect ?" in page.inner_text("h1")

    portal.open("account.login")
    screenshot(page, "franceconnect-02-connexion")
    axe_check(page)
    _sign_in_with(portal, franceconnect, "jean-baptiste")
    assert portal.logged_in_as() == "Jean-Baptiste MOREAU"
    assert "créé avec votre identité FranceConnect" in page.inner_text("main")
    [(email, subject)] = _accounts(live_server)
    assert email == "jb.delafontaine@example.org" and subject

    # Modifier mon compte: the civil status is greyed and said to come from FranceConnect.
    portal.open("account.modify")
    assert page.locator("#etat-civil-franceconnect").is_visible()
    for field_id, value in (
        ("#nom_naissance", "DE LA FONTAINE-MARTIN"),
        ("#prenoms", "Jean-Baptiste Marie"),
        ("#nom_usage", "MOREAU"),
    ):
        assert page.locator(field_id).is_disabled()
        assert page.input_value(field_id) == value
    assert page.locator("#email").is_enabled()
    assert page.get_by_text("Transmis par FranceConnect", exact=True).count() == 8
    screenshot(page, "franceconnect-03-modifier-mon-compte")
    axe_check(page)

    # The wizard's identity tab says the same.
    portal.choose_exam("cfg", cfg_open_in_rennes)
    portal.submit("#bouton-demarrer")
    # Read-only in the wizard (reachable with Tab, never posted), marked as FranceConnect's.
    assert not page.locator("#nom_naissance").is_editable()
    assert page.locator("#nom_naissance").get_attribute("name") is None
    assert page.locator("#groupe-nom_naissance").get_by_text("Transmis par FranceConnect").count()
    screenshot(page, "franceconnect-04-onglet-identification")

    # Logout ends the provider's session too, and comes back to the portal.
    portal.logout()
    assert page.url.rstrip("/") == live_server.url
    assert "déconnecté, du portail et de FranceConnect" in page.inner_text("main")
    assert portal.logged_in_as() is None
    page.goto(franceconnect.url + "/")
    assert page.locator("#aucune-session").is_visible()

    # Back in: the provider asks again (no session there), the same account opens.
    portal.open("account.login")
    with page.expect_navigation():
        page.click("#bouton-franceconnect")
    assert page.locator("#session-ouverte").count() == 0
    with page.expect_navigation(url=f"{live_server.url}/**"):
        page.click("#identite-jean-baptiste")
    assert portal.logged_in_as() == "Jean-Baptiste MOREAU"
    assert len(_accounts(live_server)) == 1


def test_an_identity_without_email_gets_a_french_refusal_and_no_account(
    portal: Portal, franceconnect: Any, live_server: Any, screenshot: Any, axe_check: Any
) -> None:
    portal.open("account.login")
    _sign_in_with(portal, franceconnect, "sophie")
    assert "Connexion avec FranceConnect impossible" in portal.page.inner_text("h1")
    assert "ne nous a pas transmis d'adresse mail" in portal.page.inner_text("main")
    screenshot(portal.page, "franceconnect-05-refus-sans-email")
    axe_check(portal.page)
    assert portal.logged_in_as() is None
    assert _accounts(live_server) == []
