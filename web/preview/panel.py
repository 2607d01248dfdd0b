"""The preview's side panel: category, speciality, forme and acquis set in one go, and what
they give (the units table with its reasons, the pieces, the confirmation).

The panel writes the same answers the wizard's own fields and Acquis tab would store, so
the wizard, the units table and the confirmation all follow it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict

from engine.forms import spec_choices
from engine.rules import selection
from engine.spec.model import Exam, Field
from engine.wizard import WizardState

PANEL_TYPES = ("category", "speciality", "forme")
MAX_GRADE = 20.0


@dataclass(frozen=True)
class Choice:
    field: Field
    options: tuple[tuple[str, str], ...]
    value: str


def special_fields(exam: Exam) -> dict[str, Field]:
    """The exam's category, speciality and forme fields, by type (each appears once)."""
    return {f.type: f for f in exam.fields if f.type in PANEL_TYPES}


def panel_context(exam: Exam, state: WizardState) -> dict[str, Any]:
    fields = state.answers["fields"]
    imported = {c.code for c in exam.categories if not c.self_registration}
    choices = [
        Choice(
            f,
            tuple(_options(f, spec_choices(exam, f, None), imported)),
            str(fields.get(f.code) or ""),
        )
        for f in special_fields(exam).values()
    ]
    acquis = state.answers["acquis"]
    declared = {row.get("diploma") for row in acquis["diplomas"]}
    grades = {row.get("unit"): row.get("grade") for row in acquis["grades"]}
    return {
        "panel_choices": choices,
        "panel_diplomas": [(d.code, d.label, d.code in declared) for d in exam.diplomas],
        "panel_grades": [(u, _grade_text(grades.get(u.code))) for u in state.gradable_units()],
        "panel_pieces": state.pieces(),
    }


NOT_OFFERED = " (non proposée sur le portail)"


def _options(f: Field, options: list[tuple[str, str]], imported: set[str]) -> list[tuple[str, str]]:
    """The field's options; a category the portal never offers (self_registration: false)
    stays choosable, to see its units and modes, and says so."""
    if f.type != "category":
        return options
    return [(v, label + NOT_OFFERED if v in imported else label) for v, label in options]


def _grade_text(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:g}"
    return ""


def apply_panel(
    exam: Exam, answers: dict[str, Any], form: MultiDict[str, str], year: int, academy: str
) -> dict[str, Any]:
    """The answers with the panel's choices: its fields set (or cleared), the declared
    diplomas and the grades kept from an earlier session (obtained the year before)."""
    out = copy.deepcopy(answers)
    for f in special_fields(exam).values():
        value = form.get(f"panneau-{f.code}", "").strip()
        if value:
            out["fields"][f.code] = value
        else:
            out["fields"].pop(f.code, None)
    known = {d.code for d in exam.diplomas}
    out["acquis"]["diplomas"] = [
        {"diploma": code, "year": year - 1, "academy": academy}
        for code in dict.fromkeys(form.getlist("panneau-diplome"))
        if code in known
    ]
    speciality = selection(exam, out["fields"]).speciality
    grades: list[dict[str, Any]] = []
    for key, raw in form.items():
        if not key.startswith("panneau-note-") or not raw.strip():
            continue
        try:
            grade = float(raw.strip().replace(",", "."))
        except ValueError:
            continue
        if 0 <= grade <= MAX_GRADE:
            row: dict[str, Any] = {
                "unit": key.removeprefix("panneau-note-"),
                "grade": grade,
                "year": year - 1,
                "academy": academy,
            }
            if speciality is not None:
                row["speciality"] = speciality.code
            grades.append(row)
    out["acquis"]["grades"] = grades
    return out
