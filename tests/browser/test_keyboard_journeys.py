"""One registration to each exam completed with the keyboard alone (Tab, Shift+Tab, Enter,
Space, the arrows and typing), checking the focus after each action that reloads the Acquis
tab, and that every page of the flow has a title of its own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from keyboard_steps import Keyboard
from portal_steps import CANDIDATE_PASSWORD, Portal, open_in_rennes
from test_exams_cap_bacpro import IDENTIFICATION, INFORMATIONS

SHOTS = Path("/tmp/examforms-screenshots/keyboard")
# The contrast ratio (WCAG 2.1) of an element's text on its own background, as rendered.
CONTRAST = """s => {
  const e = document.querySelector(s), style = getComputedStyle(e);
  const lum = c => {
    const [r, g, b] = c.match(/[0-9.]+/g).slice(0, 3).map(v => {
      v = Number(v) / 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [lum(style.color), lum(style.backgroundColor)].sort((a, b) => b - a);
  return (hi + 0.05) / (lo + 0.05);
}"""


def shoot(keys: Keyboard, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    keys.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def begin(portal: Portal, candidate: Any, exam_code: str, session_id: int) -> Keyboard:
    keys = Keyboard(portal.page)
    keys.login(portal.live, candidate.email, CANDIDATE_PASSWORD)
    portal.open("candidate.registrations")
    keys.arrived()
    keys.choose_exam(exam_code, session_id, "rennes")
    return keys


def identification(keys: Keyboard, shot: str) -> None:
    """The account's data is read-only yet on the Tab path, with where to change it."""
    assert keys.page.title().startswith("Étape ")
    keys.skip_to_content()
    keys.tab_to("#nom_naissance")
    assert keys.page.get_attribute("#nom_naissance", "readonly") is not None
    assert keys.page.evaluate(CONTRAST, "#nom_naissance") >= 4.5
    shoot(keys, shot)
    keys.fill_tab(IDENTIFICATION)


def receipt(keys: Keyboard, shot: str) -> None:
    keys.page.wait_for_selector("#numero-inscription")
    assert keys.page.inner_text("#numero-inscription").strip() == "001"
    assert "N° Inscription" in keys.page.title()
    shoot(keys, shot)
    keys.assert_titles_unique()


def announced(keys: Keyboard) -> str:
    """The polite live region's text once the page has written it."""
    keys.page.wait_for_function(
        "() => document.getElementById('annonce-acquis').textContent.trim() !== ''"
    )
    return str(keys.page.inner_text("#annonce-acquis"))


def test_a_cfg_registration_with_the_keyboard_alone(
    portal: Portal, cfg_open_in_rennes: int, rennes_candidate: Any
) -> None:
    keys = begin(portal, rennes_candidate, "cfg", cfg_open_in_rennes)
    identification(keys, "cfg-01-identification")
    # Suivant refused: the title says so and the focus is on the error summary.
    keys.skip_to_content()
    keys.press_button("#bouton-suivant")
    assert keys.page.title().startswith("Erreur : Étape 2 sur 4")
    keys.assert_focus("#resume-erreurs")
    shoot(keys, "cfg-02-informations-erreurs")
    keys.fill_tab(INFORMATIONS)
    shoot(keys, "cfg-03-recapitulatif")
    keys.fill_tab({}, button="#bouton-enregistrer")
    receipt(keys, "cfg-04-numero-inscription")


def test_a_cap_registration_with_the_keyboard_alone_and_the_acquis_focus(
    portal: Portal, rennes_candidate: Any
) -> None:
    session_id = open_in_rennes(portal.live, "cap")
    keys = begin(portal, rennes_candidate, "cap", session_id)
    page = keys.page
    keys.fill_tab({"modalites_acceptees": "y"})
    identification(keys, "cap-02-identification")
    keys.fill_tab(INFORMATIONS)
    keys.fill_tab({"specialite": "cuisine", "forme": "globale", "dispense_eps": "non"})
    assert "Acquis" in page.title()

    # A year mistyped: Mettre à jour keeps the row as typed and focuses the summary.
    keys.skip_to_content()
    keys.choose("#diplomes-0-diploma", "bep")
    keys.type_into("#diplomes-0-year", "20x5")
    keys.choose("#diplomes-0-academy", "rennes")
    keys.press_button("#actualiser-acquis")
    keys.assert_focus("#resume-erreurs")
    assert page.title().startswith("Erreur : Étape 5 sur 9 – Acquis")
    assert page.input_value("#diplomes-0-year") == "20x5"
    assert page.input_value("#diplomes-0-diploma") == "bep"
    assert page.get_attribute("#diplomes-0-year", "aria-invalid") == "true"
    shoot(keys, "cap-05-acquis-annee-refusee")

    # Corrected: Mettre à jour returns to its button and says the dispenses granted.
    keys.type_into("#diplomes-0-year", "2015")
    keys.press_button("#actualiser-acquis")
    keys.assert_focus("#actualiser-acquis")
    assert "Dispense accordée" in announced(keys)
    shoot(keys, "cap-05-acquis-dispenses")

    # Ajouter un diplôme: the focus is on the new row (Shift+Tab back up to the button).
    keys.press_button("#ajouter-diplome")
    keys.assert_focus("#diplomes-1-diploma")
    assert "Aucune dispense" in announced(keys)

    # A grade, then Ajouter une note: the new row, and the bénéfice said.
    keys.choose("#notes-0-unit", "EP1")
    keys.type_into("#notes-0-grade", "12,5")
    keys.type_into("#notes-0-year", "2025")
    keys.press_button("#ajouter-note")
    keys.assert_focus("#notes-1-unit")
    assert "Bénéfice de note accordé" in announced(keys)
    shoot(keys, "cap-05-acquis-note")

    keys.fill_tab({})
    assert "Epreuves" in page.title() or "Épreuves" in page.title()
    keys.fill_tab({"langue-EG5": "anglais"})
    keys.fill_tab({})
    keys.fill_tab({}, button="#bouton-enregistrer")
    receipt(keys, "cap-09-numero-inscription")


def test_a_bac_pro_registration_with_the_keyboard_alone(
    portal: Portal, rennes_candidate: Any
) -> None:
    session_id = open_in_rennes(portal.live, "bacpro")
    keys = begin(portal, rennes_candidate, "bacpro", session_id)
    keys.fill_tab({"modalites_acceptees": "y"})
    identification(keys, "bacpro-02-identification")
    keys.fill_tab({**INFORMATIONS, "condition_individuel": "experience_3_ans"})
    keys.fill_tab({"specialite": "agora", "forme": "globale", "dispense_eps": "non"})
    keys.skip_to_content()
    keys.choose("#diplomes-0-diploma", "bac_general")
    keys.type_into("#diplomes-0-year", "2012")
    keys.press_button("#actualiser-acquis")
    keys.assert_focus("#actualiser-acquis")
    assert "Dispense accordée" in announced(keys)
    shoot(keys, "bacpro-05-acquis")
    keys.fill_tab({})
    keys.fill_tab({"epreuve": "UF_EPS", "langue-E42": "espagnol"})
    shoot(keys, "bacpro-07-recapitulatif")
    keys.fill_tab({}, button="#bouton-enregistrer")
    receipt(keys, "bacpro-08-numero-inscription")


def test_the_idle_warning_takes_the_focus_rester_connecte_extends_the_session_then_it_ends(
    portal: Portal, rennes_candidate: Any
) -> None:
    page = portal.page
    page.clock.install()
    portal.login(rennes_candidate.email, CANDIDATE_PASSWORD)
    page.wait_for_selector("#menu-inscriptions")
    assert page.is_hidden("#expiration-session")
    page.clock.fast_forward("27:01")  # 30 minutes' idle limit, warned 3 minutes before
    page.wait_for_selector("#expiration-avertissement", state="visible")
    assert page.evaluate("document.activeElement.id") == "bouton-prolonger"
    page.screenshot(path=str(SHOTS / "session-expiration-avertissement.png"))
    with page.expect_response(lambda r: r.url.endswith("/session/prolonger")) as answer:
        page.keyboard.press("Enter")
    assert answer.value.status == 204
    page.wait_for_selector("#expiration-session", state="hidden")
    assert page.url.endswith("/mes-inscriptions")  # nothing reloaded, nothing lost
    page.clock.fast_forward("30:01")
    page.wait_for_selector("#expiration-terminee", state="visible")
    assert page.evaluate("document.activeElement.id") == "lien-reconnexion"
    assert page.is_hidden("#expiration-avertissement")
