"""A candidature's result: its stored grades given to the engine's results rules.

The second group's control grade is stored like a unit's, under CONTROL_UNIT (no unit code
of a spec can start with "#").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from engine.answers import coerce_answers
from engine.decisions import UnitLine
from engine.results import ResultDecision, evaluate_result, results_rules
from engine.results.grades import GradeInput, points_text
from engine.rules import selection
from engine.spec.model import Exam
from web.core.models import GRADE_ABSENT, GRADE_DISPENSED, Candidature, Grade
from web.results.grades import GradeLike, grades_of, unit_lines

CONTROL_UNIT = "#controle"


def grade_input(grade: GradeLike | None) -> GradeInput:
    """A stored grade as the engine reads it: a Decimal, "ABS", "DISP" or None."""
    if grade is None:
        return None
    if grade.status == GRADE_ABSENT:
        return "ABS"
    if grade.status == GRADE_DISPENSED:
        return "DISP"
    return None if grade.hundredths is None else Decimal(grade.hundredths) / 100


@dataclass(frozen=True)
class Bounds:
    """The grades a unit takes: up to `out_of`, and only the points of `scale` when its
    results rules give one (the CFG's socle components: 10, 20, 25 or 30)."""

    out_of: int = 20
    scale: tuple[Decimal, ...] = ()

    @property
    def shown(self) -> str:
        """ "sur 160", or "10, 20, 25 ou 30 points", for the office's grade box."""
        return f"{points_text(self.scale)} points" if self.scale else f"sur {self.out_of}"


def bounds_of(exam: Exam, candidature: Candidature) -> Callable[[str], Bounds]:
    """The bounds of each unit of a candidature (its results rules read once)."""
    sel = selection(exam, coerce_answers(candidature.answers)["fields"])
    rules = results_rules(exam, sel.speciality.code if sel.speciality else None)

    def of(unit: str) -> Bounds:
        if rules is None:
            return Bounds()
        return Bounds(int(rules.max_grade(unit)), rules.scale(unit))

    return of


def out_of(exam: Exam, candidature: Candidature, unit: str) -> int:
    """The highest grade of a unit (20, unless the exam's results rules count it otherwise)."""
    return bounds_of(exam, candidature)(unit).out_of


def decide(
    db: Session,
    exam: Exam,
    candidature: Candidature,
    grades: dict[str, Grade] | None = None,
    lines: tuple[UnitLine, ...] | None = None,
) -> ResultDecision:
    """The candidature's result from its stored grades and unit lines (read here unless
    given: a list of a session part reads them once for all)."""
    stored = grades_of(db, candidature.id) if grades is None else grades
    if lines is None:
        lines = unit_lines(db, exam, candidature)
    sel = selection(exam, coerce_answers(candidature.answers)["fields"])
    inputs = {code: grade_input(g) for code, g in stored.items() if code != CONTROL_UNIT}
    return evaluate_result(
        exam,
        lines,
        inputs,
        session_year=candidature.session.year,
        speciality=sel.speciality.code if sel.speciality else None,
        control_grade=grade_input(stored.get(CONTROL_UNIT)),
    )
