"""How the evaluator reads a form's answer as a yes/no, a number, a text or a date: explicit
examples of each spelling (the browser mirror reads them the same way, see
test_conditions_mirror.py), so that a reading that changes fails a named case."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from engine.conditions import Age, Compare, Condition, EvalContext, SessionCalendar, evaluate
from engine.conditions.evaluate import as_bool, as_date, as_number, as_text, is_answered

CALENDAR = SessionCalendar(2025, dt.date(2025, 6, 2), dt.date(2024, 11, 15))
# Spaces a form may send around an answer (the no-break spaces of French typing included),
# and spaces Python's str.strip() would remove but the evaluator and its mirror keep.
FORM_SPACES = " \t\n\r\f\v\u00a0\u202f"
OTHER_SPACES = ("\u2003", "\u3000", "\x1f", "\x85", "\u2028")


def holds(cond: Condition, answer: Any) -> bool:
    return evaluate(cond, EvalContext({"x": answer}, CALENDAR))


@pytest.mark.parametrize(
    "word", ["true", "1", "oui", "o", "yes", "y", "on", " OUI ", "Yes", "\u00a0on\u202f", True, 1]
)
def test_a_yes_answer_reads_as_true_in_any_spelling(word: Any) -> None:
    assert as_bool(word) is True
    assert holds(Compare("x", "equals", True), word) is True
    assert holds(Compare("x", "not_equals", False), word) is True


@pytest.mark.parametrize(
    "word", ["false", "0", "non", "n", "no", "off", " NON ", "Off", "\tnon\u00a0", False, 0]
)
def test_a_no_answer_reads_as_false_in_any_spelling(word: Any) -> None:
    assert as_bool(word) is False
    assert holds(Compare("x", "equals", False), word) is True
    assert holds(Compare("x", "not_equals", True), word) is True


@pytest.mark.parametrize(
    "word", ["peut-être", "vrai", "2", 2, -1, 1.0, 0.0, "", " ", None, [True], "o ui", "\u2003oui"]
)
def test_an_answer_that_is_neither_yes_nor_no_holds_no_yes_no_comparison(word: Any) -> None:
    assert as_bool(word) is None
    for literal in (True, False):
        assert holds(Compare("x", "equals", literal), word) is False
        assert holds(Compare("x", "not_equals", literal), word) is False


@pytest.mark.parametrize(
    ("answer", "number"),
    [
        (12, 12),
        (-3, -3),
        (0, 0),
        (12.5, 12.5),
        (-0.25, -0.25),
        (" 12 ", 12),
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("+3", 3),
        ("-3", -3),
        ("\u00a012\u202f", 12),
        ("\t7\n", 7),
        ("123456789012345", 123456789012345),
        ("0,000000000000001", 1e-15),
        ("007", 7),
    ],
)
def test_a_number_answer_is_read_from_an_integer_a_finite_float_or_a_form_text(
    answer: Any, number: float
) -> None:
    got = as_number(answer)
    assert got == number and type(got) is type(number)


@pytest.mark.parametrize(
    "answer",
    [
        True,
        False,
        float("nan"),
        float("inf"),
        float("-inf"),
        "1e3",
        "12 5",
        "1,5,5",
        ".5",
        "5.",
        "1234567890123456",
        "0,1234567890123456",
        "",
        "douze",
        "\u200312",
        "12\u3000",
        "1_000",
        "\uff11\uff12",
        "١٢",
        None,
        [12],
        dt.date(2020, 1, 1),
    ],
)
def test_an_answer_that_is_no_plain_number_holds_no_numeric_comparison(answer: Any) -> None:
    assert as_number(answer) is None
    for op in ("equals", "not_equals", "lt", "ge"):
        assert holds(Compare("x", op, 12), answer) is False  # type: ignore[arg-type]


def test_a_finite_float_answer_compares_in_order_and_a_nan_or_infinity_never() -> None:
    assert [holds(Compare("x", "lt", 13), v) for v in (12.5, 13.0, 13.5)] == [True, False, False]
    assert [holds(Compare("x", "ge", 12.5), v) for v in (12.5, "12,49", 12.51)] == [
        True,
        False,
        True,
    ]
    for odd in (float("nan"), float("inf"), float("-inf")):
        assert [holds(Compare("x", op, 0), odd) for op in ("lt", "gt", "not_equals")] == [False] * 3


@pytest.mark.parametrize(
    ("answer", "text"),
    [
        ("abc", "abc"),
        (" abc ", " abc "),
        (12, "12"),
        (-4, "-4"),
        (dt.date(2024, 2, 29), "2024-02-29"),
    ],
)
def test_a_text_comparison_reads_the_answer_as_typed_and_numbers_as_written(
    answer: Any, text: str
) -> None:
    assert as_text(answer) == text


@pytest.mark.parametrize("answer", [True, False, 1.5, None, ["a"]])
def test_a_yes_no_a_float_or_a_list_is_no_text(answer: Any) -> None:
    assert as_text(answer) is None
    assert holds(Compare("x", "not_equals", "zzz"), answer) is False


@pytest.mark.parametrize(
    ("answer", "date"),
    [
        ("2024-02-29", dt.date(2024, 2, 29)),
        (" 2024-01-05 ", dt.date(2024, 1, 5)),
        ("\u00a02024-01-05\u202f", dt.date(2024, 1, 5)),
        ("2024-01-05T10:00", dt.date(2024, 1, 5)),
        ("2024-01-05 x", dt.date(2024, 1, 5)),
        (dt.date(2020, 3, 1), dt.date(2020, 3, 1)),
        (dt.datetime(2020, 3, 1, 23, 59), dt.date(2020, 3, 1)),
    ],
)
def test_a_date_answer_is_read_from_a_date_or_an_iso_text(answer: Any, date: dt.date) -> None:
    got = as_date(answer)
    assert got == date and type(got) is dt.date


@pytest.mark.parametrize(
    "answer",
    [
        "2023-02-29",
        "2024-13-01",
        "2024-00-10",
        "2024-1-5",
        "05/01/2024",
        "20240105",
        20240105,
        "",
        "\u20032024-01-05",
        "2024-01-0",
        None,
        True,
        2024.0,
    ],
)
def test_an_answer_that_is_no_real_date_holds_no_date_comparison(answer: Any) -> None:
    assert as_date(answer) is None
    for op in ("equals", "not_equals", "lt", "ge"):
        assert holds(Compare("x", op, dt.date(2024, 1, 5)), answer) is False  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("answer", "answered"),
    [
        (None, False),
        ("", False),
        (FORM_SPACES, False),
        ("\u202f", False),
        ([], False),
        ((), False),
        (set(), False),
        ({}, False),
        ("a", True),
        (" a ", True),
        ([""], True),
        (0, True),
        (False, True),
        ("\u2003", True),
        ("\u3000", True),
        ("\x1f", True),
    ],
)
def test_an_answer_is_given_unless_none_blank_or_empty(answer: Any, answered: bool) -> None:
    assert is_answered(answer) is answered
    assert evaluate(_is_set(), EvalContext({"x": answer}, CALENDAR)) is answered


def _is_set() -> Condition:
    from engine.conditions import IsSet

    return IsSet("x", True)


@pytest.mark.parametrize("space", OTHER_SPACES)
def test_only_the_form_spaces_are_trimmed_around_an_answer(space: str) -> None:
    assert as_number(f"{space}12") is None
    assert as_bool(f"oui{space}") is None
    assert as_date(f"{space}2024-01-05") is None
    assert is_answered(space) is True


def test_not_in_holds_only_for_an_answer_readable_as_a_listed_kind_and_outside_the_list() -> None:
    outside = Compare("x", "not_in", (1, 2))
    assert [holds(outside, v) for v in ("3", 1, "2", "abc", "", None)] == [
        True,
        False,
        False,
        False,
        False,
        False,
    ]
    inside = Compare("x", "in", (1, "b"))
    assert [holds(inside, v) for v in ("1", "b", 1, "c", None)] == [True, True, True, False, False]


def test_the_order_operators_compare_numbers_and_dates_and_never_yes_no_answers() -> None:
    ops = ("lt", "le", "gt", "ge", "equals", "not_equals")
    assert [holds(Compare("x", op, 10), 10) for op in ops] == [  # type: ignore[arg-type]
        False,
        True,
        False,
        True,
        True,
        False,
    ]
    assert [holds(Compare("x", op, 10), 9) for op in ops] == [  # type: ignore[arg-type]
        True,
        True,
        False,
        False,
        False,
        True,
    ]
    assert [holds(Compare("x", op, 10), 11) for op in ops] == [  # type: ignore[arg-type]
        False,
        False,
        True,
        True,
        False,
        True,
    ]
    day = dt.date(2024, 1, 5)
    assert [holds(Compare("x", op, day), "2024-01-04") for op in ops] == [  # type: ignore[arg-type]
        True,
        True,
        False,
        False,
        False,
        True,
    ]
    assert [holds(Compare("x", op, True), True) for op in ops] == [  # type: ignore[arg-type]
        False,
        False,
        False,
        False,
        True,
        False,
    ]


def test_an_age_compares_with_every_operator_on_whole_years() -> None:
    ops = ("lt", "le", "gt", "ge", "equals", "not_equals")
    born = "2007-12-31"  # 18 on 31 December 2025
    assert [holds(Age("x", op, 18), born) for op in ops] == [  # type: ignore[arg-type]
        False,
        True,
        False,
        True,
        True,
        False,
    ]
    assert [holds(Age("x", op, 18), "2008-01-01") for op in ops] == [  # type: ignore[arg-type]
        True,
        True,
        False,
        False,
        False,
        True,
    ]


def test_a_node_the_evaluator_does_not_know_never_holds() -> None:
    class Unknown:
        pass

    assert evaluate(Unknown(), EvalContext({}, CALENDAR)) is False  # type: ignore[arg-type]


def test_a_hand_built_comparison_whose_operator_does_not_fit_its_value_never_holds() -> None:
    assert [holds(Compare("x", op, 12), 12) for op in ("in", "not_in")] == [False, False]  # type: ignore[arg-type]
    assert [holds(Compare("x", op, (12, 13)), 12) for op in ("equals", "lt", "not_equals")] == [  # type: ignore[arg-type]
        False,
        False,
        False,
    ]


def test_a_hand_built_order_on_texts_never_holds() -> None:
    assert [holds(Compare("x", op, "b"), a) for op in ("lt", "gt") for a in ("a", "c")] == [  # type: ignore[arg-type]
        False,
        False,
        False,
        False,
    ]
