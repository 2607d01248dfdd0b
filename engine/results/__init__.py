"""Exam results: how the grades of a candidature's units combine under the spec's `results:`.

Public API (documented in docs/engine-api.md): evaluate_result, evaluate_candidature,
results_rules, parse_grade, decision_json, decision_from_json and the ResultDecision types.
"""

from engine.results.decision import (
    STATUS_LABELS,
    ControlResult,
    GroupResult,
    KeptGrade,
    LineSource,
    Mention,
    ResultDecision,
    ResultLine,
    ResultStatus,
)
from engine.results.evaluate import evaluate_candidature, evaluate_result, results_rules
from engine.results.grades import (
    ABSENT,
    DISPENSED,
    Grade,
    GradeError,
    GradeInput,
    fr,
    parse_grade,
)
from engine.results.snapshot import decision_json

from engine.results.restore import decision_from_json  # noqa: E402  isort: skip

__all__ = [
    "ABSENT",
    "DISPENSED",
    "STATUS_LABELS",
    "ControlResult",
    "Grade",
    "GradeError",
    "GradeInput",
    "GroupResult",
    "KeptGrade",
    "LineSource",
    "Mention",
    "ResultDecision",
    "ResultLine",
    "ResultStatus",
    "decision_json",
    "decision_from_json",
    "evaluate_candidature",
    "evaluate_result",
    "fr",
    "parse_grade",
    "results_rules",
]
