"""A gestionnaire's first login in Chromium: password, QR code, code, recovery codes, home."""

from __future__ import annotations

import re
from typing import Any

import pyotp


def test_a_gestionnaire_enrols_the_second_factor_and_reaches_the_back_office(
    portal: Any, accessibility_audit: Any
) -> None:
    page = portal.page
    account = portal.create_staff("rennes", enrolled=False)
    portal.open("backoffice.home")
    assert "/gestion/connexion" in page.url
    accessibility_audit(page, "backoffice/01-connexion")
    page.fill("#email", account.email)
    page.fill("#password", "Examen!2026")
    portal.submit("#bouton-connexion-gestion")
    assert page.url.endswith("/gestion/connexion/activation")
    assert page.locator("#qr-code").is_visible()
    assert page.evaluate("() => document.querySelector('#qr-code').naturalWidth") > 0
    accessibility_audit(page, "backoffice/02-activation-qr-code")
    secret = page.inner_text("#cle-secrete").replace(" ", "")
    page.fill("#code", "123456" if pyotp.TOTP(secret).now() != "123456" else "654321")
    portal.submit("#bouton-activer")
    assert "Code incorrect ou déjà utilisé" in page.inner_text("#resume-erreurs")
    accessibility_audit(page, "backoffice/03-activation-code-refuse")
    page.fill("#code", pyotp.TOTP(secret).now())
    portal.submit("#bouton-activer")
    codes = re.findall(r"[A-Z0-9]{5}-[A-Z0-9]{5}", page.inner_text("#codes-secours"))
    assert len(codes) == 10
    accessibility_audit(page, "backoffice/04-codes-de-secours")
    with page.expect_navigation():
        page.click("#bouton-continuer")
    assert "Gestion des examens - ACADÉMIE DE RENNES" in page.inner_text("h1")
    accessibility_audit(page, "backoffice/05-accueil")
    accessibility_audit.assert_clean()
    with page.expect_navigation():
        page.locator("#menu-deconnexion-gestion:visible").first.click()
    assert page.url.endswith("/gestion/connexion")


def test_the_administrator_reads_the_journal_after_a_login_with_a_code(
    portal: Any, accessibility_audit: Any
) -> None:
    admin = portal.create_staff(None, admin=True)
    portal.staff_login(admin, "Examen!2026")
    page = portal.page
    page.locator("#menu-journal:visible").first.click()
    page.wait_for_selector("#tableau-journal")
    text = page.inner_text("#tableau-journal")
    assert "Connexion au back office" in text
    assert "Création du compte administrateur" in text
    accessibility_audit(page, "backoffice/06-journal")
    accessibility_audit.assert_clean()
