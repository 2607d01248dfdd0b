"""Build the results rules (engine.spec.model_results) from a spec's checked `results:` keys."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from engine.spec.model_results import (
    MentionLevel,
    Mentions,
    Requirement,
    ResultGroup,
    ResultRules,
    SecondGroup,
)


def number(value: Any) -> Decimal:
    """A YAML number as a Decimal: 2.5 → Decimal('2.5') (its written digits, never a float's)."""
    return Decimal(str(value))


def merged(exam: dict[str, Any] | None, speciality: dict[str, Any] | None) -> dict[str, Any] | None:
    """The speciality's `results:` keys over the exam's (each key replaces the exam's)."""
    if exam is None and speciality is None:
        return None
    return {**(exam or {}), **(speciality or {})}


def _second_group(raw: dict[str, Any] | None) -> SecondGroup | None:
    if not raw:
        return None
    weights = raw.get("weights") or {}
    return SecondGroup(
        label=str(raw.get("label", "épreuve de contrôle")),
        min_average=number(raw["min_average"]),
        requires=tuple(
            Requirement(str(r["group"]), number(r["min_average"]))
            for r in raw.get("requires") or []
        ),
        first_weight=number(weights.get("first_group", 1)),
        control_weight=number(weights.get("control", 1)),
        pass_mark=number(raw.get("pass_mark", 10)),
    )


def _mentions(raw: dict[str, Any] | None) -> Mentions | None:
    if not raw:
        return None
    levels = sorted(
        (
            MentionLevel(str(m["code"]), str(m["label"]), number(m["min_average"]))
            for m in raw.get("levels") or []
        ),
        key=lambda m: m.min_average,
    )
    return Mentions(tuple(levels), bool(raw.get("first_group_only", True)))


def compile_results(raw: dict[str, Any] | None) -> ResultRules | None:
    """The rules of a merged `results:` mapping (None: the exam gives no results rules)."""
    if raw is None:
        return None
    return ResultRules(
        method=raw.get("method", "average"),
        pass_mark=number(raw.get("pass_mark", 10)),
        decimals=int(raw.get("decimals", 2)),
        optional_above=number(raw.get("optional_above", 10)),
        absent=raw.get("absent", "eliminatory"),
        groups=tuple(
            ResultGroup(
                code=str(g["code"]),
                label=str(g["label"]),
                units=tuple(map(str, g.get("units") or ())),
                min_average=None if g.get("min_average") is None else number(g["min_average"]),
            )
            for g in raw.get("groups") or []
        ),
        second_group=_second_group(raw.get("second_group")),
        mentions=_mentions(raw.get("mentions")),
        out_of=tuple((str(k), number(v)) for k, v in (raw.get("out_of") or {}).items()),
        scales=tuple(
            (str(k), tuple(number(v) for v in vs)) for k, vs in (raw.get("scales") or {}).items()
        ),
        note=str(raw.get("note", "")),
        unavailable=str(raw.get("unavailable", "")),
    )
