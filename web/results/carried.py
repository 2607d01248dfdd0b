"""Grades kept from an earlier session (bénéfices) carried into a new registration.

When a candidate registers to a later session of the same exam, the grades that the
published results of their earlier candidatures keep are filled into the Acquis tab's
"Notes obtenues à une session précédente" (unit, grade, year, academy, speciality) the first
time the wizard reaches that tab; the Acquis rules then grant each bénéfice, which the
candidate may renounce by unticking it, as with a grade they typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.spec.model import Exam
from web.core.models import INACTIVE_STATES, Candidature, ExamSession
from web.results.outcome import decide
from web.results.publication import published_at


@dataclass(frozen=True)
class CarriedGrade:
    unit: str
    grade: Decimal
    year: int
    academy: str
    speciality: str
    session_label: str

    def as_row(self) -> dict[str, Any]:
        """The Acquis tab's stored grade row (a grade out of 20 as a number)."""
        return {
            "unit": self.unit,
            "grade": float(self.grade),
            "year": self.year,
            "academy": self.academy,
            "speciality": self.speciality,
        }


def carried_grades(
    db: Session, account_id: int, exam: Exam, session: ExamSession
) -> list[CarriedGrade]:
    """The grades the account's earlier published, non-admitted results keep and that are
    still valid for `session`: the latest session's grade for each unit."""
    earlier = db.scalars(
        select(Candidature)
        .join(ExamSession, ExamSession.id == Candidature.session_id)
        .where(
            Candidature.account_id == account_id,
            Candidature.exam_code == exam.code,
            Candidature.session_id != session.id,
            ExamSession.year <= session.year,
            Candidature.state.not_in(INACTIVE_STATES),
        )
        .order_by(ExamSession.year.desc(), Candidature.id.desc())
    )
    found: dict[str, CarriedGrade] = {}
    for candidature in earlier:
        if published_at(db, candidature) is None:
            continue
        decision = decide(db, exam, candidature)
        if decision.admitted:
            continue
        for kept in decision.kept:
            if kept.unit in found:
                continue
            if kept.until_year is not None and kept.until_year < session.year:
                continue
            found[kept.unit] = CarriedGrade(
                kept.unit,
                kept.grade,
                candidature.session.year,
                candidature.academy_code,
                candidature.speciality_code,
                candidature.session.label,
            )
    return list(found.values())


def with_carried_grades(answers: dict[str, Any], carried: list[CarriedGrade]) -> dict[str, Any]:
    """The answers with the carried grades added to the Acquis rows (a unit the candidate
    already declared a grade for keeps theirs)."""
    acquis = dict(answers.get("acquis") or {})
    rows = list(acquis.get("grades") or [])
    declared = {row.get("unit") for row in rows}
    rows.extend(c.as_row() for c in carried if c.unit not in declared)
    return {**answers, "acquis": {**acquis, "grades": rows}}
