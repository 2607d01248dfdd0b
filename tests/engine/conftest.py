"""Engine fixtures: the three real exams, compiled once per test session (a missing or broken
spec makes every test using it fail with the validator's messages, never skip)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from engine.spec.model import Exam
from engine.specs import clear_cache, load_exam

REPO = Path(__file__).resolve().parents[2]
EXAMS_DIR = REPO / "exams"
TEST_SPECS_DIR = REPO / "tests" / "specs"

# Property tests take their number of examples from a profile: "ci" (the default) keeps the
# whole suite fast on two loaded cores; HYPOTHESIS_PROFILE=thorough runs ten times more, and
# "mutation" (`make mutation`, which runs the tests once per mutant) five times fewer, the
# same examples on every run.
# No per-example deadline: timings vary too much under pytest-xdist and a loaded machine.
_RELAXED = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("ci", max_examples=50, deadline=None, suppress_health_check=_RELAXED,
                          print_blob=True)
settings.register_profile("thorough", max_examples=1000, deadline=None,
                          suppress_health_check=_RELAXED, print_blob=True)
settings.register_profile("mutation", max_examples=10, deadline=None, derandomize=True,
                          suppress_health_check=_RELAXED, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def exams_dir() -> Path:
    return EXAMS_DIR


@pytest.fixture(scope="session")
def cap() -> Exam:
    return load_exam(EXAMS_DIR / "cap.yaml")


@pytest.fixture(scope="session")
def bacpro() -> Exam:
    return load_exam(EXAMS_DIR / "bacpro.yaml")


@pytest.fixture(scope="session")
def cfg() -> Exam:
    return load_exam(EXAMS_DIR / "cfg.yaml")


@pytest.fixture(scope="session")
def mc_desserts() -> Exam:
    """The fourth exam, written in YAML only under tests/specs/."""
    return load_exam(TEST_SPECS_DIR / "mc_desserts.yaml")


# Under mutation testing (`make mutation` sets MUTANT_UNDER_TEST in each mutant's run), the
# tests that pin whole decisions run first: a mutant is then killed within a second instead of
# after the property tests.
_DECISION_TESTS = (
    "test_rules_decisions.py", "test_wizard_decisions.py", "test_conditions_reading.py",
    "test_conditions_evaluate.py", "test_rules.py", "test_wizard.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    if mutant:
        items.sort(key=lambda item: item.path.name not in _DECISION_TESTS)
    # Each mutant's run is forked from the process that ran the whole suite once: a spec it
    # checked is still in engine.specs' cache, checked and compiled without the mutant. A
    # mutant of the spec checker or compiler must check the specs again.
    if mutant.startswith("engine.spec."):
        clear_cache()
