"""A ResultDecision as JSON-ready data (numbers as decimal strings), to store a published
result as it was computed: a later version of the spec does not change it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from engine.results.decision import ResultDecision, ResultLine


def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _line(ln: ResultLine) -> dict[str, Any]:
    return {
        "code": ln.code,
        "printed_code": ln.printed_code,
        "label": ln.label,
        "optional": ln.optional,
        "coefficient": _num(ln.coefficient),
        "grade": _num(ln.grade),
        "grade_text": ln.grade_text,
        "source": ln.source,
        "counted": ln.counted,
        "points": _num(ln.points),
        "reason": ln.reason,
        "groups": list(ln.groups),
        "kept_from": None if ln.kept_from is None else list(ln.kept_from),
    }


def decision_json(d: ResultDecision) -> dict[str, Any]:
    """Everything the decision says, with Decimals as strings ("12.61") and labels in French."""
    return {
        "status": d.status,
        "status_label": d.status_label,
        "average": _num(d.average),
        "total_points": _num(d.total_points),
        "mention": None
        if d.mention is None
        else {
            "code": d.mention.code,
            "label": d.mention.label,
            "min_average": _num(d.mention.min_average),
        },
        "groups": [
            {
                "code": g.code,
                "label": g.label,
                "average": _num(g.average),
                "min_average": _num(g.min_average),
                "met": g.met,
            }
            for g in d.groups
        ],
        "control": None
        if d.control is None
        else {
            "label": d.control.label,
            "grade": _num(d.control.grade),
            "final_average": _num(d.control.final_average),
        },
        "lines": [_line(ln) for ln in d.lines],
        "kept": [
            {"unit": k.unit, "grade": str(k.grade), "until_year": k.until_year, "rule": k.rule}
            for k in d.kept
        ],
        "explanation": d.explanation,
        "note": d.note,
    }
