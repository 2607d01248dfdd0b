"""The one server-side evaluator of conditions: total, no eval, dates from the session calendar."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable
from typing import Any

from engine.conditions.nodes import (
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
    Scalar,
    SessionCalendar,
    UnitStatus,
)

_TRUE_WORDS = frozenset({"true", "1", "oui", "o", "yes", "y", "on"})
_FALSE_WORDS = frozenset({"false", "0", "non", "n", "no", "off"})
# Explicit ASCII digits and spaces, at most 15 digits: the browser mirror
# (static/conditions.js) must read every answer exactly the same way.
SPACES = " \t\n\r\f\v\u00a0\u202f"
_INTEGER = re.compile(r"[+-]?[0-9]{1,15}")
_DECIMAL = re.compile(r"[+-]?[0-9]{1,15}[.,][0-9]{1,15}")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def evaluate(cond: Condition | None, ctx: EvalContext) -> bool:
    """The one authority: True when the condition holds (None holds).

    Never raises: an unanswered field, or an answer that cannot be read as the type the
    condition compares with, makes every comparison on it false (and `set: false` true).
    """
    if cond is None:
        return True
    # Dispatch on the exact node type: it is evaluated for every rule of every request.
    method = _EVALUATORS.get(type(cond))
    return method(cond, ctx) if method is not None else False


def _all(cond: All, ctx: EvalContext) -> bool:
    return all(evaluate(c, ctx) for c in cond.items)


def _any(cond: AnyOf, ctx: EvalContext) -> bool:
    return any(evaluate(c, ctx) for c in cond.items)


def _age(cond: Age, ctx: EvalContext) -> bool:
    years = age_at(ctx.answers.get(cond.field), ctx.calendar.age_date(cond.at))
    return years is not None and _order(cond.op, years, cond.years)


_EVALUATORS: dict[type[Condition], Callable[[Any, EvalContext], bool]] = {
    Const: lambda c, ctx: bool(c.value),
    All: _all,
    AnyOf: _any,
    Not: lambda c, ctx: not evaluate(c.item, ctx),
    IsSet: lambda c, ctx: is_answered(ctx.answers.get(c.field)) == c.expected,
    Compare: lambda c, ctx: _compare(ctx.answers.get(c.field), c, ctx.calendar),
    Age: _age,
    AcquisDeclared: lambda c, ctx: c.diploma in ctx.diplomas,
    UnitStatus: lambda c, ctx: ctx.unit_statuses.get(c.unit) == c.status,
}


def is_answered(value: object) -> bool:
    """An answer counts as given unless it is None, blank text or an empty list."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip(SPACES))
    if isinstance(value, list | tuple | set | frozenset | dict):
        return bool(value)
    return True


def age_at(birth: object, on: dt.date) -> int | None:
    """Whole years from `birth` to `on`: one less while the birthday of that year is not reached.

    Someone born on 29 February reaches their birthday on 1 March in other years.
    """
    born = as_date(birth)
    if born is None:
        return None
    years = on.year - born.year
    return years - 1 if (on.month, on.day) < (born.month, born.day) else years


def as_date(value: object) -> dt.date | None:
    """A date answer: a date, a datetime, or an ISO `YYYY-MM-DD` text (with optional time)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        found = _ISO_DATE.fullmatch(value.strip(SPACES)[:10])
        if found is None:
            return None
        try:
            return dt.date(*(int(part) for part in found.groups()))
        except ValueError:
            return None
    return None


def as_number(value: object) -> int | float | None:
    """A number answer: an int or finite float, or a text such as ' 12 ' or '12,5'."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        text = value.strip(SPACES)
        if _INTEGER.fullmatch(text):
            return int(text)
        if _DECIMAL.fullmatch(text):
            return float(text.replace(",", "."))
    return None


def as_bool(value: object) -> bool | None:
    """A yes/no answer: a bool, 0/1, or a word such as 'oui', 'non', 'true', 'on', 'y'."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip(SPACES).lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    return None


def as_text(value: object) -> str | None:
    """A text answer; numbers and dates are read as they would be written in a form."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return None


def _literal(value: Scalar, calendar: SessionCalendar) -> Scalar:
    if type(value) is RelativeDate:
        return _resolve(calendar, value)
    # A hand-built node may hold a datetime, which does not order against a date.
    return value.date() if isinstance(value, dt.datetime) else value


@functools.lru_cache(maxsize=4096)
def _resolve(calendar: SessionCalendar, relative: RelativeDate) -> dt.date:
    return calendar.resolve(relative)


def _coerce(answer: object, like: Scalar) -> Scalar | None:
    """Read the answer as the same kind of value as the literal it is compared with."""
    kind = type(like)
    if kind is str:
        return as_text(answer)
    if kind is bool:
        return as_bool(answer)
    if kind is int or kind is float:
        return as_number(answer)
    return as_date(answer)


def _same(answer: object, literal: Scalar) -> bool:
    got = _coerce(answer, literal)
    return got is not None and got == literal


def _compare(answer: object, cond: Compare, calendar: SessionCalendar) -> bool:
    if not is_answered(answer):
        return False
    if isinstance(cond.value, tuple):
        hits = [_same(answer, _literal(v, calendar)) for v in cond.value]
        if cond.op == "in":
            return any(hits)
        if cond.op == "not_in":
            # An answer that cannot be read as any listed value's kind is not "outside" them.
            readable = any(_coerce(answer, _literal(v, calendar)) is not None for v in cond.value)
            return readable and not any(hits)
        return False
    literal = _literal(cond.value, calendar)
    got = _coerce(answer, literal)
    return got is not None and _order(cond.op, got, literal)


def _order(op: str, left: Any, right: Any) -> bool:
    """lt/le/gt/ge/equals/not_equals on two values of one kind (the answer is read as the
    literal's kind, an age is a number of years): yes/no answers and texts have no order."""
    if op == "equals":
        return bool(left == right)
    if op == "not_equals":
        return bool(left != right)
    if isinstance(left, bool) or not isinstance(left, int | float | dt.date):
        return False
    return _ordered(op, (left > right) - (left < right))


def _ordered(op: str, sign: int) -> bool:
    """lt/le/gt/ge from the sign of left − right (exact: no subtraction of big numbers)."""
    return {"lt": sign < 0, "le": sign <= 0, "gt": sign > 0, "ge": sign >= 0}.get(op, False)
