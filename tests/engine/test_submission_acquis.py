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
                {"diploma": " ", "year": " ", "academy": ""},
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
                {"unit": "", "grade": " ", "year": "", "speciality": "aepe"},
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


@pytest.mark.parametrize("year", [True, None, "", "20 20", "deux mille", 2020.0])
def test_a_year_that_is_no_whole_number_is_refused(year: Any) -> None:
    parsed, errors, _ = parse_acquis({"diplomas": [{"diploma": "cap", "year": year}]})
    assert (parsed["diplomas"], errors) == (
        [],
        {"acquis.diplomas[0].year": "Indiquez l'année d'obtention (4 chiffres)."},
    )


# ------------------------------------------------------------------- other tabs, submitted


def _submit(tab: str, posted: dict[str, Any], answers: Any = None, **kw: Any) -> Any:
    exam = kw.pop("exam", None) or cap_like()
    return submit_tab(
        exam,
        answers or complete_answers(),
        tab,
        posted,
        SESSION_2025,
        kw.pop("account", ACCOUNT_FR),
        **kw,
    )


def test_submitting_an_unknown_tab_is_a_programming_error_naming_the_tab() -> None:
    with pytest.raises(KeyError, match="'inconnu'"):
        _submit("inconnu", {})


def test_units_not_offered_are_refused_together_and_languages_of_unticked_units_flagged() -> None:
    result = _submit(
        "epreuves",
        {"chosen": ["UF_AA", "ZZ"], "languages": {"UF_LV": "anglais", "ZZZ": "x", "EP1": ""}},
    )
    assert result.errors == {
        "units.chosen": "Épreuve non proposée pour votre spécialité : UF_AA, ZZ.",
        "units.languages.UF_LV": "Vous avez choisi une langue pour une épreuve que vous n'avez "
        "pas cochée : cochez l'épreuve, ou retirez la langue.",
    }
    assert result.state.answers["units"] == {"chosen": [], "languages": {}}


def test_the_units_offered_are_those_of_the_accounts_answers() -> None:
    import dataclasses

    from tests.engine.factories import ACCOUNT_ABROAD, cond

    exam = cap_like()
    aepe = exam.specialities[0]
    abroad = cond({"field": "pays_naissance", "not_equals": "FR"})
    uf_lv = dataclasses.replace(aepe.units[-1], offered_if=abroad)
    exam = dataclasses.replace(
        exam, specialities=(dataclasses.replace(aepe, units=(*aepe.units[:-1], uf_lv)),)
    )
    answers = complete_answers(nom_pere="ALAOUI", nom_mere="BENANI")
    posted = {"chosen": ["UF_LV"], "languages": {"UF_LV": "anglais"}}
    kept = _submit("epreuves", posted, answers, exam=exam, account=ACCOUNT_ABROAD)
    assert (kept.errors, kept.state.answers["units"]["chosen"]) == ({}, ["UF_LV"])
    refused = _submit("epreuves", posted, answers, exam=exam)
    assert refused.errors["units.chosen"] == "Épreuve non proposée pour votre spécialité : UF_LV."


def test_in_forme_progressive_the_units_to_present_are_submitted() -> None:
    answers = complete_answers(forme="progressive")
    answers["acquis"]["grades"] = [{"unit": "EP3", "grade": 14, "year": 2024}]
    result = _submit("epreuves", {"chosen": ["EP1", "EP2", "EP3"]}, answers)
    # EP3's grade is kept: it is not among the units still to present.
    assert result.errors == {"units.chosen": "Épreuve non proposée pour votre spécialité : EP3."}
    assert result.state.answers["units"]["chosen"] == ["EP1", "EP2"]


def test_a_field_left_blank_on_its_tab_loses_its_former_answer() -> None:
    answers = complete_answers(numero_ine="123456789AB")
    posted = {k: v for k, v in answers["fields"].items() if k != "numero_ine"}
    result = _submit("identification", posted, answers)
    assert "numero_ine" not in result.state.answers["fields"]
    assert result.errors == {}


def test_a_country_outside_its_list_is_refused_unless_the_reference_check_is_off() -> None:
    answers = complete_answers()
    posted = dict(answers["fields"], nationalite="ZZ")
    assert _submit("identification", posted, answers).errors == {
        "nationalite": "Ce choix n'est pas proposé."
    }
    assert _submit("identification", posted, answers, references=None).errors == {}


def test_a_malformed_value_is_reported_on_a_shown_field_and_ignored_on_a_hidden_one() -> None:
    answers = complete_answers()
    posted = dict(answers["fields"], telephone_mobile="12", nom_pere="X" * 80)
    assert _submit("identification", posted, answers).errors == {
        "telephone_mobile": "Le numéro de téléphone doit comporter 10 chiffres (par exemple "
        "0612345678)."
    }


def test_a_yes_no_field_posted_with_another_word_gets_its_format_message() -> None:
    answers = complete_answers()
    posted = {"categorie": "individuel", "etablissement": "individuels", "amenagement": "bof"}
    assert _submit("informations", posted, answers).errors == {
        "amenagement": "Répondez par Oui ou par Non."
    }


@pytest.mark.parametrize(
    "row",
    [{"diploma": "", "year": "2020"}, {"year": "2020"}, {"diploma": None, "academy": "reims"}],
)
def test_a_diploma_row_with_a_year_or_academy_but_no_diploma_is_refused_not_dropped(
    row: dict[str, Any],
) -> None:
    assert parse_acquis({"diplomas": [row]}) == (
        {"diplomas": [], "grades": [], "renounced": []},
        {"acquis.diplomas[0].diploma": "Sélectionnez le diplôme obtenu."},
        {"diplomas": [], "grades": []},
    )


@pytest.mark.parametrize("row", [{}, {"diploma": "", "year": " "}, {"diploma": None}])
def test_a_diploma_row_with_nothing_typed_is_skipped(row: dict[str, Any]) -> None:
    assert parse_acquis({"diplomas": [row]}) == (
        {"diplomas": [], "grades": [], "renounced": []},
        {},
        {"diplomas": [], "grades": []},
    )


@pytest.mark.parametrize(
    "row",
    [{"grade": "12"}, {"unit": "", "year": "2023"}, {"unit": None, "academy": "reims"}],
)
def test_a_grade_row_with_a_grade_year_or_academy_but_no_unit_is_refused_not_dropped(
    row: dict[str, Any],
) -> None:
    assert parse_acquis({"grades": [{"speciality": "aepe", **row}]}) == (
        {"diplomas": [], "grades": [], "renounced": []},
        {"acquis.grades[0].unit": "Sélectionnez l'épreuve de cette note."},
        {"diplomas": [], "grades": []},
    )


def test_the_acquis_tab_s_messages_name_the_posted_rows_blank_and_dropped_ones_counted() -> None:
    posted = {
        "diplomas": [
            {"diploma": ""},
            {"diploma": "brevet", "year": "2020", "academy": "nulle"},
            {"diploma": "cap", "year": "2030"},
        ],
        "grades": [
            {"unit": "", "speciality": "aepe"},
            {"unit": "ZZ9", "grade": "12", "year": "2023"},
            {"unit": "EP1", "grade": "25", "year": "2023"},
        ],
    }
    result = _submit("acquis", posted)
    assert result.errors == {
        "acquis.diplomas[1].diploma": "Ce diplôme n'est pas proposé.",
        "acquis.diplomas[1].academy": "Choisissez l'académie dans la liste.",
        "acquis.diplomas[2].year": "L'année doit être comprise entre 1900 et 2025.",
        "acquis.grades[2].grade": GRADE_RANGE,
        "acquis.grades[1].unit": "Aucune note ne peut être conservée pour cette épreuve.",
    }
    assert result.state.answers["acquis"] == {
        "diplomas": [
            {"diploma": "brevet", "year": 2020, "academy": "nulle"},
            {"diploma": "cap", "year": 2030, "academy": ""},
        ],
        "grades": [{"unit": "EP1", "grade": 25.0, "year": 2023}],
        "renounced": [],
    }
