"""Type-checking conditions against an exam: names, wizard order, field types and choices."""

from __future__ import annotations

import textwrap

import pytest
from test_conditions_yaml_marks import load_with_marks

from engine.conditions import CONDITION_ERRORS, TypeEnv, check_condition, parse_condition
from engine.errors import SpecError
from engine.spec.model import Field, FieldType

_FIELDS: list[tuple[str, FieldType, str]] = [
    ("pays_naissance", "reference", "identification"),
    ("date_naissance", "date", "identification"),
    ("code_postal", "postal_code", "identification"),
    ("amenagement", "yesno", "informations"),
    ("accepte", "checkbox", "modalites"),
    ("categorie", "category", "informations"),
    ("etablissement", "select", "informations"),
    ("nb_annees", "integer", "informations"),
    ("nom_pere", "text", "identification"),
]
FIELDS = {
    code: Field(code=code, type=kind, label=code, tab=tab, section="", order=i)
    for i, (code, kind, tab) in enumerate(_FIELDS)
}
ENV = TypeEnv(
    fields=FIELDS,
    visible_before=frozenset(FIELDS) - {"nom_pere"},
    choice_values={
        "categorie": frozenset({"individuel", "scolaire", "apprenti"}),
        "etablissement": frozenset({"individuels"}),
        "pays_naissance": frozenset({"FR", "BE", "DE"}),
    },
    diplomas=frozenset({"cap", "bep", "bac"}),
    units=frozenset({"EP1", "EP2", "EG1"}),
    here="telephone",
)


def check_yaml(text: str, env: TypeEnv = ENV) -> list[SpecError]:
    data, marks = load_with_marks(textwrap.dedent(text))
    assert isinstance(data, dict)
    cond, errors = parse_condition(data["c"], ("c",), marks)
    assert errors == [] and cond is not None
    return check_condition(cond, ("c",), env, marks)


WELL_TYPED = [
    "c: {field: pays_naissance, not_equals: FR}",
    "c: {field: pays_naissance, in: [BE, DE]}",
    "c: {field: code_postal, equals: '75001'}",
    "c: {field: amenagement, equals: true}",
    "c: {field: accepte, not_equals: false}",
    "c: {field: categorie, in: [individuel, apprenti]}",
    "c: {field: etablissement, equals: individuels}",
    "c: {field: nb_annees, ge: 2}",
    "c: {field: nb_annees, in: [1, 2.5]}",
    "c: {field: date_naissance, lt: 2010-01-01}",
    "c: {field: date_naissance, ge: {session: year_end, years: -18}}",
    "c: {field: date_naissance, equals: '2000-02-29'}",
    "c: {field: code_postal, set: true}",
    "c: {age: date_naissance, ge: 18}",
    "c: {acquis: bep}",
    "c: {unit: EG1, status: benefice}",
    "c: {not: {all: [{acquis: cap}, {any: [{field: categorie, equals: scolaire}, true]}]}}",
]


@pytest.mark.parametrize("text", WELL_TYPED)
def test_a_well_typed_condition_has_no_error(text: str) -> None:
    assert check_yaml(text) == []


TYPE_ERRORS = [
    # (yaml, code, message, line, col)
    ("c: {field: pays_naisance, equals: FR}", "E320",
     "unknown field 'pays_naisance' (did you mean 'pays_naissance'?)", 1, 12),
    ("c:\n  field: nom_pere\n  set: true\n", "E321",
     "condition on 'nom_pere' which comes later in the wizard (tab 'identification'); a "
     "condition may only use fields of earlier tabs or earlier on the same tab", 2, 10),
    ("c: {field: categorie, equals: individuell}", "E322",
     "'individuell' is not a value of 'categorie' (did you mean 'individuel'?); its values are "
     "apprenti, individuel, scolaire", 1, 31),
    ("c: {field: pays_naissance, in: [FR, XX]}", "E322",
     "'XX' is not a value of 'pays_naissance'; its values are BE, DE, FR", 1, 37),
    ("c: {field: amenagement, equals: oui}", "E323",
     "'amenagement' is a yesno field: compare it with true or false, found the text 'oui'",
     1, 33),
    ("c: {field: accepte, in: [1]}", "E323",
     "'accepte' is a checkbox field: compare it with true or false, found the number 1", 1, 26),
    ("c: {field: code_postal, lt: 75000}", "E324",
     "'lt' on 'code_postal' which is a postal_code field: lt, le, gt and ge work on integer "
     "and date fields", 1, 29),
    ("c: {field: nb_annees, ge: 2020-01-01}", "E325",
     "'nb_annees' is a number field, compared with the date 2020-01-01", 1, 27),
    ("c: {field: nb_annees, equals: deux}", "E325",
     "'nb_annees' is a number field, compared with the text 'deux'", 1, 31),
    ("c: {field: date_naissance, ge: 18}", "E325",
     "'date_naissance' is a date field, compared with the number 18 (for an age, write "
     "{age: date_naissance, ge: 18})", 1, 32),
    ("c: {field: code_postal, equals: 75001}", "E325",
     "'code_postal' is a postal_code field, compared with the number 75001 (write it in quotes: "
     "'75001')", 1, 33),
    ("c: {field: etablissement, equals: no}", "E325",
     "'etablissement' is a select field, compared with false (YAML reads unquoted "
     "yes/no/on/off as true/false: write the value in quotes)", 1, 35),
    ("c: {age: code_postal, ge: 18}", "E326",
     "age of 'code_postal' which is a postal_code field, not a date field", 1, 10),
    ("c: {acquis: cpa}", "E327", "unknown diploma 'cpa' (did you mean 'cap'?)", 1, 13),
    ("c: {unit: EP11, status: dispense}", "E328", "unknown unit 'EP11' (did you mean 'EP1'?)",
     1, 11),
]


@pytest.mark.parametrize(("text", "code", "message", "line", "col"), TYPE_ERRORS,
                         ids=[f"{c[1]}-{i}" for i, c in enumerate(TYPE_ERRORS)])
def test_an_ill_typed_condition_gets_one_error_at_the_node_at_fault(
    text: str, code: str, message: str, line: int, col: int
) -> None:
    errors = check_yaml(text)
    assert len(errors) == 1, [str(e) for e in errors]
    error = errors[0]
    assert (error.code, error.message, error.line, error.col) == (code, message, line, col)
    assert error.hint == CONDITION_ERRORS[code][1]


def test_every_type_error_code_is_exercised_and_catalogued() -> None:
    exercised = {case[1] for case in TYPE_ERRORS}
    assert exercised == {code for code in CONDITION_ERRORS if "E320" <= code <= "E339"}


def test_a_condition_on_its_own_field_says_so() -> None:
    env = TypeEnv(FIELDS, frozenset(), {}, here="amenagement")
    errors = check_yaml("c: {field: amenagement, equals: true}", env)
    assert [e.message for e in errors] == ["the condition of 'amenagement' depends on "
                                           "'amenagement' itself"]


def test_every_type_error_inside_nested_conditions_is_reported_where_written() -> None:
    errors = check_yaml("""
        c:
          any:
            - {field: nom_pere, set: true}
            - not:
                all:
                  - {field: categorie, equals: libre}
                  - {acquis: brevet}
    """)
    assert [(e.code, e.line, e.col, e.path) for e in errors] == [
        ("E321", 4, 15, "$.c.any[0].field"),
        ("E322", 7, 40, "$.c.any[1].not.all[0].equals"),
        ("E327", 8, 22, "$.c.any[1].not.all[1].acquis"),
    ]


def test_a_field_later_in_the_wizard_is_still_type_checked() -> None:
    env = TypeEnv(FIELDS, frozenset(), ENV.choice_values)
    errors = check_yaml("c: {field: categorie, equals: libre}", env)
    assert [e.code for e in errors] == ["E321", "E322"]


def test_a_choice_field_whose_values_are_unknown_accepts_any_text() -> None:
    env = TypeEnv(FIELDS, ENV.visible_before, {})
    assert check_yaml("c: {field: etablissement, equals: n_importe}", env) == []


def test_no_diploma_declared_in_the_exam_makes_every_acquis_condition_unknown() -> None:
    env = TypeEnv(FIELDS, ENV.visible_before, {})
    errors = check_yaml("c: {acquis: cap}", env)
    assert [(e.code, e.message) for e in errors] == [("E327", "unknown diploma 'cap'")]


ENV_ALL = TypeEnv(FIELDS, frozenset(FIELDS), ENV.choice_values, ENV.diplomas, ENV.units)
MORE_TYPE_ERRORS = [
    # (yaml, message): what each kind of field is compared with, said in the message
    ("c: {field: nb_annees, equals: {session: start}}",
     "'nb_annees' is a number field, compared with a relative date"),
    ("c: {field: nb_annees, equals: true}", "'nb_annees' is a number field, compared with true"),
    ("c: {field: date_naissance, equals: true}",
     "'date_naissance' is a date field, compared with true"),
    ("c: {field: date_naissance, in: [18]}",
     "'date_naissance' is a date field, compared with the number 18"),
    ("c: {field: date_naissance, in: [deux]}",
     "'date_naissance' is a date field, compared with the text 'deux'"),
    ("c: {field: nom_pere, equals: 2.5}",
     "'nom_pere' is a text field, compared with the number 2.5 (write it in quotes: '2.5')"),
    ("c: {field: nom_pere, equals: {session: start}}",
     "'nom_pere' is a text field, compared with a relative date"),
    ("c: {field: categorie, equals: 2024-01-05}",
     "'2024-01-05' is not a value of 'categorie'; its values are apprenti, individuel, scolaire"),
    ("c: {field: categorie, equals: 3}",
     "'categorie' is a category field, compared with the number 3 (write it in quotes: '3')"),
    ("c: {field: categorie, equals: {session: start}}",
     "'categorie' is a category field, compared with a relative date"),
    ("c: {field: amenagement, equals: 2024-01-05}",
     "'amenagement' is a yesno field: compare it with true or false, found the date 2024-01-05"),
]


@pytest.mark.parametrize(("text", "message"), MORE_TYPE_ERRORS)
def test_a_value_of_the_wrong_type_is_named_with_its_own_type_in_the_message(
    text: str, message: str
) -> None:
    assert [e.message for e in check_yaml(text, ENV_ALL)] == [message]


def test_a_text_field_may_be_compared_with_a_text_or_a_date() -> None:
    assert check_yaml("c: {field: nom_pere, in: [DUPONT, 2024-01-05]}", ENV_ALL) == []


def test_the_values_of_a_choice_field_are_listed_up_to_eight() -> None:
    eight = frozenset(f"v{i}" for i in range(1, 9))
    listed = TypeEnv(FIELDS, frozenset(FIELDS), {"etablissement": eight})
    assert [e.message for e in check_yaml("c: {field: etablissement, equals: zz}", listed)] == [
        "'zz' is not a value of 'etablissement'; its values are v1, v2, v3, v4, v5, v6, v7, v8"]
    nine = TypeEnv(FIELDS, frozenset(FIELDS), {"etablissement": eight | {"v9"}})
    assert [e.message for e in check_yaml("c: {field: etablissement, equals: zz}", nine)] == [
        "'zz' is not a value of 'etablissement'"]
    none = TypeEnv(FIELDS, frozenset(FIELDS), {"etablissement": frozenset()})
    assert [e.message for e in check_yaml("c: {field: etablissement, equals: zz}", none)] == [
        "'zz' is not a value of 'etablissement'"]


def test_an_age_of_an_unknown_field_is_reported_at_its_age_key() -> None:
    errors = check_yaml("c: {not: {age: date_naisance, ge: 18}}")
    assert [(e.code, e.path, e.message) for e in errors] == [
        ("E320", "$.c.not.age", "unknown field 'date_naisance' (did you mean 'date_naissance'?)")]
