"""Grades of this session that become bénéfices when the candidate is not admitted: those the
exam's acquis rules of type benefice keep (their units, min_grade and within_years)."""

from __future__ import annotations

from decimal import Decimal

from engine.results.decision import KeptGrade, ResultLine
from engine.spec.model import Exam


def kept_grades(
    exam: Exam, lines: tuple[ResultLine, ...], session_year: int
) -> tuple[KeptGrade, ...]:
    """The grades the candidate may use at later sessions: those of this session that a
    bénéfice rule keeps (the first rule naming the unit decides), and the bénéfices used at
    this session that stay valid after it (until their own year + the rule's within_years)."""
    rules = {f"acquis.{r.code}": r for r in exam.acquis_rules if r.type == "benefice"}
    out: list[KeptGrade] = []
    for line in lines:
        if line.grade is None:
            continue
        if line.source == "benefice" and line.kept_from is not None:
            year, code = line.kept_from
            rule = rules.get(code)
            until = (
                None if rule is None or rule.within_years is None else (year + rule.within_years)
            )
            if until is None or until > session_year:
                out.append(KeptGrade(line.code, line.grade, until, code))
            continue
        if line.source != "session":
            continue
        for ref, rule in rules.items():
            if line.code not in rule.units:
                continue
            if line.grade >= Decimal(str(rule.min_grade)):
                until = None if rule.within_years is None else session_year + rule.within_years
                out.append(KeptGrade(line.code, line.grade, until, ref))
            break
    return tuple(out)
