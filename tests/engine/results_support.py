"""Candidatures of the shipped exams for the results tests: unit lines and compact views."""

from __future__ import annotations

import copy
import dataclasses
from decimal import Decimal
from functools import cache
from typing import Any

from engine.decisions import UnitLine
from engine.results import ResultDecision
from engine.rules import compute_units
from engine.spec.model import Exam
from engine.specs import load_exam
from tests.engine.conftest import EXAMS_DIR
from tests.engine.factories import ACCOUNT_REIMS, SESSION_2026, fill_candidature

D = Decimal


@cache
def exam(code: str) -> Exam:
    return load_exam(EXAMS_DIR / f"{code}.yaml")


@cache
def _base_answers(code: str, speciality: str | None) -> dict[str, Any]:
    chosen: dict[str, Any] = {"categorie": "individuel"}
    if speciality:
        chosen["specialite"] = speciality
    if code == "cap":
        chosen["dispense_eps"] = False
    return fill_candidature(exam(code), SESSION_2026, ACCOUNT_REIMS, **chosen)


def answers(code: str, speciality: str | None = None, *, chosen: tuple[str, ...] = (),
            languages: dict[str, str] | None = None, diplomas: tuple[tuple[str, int], ...] = (),
            grades: tuple[tuple[str, float, int], ...] = ()) -> dict[str, Any]:
    """A filled candidature, with optional units chosen and acquis declared."""
    out = copy.deepcopy(_base_answers(code, speciality))
    out["units"]["chosen"].extend(chosen)
    out["units"]["languages"].update(languages or {})
    out["acquis"]["diplomas"] = [{"diploma": d, "year": y} for d, y in diplomas]
    out["acquis"]["grades"] = [{"unit": u, "grade": g, "year": y, "speciality": speciality}
                               for u, g, y in grades]
    return out


def lines(code: str, speciality: str | None = None, **kw: Any) -> tuple[UnitLine, ...]:
    return compute_units(exam(code), answers(code, speciality, **kw), SESSION_2026)


def with_coefficients(units: tuple[UnitLine, ...], **coefs: float) -> tuple[UnitLine, ...]:
    """The lines with the given units' coefficients (a speciality whose règlement was not read)."""
    return tuple(dataclasses.replace(u, coefficient=coefs.get(u.code, u.coefficient))
                 for u in units)


def computable(e: Exam, speciality: str) -> Exam:
    """The exam with the speciality's results computable (its `unavailable:` lifted)."""
    specs = tuple(
        dataclasses.replace(s, results=dataclasses.replace(s.results, unavailable=""))
        if s.code == speciality and s.results else s
        for s in e.specialities
    )
    return dataclasses.replace(e, specialities=specs)


def line_view(d: ResultDecision) -> list[tuple[object, ...]]:
    """Each line as (printed code, coefficient, grade shown, source, counted, points, reason)."""
    return [(ln.printed_code, ln.coefficient, ln.grade_text, ln.source, ln.counted, ln.points,
             ln.reason) for ln in d.lines]


def groups_view(d: ResultDecision) -> list[tuple[object, ...]]:
    return [(g.code, g.average, g.min_average, g.met) for g in d.groups]


def kept_view(d: ResultDecision) -> list[tuple[object, ...]]:
    return [(k.unit, k.grade, k.until_year, k.rule) for k in d.kept]
