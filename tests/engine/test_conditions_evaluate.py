"""The server-side evaluator: every operator, answers as forms send them, ages and session dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from engine.conditions import (
    AcquisDeclared,
    Age,
    All,
    AnyOf,
    Compare,
    Condition,
    Const,
    EvalContext,
    IsSet,
    Not,
    RelativeDate,
    SessionCalendar,
    UnitStatus,
    age_at,
    evaluate,
)
from engine.errors import SourceMap

# A June 2025 session whose registrations closed on 15 November 2024.
CALENDAR = SessionCalendar(2025, dt.date(2025, 6, 2), dt.date(2024, 11, 15))


def holds(cond: Condition | None, diplomas: frozenset[str] = frozenset(),
          units: dict[str, str] | None = None, **answers: Any) -> bool:
    return evaluate(cond, EvalContext(answers, CALENDAR, diplomas, units or {}))


BORN_ABROAD = Compare("pays_naissance", "not_equals", "FR")


def test_no_condition_always_holds() -> None:
    assert holds(None) is True


def test_a_candidate_born_abroad_is_asked_the_parents_names() -> None:
    assert holds(BORN_ABROAD, pays_naissance="BE") is True
    assert holds(BORN_ABROAD, pays_naissance="FR") is False


def test_an_unanswered_field_makes_every_comparison_false() -> None:
    for cond in (BORN_ABROAD, Compare("pays_naissance", "equals", "FR"),
                 Compare("categorie", "not_in", ("scolaire",)), Compare("nb", "lt", 3)):
        assert holds(cond) is False
        assert holds(cond, pays_naissance=None, categorie="  ", nb=None) is False


def test_not_of_a_comparison_on_an_unanswered_field_holds() -> None:
    assert holds(Not(Compare("pays_naissance", "equals", "FR"))) is True


def test_set_tells_answered_from_unanswered() -> None:
    assert holds(IsSet("nom_usage", True), nom_usage="MARTIN") is True
    assert holds(IsSet("nom_usage", True), nom_usage="   ") is False
    assert holds(IsSet("nom_usage", False)) is True
    assert holds(IsSet("nom_usage", False), nom_usage="") is True
    assert holds(IsSet("amenagement", True), amenagement=False) is True


@pytest.mark.parametrize(("op", "answer", "expected"), [
    ("in", "apprenti", True), ("in", "scolaire", False),
    ("not_in", "scolaire", True), ("not_in", "apprenti", False),
])
def test_in_and_not_in_look_the_answer_up_in_the_list(op: str, answer: str, expected: bool) -> None:
    cond = Compare("categorie", op, ("individuel", "apprenti"))  # type: ignore[arg-type]
    assert holds(cond, categorie=answer) is expected


@pytest.mark.parametrize(("op", "expected"), [
    ("lt", [True, False, False]), ("le", [True, True, False]),
    ("gt", [False, False, True]), ("ge", [False, True, True]),
    ("equals", [False, True, False]), ("not_equals", [True, False, True]),
])
def test_numbers_compare_in_order(op: str, expected: list[bool]) -> None:
    cond = Compare("nb", op, 2)  # type: ignore[arg-type]
    assert [holds(cond, nb=n) for n in (1, 2, 3)] == expected


def test_integers_from_a_form_arrive_as_text_and_compare_as_numbers() -> None:
    cond = Compare("nb", "ge", 10)
    assert [holds(cond, nb=v) for v in (" 12 ", "9", "10", "10,5", "dix", "1e3", True)] == [
        True, False, True, True, False, False, False]


def test_dates_compare_in_order_whether_given_as_dates_or_iso_text() -> None:
    cond = Compare("date_naissance", "lt", dt.date(2007, 1, 1))
    assert holds(cond, date_naissance=dt.date(2006, 12, 31)) is True
    assert holds(cond, date_naissance="2006-12-31") is True
    assert holds(cond, date_naissance=dt.datetime(2006, 12, 31, 23, 59)) is True
    assert holds(cond, date_naissance="2007-01-01") is False
    assert holds(cond, date_naissance="31/12/2006") is False
    assert holds(cond, date_naissance="2006-02-30") is False


def test_a_relative_date_is_taken_from_the_session_calendar_not_today() -> None:
    five_years = Compare("date_obtention", "ge", RelativeDate("year_end", years=-5))
    assert holds(five_years, date_obtention="2020-12-31") is True
    assert holds(five_years, date_obtention="2020-12-30") is False
    before_close = Compare("date_depot", "le", RelativeDate("registration_close", days=14))
    assert holds(before_close, date_depot="2024-11-29") is True
    assert holds(before_close, date_depot="2024-11-30") is False


@pytest.mark.parametrize(("relative", "expected"), [
    (RelativeDate("start"), dt.date(2025, 6, 2)),
    (RelativeDate("year_end", years=-5), dt.date(2020, 12, 31)),
    (RelativeDate("start", months=-6), dt.date(2024, 12, 2)),
    (RelativeDate("registration_close", months=3, days=-15), dt.date(2025, 1, 31)),
    (RelativeDate("year_end", months=2), dt.date(2026, 2, 28)),
])
def test_relative_dates_resolve_against_the_calendar(relative: RelativeDate,
                                                     expected: dt.date) -> None:
    assert CALENDAR.resolve(relative) == expected


def test_a_29_february_that_does_not_exist_becomes_the_28th() -> None:
    calendar = SessionCalendar(2024, dt.date(2024, 2, 29), dt.date(2024, 1, 15))
    assert calendar.resolve(RelativeDate("start", years=-1)) == dt.date(2023, 2, 28)


def test_yes_no_answers_compare_with_booleans_in_any_spelling() -> None:
    cond = Compare("amenagement", "equals", True)
    assert [holds(cond, amenagement=v) for v in (True, "oui", "on", "1", 1, "y")] == [True] * 6
    assert [holds(cond, amenagement=v) for v in (False, "non", "0", 0, "peut-être", 2)] == [
        False] * 6


def test_a_select_answer_compares_as_text() -> None:
    cond = Compare("etablissement", "equals", "individuels")
    assert holds(cond, etablissement="individuels") is True
    assert holds(cond, etablissement="INDIVIDUELS") is False
    assert holds(Compare("code", "equals", "001"), code="001") is True


def test_a_candidate_turning_18_on_31_december_is_of_age_for_the_session() -> None:
    adult = Age("date_naissance", "ge", 18)
    assert holds(adult, date_naissance="2007-12-31") is True
    assert holds(adult, date_naissance="2008-01-01") is False


def test_the_age_is_taken_at_the_chosen_session_date() -> None:
    sixteen_at_start = Age("date_naissance", "ge", 16, "session_start")
    assert holds(sixteen_at_start, date_naissance="2009-06-02") is True
    assert holds(sixteen_at_start, date_naissance="2009-06-03") is False
    at_close = Age("date_naissance", "ge", 16, "registration_close")
    assert holds(at_close, date_naissance="2008-11-15") is True
    assert holds(at_close, date_naissance="2008-11-16") is False


def test_an_age_without_a_readable_birth_date_holds_no_comparison() -> None:
    for op in ("lt", "ge", "equals", "not_equals"):
        cond = Age("date_naissance", op, 18)  # type: ignore[arg-type]
        assert holds(cond) is False
        assert holds(cond, date_naissance="hier") is False


def test_someone_born_on_29_february_has_their_birthday_on_1_march() -> None:
    born = dt.date(2008, 2, 29)
    assert age_at(born, dt.date(2025, 2, 28)) == 16
    assert age_at(born, dt.date(2025, 3, 1)) == 17
    assert age_at(born, dt.date(2028, 2, 29)) == 20


def test_an_acquis_condition_reads_the_declared_diplomas() -> None:
    assert holds(AcquisDeclared("cap"), diplomas=frozenset({"cap", "bac"})) is True
    assert holds(AcquisDeclared("cap"), diplomas=frozenset({"bac"})) is False


def test_a_unit_condition_reads_the_computed_status() -> None:
    dispensed = UnitStatus("EP1", "dispense")
    assert holds(dispensed, units={"EP1": "dispense"}) is True
    assert holds(dispensed, units={"EP1": "inscrit"}) is False
    assert holds(dispensed, units={}) is False


def test_all_any_and_not_combine_as_in_logic() -> None:
    yes, no = Const(True), Const(False)
    assert [holds(All(())), holds(AnyOf(())), holds(Not(no))] == [True, False, True]
    assert [holds(All((yes, no))), holds(AnyOf((no, yes))), holds(All((yes, yes)))] == [
        False, True, True]


def test_odd_answer_values_never_raise_and_count_as_unreadable() -> None:
    cond = AnyOf((Compare("x", "lt", 3), Compare("x", "ge", dt.date(2020, 1, 1)),
                  Compare("x", "in", ("a", 1, True)), Age("x", "ge", 1)))
    for odd in ([1, 2], {"a": 1}, object(), float("nan"), float("inf"), b"12", 10**40, SourceMap()):
        assert holds(cond, x=odd) in (True, False)
    assert holds(Compare("x", "lt", 3), x=float("nan")) is False


def test_a_hand_built_datetime_literal_compares_as_its_date_without_raising() -> None:
    cond = Compare("d", "lt", dt.datetime(2024, 6, 1, 10, 0))
    assert holds(cond, d=dt.date(2024, 5, 31)) is True
    assert holds(cond, d="2024-06-01") is False


def test_a_relative_date_keeps_its_day_clamped_to_the_month_and_to_the_calendars_range() -> None:
    calendar = SessionCalendar(2024, dt.date(2024, 1, 31), dt.date(2023, 12, 31))
    assert [calendar.resolve(r) for r in (
        RelativeDate("start", months=1), RelativeDate("start", months=2),
        RelativeDate("start", months=11), RelativeDate("start", months=12),
        RelativeDate("start", months=-1), RelativeDate("start", months=-2),
        RelativeDate("start", years=1, months=1), RelativeDate("registration_close", months=2),
        RelativeDate("registration_close", days=1), RelativeDate("year_end", days=-365),
        RelativeDate("start", years=-3000), RelativeDate("start", years=9000),
        RelativeDate("year_end", years=7975, days=1), RelativeDate("start", years=-2023, days=-31),
    )] == [
        dt.date(2024, 2, 29), dt.date(2024, 3, 31), dt.date(2024, 12, 31), dt.date(2025, 1, 31),
        dt.date(2023, 12, 31), dt.date(2023, 11, 30), dt.date(2025, 2, 28),
        dt.date(2024, 2, 29), dt.date(2024, 1, 1), dt.date(2024, 1, 1),
        dt.date(1, 1, 31), dt.date(9999, 1, 31), dt.date.max, dt.date.min,
    ]


def test_an_age_is_measured_at_the_session_date_its_condition_names() -> None:
    calendar = SessionCalendar(2025, dt.date(2025, 6, 2), dt.date(2024, 11, 15))
    assert [calendar.age_date(at) for at in (
        "session_start", "session_year_end", "registration_close")] == [
        dt.date(2025, 6, 2), dt.date(2025, 12, 31), dt.date(2024, 11, 15)]
    assert [calendar.base(b) for b in ("start", "year_end", "registration_close")] == [
        dt.date(2025, 6, 2), dt.date(2025, 12, 31), dt.date(2024, 11, 15)]
