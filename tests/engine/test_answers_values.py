"""One answer's value: a posted text turned into its stored form (or the French message saying
why not), and a stored value checked against its field's own rules."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from engine.answers import (
    Normalized,
    birth_date_problem,
    check_value,
    coerce_answers,
    empty_answers,
    format_date_fr,
    normalize_fields,
    normalize_value,
    parse_date,
)
from engine.conditions import RelativeDate
from tests.engine.factories import SESSION_2025, field

YESNO = "Répondez par Oui ou par Non."
INTEGER = "Ce champ doit être un nombre entier."
DATE_FORMAT = "La date doit être au format JJ/MM/AAAA."
DATE_INVALID = "Cette date n'existe pas."
INVALID = "La valeur saisie n'est pas valide."


@pytest.mark.parametrize(
    ("type_", "raw", "stored"),
    [
        ("checkbox", True, Normalized(True)),
        ("checkbox", False, Normalized(False)),
        ("checkbox", "on", Normalized(True)),
        ("checkbox", " OUI ", Normalized(True)),
        ("checkbox", "non", Normalized(False)),
        ("checkbox", "", Normalized(False)),
        ("checkbox", None, Normalized(False)),
        ("checkbox", [], Normalized(False)),
        ("checkbox", ["", "", "y"], Normalized(True)),
        ("text", None, Normalized()),
        ("text", "", Normalized()),
        ("text", " \t ", Normalized()),
        ("text", [], Normalized()),
        ("text", ["premier", "deuxième", " dernier "], Normalized("dernier")),
        ("text", " a-b.c d ", Normalized("a-b.c d")),
        ("textarea", 12, Normalized("12")),
        ("email", " Julie@Example.fr ", Normalized("Julie@Example.fr")),
        ("phone", " 06 12.34-56\t78 ", Normalized("0612345678")),
        ("postal_code", "51 100", Normalized("51100")),
        ("yesno", True, Normalized(True)),
        ("yesno", False, Normalized(False)),
        ("yesno", " Oui ", Normalized(True)),
        ("yesno", "o", Normalized(True)),
        ("yesno", "1", Normalized(True)),
        ("yesno", "NON", Normalized(False)),
        ("yesno", "n", Normalized(False)),
        ("yesno", "0", Normalized(False)),
        ("yesno", "peut-être", Normalized(error=YESNO)),
        ("yesno", " ", Normalized()),
        ("date", dt.datetime(2024, 1, 5, 10, 30), Normalized("2024-01-05")),
        ("date", dt.date(2024, 1, 5), Normalized("2024-01-05")),
        ("date", "05/01/2024", Normalized("2024-01-05")),
        ("date", " 5/1/2024 ", Normalized("2024-01-05")),
        ("date", "2024-01-05", Normalized("2024-01-05")),
        ("date", "29/02/2024", Normalized("2024-02-29")),
        ("date", "29/02/2023", Normalized(error=DATE_INVALID)),
        ("date", "2024-13-01", Normalized(error=DATE_INVALID)),
        ("date", "2024/01/05", Normalized(error=DATE_FORMAT)),
        ("date", "05/01/24", Normalized(error=DATE_FORMAT)),
        ("integer", 7, Normalized(7)),
        ("integer", 0, Normalized(0)),
        ("integer", " -12 ", Normalized(-12)),
        ("integer", True, Normalized(error=INTEGER)),
        ("integer", "douze", Normalized(error=INTEGER)),
        ("integer", "12,5", Normalized(error=INTEGER)),
        ("select", " cned ", Normalized("cned")),
    ],
)
def test_a_posted_value_is_stored_in_its_fields_type_or_refused_with_a_french_message(
    type_: str, raw: Any, stored: Normalized
) -> None:
    assert normalize_value(field("x", type_, "t"), raw) == stored


def test_a_tabs_posted_values_give_the_answered_fields_and_the_format_errors_apart():
    fields = (
        field("nom", "text", "t"),
        field("ne_le", "date", "t"),
        field("enfants", "integer", "t"),
        field("cgu", "checkbox", "t"),
        field("vide", "text", "t"),
        field("zero", "integer", "t"),
    )
    posted = {
        "nom": " Martin ",
        "ne_le": "31/02/2000",
        "enfants": "deux",
        "vide": "  ",
        "zero": "0",
    }
    assert normalize_fields(fields, posted) == (
        {"nom": "Martin", "cgu": False, "zero": 0},
        {"ne_le": DATE_INVALID, "enfants": INTEGER},
    )


def test_a_date_is_read_in_the_french_order_day_month_year_or_in_iso():
    assert parse_date("05/01/2024") == dt.date(2024, 1, 5)
    assert parse_date(" 2024-01-05\n") == dt.date(2024, 1, 5)
    with pytest.raises(ValueError, match="^Cette date n'existe pas.$"):
        parse_date("2024-02-30")
    with pytest.raises(ValueError, match="^La date doit être au format JJ/MM/AAAA.$"):
        parse_date("5 janvier 2024")
    assert format_date_fr("0999-03-04") == "04/03/0999"


def test_a_birth_date_may_be_today_or_in_1900_but_not_tomorrow_nor_in_1899():
    today = dt.date(2026, 12, 1)
    assert birth_date_problem(today, today) is None
    assert birth_date_problem(dt.date(2026, 12, 2), today) == (
        "La date de naissance ne peut pas être postérieure à la date du jour."
    )
    assert birth_date_problem(dt.date(1900, 1, 1), today) is None
    assert birth_date_problem(dt.date(1899, 12, 31), today) == (
        "La date de naissance doit être postérieure au 01/01/1900."
    )


def test_coerced_answers_have_every_part_and_share_nothing_with_the_input():
    assert coerce_answers(None) == empty_answers()
    assert coerce_answers({"fields": None, "acquis": None, "units": None}) == empty_answers()
    given = {
        "fields": {"nom": "Martin"},
        "acquis": {
            "diplomas": [{"diploma": "cap", "year": 2020}],
            "grades": [{"unit": "EP1", "grade": 12, "year": 2022}],
            "renounced": ["EP2"],
        },
        "units": {"chosen": ["UF_LV"], "languages": {"UF_LV": "anglais"}},
    }
    kept = copy.deepcopy(given)
    coerced = coerce_answers(given)
    assert coerced == given
    coerced["fields"]["nom"] = "Autre"
    coerced["acquis"]["diplomas"][0]["year"] = 1999
    coerced["acquis"]["grades"][0]["grade"] = 3
    coerced["acquis"]["renounced"].append("EP3")
    coerced["units"]["chosen"].append("UF_AA")
    coerced["units"]["languages"]["UF_LV"] = "espagnol"
    assert given == kept
    only_grades = coerce_answers(
        {"acquis": {"grades": [{"unit": "EP1"}]}, "units": {"languages": {"UF_LV": "anglais"}}}
    )
    assert only_grades == {
        "fields": {},
        "acquis": {"diplomas": [], "grades": [{"unit": "EP1"}], "renounced": []},
        "units": {"chosen": [], "languages": {"UF_LV": "anglais"}},
    }


NUMBER = field("enfants", "integer", "t", min=1, max=3)
WORDED = field(
    "enfants",
    "integer",
    "t",
    min=1,
    max=3,
    min_message="Au moins un enfant.",
    max_message="Trois enfants au plus.",
)
BORN = field("ne_le", "date", "t", min=dt.date(2000, 1, 1), max=dt.date(2010, 12, 31))
BORN_WORDED = field(
    "ne_le",
    "date",
    "t",
    min=dt.date(2000, 1, 1),
    max=dt.date(2010, 12, 31),
    min_message="Trop âgé.",
    max_message="Trop jeune.",
)
SESSION_BOUND = field("ne_le", "date", "t", max=RelativeDate("start", years=-16))
SESSION_FLOOR = field("ne_le", "date", "t", min=RelativeDate("start", years=-20))
SHORT = field("code", "text", "t", min_length=3, max_length=5)
INE = field("ine", "text", "t", pattern="[0-9]{3}")
INE_WORDED = field("ine", "textarea", "t", pattern="[0-9]{3}", pattern_message="Trois chiffres.")


@pytest.mark.parametrize(
    ("f", "value", "message"),
    [
        (field("cgu", "checkbox", "t"), True, None),
        (field("cgu", "checkbox", "t"), "oui", INVALID),
        (field("amenagement", "yesno", "t"), False, None),
        (field("amenagement", "yesno", "t"), 0, INVALID),
        (NUMBER, True, INTEGER),
        (NUMBER, "2", INTEGER),
        (NUMBER, 2.0, INTEGER),
        (NUMBER, 0, "La valeur doit être supérieure ou égale à 1."),
        (NUMBER, 1, None),
        (NUMBER, 3, None),
        (NUMBER, 4, "La valeur doit être inférieure ou égale à 3."),
        (WORDED, 0, "Au moins un enfant."),
        (WORDED, 4, "Trois enfants au plus."),
        (field("rang", "integer", "t"), -(10**12), None),
        (field("nom", "text", "t"), 3, INVALID),
        (BORN, "01/01/2005", DATE_FORMAT),
        (BORN, "2005-02-30", DATE_INVALID),
        (BORN, "1999-12-31", "La date doit être postérieure ou égale au 01/01/2000."),
        (BORN, "2000-01-01", None),
        (BORN, "2010-12-31", None),
        (BORN, "2011-01-01", "La date doit être antérieure ou égale au 31/12/2010."),
        (BORN_WORDED, "1999-12-31", "Trop âgé."),
        (BORN_WORDED, "2011-01-01", "Trop jeune."),
        (SESSION_BOUND, "2009-06-02", None),
        (SESSION_BOUND, "2009-06-03", "La date doit être antérieure ou égale au 02/06/2009."),
        (SESSION_FLOOR, "2005-06-02", None),
        (SESSION_FLOOR, "2005-06-01", "La date doit être postérieure ou égale au 02/06/2005."),
        (field("cp", "postal_code", "t"), "51100", None),
        (field("cp", "postal_code", "t"), "5110", "Le code postal doit comporter 5 chiffres."),
        (field("cp", "postal_code", "t"), "511000", "Le code postal doit comporter 5 chiffres."),
        (field("tel", "phone", "t"), "0612345678", None),
        (field("tel", "phone", "t"), "+33612345678", None),
        (
            field("tel", "phone", "t"),
            "0012345678",
            "Le numéro de téléphone doit comporter 10 chiffres (par exemple 0612345678).",
        ),
        (field("mel", "email", "t"), "julie@example.fr", None),
        (field("mel", "email", "t"), "julie@example", "L'adresse mail n'est pas valide."),
        (field("mel", "email", "t", pattern="[0-9]+"), "julie@example.fr", None),
        (SHORT, "ab", "Ce champ doit comporter au moins 3 caractères."),
        (SHORT, "abc", None),
        (SHORT, "abcde", None),
        (SHORT, "abcdef", "Ce champ doit comporter au plus 5 caractères."),
        (field("nom", "text", "t"), "x" * 255, None),
        (field("nom", "text", "t"), "x" * 256, "Ce champ doit comporter au plus 255 caractères."),
        (field("texte", "textarea", "t"), "x" * 2000, None),
        (
            field("texte", "textarea", "t"),
            "x" * 2001,
            "Ce champ doit comporter au plus 2000 caractères.",
        ),
        (INE, "123", None),
        (INE, "1234", "Le format de ce champ n'est pas valide."),
        (INE, "a123", "Le format de ce champ n'est pas valide."),
        (INE_WORDED, "12", "Trois chiffres."),
    ],
)
def test_a_stored_value_that_breaks_its_fields_own_rule_gets_that_rules_french_message(
    f: Any, value: Any, message: str | None
) -> None:
    assert check_value(f, value, SESSION_2025) == message


def test_a_date_bound_relative_to_the_session_is_not_checked_without_a_calendar():
    assert check_value(SESSION_BOUND, "2020-01-01") is None
    assert check_value(SESSION_BOUND, "2020-01-01", SESSION_2025) == (
        "La date doit être antérieure ou égale au 02/06/2009."
    )
