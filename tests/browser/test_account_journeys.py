"""A candidate's account, end to end in Chromium: creation, activation mail, login, reset, email."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from portal_steps import PASSWORD, Identity, Portal


def test_a_candidate_creates_an_account_activates_it_from_the_mail_and_logs_in_and_out(
    portal: Portal,
    live_server: Any,
    new_email: Callable[..., str],
) -> None:
    who = Identity(email=new_email("creation"))
    portal.create_account(who)
    assert who.email in portal.page.inner_text("#adresse-activation")

    # Before activation the account exists but cannot log in.
    portal.login(who.email)
    assert portal.logged_in_as() is None

    mail = live_server.sink.wait_for(who.email, "Activer mon compte")
    assert str(mail["Subject"]).startswith("[")  # the portal's name prefixes the subject
    assert "48" in live_server.sink.text_of(mail)
    portal.activate(who.email)

    portal.login(who.email)
    assert portal.logged_in_as() == "Léa DUPONT"
    portal.logout()
    assert portal.logged_in_as() is None
    assert portal.page.locator("#menu-connexion:visible").count() == 1


def test_the_activation_link_used_twice_gets_a_clear_page(
    portal: Portal, new_email: Callable[..., str]
) -> None:
    who = Identity(email=new_email("deux-fois"))
    portal.create_account(who)
    link = portal.link_from_mail(who.email, "Activer mon compte", "/compte/activer/")
    portal.page.goto(link)
    portal.page.wait_for_selector("#compte-active")
    portal.page.goto(link)
    assert "déjà" in portal.page.inner_text("main")


def test_a_forgotten_password_is_reset_from_the_mail_and_the_new_one_logs_in(
    portal: Portal,
    new_email: Callable[..., str],
) -> None:
    who = Identity(email=new_email("oubli"))
    portal.register_and_activate(who)

    portal.open("account.login")
    portal.page.click("#lien-mot-de-passe-oublie")
    portal.page.fill("#identifiant", who.email)
    portal.page.get_by_role("button", name="Valider").click()
    portal.page.wait_for_selector("#oubli-envoye")

    link = portal.link_from_mail(who.email, "Réinitialisation du mot de passe", "/mot-de-passe/")
    portal.page.goto(link)
    new_password = "Nouveau#Pass9"
    portal.page.fill("#password", new_password)
    portal.page.fill("#password_confirmation", new_password)
    portal.submit("#bouton-enregistrer-mot-de-passe")

    portal.login(who.email, PASSWORD)
    assert portal.logged_in_as() is None
    portal.login(who.email, new_password)
    assert portal.logged_in_as() == "Léa DUPONT"

    # The link is single-use.
    portal.page.goto(link)
    assert portal.page.locator("#password").count() == 0


def test_changing_the_email_needs_the_link_sent_to_the_new_address_before_it_logs_in(
    portal: Portal,
    new_email: Callable[..., str],
) -> None:
    who = Identity(email=new_email("ancienne"))
    changed_email = new_email("nouvelle")
    portal.register_and_activate(who)
    portal.login(who.email)
    portal.page.locator("#menu-modifier-compte:visible").first.click()
    portal.page.fill("#email", changed_email)
    portal.page.fill("#email_confirmation", changed_email)
    portal.page.fill("#current_password", PASSWORD)
    portal.submit("#bouton-enregistrer-compte")
    assert changed_email in portal.page.inner_text("main")
    portal.logout()

    # Until the new address is confirmed, the old one stays the login.
    portal.login(changed_email)
    assert portal.logged_in_as() is None
    portal.page.goto(
        portal.link_from_mail(changed_email, "Confirmer ma nouvelle adresse mail", "/compte/email/")
    )
    assert changed_email in portal.page.inner_text("main")

    portal.login(who.email)
    assert portal.logged_in_as() is None
    portal.login(changed_email)
    assert portal.logged_in_as() == "Léa DUPONT"


def test_the_show_password_toggle_reveals_and_hides_the_password(portal: Portal) -> None:
    portal.open("account.create")
    portal.page.fill("#password", "Secret!123")
    field = portal.page.locator("#password")
    assert field.get_attribute("type") == "password"
    portal.page.locator("label[for='password-afficher']").click()
    assert field.get_attribute("type") == "text"
    assert field.input_value() == "Secret!123"
    portal.page.locator("label[for='password-afficher']").click()
    assert field.get_attribute("type") == "password"


def test_the_show_password_toggle_works_from_the_keyboard(portal: Portal) -> None:
    portal.open("account.login")
    # The toggle works once the DSFR script has bound it (it marks the box); a key pressed
    # before that, on a loaded machine, would tick a box nothing listens to yet.
    portal.page.wait_for_selector("#password-afficher[data-fr-js-password-toggle]",
                                  state="attached")
    portal.page.fill("#password", "Secret!123")
    portal.page.focus("#password")
    # Tab from the field reaches its toggle first (the forgotten-password link comes after).
    portal.page.keyboard.press("Tab")
    assert portal.page.evaluate("document.activeElement.id") == "password-afficher"
    portal.page.keyboard.press("Space")
    assert portal.page.locator("#password").get_attribute("type") == "text"


def test_error_summary_links_move_focus_to_the_field(portal: Portal) -> None:
    portal.open("account.create")
    portal.submit("#bouton-creer-compte")
    summary = portal.page.locator("#resume-erreurs")
    summary.wait_for()
    # The summary takes the focus on arrival, so a screen reader announces it first.
    assert portal.page.evaluate("document.activeElement.id") == "resume-erreurs"

    links = summary.locator("a")
    assert links.count() >= 5
    for index in range(links.count()):
        link = links.nth(index)
        target = (link.get_attribute("href") or "").removeprefix("#")
        link.click()
        focused = portal.page.evaluate("document.activeElement.id")
        assert focused == target, f"{link.inner_text()!r} should focus #{target}, not #{focused}"
