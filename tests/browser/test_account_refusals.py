"""Créer mon compte in Chromium: a name with digits, impossible birth dates, a known address."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from portal_steps import Identity, Portal


def test_a_name_with_digits_and_a_birth_date_in_2020_are_refused_in_the_browser(
    portal: Portal, new_email: Callable[..., str], accessibility_audit: Any
) -> None:
    who = Identity(email=new_email("etat-civil"), nom_naissance="DUP0NT",
                   date_naissance="12/04/2020")
    portal.open("account.create")
    portal.fill_creation_form(who)
    portal.submit("#bouton-creer-compte")
    summary = portal.page.inner_text("#resume-erreurs")
    assert "« 0 » n'est pas accepté." in summary
    assert "vous auriez moins de 14 ans" in summary
    assert portal.page.get_attribute("#nom_naissance", "maxlength") == "100"
    accessibility_audit(portal.page, "compte-30-etat-civil-refuse")

    portal.page.fill("#nom_naissance", "DUPONT")
    portal.page.fill("#nom_naissance_confirmation", "DUPONT")
    portal.page.fill("#date_naissance", "31/02/1998")
    portal.page.fill("#date_naissance_confirmation", "31/02/1998")
    portal.page.fill("#password", who.password)
    portal.page.fill("#password_confirmation", who.password)
    portal.submit("#bouton-creer-compte")
    summary = portal.page.inner_text("#resume-erreurs")
    assert "cette date n'existe pas" in summary and "nom de naissance" not in summary
    accessibility_audit(portal.page, "compte-31-date-inexistante")
    accessibility_audit.assert_clean()


def test_a_known_address_explains_the_two_cases_and_activation_says_the_guides_sentence(
    portal: Portal, new_email: Callable[..., str], accessibility_audit: Any
) -> None:
    who = Identity(email=new_email("doublon"))
    portal.create_account(who)
    portal.activate(who.email)
    assert "vous pouvez maintenant procéder à votre inscription" in portal.page.inner_text(
        "#compte-active")
    accessibility_audit(portal.page, "compte-32-compte-active")

    portal.open("account.create")
    portal.fill_creation_form(who)
    portal.submit("#bouton-creer-compte")
    assert "sert déjà d'identifiant de connexion" in portal.page.inner_text("#resume-erreurs")
    explanation = portal.page.inner_text("#explication-adresse-existante")
    assert "Vous ou l'un de vos proches avez déjà créé un compte" in explanation
    assert "Il existe déjà un candidat qui possède la même adresse mail" in explanation
    accessibility_audit(portal.page, "compte-33-adresse-deja-connue")
    accessibility_audit.assert_clean()
