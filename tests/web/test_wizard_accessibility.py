"""The wizard's markup as assistive technologies read it: page titles, read-only account data,
required and invalid states, autofill tokens, the order of the buttons and of the headings."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from registration_support import INFORMATIONS, Candidate, open_session
from test_wizard_acquis_errors import soup_of
from test_wizard_screens import cap_until_acquis

pytestmark = pytest.mark.db_agnostic  # checks markup and headers: SQLite pass only

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def candidate(client: Any, auth: Any) -> Candidate:
    return Candidate.logged_in(client, auth)


def title_of(response: Any) -> str:
    return soup_of(response).title.get_text(strip=True)


def test_each_wizard_tab_title_gives_its_step_and_says_when_it_has_errors(
    app: Any, candidate: Candidate
) -> None:
    candidate.start(open_session(app, "cfg"))
    assert title_of(candidate.tab("identification")).startswith(
        "Étape 1 sur 4 – Identification – Inscription "
    )
    refused = candidate.post("identification", {})
    assert title_of(refused).startswith("Erreur : Étape 1 sur 4 – Identification")
    candidate.next_ok("identification", candidate.identification())
    assert title_of(candidate.tab("informations")).startswith(
        "Étape 2 sur 4 – Informations candidature – "
    )
    candidate.next_ok("informations", INFORMATIONS)
    saved = candidate.post("recapitulatif", action="enregistrer")
    receipt = title_of(candidate.client.get(saved.location))
    assert receipt.startswith("Étape 4 sur 4 – N° Inscription – Inscription ")


def test_each_step_of_the_exam_choice_has_its_own_title(app: Any, candidate: Candidate) -> None:
    session_id = open_session(app, "cfg")
    steps = [
        {},
        {"domaine": "examen"},
        {"domaine": "examen", "examen": "cfg"},
        {"domaine": "examen", "examen": "cfg", "session": session_id},
        {"domaine": "examen", "examen": "cfg", "session": session_id, "academie": "rennes"},
    ]
    for endpoint in ("/mes-inscriptions/nouvelle", "/ouverture-des-services"):
        titles = [title_of(candidate.client.get(endpoint, query_string=q)) for q in steps]
        assert len(set(titles)) == len(titles), titles
    assert title_of(candidate.client.get("/mes-inscriptions/nouvelle")).startswith(
        "Choix du domaine"
    )


def test_the_account_data_is_read_only_reachable_and_explained(
    app: Any, candidate: Candidate
) -> None:
    candidate.start(open_session(app, "cfg"))
    page = soup_of(candidate.tab("identification"))
    name = page.find(id="nom_naissance")
    assert name.has_attr("readonly") and not name.has_attr("disabled")
    assert not name.has_attr("tabindex") and not name.has_attr("name")
    note = page.find(id=name["aria-describedby"]).get_text(" ", strip=True)
    assert "Modifier mon compte" in note and "service des examens" in note
    assert page.find(id="donnees-du-compte").find("a")["href"].endswith("/compte")
    assert "fr-input-group--disabled" not in str(page.find(id="groupe-nom_naissance"))


def test_the_account_data_reads_at_aa_contrast() -> None:
    css = (ROOT / "web/registration/static/registration.css").read_text()
    rule = re.search(r"\.portal-readonly \.fr-input\[readonly\] \{([^}]*)\}", css)
    assert rule is not None
    # DSFR's tokens: #161616 on #fff (17.9:1), where the disabled field read 2.68:1.
    assert "var(--text-default-grey)" in rule.group(1)
    assert "var(--background-default-grey)" in rule.group(1)


def test_the_address_fields_carry_their_autofill_tokens(app: Any, candidate: Candidate) -> None:
    candidate.start(open_session(app, "cfg"))
    page = soup_of(candidate.tab("identification"))
    expected = {
        "adresse_pays": "country-name",
        "adresse_1": "address-line1",
        "adresse_2": "address-line2",
        "adresse_3": "address-line3",
        "code_postal": "postal-code",
        "localite": "address-level2",
        "telephone_mobile": "tel",
    }
    for field_id, token in expected.items():
        assert page.find(id=field_id).get("autocomplete") == token, field_id


@pytest.mark.parametrize("path", ["/connexion", "/compte/creer", "/mot-de-passe-oublie"])
def test_the_meaning_of_the_star_is_said_on_the_account_forms(client: Any, path: str) -> None:
    page = soup_of(client.get(path))
    note = page.find(id="sens-asterisque")
    assert note is not None and "* sont obligatoires" in note.get_text()
    html = str(page)
    assert html.index('id="sens-asterisque"') < html.index("<form", html.index("<main"))


def test_the_meaning_of_the_star_is_said_on_the_wizard_tabs(app: Any, candidate: Candidate) -> None:
    candidate.start(open_session(app, "cfg"))
    html = candidate.tab("identification").get_data(as_text=True)
    assert "Les champs avec * sont obligatoires." in html
    assert html.index('id="sens-asterisque"') < html.index('id="form-onglet"')


def test_required_radios_checkbox_and_selects_say_so_and_their_errors(
    app: Any, candidate: Candidate
) -> None:
    candidate.start(open_session(app, "cap"))
    refused = soup_of(candidate.post("modalites", {}))
    box = refused.find(id="modalites_acceptees")
    assert box["aria-required"] == "true" and box["aria-invalid"] == "true"
    candidate.next_ok("modalites", {"modalites_acceptees": "y"})
    candidate.next_ok("identification", candidate.identification())
    page = soup_of(candidate.post("informations", {"categorie": "individuel"}))
    group = page.find(id="groupe-amenagement")
    assert group["role"] == "radiogroup" and group["aria-required"] == "true"
    radios = group.find_all("input", type="radio")
    assert radios and all(r["aria-invalid"] == "true" for r in radios)
    assert page.find(id="etablissement")["aria-required"] == "true"
    fine = soup_of(candidate.tab("informations")).find(id="groupe-amenagement")
    assert not any(r.has_attr("aria-invalid") for r in fine.find_all("input", type="radio"))


def test_the_sex_field_has_the_same_name_in_the_account_and_the_wizard(
    app: Any, client: Any, candidate: Candidate
) -> None:
    candidate.start(open_session(app, "cfg"))
    page = soup_of(candidate.tab("identification"))
    assert page.find("label", attrs={"for": "sexe"}).get_text(strip=True) == "Sexe"
    assert "Civilité" not in str(page)
    modify = soup_of(client.get("/compte"))
    assert "Sexe" in modify.get_text() and "Civilité" not in modify.get_text()


def test_the_wizard_buttons_come_in_the_order_they_are_seen(app: Any, candidate: Candidate) -> None:
    candidate.start(open_session(app, "cfg"))
    candidate.next_ok("identification", candidate.identification())
    candidate.next_ok("informations", INFORMATIONS)
    for tab, middle in (
        ("informations", "bouton-suivant"),
        ("recapitulatif", "bouton-enregistrer"),
    ):
        buttons = soup_of(candidate.tab(tab)).find(id="boutons-onglet")
        ids = [b["id"] for b in buttons.find_all(["button", "a"])]
        assert ids == ["bouton-precedent", middle, "bouton-quitter"], ids
    css = (ROOT / "web/registration/static/registration.css").read_text()
    assert not re.search(r"(?<![-\w])order\s*:", css)


def test_enter_in_a_field_posts_suivant_not_the_first_visible_button(
    app: Any, candidate: Candidate
) -> None:
    cap_until_acquis(app, candidate)
    form = soup_of(candidate.tab("acquis")).find(id="form-onglet")
    first = form.find("button", type="submit")
    assert first["value"] == "suivant" and first["tabindex"] == "-1"


def headings_of(response: Any) -> list[str]:
    return [h.name for h in soup_of(response).find("main").find_all(re.compile(r"^h[1-6]$"))]


def test_one_h1_comes_before_any_h2_on_every_wizard_page(app: Any, candidate: Candidate) -> None:
    cap_until_acquis(app, candidate)
    pages = [
        candidate.tab(code) for code in ("modalites", "identification", "qualification", "acquis")
    ]
    pages.append(candidate.post("identification", {}))  # with its error summary
    for response in pages:
        headings = headings_of(response)
        assert headings[0] == "h1" and headings.count("h1") == 1, headings


def saved_cfg(app: Any, candidate: Candidate) -> tuple[int, str, str]:
    """A CFG candidature saved: its session, the N° Inscription page and its id."""
    session_id = open_session(app, "cfg")
    candidate.start(session_id)
    candidate.next_ok("identification", candidate.identification())
    candidate.next_ok("informations", INFORMATIONS)
    saved = candidate.post("recapitulatif", action="enregistrer")
    found = re.search(r"/candidature/(\d+)/", saved.location)
    assert found is not None
    return session_id, str(saved.location), found.group(1)


def test_one_h1_comes_first_on_every_page_of_the_candidate(
    app: Any, candidate: Candidate, client: Any
) -> None:
    session_id, receipt, candidature_id = saved_cfg(app, candidate)
    space = f"/mes-inscriptions/{candidature_id}"
    paths = [
        receipt,
        "/mes-inscriptions",
        "/mes-messages",
        "/compte",
        "/compte/supprimer",
        "/",
        "/aide",
        "/mentions-legales",
        "/ouverture-des-services",
        space,
        f"{space}/inscription",
        f"{space}/documents",
        f"{space}/notes",
        f"{space}/justificatifs",
        f"{space}/desinscription",
    ]
    paths += [
        f"/mes-inscriptions/nouvelle?domaine=examen&examen=cfg&session={session_id}&academie=rennes"
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        headings = headings_of(response)
        assert headings and headings[0] == "h1" and headings.count("h1") == 1, (path, headings)
    cards = soup_of(client.get("/mes-inscriptions")).select(".fr-card__title")
    assert cards and all(re.fullmatch(r"h[2-6]", c.name) for c in cards)


@pytest.mark.parametrize(
    "path", ["/connexion", "/compte/creer", "/mot-de-passe-oublie", "/connexion/aide"]
)
def test_one_h1_comes_first_on_the_public_forms(client: Any, path: str) -> None:
    headings = headings_of(client.get(path))
    assert headings and headings[0] == "h1" and headings.count("h1") == 1, headings


def test_a_page_after_a_confirmation_or_a_refusal_says_so_in_its_title(
    app: Any, candidate: Candidate, client: Any
) -> None:
    _, _, candidature_id = saved_cfg(app, candidate)
    plain = title_of(client.get("/mes-inscriptions"))
    withdrawn = client.post(f"/mes-inscriptions/{candidature_id}/desinscription")
    after = title_of(client.get(withdrawn.location))
    assert after == f"Confirmation : {plain}"
    # Shown once: the next visit has the page's own title again.
    assert title_of(client.get("/mes-inscriptions")) == plain
    # Démarrer for a session whose period closed: the refusal is in the next page's title.
    closed = open_session(app, "cap", opened_days_ago=40, closes_in_days=-5)
    refused = client.post("/inscription/demarrer", data={"session": closed, "academie": "rennes"})
    assert refused.status_code == 302
    assert title_of(client.get(refused.location)).startswith("Erreur : ")


def test_the_account_form_radios_say_they_are_required_and_refused(client: Any) -> None:
    fresh = soup_of(client.get("/compte/creer")).find(id="groupe-sexe")
    assert fresh["role"] == "radiogroup" and fresh["aria-required"] == "true"
    assert not any(r.has_attr("aria-invalid") for r in fresh.find_all("input", type="radio"))
    refused = soup_of(client.post("/compte/creer", data={})).find(id="groupe-sexe")
    radios = refused.find_all("input", type="radio")
    assert radios and all(r["aria-invalid"] == "true" for r in radios)


STARRED = re.compile(r"&nbsp;\*|\{\{ *(input|select|radios|password)\((?![^)]*required=False)")


def test_every_template_that_marks_a_field_with_a_star_says_what_it_means() -> None:
    """Each page form whose fields can carry « * » states its meaning (the macros mark a
    required field unless told required=False)."""
    missing = []
    for template in sorted((ROOT / "web").glob("*/templates/**/*.html")):
        text = template.read_text()
        if template.name.startswith("_") or "mail" in template.parts:
            continue  # fragments are checked through the pages that include them
        if (
            STARRED.search(text)
            and "required_note()" not in text
            and ("sont obligatoires" not in text)
        ):
            missing.append(str(template.relative_to(ROOT)))
    assert not missing, missing
