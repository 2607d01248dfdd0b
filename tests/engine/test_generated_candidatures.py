"""Generated tests for every shipped exam and the fourth test exam: candidatures drawn from
the spec pass the engine's checks and the exam's JSON Schema; every single-field mutation
of one is refused with a French message at that field."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from engine.answers import answers_json_schema
from engine.spec.model import Exam
from engine.specs import load_exam
from engine.wizard import build_state, validate_all
from tests.engine.factories import ACCOUNT_REIMS, SESSION_2026
from tests.engine.spec_strategies import candidatures, mutations

REPO = Path(__file__).resolve().parents[2]
SPECS = {
    "cap": REPO / "exams" / "cap.yaml",
    "bacpro": REPO / "exams" / "bacpro.yaml",
    "cfg": REPO / "exams" / "cfg.yaml",
    "mc_desserts": REPO / "tests" / "specs" / "mc_desserts.yaml",
}
# Bounded: each example walks the whole wizard; the profile's count is for cheaper tests.
BOUNDED = settings(
    max_examples=25, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
ENGLISH = re.compile(r"\b(the|must|field|invalid|required|value|should)\b", re.I)


def _exam(name: str) -> Exam:
    return load_exam(SPECS[name])


def _errors(exam: Exam, answers: dict[str, Any]) -> dict[str, dict[str, str]]:
    return validate_all(build_state(exam, answers, SESSION_2026, ACCOUNT_REIMS))


@pytest.mark.parametrize("name", sorted(SPECS))
def test_generated_candidatures_pass_the_checks_and_the_json_schema(name: str) -> None:
    exam = _exam(name)
    schema = Draft202012Validator(answers_json_schema(exam))

    @BOUNDED
    @given(candidatures(exam))
    def check(answers: dict[str, Any]) -> None:
        assert _errors(exam, answers) == {}
        problems = [e.message for e in schema.iter_errors(answers)]
        assert problems == []

    check()


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_single_field_mutation_is_refused_in_french_at_that_field(name: str) -> None:
    exam = _exam(name)

    @BOUNDED
    @given(st.data())
    def check(data: st.DataObject) -> None:
        answers = data.draw(candidatures(exam))
        tab, code, mutated = data.draw(mutations(exam, answers))
        errors = _errors(exam, mutated)
        message = errors.get(tab, {}).get(code)
        assert message, f"{code} = {mutated['fields'].get(code)!r} accepted ({errors})"
        assert not ENGLISH.search(message), message

    check()


def test_the_strategies_reach_more_than_one_branch_of_the_cap() -> None:
    exam = _exam("cap")
    seen: set[tuple[str, str]] = set()

    @settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
    @given(candidatures(exam))
    def collect(answers: dict[str, Any]) -> None:
        fields = answers["fields"]
        seen.add((fields.get("categorie", ""), fields.get("specialite", "")))

    collect()
    assert len({c for c, _ in seen}) > 1 and len({s for _, s in seen}) > 1, seen
