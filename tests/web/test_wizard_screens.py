"""What the wizard's pages show: the guide's candidate line, the Acquis déclarés part of the
Récapitulatif, conditional required marks and hidden sections."""

from __future__ import annotations

import re
from typing import Any

import pytest
from registration_support import INFORMATIONS, Candidate, open_session
from web_helpers import db_of, text_of

pytestmark = pytest.mark.db_agnostic  # checks markup and headers: SQLite pass only

CAP_ACQUIS = {
    "diplomes-count": "1",
    "diplomes-0-diploma": "bep",
    "diplomes-0-year": "2015",
    "diplomes-0-academy": "rennes",
    "notes-count": "1",
    "notes-0-unit": "EP1",
    "notes-0-grade": "12,5",
    "notes-0-year": "2025",
    "notes-0-academy": "rennes",
    "notes-0-speciality": "cuisine",
}
# CAP Cuisine's compulsory language (EG5) is chosen on the Épreuves tab.
CUISINE_UNITS = {"langue-EG5": "anglais"}


@pytest.fixture
def candidate(client: Any, auth: Any) -> Candidate:
    from datetime import date

    account = auth.create(nom_naissance="Copter", prenoms="Eli", sexe="M",
                          date_naissance=date(2003, 2, 2))
    assert auth.login(account.email).status_code == 302
    return Candidate(client, account)


def cap_until_acquis(app: Any, candidate: Candidate) -> None:
    candidate.start(open_session(app, "cap"))
    candidate.next_ok("modalites", {"modalites_acceptees": "y"})
    candidate.next_ok("identification", candidate.identification())
    candidate.next_ok("informations", INFORMATIONS)
    after = candidate.post(
        "qualification", {"specialite": "cuisine", "forme": "globale", "dispense_eps": "non"}
    )
    assert after.status_code == 302, text_of(after)


def section(html: str, element_id: str) -> str:
    found = re.search(rf'<section[^>]*id="{element_id}".*?</section>', html, re.S)
    assert found is not None, f"no section #{element_id}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0)))


def test_the_wizard_header_names_the_candidate_as_the_cfg_guide_shows_it(
    app: Any, candidate: Candidate
) -> None:
    candidate.start(open_session(app, "cfg"))
    page = text_of(candidate.tab("identification"))
    # No candidate number before the first Enregistrer: the line says when it comes.
    assert "N° candidat : attribué à l'enregistrement COPTER Eli Né(e) le : 02/02/2003" in page


def test_the_header_shows_the_candidate_number_once_it_is_allocated(
    app: Any, candidate: Candidate
) -> None:
    from web.core.models import Account

    candidate.start(open_session(app, "cfg"))
    candidate.next_ok("identification", candidate.identification())
    candidate.next_ok("informations", INFORMATIONS)
    receipt = candidate.post("recapitulatif", action="enregistrer")
    with db_of(app) as db:
        number = db.get(Account, candidate.account.id).candidate_number
    assert number
    page = text_of(candidate.client.get(receipt.location))
    assert f"N° candidat : {number} COPTER Eli Né(e) le : 02/02/2003" in page


def test_the_recapitulatif_lists_the_declared_diplomas_and_grades(
    app: Any, candidate: Candidate
) -> None:
    cap_until_acquis(app, candidate)
    assert candidate.next_ok("acquis", CAP_ACQUIS) == "epreuves"
    assert candidate.next_ok("epreuves", CUISINE_UNITS) == "recapitulatif"
    html = candidate.tab("recapitulatif").get_data(as_text=True)
    part = section(html, "acquis-declares")
    assert "Acquis déclarés" in part
    assert "Diplôme Année d'obtention Académie d'obtention" in part
    assert re.search(r"BEP[^|]* 2015 ACADÉMIE DE RENNES", part), part
    # A grade carries where it was obtained (académie; its speciality decides what it counts for).
    assert "Épreuve Note Année Académie" in part
    assert re.search(r"EP1 - [^|]*? 12,5/20 2025 ACADÉMIE DE RENNES", part), part
    # The part comes before the units, as the CAP guide's "partie 2" shows them.
    assert html.index('id="acquis-declares"') < html.index('id="tableau-epreuves"')


def test_a_recapitulatif_without_declared_acquis_says_so(app: Any, candidate: Candidate) -> None:
    cap_until_acquis(app, candidate)
    assert candidate.next_ok("acquis", {"diplomes-count": "1", "notes-count": "1"}) == "epreuves"
    assert candidate.next_ok("epreuves", CUISINE_UNITS) == "recapitulatif"
    part = section(candidate.tab("recapitulatif").get_data(as_text=True), "acquis-declares")
    assert "Aucun diplôme ni aucune note déclarés." in part


def test_an_exam_without_an_acquis_tab_has_no_acquis_part(app: Any, candidate: Candidate) -> None:
    candidate.start(open_session(app, "cfg"))
    candidate.next_ok("identification", candidate.identification())
    candidate.next_ok("informations", INFORMATIONS)
    assert 'id="acquis-declares"' not in candidate.tab("recapitulatif").get_data(as_text=True)


def test_mon_inscription_lists_the_declared_acquis_of_the_saved_candidature(
    app: Any, candidate: Candidate
) -> None:
    from web.core.models import Candidature

    cap_until_acquis(app, candidate)
    candidate.next_ok("acquis", CAP_ACQUIS)
    candidate.next_ok("epreuves", CUISINE_UNITS)
    candidate.next_ok("recapitulatif")
    saved = candidate.post("conditions", action="enregistrer")
    assert "/numero" in saved.location, text_of(saved)
    with db_of(app) as db:
        candidature_id = db.query(Candidature).one().id
    html = candidate.client.get(f"/mes-inscriptions/{candidature_id}/inscription").get_data(
        as_text=True)
    part = section(html, "acquis-declares")
    assert "2015 ACADÉMIE DE RENNES" in part and "12,5/20" in part


def test_code_postal_carries_a_required_mark_that_follows_the_address_country(
    app: Any, candidate: Candidate
) -> None:
    candidate.start(open_session(app, "cfg"))
    html = candidate.tab("identification").get_data(as_text=True)
    wrapper = re.search(r'<div class="fr-fieldset__element" data-field="code_postal"[^>]*>', html)
    assert wrapper is not None
    condition = '{"equals": "FR", "field": "adresse_pays"}'
    assert f"data-required-if='{condition}'" in wrapper.group(0)
    label = html.split('for="code_postal"', 1)[1].split("</label>", 1)[0]
    # The address country is France until the candidate picks another: the mark shows from the
    # first display, and wizard.js hides it when another country is chosen.
    assert re.search(r'<span class="portal-required-mark" data-required-mark\s+>', label)
    # A foreign country posted (another field missing): the server drops the mark.
    posted = {**candidate.identification(), "adresse_pays": "BE", "localite": ""}
    again = candidate.post("identification", posted).get_data(as_text=True)
    label = again.split('for="code_postal"', 1)[1].split("</label>", 1)[0]
    assert re.search(r'<span class="portal-required-mark" data-required-mark\s+hidden>', label)


def test_an_always_required_field_keeps_its_plain_mark(app: Any, candidate: Candidate) -> None:
    candidate.start(open_session(app, "cfg"))
    html = candidate.tab("identification").get_data(as_text=True)
    label = html.split('for="localite"', 1)[1].split("</label>", 1)[0]
    assert "&nbsp;*" in label and "data-required-mark" not in label


def test_the_filiation_section_of_a_candidate_born_in_france_is_hidden(
    app: Any, candidate: Candidate
) -> None:
    from pathlib import Path

    candidate.start(open_session(app, "cfg"))
    html = candidate.tab("identification").get_data(as_text=True)
    fieldset = re.search(r"<fieldset[^>]*data-section[^>]*>\s*<legend[^>]*>Filiation", html)
    assert fieldset is not None and " hidden" in fieldset.group(0)
    # The DSFR styles .fr-fieldset as a flex box; the portal's rule makes `hidden` win.
    css = (Path(__file__).resolve().parents[2] / "web/core/static/portal.css").read_text()
    assert "[hidden] { display: none !important; }" in css


def test_a_grades_academie_is_listed_once_the_answers_carry_it() -> None:
    from pathlib import Path
    from types import SimpleNamespace

    from engine.specs import load_all
    from web.registration.declared import declared_acquis

    # Declared grades are to carry their académie (issue 11, point 7, spec side): shown then.
    exam = load_all(str(Path(__file__).resolve().parents[2] / "exams"))["cap"]
    answers = {"acquis": {"diplomas": [], "grades": [
        {"unit": "EP1", "grade": 14.0, "year": 2024, "academy": "lille"}]}}
    state = SimpleNamespace(exam=exam, units=(), tabs=(SimpleNamespace(role="acquis"),),
                            answers=answers)
    declared = declared_acquis(state)  # type: ignore[arg-type]
    assert declared is not None
    [grade] = declared.grades
    assert (grade.unit, grade.grade, grade.year) == ("EP1", "14/20", "2024")
    assert grade.academy == "ACADÉMIE DE LILLE"
