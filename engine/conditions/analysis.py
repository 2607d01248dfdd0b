"""Static facts about a condition: names it reads, constant folding, and its JSON form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from engine.conditions.codes import error
from engine.conditions.nodes import (
    AcquisDeclared,
    Age,
    All,
    AnyOf,
    Compare,
    Condition,
    Const,
    IsSet,
    Not,
    RelativeDate,
    Scalar,
    SessionCalendar,
    UnitStatus,
)
from engine.errors import Path, SourceMap, SpecError


def walk(cond: Condition | None) -> Iterator[Condition]:
    """Every node of the condition, parents before children."""
    if cond is None:
        return
    yield cond
    if isinstance(cond, All | AnyOf):
        for item in cond.items:
            yield from walk(item)
    elif isinstance(cond, Not):
        yield from walk(cond.item)


def referenced_fields(cond: Condition | None) -> frozenset[str]:
    """Field codes the condition reads (for ordering checks and the browser mirror)."""
    return frozenset(
        node.field for node in walk(cond) if isinstance(node, Compare | IsSet | Age)
    )


def referenced_units(cond: Condition | None) -> frozenset[str]:
    """Unit codes whose computed status the condition reads (it needs the units computed first)."""
    return frozenset(node.unit for node in walk(cond) if isinstance(node, UnitStatus))


def referenced_diplomas(cond: Condition | None) -> frozenset[str]:
    """Diploma codes whose declaration the condition reads."""
    return frozenset(node.diploma for node in walk(cond) if isinstance(node, AcquisDeclared))


def is_constant(cond: Condition) -> bool | None:
    """True/False when the condition is constant whatever the answers, else None."""
    if isinstance(cond, Const):
        return cond.value
    if isinstance(cond, Not):
        inner = is_constant(cond.item)
        return None if inner is None else not inner
    if isinstance(cond, All | AnyOf):
        # all: one false member decides; any: one true member decides.
        decisive = isinstance(cond, AnyOf)
        values = [is_constant(item) for item in cond.items]
        if decisive in values:
            return decisive
        if all(v is not None for v in values):
            return not decisive
    return None


def constant_warning(cond: Condition, path: Path, marks: SourceMap) -> SpecError | None:
    """A W301 warning when the condition at `path` is always true or always false."""
    value = is_constant(cond)
    if value is None:
        return None
    word = "true" if value else "false"
    return error("W301", f"this condition is always {word}", marks.value(path), path)


def to_json(cond: Condition | None) -> object:
    """A JSON form of the condition, for the browser's comfort mirror of visibility.

    It is the YAML form in canonical spelling (dates as ISO texts, `at` always written),
    so `parse_condition(to_json(c))` gives back `c`. None (no condition) gives None.
    """
    if cond is None:
        return None
    if isinstance(cond, Const):
        return cond.value
    if isinstance(cond, All):
        return {"all": [to_json(c) for c in cond.items]}
    if isinstance(cond, AnyOf):
        return {"any": [to_json(c) for c in cond.items]}
    if isinstance(cond, Not):
        return {"not": to_json(cond.item)}
    if isinstance(cond, Compare):
        value = cond.value
        out = [_json_value(v) for v in value] if isinstance(value, tuple) else _json_value(value)
        return {"field": cond.field, cond.op: out}
    if isinstance(cond, IsSet):
        return {"field": cond.field, "set": cond.expected}
    if isinstance(cond, Age):
        return {"age": cond.field, cond.op: cond.years, "at": cond.at}
    if isinstance(cond, AcquisDeclared):
        return {"acquis": cond.diploma}
    if isinstance(cond, UnitStatus):
        return {"unit": cond.unit, "status": cond.status}
    raise TypeError(f"not a condition node: {cond!r}")


def _json_value(value: Scalar) -> object:
    if isinstance(value, RelativeDate):
        out: dict[str, object] = {"session": value.session}
        for key in ("years", "months", "days"):
            amount = getattr(value, key)
            if amount:
                out[key] = amount
        return out
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def calendar_json(calendar: SessionCalendar) -> dict[str, str]:
    """The session dates a browser mirror needs to resolve relative dates and ages."""
    return {
        "start": calendar.start.isoformat(),
        "year_end": calendar.year_end.isoformat(),
        "registration_close": calendar.registration_close.isoformat(),
    }
