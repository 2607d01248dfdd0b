"""The Acquis tab's posted rows read into their stored form: blank rows skipped, each field
trimmed and typed, grades and years that cannot be read refused with the row's message."""

from __future__ import annotations

import json
from typing import Any

import pytest

from engine.submission import parse_acquis, submit_tab
from tests.engine.factories import ACCOUNT_FR, SESSION_2025, cap_like, complete_answers

GRADE_RANGE = "La note doit être comprise entre 0 et 20."
GRADE_YEAR = "Indiquez l'année de la note (4 chiffres)."


def test_blank_diploma_rows_are_skipped_and_the_next_rows_keep_their_posted_index() -> None:
    parsed, errors, origin = parse_acquis(
        {
            "diplomas": [
                {"diploma": " ", "year": "2020"},
                {"diploma": " cap ", "year": "2020", "academy": " reims "},
                {"diploma": "bac", "year": 2019},
            ]
        }
    )
    assert parsed == {
        "diplomas": [
            {"diploma": "cap", "year": 2020, "academy": "reims"},
            {"diploma": "bac", "year": 2019, "academy": ""},
        ],
        "grades": [],
        "renounced": [],
    }
    assert (errors, origin) == ({}, {"diplomas": [1, 2], "grades": []})


def test_blank_grade_rows_are_skipped_and_a_grade_keeps_where_it_was_obtained() -> None:
    parsed, errors, origin = parse_acquis(
        {
            "grades": [
                {"unit": "", "grade": "12", "year": "2023"},
                {
                    "unit": " EP1 ",
                    "grade": " 12,5 ",
                    "year": " 2023 ",
                    "academy": " reims ",
                    "speciality": " aepe ",
                },
                {"unit": "EP2", "grade": 14, "year": 2024, "academy": "", "speciality": " "},
            ],
            "renounced": ["EP1", 3],
        }
    )
    assert parsed == {
        "diplomas": [],
        "grades": [
            {"unit": "EP1", "grade": 12.5, "year": 2023, "academy": "reims", "speciality": "aepe"},
            {"unit": "EP2", "grade": 14.0, "year": 2024},
        ],
        "renounced": ["EP1", "3"],
    }
    assert (errors, origin) == ({}, {"diplomas": [], "grades": [1, 2]})


@pytest.mark.parametrize(
    ("grade", "year", "errors"),
    [
        ("douze", "2023", {"acquis.grades[0].grade": GRADE_RANGE}),
        ("12", "vingt", {"acquis.grades[0].year": GRADE_YEAR}),
        ("", "", {"acquis.grades[0].grade": GRADE_RANGE, "acquis.grades[0].year": GRADE_YEAR}),
    ],
)
def test_a_grade_row_with_an_unreadable_grade_or_year_is_refused_and_not_stored(
    grade: str, year: str, errors: dict[str, str]
) -> None:
    parsed, got, origin = parse_acquis({"grades": [{"unit": "EP1", "grade": grade, "year": year}]})
    assert (parsed["grades"], got, origin["grades"]) == ([], errors, [])


@pytest.mark.parametrize(
    "grade",
    [
        "nan",
        "NaN",
        "inf",
        "-inf",
        "1e3",
        "12.5.1",
        ",5",
        True,
        float("nan"),
        float("inf"),
        None,
        [12],
    ],
)
def test_a_grade_that_is_no_plain_decimal_is_refused(grade: Any) -> None:
    parsed, errors, _ = parse_acquis({"grades": [{"unit": "EP1", "grade": grade, "year": "2023"}]})
    assert (parsed["grades"], errors) == ([], {"acquis.grades[0].grade": GRADE_RANGE})


@pytest.mark.parametrize(
    ("grade", "value"),
    [("12", 12.0), ("+12", 12.0), ("12.25", 12.25), (0, 0.0), (20.0, 20.0), ("-1", -1.0)],
)
def test_a_grade_is_read_from_a_number_or_a_decimal_text(grade: Any, value: float) -> None:
    parsed, _, _ = parse_acquis({"grades": [{"unit": "EP1", "grade": grade, "year": "2023"}]})
    assert parsed["grades"][0]["grade"] == value


def test_a_posted_nan_grade_gets_its_message_and_the_answers_stay_valid_json() -> None:
    posted = {"diplomas": [], "grades": [{"unit": "EP1", "grade": "nan", "year": "2023"}]}
    result = submit_tab(cap_like(), complete_answers(), "acquis", posted, SESSION_2025, ACCOUNT_FR)
    assert result.errors == {"acquis.grades[0].grade": GRADE_RANGE}
    json.dumps(result.state.answers, allow_nan=False)
