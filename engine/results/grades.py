"""Grades as the exam office enters them: a number out of 20 with at most 2 decimals, ABS
(absent) or DISP (dispensed at the session), parsed into Decimals, never floats."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Literal

ABSENT: Literal["ABS"] = "ABS"
DISPENSED: Literal["DISP"] = "DISP"
GradeMark = Literal["ABS", "DISP"]
Grade = Decimal | GradeMark
# What evaluate_result accepts for one unit: a Decimal, an int, a text ("12,5", "ABS"), None.
GradeInput = Decimal | int | str | None

MAX_DECIMALS = 2
ZERO = Decimal(0)


class GradeError(ValueError):
    """A grade that cannot be a grade; the message is French, for the person who typed it."""


def parse_grade(
    value: GradeInput, out_of: Decimal = Decimal(20), scale: tuple[Decimal, ...] = ()
) -> Grade | None:
    """`"12,5"` → Decimal("12.5"); `"abs"` → "ABS"; `""`/None → None (not entered yet).

    A float is refused (a grade is never binary floating point); so is a number outside
    0..out_of or with more than two decimals, and with a `scale` (the only points a unit
    takes, by level) a number that is not one of them.
    """
    if value is None:
        return None
    if scale:
        found = _parsed(value, out_of)
        if isinstance(found, Decimal) and found not in scale:
            raise GradeError(
                f"La note {fr(found)} n'est pas un des points possibles : {points_text(scale)}"
            )
        return found
    return _parsed(value, out_of)


def points_text(scale: tuple[Decimal, ...]) -> str:
    """`(10, 20, 25, 30)` → `10, 20, 25 ou 30`."""
    shown = [fr(p) for p in scale]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} ou {shown[-1]}"


def _parsed(value: GradeInput, out_of: Decimal) -> Grade | None:
    if value is None:
        return None
    if type(value) is Decimal and ZERO <= value <= out_of:  # the database's, the common case
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= -MAX_DECIMALS:
            return value
    if isinstance(value, bool) or isinstance(value, float):
        raise GradeError(f"Note illisible : {value!r} (saisissez un nombre comme 12,5)")
    if isinstance(value, str):
        text = value.strip().upper()
        if not text:
            return None
        if text in (ABSENT, "ABSENT"):
            return ABSENT
        if text in (DISPENSED, "DISPENSE", "DISPENSÉ"):
            return DISPENSED
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise GradeError(
                f"Note illisible : « {value} » (saisissez un nombre comme 12,5, ou ABS)"
            ) from None
    else:
        number = Decimal(value)
    if not number.is_finite():
        raise GradeError(f"Note illisible : « {value} »")
    if number < 0 or number > out_of:
        raise GradeError(f"La note {fr(number)} n'est pas comprise entre 0 et {fr(out_of)}")
    if number != number.quantize(Decimal(1).scaleb(-MAX_DECIMALS)):
        raise GradeError(f"La note {fr(number)} a plus de deux décimales")
    return number


def truncate(value: Decimal, decimals: int) -> Decimal:
    """`11.4286` → `11.42` (2 decimals): never shown above what the candidate has."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_DOWN)


def fr(value: Decimal, decimals: int | None = None) -> str:
    """A number the French way: `Decimal("11.42")` → `11,42`; `Decimal("10")` → `10`.

    With `decimals`, exactly that many (`fr(Decimal(12), 2)` → `12,00`).
    """
    if decimals is not None:
        text = f"{truncate(value, decimals):.{decimals}f}"
    else:
        text = format(value.normalize(), "f")
    return text.replace(".", ",")
