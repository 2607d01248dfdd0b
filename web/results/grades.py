"""Grades of a candidature: reading what the office types, the units it grades, storing them.

A grade is typed as the office writes it: "12,5" or "12.5" (two decimals at most, from 0 to
20), "ABS" for an absent candidate, "DISP" for a dispensed unit; an empty box means no grade.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.answers import coerce_answers
from engine.conditions import SessionCalendar
from engine.decisions import UnitLine
from engine.results.grades import points_text
from engine.rules import compute_units
from engine.spec.model import Exam
from web.core.models import (
    GRADE_ABSENT,
    GRADE_DISPENSED,
    GRADE_MARK,
    Candidature,
    ExamSession,
    Grade,
)
from web.core.session_calendar import calendar_of, current_or_last_period

ABSENT_WORDS = frozenset({"ABS", "ABSENT", "ABSENTE"})
DISPENSED_WORDS = frozenset({"DISP", "DISPENSE", "DISPENSÉ", "DISPENSÉE", "DISPENSEE"})
NUMBER = re.compile(r"^(\d{1,3})(?:[.,](\d+))?$")

MSG_NOT_A_GRADE = (
    "Saisissez une note sur 20 (par exemple 12,5), ABS pour un candidat absent ou DISP pour "
    "une épreuve dispensée."
)
MSG_RANGE = "La note doit être comprise entre 0 et {out_of}."
MSG_DECIMALS = "La note comporte au plus deux décimales (par exemple 12,25)."
# A unit whose results rules give a scale (the CFG's socle components, by maîtrise level).
MSG_SCALE = "La note de cette épreuve est l'un des points possibles : {points}."


class GradeLike(Protocol):
    """A stored grade's status and hundredths (a Grade row, or only its columns)."""

    @property
    def status(self) -> str: ...

    @property
    def hundredths(self) -> int | None: ...


class GradeRefused(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class TypedGrade:
    """A grade as read from what was typed: its status and, for a mark, its hundredths."""

    status: str
    hundredths: int | None = None

    @property
    def shown(self) -> str:
        return shown_grade(self.status, self.hundredths)


def parse_grade(text: str, out_of: int = 20, scale: tuple[Decimal, ...] = ()) -> TypedGrade | None:
    """What the office typed (None for an empty box); GradeRefused with the French reason.
    `out_of`: the unit's highest grade (20 unless the exam's results rules say otherwise);
    `scale`: the only points the unit takes, when its rules give them (10, 20, 25 or 30)."""
    cleaned = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if not cleaned:
        return None
    word = cleaned.upper()
    if word in ABSENT_WORDS:
        return TypedGrade(GRADE_ABSENT)
    if word in DISPENSED_WORDS:
        return TypedGrade(GRADE_DISPENSED)
    if cleaned.startswith("-") and NUMBER.match(cleaned[1:]):
        raise GradeRefused(MSG_RANGE.format(out_of=out_of))
    found = NUMBER.match(cleaned.removesuffix("/20"))
    if found is None:
        raise GradeRefused(MSG_NOT_A_GRADE)
    decimals = (found[2] or "").rstrip("0")
    if len(decimals) > 2:
        raise GradeRefused(MSG_DECIMALS)
    hundredths = int(found[1]) * 100 + int((decimals + "00")[:2])
    if hundredths > out_of * 100:
        raise GradeRefused(MSG_RANGE.format(out_of=out_of))
    if scale and Decimal(hundredths) / 100 not in scale:
        raise GradeRefused(MSG_SCALE.format(points=points_text(scale)))
    return TypedGrade(GRADE_MARK, hundredths)


def shown_grade(status: str, hundredths: int | None) -> str:
    """ "12,5", "12", "ABS", "DISP" (as the office types it back)."""
    if status == GRADE_ABSENT:
        return "ABS"
    if status == GRADE_DISPENSED:
        return "DISP"
    if hundredths is None:
        return ""
    whole, cents = divmod(hundredths, 100)
    return f"{whole},{cents:02d}".rstrip("0").rstrip(",") if cents else str(whole)


def shown(grade: GradeLike | None) -> str:
    return "" if grade is None else shown_grade(grade.status, grade.hundredths)


def part_calendar(db: Session, session: ExamSession, academy_code: str) -> SessionCalendar:
    """The dates the rules use for a session in an academy (the same for all its
    candidatures)."""
    period = current_or_last_period(db, session, academy_code)
    return calendar_of(session, period, academy_code)


def unit_lines(
    db: Session, exam: Exam, candidature: Candidature, calendar: SessionCalendar | None = None
) -> tuple[UnitLine, ...]:
    """The candidature's units as the rules give them for its session (statuses, coefficients)."""
    calendar = calendar or part_calendar(db, candidature.session, candidature.academy_code)
    return compute_units(exam, coerce_answers(candidature.answers), calendar)


def graded_units(lines: tuple[UnitLine, ...]) -> tuple[UnitLine, ...]:
    """The units the office grades: those the candidate sits at this session (not a group
    line, nor a unit dispensed or kept from an earlier session)."""
    return tuple(line for line in lines if line.taken and not line.is_group)


def grades_of(db: Session, candidature_id: int) -> dict[str, Grade]:
    return {
        g.unit_code: g
        for g in db.scalars(select(Grade).where(Grade.candidature_id == candidature_id))
    }


def grades_by_candidature(db: Session, ids: list[int]) -> dict[int, dict[str, Grade]]:
    out: dict[int, dict[str, Grade]] = {i: {} for i in ids}
    for start in range(0, len(ids), 500):
        for g in db.scalars(
            select(Grade).where(Grade.candidature_id.in_(ids[start : start + 500]))
        ):
            out[g.candidature_id][g.unit_code] = g
    return out
