"""What the candidate declared on the Acquis tab, as the Récapitulatif lists it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.wizard import WizardState
from web.core import reference


@dataclass(frozen=True)
class DeclaredDiploma:
    label: str
    year: str
    academy: str


@dataclass(frozen=True)
class DeclaredGrade:
    unit: str
    grade: str
    year: str
    academy: str


@dataclass(frozen=True)
class DeclaredAcquis:
    diplomas: tuple[DeclaredDiploma, ...]
    grades: tuple[DeclaredGrade, ...]

    @property
    def empty(self) -> bool:
        return not self.diplomas and not self.grades


def declared_acquis(state: WizardState) -> DeclaredAcquis | None:
    """The declared diplomas and grades with their labels; None when the exam has no Acquis
    tab on this candidate's path (nothing could be declared)."""
    if not any(t.role == "acquis" for t in state.tabs):
        return None
    acquis = state.answers.get("acquis", {})
    diploma_labels = {d.code: d.label for d in state.exam.diplomas}
    unit_labels = {u.code: f"{u.code} - {u.label}" for u in state.units}
    diplomas = tuple(
        DeclaredDiploma(
            label=diploma_labels.get(row.get("diploma", ""), row.get("diploma", "")),
            year=_text(row.get("year")),
            academy=_academy(row.get("academy")),
        )
        for row in acquis.get("diplomas", [])
        if row.get("diploma")
    )
    grades = tuple(
        DeclaredGrade(
            unit=unit_labels.get(row.get("unit", ""), row.get("unit", "")),
            grade=_grade(row.get("grade")),
            year=_text(row.get("year")),
            academy=_academy(row.get("academy")),
        )
        for row in acquis.get("grades", [])
        if row.get("unit")
    )
    return DeclaredAcquis(diplomas, grades)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _academy(code: Any) -> str:
    return reference.academy_label(code) if isinstance(code, str) and code else ""


def _grade(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:g}".replace(".", ",") + "/20"
    return _text(value)
