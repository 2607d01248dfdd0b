"""The candidature columns the back office filters on, worked out from the saved answers.

Speciality and category come from the engine's selection (the exam's fields of type
`speciality` and `category`, whatever their codes); the aménagement request is the shared
`amenagement` field that every exam includes (exams/common/amenagement.yaml). They are set at
every save so that a filter never has to read the answers' JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.rules import selection
from engine.spec.model import Exam
from web.core.models import Candidature

# The shared fragment's field (the Confirmation d'inscription reads the same code).
ACCOMMODATION_FIELD = "amenagement"
BATCH = 500


@dataclass(frozen=True)
class FilterColumns:
    speciality_code: str
    category_code: str
    accommodation_requested: bool

    def differs_from(self, candidature: Candidature) -> bool:
        return (candidature.speciality_code, candidature.category_code,
                candidature.accommodation_requested) != (
            self.speciality_code, self.category_code, self.accommodation_requested)


def filter_columns(exam: Exam, answers: Mapping[str, Any]) -> FilterColumns:
    """What the answers select: the speciality's code (a variant's when one is chosen)."""
    fields = answers.get("fields") or {}
    chosen = selection(exam, fields)
    speciality = ""
    if chosen.variant is not None:
        speciality = chosen.variant.code
    elif chosen.speciality is not None:
        speciality = chosen.speciality.code
    return FilterColumns(
        speciality_code=speciality[:60],
        category_code=(chosen.category.code if chosen.category is not None else "")[:60],
        accommodation_requested=fields.get(ACCOMMODATION_FIELD) is True,
    )


def apply_filter_columns(candidature: Candidature, exam: Exam) -> None:
    columns = filter_columns(exam, candidature.answers or {})
    candidature.speciality_code = columns.speciality_code
    candidature.category_code = columns.category_code
    candidature.accommodation_requested = columns.accommodation_requested


@dataclass
class ReindexReport:
    seen: int = 0
    updated: int = 0
    unknown_exam: int = 0


def _batches(db: Session) -> Iterator[list[Candidature]]:
    last_id = 0
    while True:
        rows = list(db.scalars(
            select(Candidature).where(Candidature.id > last_id)
            .order_by(Candidature.id).limit(BATCH)
        ))
        if not rows:
            return
        last_id = rows[-1].id
        yield rows


def reindex(db: Session, exam_of: Callable[[str], Exam | None]) -> ReindexReport:
    """Set the filter columns of every stored candidature from its answers, BATCH at a time.

    Each batch is committed on its own (a long run holds no lock for long, and a run
    stopped half-way is simply started again); rows already right are not written.
    """
    report = ReindexReport()
    for rows in _batches(db):
        for candidature in rows:
            report.seen += 1
            exam = exam_of(candidature.exam_code)
            if exam is None:
                report.unknown_exam += 1
                continue
            columns = filter_columns(exam, candidature.answers or {})
            if columns.differs_from(candidature):
                apply_filter_columns(candidature, exam)
                report.updated += 1
        db.commit()
        db.expunge_all()
    return report
