"""Engine fixtures: the three real exams, compiled once per test session (a missing or broken
spec makes every test using it fail with the validator's messages, never skip)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.spec.model import Exam
from engine.specs import load_exam

REPO = Path(__file__).resolve().parents[2]
EXAMS_DIR = REPO / "exams"
TEST_SPECS_DIR = REPO / "tests" / "specs"


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
