"""Property-based tests (hypothesis) of the condition evaluator, parser and JSON form."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.conditions import (
    AGE_ATS,
    CONDITION_ERRORS,
    SESSION_BASES,
    UNIT_STATUSES,
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
    TypeEnv,
    UnitStatus,
    age_at,
    check_condition,
    evaluate,
    is_constant,
    parse_condition,
    referenced_fields,
    to_json,
)
from engine.errors import SourceMap
from engine.spec.model import Field

# Timing varies under a loaded CI or pytest-xdist: no per-example deadline, no speed check.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

FIELDS = ("a", "b", "c", "d")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
relative_dates = st.builds(
    RelativeDate, st.sampled_from(SESSION_BASES), years=st.integers(-80, 80),
    months=st.integers(-30, 30), days=st.integers(-400, 400))
texts = st.text(max_size=8).filter(lambda s: not ISO_DATE.fullmatch(s))
numbers = st.one_of(st.integers(-10**6, 10**6), st.floats(-1e6, 1e6, allow_nan=False))
orderables = st.one_of(numbers, dates, relative_dates)
scalars = st.one_of(texts, numbers, st.booleans(), dates, relative_dates)
fields = st.sampled_from(FIELDS)


@st.composite
def comparisons(draw: st.DrawFn) -> Compare:
    op = draw(st.sampled_from(("equals", "not_equals", "in", "not_in", "lt", "le", "gt", "ge")))
    if op in ("in", "not_in"):
        return Compare(draw(fields), op, tuple(draw(st.lists(scalars, min_size=1, max_size=3))))
    literals = orderables if op in ("lt", "le", "gt", "ge") else scalars
    return Compare(draw(fields), op, draw(literals))


leaves = st.one_of(
    comparisons(),
    st.builds(IsSet, fields, st.booleans()),
    st.builds(Age, fields, st.sampled_from(("equals", "not_equals", "lt", "le", "gt", "ge")),
              st.integers(0, 120), st.sampled_from(AGE_ATS)),
    st.builds(AcquisDeclared, st.sampled_from(("cap", "bac"))),
    st.builds(UnitStatus, st.sampled_from(("EP1", "EP2")), st.sampled_from(UNIT_STATUSES)),
    st.builds(Const, st.booleans()),
)
conditions: st.SearchStrategy[Condition] = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.builds(All, st.lists(inner, max_size=3).map(tuple)),
        st.builds(AnyOf, st.lists(inner, max_size=3).map(tuple)),
        st.builds(Not, inner),
    ),
    max_leaves=10,
)

answer_values = st.one_of(
    st.none(), st.text(max_size=6), st.integers(), st.floats(), st.booleans(), dates,
    st.datetimes(), dates.map(dt.date.isoformat), st.integers(-99, 99).map(str),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=2), st.integers(),
                                                        max_size=2),
    st.sampled_from(("oui", "non", " 12 ", "2024-02-30", "", "   ")),
)
answers = st.dictionaries(fields, answer_values)


@st.composite
def calendars(draw: st.DrawFn) -> SessionCalendar:
    year = draw(st.integers(2000, 2040))
    start = draw(st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    close = draw(st.dates(start - dt.timedelta(days=300), start))
    return SessionCalendar(year, start, close)


@st.composite
def contexts(draw: st.DrawFn) -> EvalContext:
    return EvalContext(
        draw(answers), draw(calendars()),
        frozenset(draw(st.sets(st.sampled_from(("cap", "bac", "bep"))))),
        draw(st.dictionaries(st.sampled_from(("EP1", "EP2")), st.sampled_from(UNIT_STATUSES))),
    )


@relaxed
@given(conditions, contexts())
def test_evaluation_never_raises_and_always_answers_true_or_false(
        cond: Condition, ctx: EvalContext) -> None:
    assert evaluate(cond, ctx) in (True, False)


@relaxed
@given(conditions, contexts())
def test_not_gives_the_opposite(cond: Condition, ctx: EvalContext) -> None:
    assert evaluate(Not(cond), ctx) is (not evaluate(cond, ctx))


@relaxed
@given(st.lists(conditions, max_size=4).map(tuple), contexts())
def test_de_morgan_holds(conds: tuple[Condition, ...], ctx: EvalContext) -> None:
    negated = tuple(Not(c) for c in conds)
    assert evaluate(Not(All(conds)), ctx) == evaluate(AnyOf(negated), ctx)
    assert evaluate(Not(AnyOf(conds)), ctx) == evaluate(All(negated), ctx)


@relaxed
@given(conditions, contexts())
def test_constants_are_the_identities_and_absorbing_elements(
        cond: Condition, ctx: EvalContext) -> None:
    value = evaluate(cond, ctx)
    yes, no = Const(True), Const(False)
    assert evaluate(All((yes, cond)), ctx) == value == evaluate(AnyOf((no, cond)), ctx)
    assert evaluate(All((cond,)), ctx) == value == evaluate(AnyOf((cond,)), ctx)
    assert evaluate(All((cond, no)), ctx) is False
    assert evaluate(AnyOf((cond, yes)), ctx) is True


@relaxed
@given(conditions, contexts())
def test_a_condition_found_constant_is_constant_in_every_context(
        cond: Condition, ctx: EvalContext) -> None:
    constant = is_constant(cond)
    if constant is not None:
        assert evaluate(cond, ctx) is constant


@relaxed
@given(conditions, contexts(), answer_values)
def test_only_referenced_fields_change_the_result(
        cond: Condition, ctx: EvalContext, other: Any) -> None:
    unread = [f for f in FIELDS if f not in referenced_fields(cond)]
    changed = {**ctx.answers, **{f: other for f in unread}}
    assert evaluate(cond, EvalContext(changed, ctx.calendar, ctx.diplomas,
                                      ctx.unit_statuses)) == evaluate(cond, ctx)


@relaxed
@given(scalars, answer_values, calendars())
def test_in_a_one_value_list_is_equals_that_value(value: Any, answer: Any,
                                                   calendar: SessionCalendar) -> None:
    ctx = EvalContext({"a": answer}, calendar)
    assert evaluate(Compare("a", "in", (value,)), ctx) == evaluate(
        Compare("a", "equals", value), ctx)
    assert evaluate(Compare("a", "not_in", (value,)), ctx) == evaluate(
        Compare("a", "not_equals", value), ctx)


@relaxed
@given(scalars, answer_values, calendars())
def test_equals_and_not_equals_never_both_hold(value: Any, answer: Any,
                                               calendar: SessionCalendar) -> None:
    ctx = EvalContext({"a": answer}, calendar)
    assert not (evaluate(Compare("a", "equals", value), ctx)
                and evaluate(Compare("a", "not_equals", value), ctx))


ordered_pairs = st.one_of(
    st.tuples(st.integers(-1000, 1000), st.one_of(st.integers(-1000, 1000),
                                                  st.integers(-1000, 1000).map(str))),
    st.tuples(st.one_of(dates, relative_dates), st.one_of(dates, dates.map(dt.date.isoformat))),
)


@relaxed
@given(ordered_pairs, calendars())
def test_le_is_lt_or_equals_and_lt_is_not_ge_for_numbers_and_dates(
        pair: tuple[Any, Any], calendar: SessionCalendar) -> None:
    value, answer = pair
    ctx = EvalContext({"a": answer}, calendar)

    def holds(op: Any) -> bool:
        return evaluate(Compare("a", op, value), ctx)

    assert holds("le") == (holds("lt") or holds("equals"))
    assert holds("ge") == (holds("gt") or holds("equals"))
    assert holds("lt") is (not holds("ge"))
    assert holds("equals") is (not holds("not_equals"))


def anniversary(born: dt.date, years: int) -> dt.date:
    """The `years`-th birthday; a 29 February birthday falls on 1 March in other years."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return dt.date(born.year + years, 3, 1)


@relaxed
@given(dates, dates)
def test_age_is_the_number_of_birthdays_reached(born: dt.date, on: dt.date) -> None:
    age = age_at(born, on)
    assert age is not None
    if on >= born:
        assert anniversary(born, age) <= on < anniversary(born, age + 1)


@relaxed
@given(dates, dates, dates)
def test_age_never_grows_with_a_later_birth_date(first: dt.date, second: dt.date,
                                                  on: dt.date) -> None:
    earlier, later = sorted((first, second))
    assert age_at(earlier, on) >= age_at(later, on)  # type: ignore[operator]


@relaxed
@given(dates, st.integers(0, 100), calendars())
def test_age_at_year_end_agrees_with_the_birth_date_compared_to_a_relative_date(
        born: dt.date, years: int, calendar: SessionCalendar) -> None:
    ctx = EvalContext({"a": born.isoformat()}, calendar)
    assert evaluate(Age("a", "ge", years), ctx) == evaluate(
        Compare("a", "le", RelativeDate("year_end", years=-years)), ctx)


yaml_like = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=5),
              dates, st.sampled_from(("field", "equals", "all", "any", "not", "in", "age",
                                      "set", "unit", "status", "acquis", "at", "session"))),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.one_of(st.sampled_from(("field", "equals", "in", "lt", "all", "any", "not",
                                       "age", "at", "set", "unit", "status", "acquis",
                                       "session", "years")),
                      st.text(max_size=4), st.integers(), st.booleans()),
            inner, max_size=4),
    ),
    max_leaves=15,
)


@relaxed
@given(yaml_like)
def test_parsing_never_raises_and_reports_catalogued_errors(node: Any) -> None:
    cond, errors = parse_condition(node, ("c",), SourceMap())
    assert (cond is None) == bool(errors)
    assert all(e.code in CONDITION_ERRORS and e.message for e in errors)


@relaxed
@given(conditions)
def test_the_json_form_parses_back_into_the_same_condition(cond: Condition) -> None:
    form = json.loads(json.dumps(to_json(cond)))
    assert parse_condition(form, (), SourceMap()) == (cond, [])


ENV = TypeEnv(
    fields={code: Field(code, kind, code, "t", "", i)
            for i, (code, kind) in enumerate(zip(FIELDS, ("date", "integer", "select", "yesno"),
                                                 strict=True))},
    visible_before=frozenset(FIELDS[:3]),
    choice_values={"c": frozenset({"x", "y"})},
    diplomas=frozenset({"cap"}),
    units=frozenset({"EP1"}),
)


@relaxed
@given(conditions)
def test_type_checking_never_raises_and_uses_catalogued_codes(cond: Condition) -> None:
    errors = check_condition(cond, ("c",), ENV, SourceMap())
    assert all(e.code in CONDITION_ERRORS for e in errors)


def typed_comparisons(code: str, literals: st.SearchStrategy[Any],
                      ops: tuple[str, ...]) -> st.SearchStrategy[Condition]:
    """Comparisons on one field with literals of its type, single or listed as the op needs."""
    return st.sampled_from(ops).flatmap(
        lambda op: (st.lists(literals, min_size=1, max_size=3).map(tuple)
                    if op in ("in", "not_in") else literals).map(
            lambda value: Compare(code, op, value)))


EQUALITY = ("equals", "not_equals", "in", "not_in")
ALL_OPS = (*EQUALITY, "lt", "le", "gt", "ge")
well_typed_leaves = st.one_of(
    typed_comparisons("a", st.one_of(dates, relative_dates), ALL_OPS),
    typed_comparisons("b", numbers, ALL_OPS),
    typed_comparisons("c", st.sampled_from(("x", "y")), EQUALITY),
    typed_comparisons("d", st.booleans(), EQUALITY),
    st.builds(IsSet, fields, st.booleans()),
    st.builds(Age, st.just("a"), st.sampled_from(("equals", "lt", "ge")), st.integers(0, 99)),
    st.just(AcquisDeclared("cap")),
    st.builds(UnitStatus, st.just("EP1"), st.sampled_from(UNIT_STATUSES)),
)
WHOLE_WIZARD_BEFORE = TypeEnv(ENV.fields, frozenset(FIELDS), ENV.choice_values, ENV.diplomas,
                              ENV.units)


@relaxed
@given(st.recursive(well_typed_leaves, lambda inner: st.one_of(
    st.builds(All, st.lists(inner, max_size=3).map(tuple)), st.builds(Not, inner)),
    max_leaves=8))
def test_a_well_typed_condition_never_gets_a_type_error(cond: Condition) -> None:
    assert check_condition(cond, ("c",), WHOLE_WIZARD_BEFORE, SourceMap()) == []


@relaxed
@given(st.sampled_from(FIELDS), st.sampled_from(ALL_OPS), scalars)
def test_a_literal_of_another_type_than_its_field_is_reported(
        code: str, op: str, value: Any) -> None:
    kind = ENV.fields[code].type
    fits = {
        "date": isinstance(value, dt.date | RelativeDate),
        "integer": isinstance(value, int | float) and not isinstance(value, bool),
        "select": value in ("x", "y"),
        "yesno": isinstance(value, bool),
    }[kind]
    orderable = kind in ("date", "integer")
    literal = (value,) if op in ("in", "not_in") else value
    errors = check_condition(Compare(code, op, literal), ("c",), WHOLE_WIZARD_BEFORE,
                             SourceMap())
    assert (errors == []) == (fits and (orderable or op in EQUALITY))
