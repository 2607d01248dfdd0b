"""In Chromium: a gestionnaire opens a session from the back office, then a candidate finds
it in Ouverture des services and starts registering."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from portal_steps import Portal

PASSWORD = "Motdepasse!1"
PARIS = ZoneInfo("Europe/Paris")


def _candidate(live: Any) -> str:
    from web.account.services import email_key
    from web.core import db as database
    from web.core.models import Account, utcnow
    from web.core.security import hash_password

    address = f"lea.dupont.{uuid.uuid4().hex[:10]}@example.org"
    with live.app.app_context():
        db = database.session()
        db.add(Account(
            email=address, email_key=email_key(address), password_hash=hash_password(PASSWORD),
            activated_at=utcnow(), sexe="F", nom_naissance="DUPONT", prenoms="Léa",
            date_naissance=date(2001, 3, 14), pays_naissance="FR", departement_naissance="35",
            commune_naissance="35238", commune_naissance_label="Rennes",
        ))
        db.commit()
    return address


def _staff_login(portal: Portal, live: Any) -> None:
    from tests.conftest import StaffActions

    actions = StaffActions(live.app, None)
    account = actions.create("rennes")
    page = portal.page
    page.goto(live.url + "/gestion/connexion")
    page.fill("#email", account.email)
    page.fill("#password", PASSWORD)
    portal.submit("#bouton-connexion-gestion")
    page.fill("#code", actions.code_for(account))
    portal.submit("#bouton-code")


def test_a_session_opened_in_the_back_office_is_found_and_started_by_a_candidate(
    portal: Portal, live_server: Any, accessibility_audit: Any
) -> None:
    audit = accessibility_audit
    page = portal.page
    _staff_login(portal, live_server)
    with page.expect_navigation():
        page.locator("#menu-sessions:visible").first.click()
    audit(page, "gestion-sessions-10-liste-vide")
    with page.expect_navigation():
        page.click("#bouton-nouvelle-session")
    # Submitted empty first: the summary lists what is missing, each linked to its field.
    portal.submit("#bouton-ouvrir-session")
    summary = page.inner_text("#resume-erreurs")
    assert "Examen : Veuillez renseigner l'examen." in summary
    audit(page, "gestion-sessions-11-nouvelle-erreurs")
    page.select_option("#exam", "cfg")
    page.fill("#label", "Juin 2027")
    page.fill("#year", "2027")
    page.fill("#starts_on", "01/06/2027")
    audit(page, "gestion-sessions-12-nouvelle")
    portal.submit("#bouton-ouvrir-session")
    assert "La session JUIN 2027 est ouverte pour ACADÉMIE DE RENNES" in page.inner_text("main")
    assert page.locator("#aucune-periode").is_visible()

    with page.expect_navigation():
        page.click("#bouton-ajouter-periode")
    today = date.today()
    page.fill("#opens_on", (today - timedelta(days=1)).strftime("%d/%m/%Y"))
    page.fill("#closes_on", (today + timedelta(days=30)).strftime("%d/%m/%Y"))
    assert page.input_value("#opens_time") == "00:00"
    assert page.input_value("#closes_time") == "23:59"
    audit(page, "gestion-sessions-13-periode")
    portal.submit("#bouton-enregistrer-periode")
    table = page.inner_text("#tableau-periodes")
    closes = (today + timedelta(days=30)).strftime("%d/%m/%Y")
    assert f"{closes} à 23:59" in table and "Ouverte" in table
    audit(page, "gestion-sessions-14-session")
    # The academy's dates and the closing confirmation (not confirmed: the session stays open).
    with page.expect_navigation():
        page.click("#bouton-modifier-dates")
    page.fill("#return_by", "01/01/2020")
    portal.submit("#bouton-enregistrer-dates")
    assert "ne peut pas précéder la fermeture des inscriptions" in page.inner_text(
        "#resume-erreurs")
    audit(page, "gestion-sessions-16-dates-erreur")
    page.fill("#return_by", (today + timedelta(days=45)).strftime("%d/%m/%Y"))
    portal.submit("#bouton-enregistrer-dates")
    assert (today + timedelta(days=45)).strftime("%d/%m/%Y") in page.inner_text("#date-retour")
    with page.expect_navigation():
        page.click("#bouton-fermer-session")
    assert "sans retour possible" in page.inner_text("#consequences-fermeture")
    audit(page, "gestion-sessions-17-fermeture")
    with page.expect_navigation():
        page.locator("#menu-sessions:visible").first.click()
    assert "Inscriptions ouvertes" in page.inner_text("#tableau-sessions-gestion")
    audit(page, "gestion-sessions-15-liste")
    with page.expect_navigation():
        page.click("#menu-deconnexion-gestion")

    # The candidate: Ouverture des services finds the session in Rennes, then registers.
    email = _candidate(live_server)
    portal.open("public.opening")
    for select, value in (("#domaine", "examen"), ("#examen", "cfg")):
        page.select_option(select, value)
        portal.submit("#bouton-valider-ouverture")
    page.select_option("#session", label="JUIN 2027")
    portal.submit("#bouton-valider-ouverture")
    listed = page.locator("#academie option").evaluate_all("o => o.map(e => e.textContent)")
    assert listed == ["ACADÉMIE DE RENNES - (JUIN 2027)"]
    portal.submit("#bouton-valider-ouverture")
    periods = page.text_content("#periodes") or ""
    assert f"{closes} à 23:59 (heure de Paris)" in periods and "Ouvert" in periods
    audit(page, "gestion-sessions-20-ouverture-des-services")

    portal.login(email, PASSWORD)
    portal.open("candidate.registrations")
    with page.expect_navigation():
        page.click("#ajouter-candidature")
    page.select_option("#domaine", "examen")
    portal.submit("#bouton-valider-choix")
    page.select_option("#examen", "cfg")
    portal.submit("#bouton-valider-choix")
    page.select_option("#session", label="JUIN 2027")
    portal.submit("#bouton-valider-choix")
    page.select_option("#academie", "rennes")
    portal.submit("#bouton-valider-choix")
    audit(page, "gestion-sessions-21-choix-candidat")
    portal.submit("#bouton-demarrer")
    assert "Étape 1 sur 4" in page.inner_text("#etapes")
    assert page.input_value("#nom_naissance") == "DUPONT"
    audit(page, "gestion-sessions-22-premier-onglet")
    audit.assert_clean()
