"""Stored answers: their JSON Schema, the normalisation of posted values, and pruning properties."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.answers import answers_json_schema, normalize_fields
from engine.spec.model import Exam, Field
from engine.wizard import prune
from tests.engine.factories import (
    ACCOUNT_FR,
    SESSION_2025,
    bacpro_like,
    cap_like,
    complete_answers,
)

CAP = cap_like()
BAC = bacpro_like()


def validator(exam: Exam) -> jsonschema.Draft202012Validator:
    schema = answers_json_schema(exam)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_a_complete_candidature_matches_the_exams_json_schema():
    validator(CAP).validate(complete_answers())


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("date_naissance", "30/05/1990"),        # dates are stored in ISO
        ("amenagement", "oui"),                   # yes/no are booleans
        ("code_postal", "5110"),
        ("categorie", "martien"),                 # not one of the exam's categories
        ("specialite", "boulanger"),
        ("etablissement", "lycee_inconnu"),
        ("code_inconnu", "x"),                    # no such field
    ],
)
def test_the_schema_rejects_a_value_of_the_wrong_form(code, value):
    stored = complete_answers()
    stored["fields"][code] = value
    assert list(validator(CAP).iter_errors(stored))


def test_the_schema_types_the_acquis_and_units_parts():
    stored = complete_answers()
    stored["acquis"]["grades"] = [{"unit": "EP1", "grade": 21, "year": 2023}]
    assert list(validator(CAP).iter_errors(stored))
    stored["acquis"]["grades"] = [{"unit": "EP1", "grade": 12.5, "year": 2023}]
    stored["units"] = {"chosen": ["UF_LV"], "languages": {"UF_LV": "anglais"}}
    validator(CAP).validate(stored)
    stored["units"]["languages"] = {"UF_LV": "latin"}
    assert list(validator(CAP).iter_errors(stored))


def test_posted_text_is_normalised_into_the_stored_form():
    tab = next(t for t in CAP.tabs if t.code == "informations")
    values, errors = normalize_fields(tab.fields, {
        "categorie": "individuel", "etablissement": " individuels ", "amenagement": "non",
    })
    assert errors == {}
    assert values == {"categorie": "individuel", "etablissement": "individuels",
                      "amenagement": False}


def test_an_unticked_checkbox_is_stored_as_false_and_a_blank_text_as_absent():
    tab = next(t for t in CAP.tabs if t.code == "modalites")
    assert normalize_fields(tab.fields, {})[0] == {"modalites_acceptees": False}
    ident = next(t for t in CAP.tabs if t.code == "identification")
    assert "adresse_1" not in normalize_fields(ident.fields, {"adresse_1": "   "})[0]


# --------------------------------------------------------------------------- properties

def _value(exam: Exam, f: Field) -> st.SearchStrategy[Any]:
    """Values of the stored form for the field (not necessarily offered to this candidate)."""
    t = f.type
    if t in ("checkbox", "yesno"):
        return st.booleans()
    if t == "date":
        return st.dates().map(lambda d: d.isoformat())
    if t in ("select", "radio"):
        return st.sampled_from([c.value for c in f.choices])
    if t == "category":
        return st.sampled_from([c.code for c in exam.categories])
    if t == "speciality":
        return st.sampled_from([sp.code for sp in exam.specialities]
                               + [v.code for sp in exam.specialities for v in sp.variants])
    if t == "forme":
        return st.sampled_from(["globale", "progressive"])
    if t == "reference":
        return st.sampled_from(["FR", "MA", "BE"])
    if t == "postal_code":
        return st.from_regex(r"\A[0-9]{5}\Z")
    if t == "phone":
        return st.sampled_from(["0612345678", "+33612345678"])
    if t == "email":
        return st.sampled_from(["a@b.fr", "julie.martin@example.fr"])
    if f.pattern:
        return st.from_regex(rf"\A(?:{f.pattern})\Z")
    return st.text(st.characters(categories=("L", "N", "Zs")), min_size=1,
                   max_size=f.max_length or 30).filter(lambda s: s.strip() == s and s != "")


def answers_of(exam: Exam) -> st.SearchStrategy[dict[str, Any]]:
    fields = st.fixed_dictionaries({}, optional={f.code: _value(exam, f) for f in exam.fields})
    units = sorted({u.code for sp in exam.specialities for u in sp.units})
    years = st.integers(2000, 2025)
    diploma = st.fixed_dictionaries({"diploma": st.sampled_from([d.code for d in exam.diplomas]),
                                     "year": years, "academy": st.just("reims")})
    grade = st.fixed_dictionaries({"unit": st.sampled_from(units), "year": years,
                                   "grade": st.integers(0, 40).map(lambda g: g / 2)})
    return st.fixed_dictionaries({
        "fields": fields,
        "acquis": st.fixed_dictionaries({
            "diplomas": st.lists(diploma, max_size=2),
            "grades": st.lists(grade, max_size=4),
            "renounced": st.lists(st.sampled_from(units), max_size=3, unique=True),
        }),
        "units": st.fixed_dictionaries({
            "chosen": st.lists(st.sampled_from(units), max_size=3, unique=True),
            "languages": st.dictionaries(st.sampled_from(units),
                                         st.sampled_from(["anglais", "espagnol"]), max_size=2),
        }),
    })


SETTINGS = settings(deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(answers_of(CAP))
def test_pruning_is_idempotent(answers):
    once = prune(CAP, answers, SESSION_2025, ACCOUNT_FR)
    assert prune(CAP, once, SESSION_2025, ACCOUNT_FR) == once


@SETTINGS
@given(answers_of(BAC))
def test_pruning_is_idempotent_with_sub_units_and_choice_groups(answers):
    once = prune(BAC, answers, SESSION_2025)
    assert prune(BAC, once, SESSION_2025) == once


CAP_VALIDATOR = validator(CAP)


@SETTINGS
@given(answers_of(CAP))
def test_pruned_answers_match_the_json_schema(answers):
    CAP_VALIDATOR.validate(prune(CAP, answers, SESSION_2025, ACCOUNT_FR))


@SETTINGS
@given(answers_of(CAP))
def test_pruning_never_keeps_an_answer_to_a_field_the_wizard_does_not_show(answers):
    from engine.wizard import build_state

    state = build_state(CAP, answers, SESSION_2025, ACCOUNT_FR)
    shown = {f.code for t in state.tabs for f in t.fields}
    assert set(state.answers["fields"]) <= shown
