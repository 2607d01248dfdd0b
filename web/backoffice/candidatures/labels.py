"""French labels of what a candidature row holds as codes: exam, speciality, category, states."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.spec.model import Exam
from web.candidate.pieces.groups import STATUS_LABELS
from web.core.candidature_states import state_label
from web.core.catalogue import exam_by_code
from web.core.models import PIECE_UNCHECKED
from web.registration.context import exam_of

# A piece's status as the office set it (the pieces area's labels), or not yet controlled.
PIECE_STATUS_LABELS = {PIECE_UNCHECKED: "Non contrôlée", **STATUS_LABELS}


@dataclass(frozen=True)
class ExamLabels:
    code: str
    label: str
    short_label: str
    specialities: dict[str, str] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)

    def speciality(self, code: str) -> str:
        return self.specialities.get(code, code)

    def category(self, code: str) -> str:
        return self.categories.get(code, code)


def labels_of_exam(exam: Exam) -> ExamLabels:
    specialities: dict[str, str] = {}
    for speciality in exam.specialities:
        specialities[speciality.code] = speciality.label
        for variant in speciality.variants:
            specialities[variant.code] = variant.label
    return ExamLabels(exam.code, exam.label, exam.short_label, specialities,
                      {c.code: c.label for c in exam.categories})


_CACHE: dict[tuple[str, str], ExamLabels] = {}


def exam_labels(code: str) -> ExamLabels:
    """The labels of exam `code`; its code alone when its spec is missing from EXAMS_DIR."""
    exam = exam_of(code)
    if exam is None:
        entry = exam_by_code(code)
        label = entry.label if entry else code.upper()
        return ExamLabels(code, label, entry.short_label if entry else code.upper())
    key = (code, exam.source_hash)
    found = _CACHE.get(key)
    if found is None:
        found = _CACHE[key] = labels_of_exam(exam)
    return found


def yes_no(value: bool) -> str:
    return "Oui" if value else "Non"


__all__ = ["PIECE_STATUS_LABELS", "ExamLabels", "exam_labels", "labels_of_exam", "state_label",
           "yes_no"]
