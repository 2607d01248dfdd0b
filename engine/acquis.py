"""Dispenses and bénéfices of one unit from the declared acquis, each decision explained twice:
for the candidate (`reason`) and for the back office (`detail`, with the rule's code)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine import conditions
from engine.conditions import Condition, EvalContext, SessionCalendar
from engine.decisions import Decision
from engine.spec.model import AcquisRule, Exam, Unit

FIRST_YEAR = 1900


def holds(cond: Condition | None, ctx: EvalContext) -> bool:
    return cond is None or conditions.evaluate(cond, ctx)


def short_label(label: str) -> str:
    """`CAP (certificat d'aptitude professionnelle)` → `CAP`, as reasons print it."""
    return label.partition(" (")[0]


def format_grade(grade: float) -> str:
    return f"{grade:g}".replace(".", ",")


def year_ok(year: object, session_year: int) -> bool:
    """A year of obtention: an integer from 1900 to the session's year."""
    return type(year) is int and FIRST_YEAR <= year <= session_year


def grade_ok(grade: object) -> bool:
    """A grade out of 20: a number (never a yes/no) from 0 to 20."""
    return type(grade) in (int, float) and 0 <= float(grade) <= 20  # type: ignore[arg-type]


def valid_acquis(
    exam: Exam, acquis: Mapping[str, Any], calendar: SessionCalendar
) -> dict[str, Any]:
    """The declared rows a decision may come from: a known diploma, a grade out of 20, a year
    between 1900 and the session's. A row the Acquis tab refuses never grants anything."""
    known = {d.code for d in exam.diplomas}
    return {
        "diplomas": [d for d in acquis["diplomas"]
                     if d.get("diploma") in known and year_ok(d.get("year"), calendar.year)],
        "grades": [g for g in acquis["grades"]
                   if grade_ok(g.get("grade")) and year_ok(g.get("year"), calendar.year)],
        "renounced": list(acquis["renounced"]),
    }


def dispense_decision(
    unit: Unit, rule: AcquisRule, exam: Exam, acquis: Mapping[str, Any], ctx: EvalContext
) -> Decision | None:
    if not holds(rule.when, ctx):
        return None
    ref = f"acquis.{rule.code}"
    if rule.diplomas:
        declared = [d for d in acquis["diplomas"] if d.get("diploma") in rule.diplomas]
        if not declared:
            return None
        labels = {d.code: d.label for d in exam.diplomas}
        first = declared[0]
        name = short_label(labels[first["diploma"]])    # valid rows name known diplomas
        because = f"{name} obtenu en {first['year']}"
        reason = f"{rule.reason} ({because})" if rule.reason else because
    else:
        because = rule.label
        reason = rule.reason or rule.label
    return Decision(unit.code, "dispense", reason, ref, grants=True,
                    renounceable=rule.renounceable,
                    detail=f"{unit.code} dispensée : {because} (règle {ref})")


def _counts_for(unit: Unit, rule: AcquisRule, grade: Mapping[str, Any], speciality: str) -> bool:
    """Whether a declared grade is one of `unit`'s under this rule (same speciality or a
    correspondence the spec declares, for rules limited to the same speciality)."""
    origin = str(grade.get("speciality") or "")
    for c in rule.correspondences:
        if c.counts_for == unit.code and c.unit == grade.get("unit") and c.speciality == origin:
            return True
    if grade.get("unit") != unit.code:
        return False
    return not rule.same_speciality or not origin or origin == speciality


def benefice_decisions(
    unit: Unit, rule: AcquisRule, acquis: Mapping[str, Any], calendar: SessionCalendar,
    ctx: EvalContext, speciality: str,
) -> tuple[Decision | None, list[Decision]]:
    """The bénéfice kept (best valid grade), and the explained refusals of the other grades."""
    if not holds(rule.when, ctx):
        return None, []
    ref = f"acquis.{rule.code}"
    best: tuple[float, int] | None = None
    refusals: list[Decision] = []
    for g in acquis["grades"]:
        if not _counts_for(unit, rule, g, speciality):
            continue
        grade, year = float(g["grade"]), int(g["year"])
        note = f"Note de {format_grade(grade)}/20 obtenue en {year}"
        if rule.same_speciality and not g.get("speciality"):
            refusals.append(Decision(unit.code, "inscrit", (
                f"{note} : indiquez la spécialité dans laquelle elle a été obtenue"), ref, detail=(
                f"{unit.code} : note de {year} sans spécialité d'origine, pas de bénéfice "
                f"(règle {ref})")))
        elif grade < rule.min_grade:
            refusals.append(Decision(unit.code, "inscrit", (
                f"{note} : inférieure à {format_grade(rule.min_grade)}/20, elle ne peut pas "
                "être conservée"), ref, detail=(
                f"{unit.code} : note de {format_grade(grade)}/20 obtenue en {year} inférieure à "
                f"{format_grade(rule.min_grade)}/20, pas de bénéfice (règle {ref})")))
        elif rule.within_years is not None and year < calendar.year - rule.within_years:
            refusals.append(Decision(unit.code, "inscrit", (
                f"{note} : obtenue plus de {rule.within_years} ans avant la session, elle ne "
                "peut plus être conservée"), ref, detail=(
                f"{unit.code} : note de {year} trop ancienne (plus de {rule.within_years} ans "
                f"avant la session), pas de bénéfice (règle {ref})")))
        elif best is None or (grade, year) > best:
            best = (grade, year)
    if best is None:
        return None, refusals
    kept_note = f"Note de {format_grade(best[0])}/20 obtenue en {best[1]} conservée"
    kept = Decision(unit.code, "benefice",
                    f"{rule.reason} : {kept_note.lower()}" if rule.reason else kept_note, ref,
                    grants=True, renounceable=rule.renounceable, grade=best[0],
                    grade_year=best[1], detail=(
                        f"{unit.code} : bénéfice de la note {format_grade(best[0])}/20 obtenue en "
                        f"{best[1]} conservé (règle {ref})"))
    return kept, refusals


def renounced(d: Decision) -> Decision:
    if d.status == "benefice":
        reason = "Vous renoncez au bénéfice de votre note : vous repassez l'épreuve"
        what = "bénéfice renoncé"
    else:
        reason = "Vous renoncez à la dispense : vous passez l'épreuve"
        what = "dispense renoncée"
    return Decision(d.unit, "inscrit", reason, d.rule, grants=True, renounceable=True,
                    renounced=True,
                    detail=f"{d.unit} : {what} par le candidat, épreuve repassée (règle {d.rule})")


def acquis_decisions(
    unit: Unit, exam: Exam, acquis: Mapping[str, Any], calendar: SessionCalendar,
    ctx: EvalContext, speciality: str,
) -> tuple[list[Decision], list[Decision]]:
    """What the rules grant `unit` (renounced ones excluded) and the notes explaining the rest."""
    granted: list[Decision] = []
    notes: list[Decision] = []
    for rule in exam.acquis_rules:
        if unit.code not in rule.units:
            continue
        if rule.type == "dispense":
            d = dispense_decision(unit, rule, exam, acquis, ctx)
            if d:
                granted.append(d)
        else:
            kept, refusals = benefice_decisions(unit, rule, acquis, calendar, ctx, speciality)
            notes.extend(refusals)
            if kept:
                granted.append(kept)
    effective = []
    for d in granted:
        if d.renounceable and unit.code in acquis["renounced"]:
            notes.insert(0, renounced(d))
        else:
            effective.append(d)
    # A dispense outranks a bénéfice: the candidate need not sit the unit at all.
    effective.sort(key=lambda d: d.status != "dispense")
    return effective, notes
