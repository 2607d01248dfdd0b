"""Grades of this session that become bénéfices when the candidate is not admitted: those the
exam's acquis rules of type benefice keep (their units, min_grade and within_years)."""

from __future__ import annotations

from decimal import Decimal

from engine.results.decision import KeptGrade, ResultLine
from engine.spec.model import Exam


def kept_grades(
    exam: Exam, lines: tuple[ResultLine, ...], session_year: int
) -> tuple[KeptGrade, ...]:
    """One KeptGrade per unit graded at this session that a bénéfice rule keeps (the first
    rule naming the unit decides; a grade already kept from earlier keeps its own validity)."""
    out: list[KeptGrade] = []
    for line in lines:
        if line.source != "session" or line.grade is None:
            continue
        for rule in exam.acquis_rules:
            if rule.type != "benefice" or line.code not in rule.units:
                continue
            if line.grade >= Decimal(str(rule.min_grade)):
                until = None if rule.within_years is None else session_year + rule.within_years
                out.append(KeptGrade(line.code, line.grade, until, f"acquis.{rule.code}"))
            break
    return tuple(out)
