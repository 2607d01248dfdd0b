"""The condition language: parse YAML mappings, type-check them against the spec, evaluate them.

Reference: docs/conditions.md. The AST lives in `nodes`, shapes in `parse`, types in
`check`, the one evaluator in `evaluate`, static facts and the JSON form in `analysis`,
French sentences in `describe`, error codes in `codes`; `static/conditions.js` is the
browser's mirror of the evaluator.
"""

from __future__ import annotations

from pathlib import Path

from engine.conditions.analysis import (
    calendar_json,
    constant_warning,
    is_constant,
    referenced_diplomas,
    referenced_fields,
    referenced_units,
    to_json,
    walk,
)
from engine.conditions.check import check_condition
from engine.conditions.codes import CONDITION_ERRORS
from engine.conditions.describe import describe
from engine.conditions.evaluate import age_at, as_bool, as_date, as_number, evaluate, is_answered
from engine.conditions.nodes import (
    AGE_ATS,
    COMPARE_OPS,
    SESSION_BASES,
    UNIT_STATUSES,
    AcquisDeclared,
    Age,
    All,
    AnyOf,
    Compare,
    Condition,
    Const,
    EvalContext,
    IsSet,
    Not,
    RelativeDate,
    SessionCalendar,
    TypeEnv,
    UnitStatus,
)
from engine.conditions.parse import parse_condition, parse_date


def mirror_script() -> Path:
    """The browser mirror of `evaluate` (static/conditions.js), for the portal to serve."""
    return Path(__file__).with_name("static") / "conditions.js"


__all__ = [
    "AGE_ATS", "COMPARE_OPS", "CONDITION_ERRORS", "SESSION_BASES", "UNIT_STATUSES",
    "AcquisDeclared", "Age", "All", "AnyOf", "Compare", "Condition", "Const", "EvalContext",
    "IsSet", "Not", "RelativeDate", "SessionCalendar", "TypeEnv", "UnitStatus",
    "age_at", "as_bool", "as_date", "as_number", "calendar_json", "check_condition",
    "constant_warning", "describe", "evaluate", "is_answered", "is_constant", "mirror_script",
    "parse_condition", "parse_date", "referenced_diplomas", "referenced_fields",
    "referenced_units", "to_json", "walk",
]
