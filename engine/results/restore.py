"""A ResultDecision back from decision_json's data: a stored result read again as computed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from engine.results.decision import (
    ControlResult,
    GroupResult,
    KeptGrade,
    Mention,
    ResultDecision,
    ResultLine,
)


def _num(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _line(data: dict[str, Any]) -> ResultLine:
    kept_from = data.get("kept_from")
    return ResultLine(
        code=data["code"],
        printed_code=data["printed_code"],
        label=data["label"],
        optional=data["optional"],
        coefficient=_num(data["coefficient"]),
        grade=_num(data["grade"]),
        source=data["source"],
        counted=data["counted"],
        points=_num(data["points"]),
        reason=data["reason"],
        groups=tuple(data["groups"]),
        kept_from=None if kept_from is None else (int(kept_from[0]), str(kept_from[1])),
    )


def decision_from_json(data: dict[str, Any]) -> ResultDecision:
    """The decision decision_json(decision) describes (equal to it)."""
    mention = data["mention"]
    control = data["control"]
    return ResultDecision(
        status=data["status"],
        average=_num(data["average"]),
        total_points=_num(data["total_points"]),
        groups=tuple(
            GroupResult(g["code"], g["label"], _num(g["average"]), _num(g["min_average"]), g["met"])
            for g in data["groups"]
        ),
        mention=None
        if mention is None
        else Mention(mention["code"], mention["label"], Decimal(mention["min_average"])),
        lines=tuple(_line(ln) for ln in data["lines"]),
        kept=tuple(
            KeptGrade(k["unit"], Decimal(k["grade"]), k["until_year"], k["rule"])
            for k in data["kept"]
        ),
        explanation=data["explanation"],
        control=None
        if control is None
        else ControlResult(
            control["label"], _num(control["grade"]), _num(control["final_average"])
        ),
        note=data["note"],
    )
