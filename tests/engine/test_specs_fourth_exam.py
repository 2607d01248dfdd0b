"""A fourth exam is one YAML file and no Python: the same engine validates and computes it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from engine.answers import empty_answers
from engine.conditions import SessionCalendar
from engine.rules import compute_units, required_pieces
from engine.spec.model import Exam
from engine.specs import load_exam, validate_files

ROOT = Path(__file__).resolve().parents[2]
FOURTH = ROOT / "tests" / "specs" / "mc_desserts.yaml"
REAL = [ROOT / "exams" / name for name in ("cfg.yaml", "cap.yaml", "bacpro.yaml")]
JUNE_2025 = SessionCalendar(
    year=2025, start=dt.date(2025, 5, 12), registration_close=dt.date(2024, 11, 19)
)


@pytest.fixture(scope="module")
def mc() -> Exam:
    return load_exam(FOURTH)


def _answers(**fields: Any) -> dict[str, Any]:
    answers = empty_answers()
    answers["fields"].update(
        {"categorie": "individuel", "specialite": "desserts", "forme": "globale", **fields}
    )
    return answers


@pytest.mark.parametrize("path", [*REAL, FOURTH], ids=lambda p: p.name)
def test_the_spec_passes_the_validator_without_errors_or_warnings(path: Path) -> None:
    assert [str(problem) for problem in validate_files([path])] == []


def test_the_fourth_exam_has_no_python_beside_it() -> None:
    assert sorted(p.name for p in FOURTH.parent.iterdir() if p.suffix == ".py") == []


def test_the_fourth_exam_reuses_the_shared_identification_and_consents(mc: Exam) -> None:
    codes = {f.code for f in mc.fields}
    assert {"nom_naissance", "nationalite", "amenagement", "consentement_presse"} <= codes


def test_the_fourth_exam_computes_its_units_with_the_same_engine(mc: Exam) -> None:
    lines = compute_units(mc, _answers(diplome_acces="cap_patissier"), JUNE_2025)
    rows = [(line.code, line.status, line.mode, line.coefficient) for line in lines]
    assert rows == [("EP1", "inscrit", "ponctuel", 3), ("EP2", "inscrit", "ponctuel", 1)]


def test_the_fourth_exam_asks_for_its_own_and_the_shared_pieces(mc: Exam) -> None:
    answers = _answers(diplome_acces="cap_cuisine", amenagement=True)
    codes = [p.code for p in required_pieces(mc, answers, JUNE_2025)]
    assert codes == ["piece_identite", "certificat_medical", "diplome_acces_copie"]
    deadline = required_pieces(mc, answers, JUNE_2025)[0].deadline
    assert deadline == dt.date(2024, 12, 10)


def test_the_fourth_exam_takes_the_shared_texts_and_adds_its_own(mc: Exam) -> None:
    cfg = load_exam(ROOT / "exams" / "cfg.yaml")
    for key in ("legal_notice", "confirmation_footer", "receipt_saved"):
        assert mc.texts[key] == cfg.texts[key]
    assert mc.texts["modalites"].startswith("La mention complémentaire se prépare après un CAP")


def test_every_piece_of_the_fourth_exam_but_the_medical_certificate_is_due_21_days_after_close(
    mc: Exam,
) -> None:
    # pieces_defaults gives 21 days; the shared certificate keeps its own 0 (due at the close).
    assert {p.code: p.deadline_days_after_close for p in mc.pieces} == {
        "piece_identite": 21, "certificat_medical": 0, "diplome_acces_copie": 21,
    }
