"""Coefficient-weighted averages of results lines: overall, per group, of the whole total."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from engine.results.decision import GroupResult, ResultLine
from engine.results.grades import truncate
from engine.spec.model_results import ResultGroup, ResultRules


def weighted(lines: Iterable[ResultLine]) -> tuple[Decimal, Decimal]:
    """(Σ grade × coefficient, Σ coefficient) of the counted compulsory lines."""
    total = weight = Decimal(0)
    for line in lines:
        if line.counted and not line.optional and line.grade is not None and line.coefficient:
            total += line.grade * line.coefficient
            weight += line.coefficient
    return total, weight


def bonus(lines: Iterable[ResultLine]) -> Decimal:
    """The optional units' points above the mark, added to the weighted total."""
    return sum((ln.points or Decimal(0) for ln in lines if ln.counted and ln.optional), Decimal(0))


def overall(lines: tuple[ResultLine, ...], rules: ResultRules) -> tuple[Decimal | None, Decimal]:
    """(average out of 20 truncated to the rules' decimals, weighted total with the bonus)."""
    total, weight = weighted(lines)
    total += bonus(lines)
    if not weight:
        return None, total
    return truncate(total / weight, rules.decimals), total


def points_total(lines: tuple[ResultLine, ...]) -> Decimal:
    return sum((ln.grade for ln in lines if ln.counted and ln.grade is not None), Decimal(0))


def group_result(
    group: ResultGroup, lines: tuple[ResultLine, ...], rules: ResultRules
) -> GroupResult:
    members = [ln for ln in lines if group.code in ln.groups]
    total, weight = weighted(members)
    average = truncate(total / weight, rules.decimals) if weight else None
    met: bool | None = None
    if group.min_average is not None and average is not None:
        met = average >= group.min_average
    return GroupResult(group.code, group.label, average, group.min_average, met)


def group_results(lines: tuple[ResultLine, ...], rules: ResultRules) -> tuple[GroupResult, ...]:
    """Every group holding at least one unit of the candidature (a group of units another
    speciality has is left out)."""
    present = {g for ln in lines for g in ln.groups}
    return tuple(group_result(g, lines, rules) for g in rules.groups if g.code in present)
