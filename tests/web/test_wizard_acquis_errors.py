"""The Acquis and Épreuves tabs' messages, as a screen reader and a keyboard user meet them:
a refused row comes back as typed, each input names its message, and the Acquis buttons say
what they granted or withdrew."""

from __future__ import annotations

import re
from typing import Any

import pytest
from bs4 import BeautifulSoup
from registration_support import Candidate
from test_wizard_screens import cap_until_acquis
from web_helpers import text_of

pytestmark = pytest.mark.db_agnostic  # checks markup and headers: SQLite pass only


@pytest.fixture
def candidate(client: Any, auth: Any) -> Candidate:
    return Candidate.logged_in(client, auth)


def soup_of(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def described_message(page: BeautifulSoup, element_id: str) -> str:
    """The text of the messages the element's aria-describedby points to."""
    element = page.find(id=element_id)
    assert element is not None, element_id
    ids = str(element.get("aria-describedby") or "").split()
    assert ids, f"#{element_id} names no message"
    return " ".join(page.find(id=i).get_text(" ", strip=True) for i in ids)


ROW_WITH_BAD_YEAR = {
    "diplomes-count": "2",
    "diplomes-0-diploma": "bep",
    "diplomes-0-year": "20x5",
    "diplomes-0-academy": "rennes",
    "notes-count": "1",
}


def test_a_refused_diploma_row_comes_back_as_typed_with_its_message(
    app: Any, candidate: Candidate
) -> None:
    cap_until_acquis(app, candidate)
    response = candidate.post("acquis", ROW_WITH_BAD_YEAR)
    assert response.status_code == 200
    page = soup_of(response)
    assert page.find(id="diplomes-0-diploma").find("option", selected=True)["value"] == "bep"
    assert page.find(id="diplomes-0-year")["value"] == "20x5"
    assert page.find(id="diplomes-0-academy").find("option", selected=True)["value"] == "rennes"
    # The summary cites the row the page shows, and one blank row follows it.
    summary = page.find(id="resume-erreurs").find("a")
    assert summary["href"] == "#diplomes-0-year"
    assert page.find(id="diplomes-1-diploma").find("option", selected=True) is None
    year = page.find(id="diplomes-0-year")
    assert year["aria-invalid"] == "true"
    assert "Indiquez l'année d'obtention" in described_message(page, "diplomes-0-year")
    assert page.find(id="diplomes-0-diploma").get("aria-invalid") is None


def test_mettre_a_jour_with_a_refused_row_keeps_it_and_says_why(
    app: Any, candidate: Candidate
) -> None:
    cap_until_acquis(app, candidate)
    response = candidate.post("acquis", ROW_WITH_BAD_YEAR, action="actualiser")
    assert response.status_code == 200
    page = soup_of(response)
    assert page.find(id="diplomes-0-year")["value"] == "20x5"
    assert "Indiquez l'année d'obtention" in page.find(id="resume-erreurs").get_text()


def test_precedent_with_a_refused_row_stays_on_the_tab_and_keeps_what_was_typed(
    app: Any, candidate: Candidate
) -> None:
    cap_until_acquis(app, candidate)
    response = candidate.post("acquis", ROW_WITH_BAD_YEAR, action="precedent")
    assert response.status_code == 200
    page = soup_of(response)
    assert page.find(id="diplomes-0-year")["value"] == "20x5"
    assert page.find(id="diplomes-0-diploma").find("option", selected=True)["value"] == "bep"
    assert "Indiquez l'année d'obtention" in page.find(id="resume-erreurs").get_text()


def post_grade(app: Any, candidate: Candidate, **row: str) -> BeautifulSoup:
    """The Acquis tab posted with one grade row (speciality preset, as the page does)."""
    cap_until_acquis(app, candidate)
    data = {"diplomes-count": "1", "notes-count": "1", "notes-0-speciality": "cuisine"}
    data.update({f"notes-0-{k}": v for k, v in row.items()})
    return soup_of(candidate.post("acquis", data))


def test_a_grade_row_without_its_unit_is_not_dropped_silently(
    app: Any, candidate: Candidate
) -> None:
    page = post_grade(app, candidate, grade="14", year="2024")
    assert page.find(id="notes-0-grade")["value"] == "14"
    assert page.find(id="notes-0-unit")["aria-invalid"] == "true"
    assert "Sélectionnez l'épreuve de cette note." in described_message(page, "notes-0-unit")


def test_a_grade_out_of_range_is_shown_as_typed_and_marked_invalid(
    app: Any, candidate: Candidate
) -> None:
    page = post_grade(app, candidate, unit="EP1", grade="25", year="2024")
    assert page.find(id="notes-0-grade")["value"] == "25"
    assert page.find(id="notes-0-grade")["aria-invalid"] == "true"
    assert described_message(page, "notes-0-grade")


def test_blank_rows_posted_between_filled_ones_do_not_shift_the_messages(
    app: Any, candidate: Candidate
) -> None:
    cap_until_acquis(app, candidate)
    response = candidate.post(
        "acquis",
        {
            "diplomes-count": "3",
            "diplomes-1-diploma": "bep",
            "diplomes-1-year": "abcd",
            "notes-count": "1",
        },
    )
    page = soup_of(response)
    # The blank first row is left out: the refused row is now the first, and named so.
    assert page.find(id="diplomes-0-year")["value"] == "abcd"
    assert page.find(id="resume-erreurs").find("a")["href"] == "#diplomes-0-year"
    assert "Diplôme 1" in page.find(id="resume-erreurs").get_text()


def test_mettre_a_jour_returns_to_its_button_and_announces_the_dispense(
    app: Any, candidate: Candidate
) -> None:
    cap_until_acquis(app, candidate)
    response = candidate.post(
        "acquis",
        {
            "diplomes-count": "1",
            "diplomes-0-diploma": "bep",
            "diplomes-0-year": "2015",
            "diplomes-0-academy": "rennes",
            "notes-count": "1",
        },
        action="actualiser",
    )
    assert response.status_code == 302
    assert response.location.endswith("/acquis#actualiser-acquis")
    page = soup_of(candidate.client.get(response.location))
    region = page.find(id="annonce-acquis")
    assert region["role"] == "status" and region["aria-live"] == "polite"
    assert re.search(r"Dispense accordée : \S+ - ", region["data-announce"])
    # Said once: the page shown again later has nothing to announce.
    again = soup_of(candidate.tab("acquis")).find(id="annonce-acquis")
    assert not again.get("data-announce") and not again.get_text(strip=True)


def test_removing_the_diploma_announces_the_dispense_withdrawn(
    app: Any, candidate: Candidate
) -> None:
    cap_until_acquis(app, candidate)
    diploma = {
        "diplomes-count": "2",
        "diplomes-0-diploma": "bep",
        "diplomes-0-year": "2015",
        "notes-count": "1",
    }
    candidate.post("acquis", diploma, action="actualiser")
    candidate.tab("acquis")
    response = candidate.post("acquis", diploma, action="retirer-diplome-0")
    assert response.location.endswith("#diplomes-0-diploma")
    region = soup_of(candidate.client.get(response.location)).find(id="annonce-acquis")
    assert "Dispense retirée" in region["data-announce"]


def test_ajouter_focuses_the_new_row_and_says_when_nothing_changed(
    app: Any, candidate: Candidate
) -> None:
    cap_until_acquis(app, candidate)
    response = candidate.post(
        "acquis",
        {
            "diplomes-count": "1",
            "notes-count": "1",
            "notes-0-unit": "EP1",
            "notes-0-grade": "8",
            "notes-0-year": "2025",
            "notes-0-speciality": "cuisine",
        },
        action="ajouter-note",
    )
    assert response.location.endswith("#notes-1-unit")
    page = soup_of(candidate.client.get(response.location))
    assert page.find(id="notes-1-unit") is not None
    assert (
        "Aucune dispense ni aucun bénéfice de note n'a changé."
        in page.find(id="annonce-acquis")["data-announce"]
    )
    response = candidate.post(
        "acquis", {"diplomes-count": "1", "notes-count": "2"}, action="ajouter-diplome"
    )
    assert response.location.endswith("#diplomes-0-diploma")


def test_a_language_left_unchosen_is_marked_and_named_by_the_unit_title(
    app: Any, candidate: Candidate
) -> None:
    cap_until_acquis(app, candidate)
    candidate.next_ok("acquis", {"diplomes-count": "1", "notes-count": "1"})
    response = candidate.post("epreuves", {})
    page = soup_of(response)
    select = page.find(id="langue-EG5")
    assert select["aria-invalid"] == "true" and select["aria-required"] == "true"
    assert described_message(page, "langue-EG5")
    label = page.find("label", attrs={"for": "langue-EG5"}).get_text(" ", strip=True)
    assert "EG5" not in label and "« " in label
    summary = page.find(id="resume-erreurs").get_text(" ", strip=True)
    assert "EG5" not in summary and "Langue de l'épreuve « " in summary
    assert "UF_LV" not in text_of(response)
    # EG5 and the optional UF_LV share the unit title: their questions still differ.
    labels = []
    for label in page.select("label[for^=langue-]"):
        for hint in label.select(".fr-hint-text"):
            hint.decompose()
        labels.append(label.get_text(" ", strip=True).rstrip("* \xa0"))
    assert len(labels) == 2 and len(set(labels)) == 2, labels


KEPT_GRADE = {
    "diplomes-count": "1",
    "notes-count": "1",
    "notes-0-unit": "EP1",
    "notes-0-grade": "14",
    "notes-0-year": "2025",
    "notes-0-academy": "rennes",
    "notes-0-speciality": "cuisine",
}
DIPLOMA = {
    "diplomes-count": "1",
    "diplomes-0-diploma": "bep",
    "diplomes-0-year": "2015",
    "diplomes-0-academy": "rennes",
    "notes-count": "1",
}


@pytest.mark.parametrize(
    ("acquis", "renounced", "kept"),
    [
        (DIPLOMA, "Dispense à laquelle vous renoncez", "Dispense de nouveau conservée"),
        (
            KEPT_GRADE,
            "Bénéfice de note auquel vous renoncez",
            "Bénéfice de note de nouveau conservé",
        ),
    ],
)
def test_unticking_an_acquis_then_ticking_it_again_is_announced_each_time(
    app: Any, candidate: Candidate, acquis: dict[str, str], renounced: str, kept: str
) -> None:
    cap_until_acquis(app, candidate)
    candidate.post("acquis", acquis, action="actualiser")
    offered = [
        box["value"] for box in soup_of(candidate.tab("acquis")).select("input[name=conserve]")
    ]
    assert offered

    def announced(ticked: list[str]) -> str:
        response = candidate.post(
            "acquis", {**acquis, "offert": offered, "conserve": ticked}, action="actualiser"
        )
        page = soup_of(candidate.client.get(response.location))
        return str(page.find(id="annonce-acquis")["data-announce"])

    assert re.search(renounced + r" : \S+ - ", announced([]))
    assert re.search(kept + r" : \S+ - ", announced(offered))
