"""The condition language's YAML form: what parses into which node, and every shape error."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from test_conditions_yaml_marks import load_with_marks

from engine.conditions import (
    CONDITION_ERRORS,
    AcquisDeclared,
    Age,
    All,
    AnyOf,
    Compare,
    Condition,
    Const,
    IsSet,
    Not,
    RelativeDate,
    UnitStatus,
    parse_condition,
    parse_date,
)
from engine.errors import SpecError


def parse_yaml(text: str) -> tuple[Condition | None, list[SpecError]]:
    data, marks = load_with_marks(textwrap.dedent(text))
    assert isinstance(data, dict)
    return parse_condition(data["c"], ("c",), marks)


def parsed(text: str) -> Condition:
    cond, errors = parse_yaml(text)
    assert errors == []
    assert cond is not None
    return cond


def only_error(text: str) -> SpecError:
    cond, errors = parse_yaml(text)
    assert cond is None
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


# ---------------------------------------------------------------------------- good forms

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("c: {field: pays_naissance, equals: FR}", Compare("pays_naissance", "equals", "FR")),
        ("c: {field: pays_naissance, not_equals: FR}",
         Compare("pays_naissance", "not_equals", "FR")),
        ("c: {field: categorie, in: [individuel, apprenti]}",
         Compare("categorie", "in", ("individuel", "apprenti"))),
        ("c: {field: categorie, not_in: [scolaire]}",
         Compare("categorie", "not_in", ("scolaire",))),
        ("c: {field: nb, lt: 3}", Compare("nb", "lt", 3)),
        ("c: {field: nb, le: 2.5}", Compare("nb", "le", 2.5)),
        ("c: {field: d, gt: 2024-12-31}", Compare("d", "gt", dt.date(2024, 12, 31))),
        ("c: {field: d, ge: '2024-12-31'}", Compare("d", "ge", dt.date(2024, 12, 31))),
        ("c: {field: d, ge: {session: year_end, years: -5}}",
         Compare("d", "ge", RelativeDate("year_end", years=-5))),
        ("c: {field: d, lt: {session: start, months: 1, days: -1}}",
         Compare("d", "lt", RelativeDate("start", months=1, days=-1))),
        ("c: {field: amenagement, equals: true}", Compare("amenagement", "equals", True)),
        ("c: {field: nom_usage, set: true}", IsSet("nom_usage", True)),
        ("c: {field: nom_usage, set: false}", IsSet("nom_usage", False)),
        ("c: {age: date_naissance, ge: 18}", Age("date_naissance", "ge", 18, "session_year_end")),
        ("c: {age: date_naissance, lt: 16, at: session_start}",
         Age("date_naissance", "lt", 16, "session_start")),
        ("c: {acquis: cap}", AcquisDeclared("cap")),
        ("c: {unit: EP1, status: dispense}", UnitStatus("EP1", "dispense")),
        ("c: {unit: '001', status: non_choisi}", UnitStatus("001", "non_choisi")),
        ("c: true", Const(True)),
        ("c: false", Const(False)),
        ("c: {all: []}", All(())),
        ("c: {not: {acquis: cap}}", Not(AcquisDeclared("cap"))),
        ("c: {any: [{acquis: cap}, false]}", AnyOf((AcquisDeclared("cap"), Const(False)))),
    ],
)
def test_each_yaml_form_parses_into_its_node(text: str, expected: Condition) -> None:
    assert parsed(text) == expected


def test_nested_combinators_parse_into_a_tree() -> None:
    cond = parsed("""
        c:
          all:
            - {field: pays_naissance, not_equals: FR}
            - any:
                - {age: date_naissance, lt: 18}
                - not: {field: nom_pere, set: true}
    """)
    assert cond == All((
        Compare("pays_naissance", "not_equals", "FR"),
        AnyOf((Age("date_naissance", "lt", 18), Not(IsSet("nom_pere", True)))),
    ))


# ---------------------------------------------------------------------------- shape errors

SHAPE_ERRORS = [
    # (yaml, code, message, line, col)
    ("c: {field: pays, equal: FR}", "E303",
     "unknown operator 'equal' (did you mean 'equals'?)", 1, 18),
    ("c:\n  feild: pays\n  equals: FR\n", "E303", "unknown key 'feild' (did you mean 'field'?)",
     2, 3),
    ("c: {field: pays, equals: FR, in: [FR]}", "E309",
     "a condition needs one operator, found 'equals' and 'in'", 1, 30),
    ("c:\n  all:\n    field: a\n    set: true\n", "E305",
     "'all' takes a list of conditions, found a mapping (write it inside a list: [ … ])", 3, 5),
    ("c: {any: yes}", "E305", "'any' takes a list of conditions, found true", 1, 10),
    ("c:\n  not:\n    - {acquis: cap}\n", "E305",
     "'not' takes one condition, found a list (write not: {any: [...]} or not: {all: [...]})",
     3, 5),
    ("c: 'pays == FR'", "E301",
     "a condition is a mapping such as {field: code, equals: value}, not the text 'pays == FR'",
     1, 4),
    ("c: [a, b]", "E301",
     "a condition is a mapping, found a list (combine conditions with all: or any:)", 1, 4),
    ("c:\n", "E301", "a condition is missing here (found nothing)", 1, 3),
    ("c: 12", "E301",
     "a condition is a mapping such as {field: code, equals: value}, found the number 12", 1, 4),
    ("c: {}", "E302", "empty condition {}: it names no field and no operator", 1, 4),
    ("c: {all: [], field: a}", "E304", "'all' cannot be combined with 'field' in one mapping",
     1, 14),
    ("c: {equals: FR}", "E306",
     "a condition needs a subject (field, age, acquis or unit), found only 'equals'", 1, 4),
    ("c: {field: a, age: b, ge: 1}", "E307", "a condition has one subject, found 'field' and 'age'",
     1, 15),
    ("c: {field: pays}", "E308", "the condition on field 'pays' needs an operator: equals, "
     "not_equals, in, not_in, lt, le, gt, ge, set", 1, 4),
    ("c: {unit: EP1}", "E308", "the condition on unit 'EP1' needs 'status: …'", 1, 4),
    ("c: {acquis: cap, equals: true}", "E310",
     "'acquis' stands alone: remove 'equals' (use not: {acquis: …} for the opposite)", 1, 18),
    ("c: {age: date_naissance, in: [18, 19]}", "E310", "operator 'in' cannot be used with 'age'",
     1, 26),
    ("c: {field: d, ge: 1, at: session_start}", "E310", "'at' goes with 'age', not with 'field'",
     1, 22),
    ("c: {field: x, status: dispense}", "E310", "'status' goes with 'unit', not with 'field'",
     1, 15),
    ("c: {field: [a, b], set: true}", "E311", "'field' takes the code of a field, found a list",
     1, 12),
    ("c: {equals: FR, lt: 3}", "E306",
     "a condition needs a subject (field, age, acquis or unit), found only 'equals' and 'lt'",
     1, 4),
    ("c: {age: 3, ge: 18}", "E311",
     "'age' takes the code of a date field, found the number 3 (write it in quotes)", 1, 10),
    ("c: {acquis: [cap]}", "E311", "'acquis' takes the code of a diploma, found a list", 1, 13),
    ("c: {unit: 1, status: inscrit}", "E311",
     "'unit' takes the code of a unit, found the number 1 (write it in quotes)", 1, 11),
    ("c: {field: pays, in: FR}", "E312",
     "'in' takes a list of values, found the text 'FR' (write in: [FR])", 1, 22),
    ("c: {field: pays, in: {FR: 1}}", "E312",
     "'in' takes a list of values, found a mapping (write in: […])", 1, 22),
    ("c: {field: nb, not_in: 3}", "E312",
     "'not_in' takes a list of values, found the number 3 (write not_in: [3])", 1, 24),
    ("c: {field: pays, not_in: []}", "E312", "'not_in' needs at least one value, found an empty "
     "list", 1, 26),
    ("c: {field: pays, set: 'oui'}", "E313", "'set' takes true or false, found the text 'oui'",
     1, 23),
    ("c: {field: pays, equals: [FR, BE]}", "E314",
     "'equals' takes one plain value, found a list (use 'in' for several values)", 1, 26),
    ("c: {field: pays, not_equals: [FR]}", "E314",
     "'not_equals' takes one plain value, found a list (use 'in' for several values)", 1, 30),
    ("c: {field: nb, lt: [1, 2]}", "E314", "'lt' takes one plain value, found a list", 1, 20),
    ("c: {field: pays, equals: }", "E314", "'equals' takes one plain value, found nothing", 1, 25),
    ("c: {field: nb, lt: dix}", "E314", "'lt' compares with a number or a date, found the text "
     "'dix'", 1, 20),
    ("c: {field: nb, ge: .nan}", "E314", "'ge' needs a finite number, found nan", 1, 20),
    ("c: {field: d, lt: '2023-02-29'}", "E314", "'2023-02-29' is not a real date", 1, 19),
    ("c:\n  field: d\n  ge: {session: year_end, year: -5}\n", "E315",
     "unknown key 'year' in a relative date (did you mean 'years'?)", 3, 27),
    ("c: {field: d, ge: {years: -5}}", "E315", "a relative date needs 'session: start', "
     "'session: year_end' or 'session: registration_close'", 1, 19),
    ("c: {field: d, ge: {session: yearend}}", "E315",
     "unknown session date 'yearend' (did you mean 'year_end'?)", 1, 29),
    ("c: {field: d, ge: {session: 5}}", "E315", "unknown session date the number 5", 1, 29),
    ("c: {field: d, ge: {session: start, days: 1.5}}", "E315",
     "'days' takes a whole number, found the number 1.5", 1, 42),
    ("c: {age: date_naissance, ge: '18'}", "E316",
     "an age is compared with a whole number of years, found the text '18'", 1, 30),
    ("c: {age: date_naissance, ge: 18, at: year_end}", "E316",
     "unknown age date 'year_end' (did you mean 'session_year_end'?); at: is session_start, "
     "session_year_end or registration_close", 1, 38),
    ("c: {age: date_naissance, ge: 18, at: [start]}", "E316",
     "unknown age date a list; at: is session_start, session_year_end or registration_close",
     1, 38),
    ("c: {unit: EP1, status: 3}", "E317",
     "unknown unit status the number 3; status is inscrit, dispense, benefice, non_choisi or "
     "non_presente", 1, 24),
    ("c: {any: [], field: a, acquis: b}", "E304",
     "'any' cannot be combined with 'field' and 'acquis' in one mapping", 1, 14),
    ("c: {unit: EP1, status: dispensé}", "E317",
     "unknown unit status 'dispensé' (did you mean 'dispense'?); status is inscrit, dispense, "
     "benefice, non_choisi or non_presente", 1, 24),
]


@pytest.mark.parametrize(("text", "code", "message", "line", "col"), SHAPE_ERRORS,
                         ids=[f"{c[1]}-{i}" for i, c in enumerate(SHAPE_ERRORS)])
def test_a_badly_shaped_condition_gets_one_error_at_the_node_at_fault(
    text: str, code: str, message: str, line: int, col: int
) -> None:
    error = only_error(text)
    assert (error.code, error.message, error.file, error.line, error.col) == (
        code, message, "t.yaml", line, col)
    assert error.hint == CONDITION_ERRORS[code][1]
    assert error.severity == "error"


def test_every_shape_error_code_is_exercised_and_catalogued() -> None:
    exercised = {case[1] for case in SHAPE_ERRORS}
    assert exercised == {code for code in CONDITION_ERRORS if "E301" <= code <= "E319"}


def test_every_problem_of_a_condition_is_reported_not_only_the_first() -> None:
    cond, errors = parse_yaml("""
        c:
          all:
            - {field: a, equal: x}
            - {feild: b, set: true}
            - any:
                - {unit: EP1, status: passed}
    """)
    assert cond is None
    assert [(e.code, e.line, e.col, e.path) for e in errors] == [
        ("E303", 4, 18, "$.c.all[0].equal"),
        ("E303", 5, 8, "$.c.all[1].feild"),
        ("E317", 7, 31, "$.c.all[2].any[0].status"),
    ]


def test_an_unknown_key_does_not_also_report_a_missing_operator() -> None:
    error = only_error("c: {field: pays, equal: FR}")
    assert error.code == "E303"


def test_a_yes_key_read_by_yaml_as_true_is_an_unknown_key_not_a_crash() -> None:
    error = only_error("c: {field: a, on: 1}")
    assert (error.code, error.message) == (
        "E303", "unknown key true (YAML reads an unquoted yes, no, on or off as true or false)")


def test_an_unquoted_yaml_datetime_compares_as_its_date() -> None:
    assert parsed("c: {field: d, lt: 2024-06-01 10:00:00}") == Compare(
        "d", "lt", dt.date(2024, 6, 1))


def test_the_path_of_an_error_is_the_json_path_of_the_offending_key() -> None:
    error = only_error("c:\n  not:\n    field: x\n    lt: true\n")
    assert error.path == "$.c.not.lt"
    assert str(error) == (
        "t.yaml:4:9: error E314 $.c.not.lt: 'lt' compares with a number or a date, found true")


def parse_date_yaml(text: str) -> tuple[object, list[tuple[str, str, int, int]]]:
    data, marks = load_with_marks(textwrap.dedent(text))
    assert isinstance(data, dict)
    value, errors = parse_date(data["max"], ("max",), marks)
    return value, [(e.code, e.message, e.line, e.col) for e in errors]


def test_a_date_bound_is_written_like_a_date_in_a_condition() -> None:
    assert parse_date_yaml("max: 2024-12-31") == (dt.date(2024, 12, 31), [])
    assert parse_date_yaml("max: '2024-12-31'") == (dt.date(2024, 12, 31), [])
    assert parse_date_yaml("max: {session: start, days: -1}") == (
        RelativeDate("start", days=-1), [])
    assert parse_date_yaml("max: 2024-06-01 10:00:00") == (dt.date(2024, 6, 1), [])


def test_a_bad_date_bound_gets_the_same_errors_as_in_a_condition() -> None:
    assert parse_date_yaml("max: demain") == (None, [(
        "E314", "a date is written 2024-12-31 or {session: year_end, years: -5}, found the "
        "text 'demain'", 1, 6)])
    assert parse_date_yaml("max: '2023-02-29'") == (None, [
        ("E314", "'2023-02-29' is not a real date", 1, 6)])
    assert parse_date_yaml("max: {session: fin}") == (None, [
        ("E315", "unknown session date 'fin'", 1, 16)])
    assert parse_date_yaml("max: 12") == (None, [(
        "E314", "a date is written 2024-12-31 or {session: year_end, years: -5}, found the "
        "number 12", 1, 6)])


def test_a_list_inside_an_in_list_is_reported_at_its_item() -> None:
    error = only_error("c: {field: pays, in: [FR, [BE]]}")
    assert (error.code, error.message, error.path, error.col) == (
        "E314", "the values of 'in' are plain values, found a list", "$.c.in[1]", 27)


def test_every_problem_of_an_age_or_a_relative_date_is_reported_and_the_condition_dropped() -> None:
    cond, errors = parse_yaml("c: {all: [{age: d, ge: dix, at: fin}, "
                              "{field: d, lt: {session: debut, years: x, mois: 1}}]}")
    assert cond is None
    assert [(e.code, e.path) for e in errors] == [
        ("E316", "$.c.all[0].ge"), ("E316", "$.c.all[0].at"), ("E315", "$.c.all[1].lt.mois"),
        ("E315", "$.c.all[1].lt.session"), ("E315", "$.c.all[1].lt.years"),
    ]


def test_an_unknown_key_is_called_an_operator_only_beside_a_subject_and_unlike_a_key() -> None:
    cases = {
        "c: {field: a, zzz: 1}": ("unknown operator 'zzz'", "$.c.zzz"),
        "c: {zzz: 1}": ("unknown key 'zzz'", "$.c.zzz"),
        "c: {field: a, alll: []}": ("unknown key 'alll' (did you mean 'all'?)", "$.c.alll"),
        "c: {field: a, on: 1}": (
            "unknown key true (YAML reads an unquoted yes, no, on or off as true or false)",
            "$.c.True"),
    }
    assert {text: (only_error(text).message, only_error(text).path) for text in cases} == cases
