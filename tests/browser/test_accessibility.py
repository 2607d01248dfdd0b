"""Every page, in every state a candidate meets, passes axe-core's WCAG 2.1 A/AA rules with
no violation of any impact, and reflows at 320 px without horizontal scrolling.

Each page is also saved as a screenshot under /tmp/examforms-screenshots (as served and at
320 px) for a human look.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from portal_steps import PASSWORD, Identity, OpenSession, Portal


def test_every_public_page_has_no_accessibility_violation(
    portal: Portal,
    accessibility_audit: Any,
    cfg_session_open_in_aix: OpenSession,
    new_email: Callable[..., str],
) -> None:
    page, audit = portal.page, accessibility_audit
    portal.open("public.home")
    audit(page, "public-01-accueil")
    portal.open("public.help")
    audit(page, "public-02-aide")
    portal.open("public.legal")
    audit(page, "public-03-mentions-legales")
    with page.expect_navigation():
        page.click("#lien-accessibilite")
    assert page.inner_text("h1") == "Déclaration d'accessibilité"
    audit(page, "public-04-declaration-accessibilite")

    portal.open("public.opening")
    audit(page, "public-10-ouverture-domaine")
    portal.open("public.opening", domaine="examen")
    audit(page, "public-11-ouverture-examen")
    portal.open("public.opening", domaine="examen", examen="cfg")
    audit(page, "public-12-ouverture-session")
    opening = cfg_session_open_in_aix
    session = opening.session_id
    portal.open("public.opening", domaine="examen", examen="cfg", session=session)
    audit(page, "public-13-ouverture-academie")
    portal.open(
        "public.opening",
        domaine="examen",
        examen="cfg",
        session=session,
        academie=opening.open_academy,
    )
    audit(page, "public-14-ouverture-periodes")
    portal.open(
        "public.opening",
        domaine="examen",
        examen="cfg",
        session=session,
        academie=opening.other_academy,
    )
    audit(page, "public-15-ouverture-aucun-service")

    portal.open("account.login")
    audit(page, "public-20-connexion")
    portal.submit("#bouton-se-connecter")
    audit(page, "public-21-connexion-champs-vides")
    portal.login("personne@example.org", "Mauvais!123")
    audit(page, "public-22-connexion-refusee")
    portal.open("account.login_help")
    audit(page, "public-23-aide-connexion")

    portal.open("account.create")
    audit(page, "public-30-creer-compte")
    portal.submit("#bouton-creer-compte")
    audit(page, "public-31-creer-compte-erreurs")
    who = Identity(email=new_email("a11y"))
    portal.fill_creation_form(who)
    page.fill("#password_confirmation", "Autre!chose1")
    page.fill("#date_naissance_confirmation", "15/03/2004")
    portal.submit("#bouton-creer-compte")
    audit(page, "public-32-creer-compte-confirmations-differentes")
    portal.create_account(who)
    audit(page, "public-33-compte-en-creation")

    link = portal.link_from_mail(who.email, "Activer mon compte", "/compte/activer/")
    page.goto(link)
    audit(page, "public-40-compte-active")
    page.goto(link)
    audit(page, "public-41-activation-deja-faite")
    page.goto(link[:-6] + "abcdef")
    audit(page, "public-42-activation-lien-inconnu")

    portal.open("account.forgot")
    audit(page, "public-50-mot-de-passe-oublie")
    portal.submit("#bouton-valider-oubli")
    audit(page, "public-51-mot-de-passe-oublie-vide")
    page.fill("#identifiant", who.email)
    portal.submit("#bouton-valider-oubli")
    audit(page, "public-52-mot-de-passe-oublie-envoye")
    reset = portal.link_from_mail(who.email, "Réinitialisation", "/mot-de-passe/")
    page.goto(reset)
    audit(page, "public-53-nouveau-mot-de-passe")
    page.fill("#password", "court")
    portal.submit("#bouton-enregistrer-mot-de-passe")
    audit(page, "public-54-nouveau-mot-de-passe-refuse")
    page.goto(reset[:-6] + "abcdef")
    audit(page, "public-55-lien-reinitialisation-inconnu")

    page.goto(portal.live.url + "/page-qui-n-existe-pas")
    audit(page, "public-60-page-introuvable")

    accessibility_audit.assert_clean()


def test_every_account_page_has_no_accessibility_violation(
    portal: Portal,
    accessibility_audit: Any,
    new_email: Callable[..., str],
) -> None:
    page, audit = portal.page, accessibility_audit
    who = Identity(email=new_email("a11y-compte"))
    portal.register_and_activate(who)
    portal.login(who.email)
    audit(page, "compte-01-mes-inscriptions")

    portal.open("candidate.messages")
    audit(page, "compte-02-mes-messages")
    with page.expect_navigation():
        page.locator("#table-messages a").first.click()
    audit(page, "compte-03-detail-message")

    portal.open("account.modify")
    audit(page, "compte-10-modifier-mon-compte")
    changed_email = new_email("a11y-nouvelle")
    page.fill("#email", changed_email)
    page.fill("#email_confirmation", "autre" + changed_email)
    portal.submit("#bouton-enregistrer-compte")
    audit(page, "compte-11-modifier-mon-compte-erreurs")
    page.fill("#email_confirmation", changed_email)
    page.fill("#current_password", PASSWORD)
    portal.submit("#bouton-enregistrer-compte")
    audit(page, "compte-12-modifier-mon-compte-enregistre")
    confirm = portal.link_from_mail(changed_email, "Confirmer", "/compte/email/")
    page.goto(confirm)
    audit(page, "compte-13-adresse-confirmee")
    page.goto(confirm)
    audit(page, "compte-14-lien-adresse-deja-utilise")

    portal.open("account.delete")
    audit(page, "compte-20-supprimer-mon-compte")

    accessibility_audit.assert_clean()


def test_the_small_screen_menu_and_forms_have_no_serious_accessibility_violation(
    make_page: Any, live_server: Any, accessibility_audit: Any
) -> None:
    page = make_page(width=390, height=844)
    page.goto(live_server.url + "/")
    accessibility_audit(page, "mobile-01-accueil")
    page.get_by_role("button", name="Menu").first.click()
    page.wait_for_timeout(300)  # the DSFR modal slides in
    accessibility_audit(page, "mobile-02-menu-ouvert")
    page.goto(live_server.path("account.create"))
    accessibility_audit(page, "mobile-03-creer-compte")
    accessibility_audit.assert_clean()
