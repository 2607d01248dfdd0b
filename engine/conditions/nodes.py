"""The condition AST, relative dates, and the contexts conditions are checked and evaluated in."""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from engine.spec.model import Field

CompareOp = Literal["equals", "not_equals", "in", "not_in", "lt", "le", "gt", "ge"]
SessionBase = Literal["start", "year_end", "registration_close"]
AgeAt = Literal["session_start", "session_year_end", "registration_close"]
UnitStatusName = Literal["inscrit", "dispense", "benefice", "non_choisi", "non_presente"]

COMPARE_OPS: tuple[CompareOp, ...] = (
    "equals", "not_equals", "in", "not_in", "lt", "le", "gt", "ge",
)
ORDER_OPS: frozenset[str] = frozenset({"lt", "le", "gt", "ge"})
LIST_OPS: frozenset[str] = frozenset({"in", "not_in"})
AGE_OPS: tuple[CompareOp, ...] = ("equals", "not_equals", "lt", "le", "gt", "ge")
SESSION_BASES: tuple[SessionBase, ...] = ("start", "year_end", "registration_close")
AGE_ATS: tuple[AgeAt, ...] = ("session_start", "session_year_end", "registration_close")
UNIT_STATUSES: tuple[UnitStatusName, ...] = (
    "inscrit", "dispense", "benefice", "non_choisi", "non_presente",
)

# Field types whose answers are one of a known set of codes.
CHOICE_TYPES: frozenset[str] = frozenset({"select", "radio", "category", "speciality", "forme"})
BOOLEAN_TYPES: frozenset[str] = frozenset({"checkbox", "yesno"})
TEXT_TYPES: frozenset[str] = frozenset(
    {"text", "textarea", "email", "phone", "postal_code", "reference"}
)


@dataclass(frozen=True, slots=True)
class RelativeDate:
    """A date relative to the session's calendar: `{session: year_end, years: -5}`."""

    session: SessionBase
    years: int = 0
    months: int = 0
    days: int = 0


# A literal a condition compares with; ISO date strings are parsed into dt.date.
Scalar = str | int | float | bool | dt.date | RelativeDate
Value = Scalar | tuple[Scalar, ...]


class Condition:
    """Base of the condition AST; every node is a frozen dataclass, equal by value."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Const(Condition):
    value: bool


@dataclass(frozen=True, slots=True)
class All(Condition):
    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class AnyOf(Condition):
    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Not(Condition):
    item: Condition


@dataclass(frozen=True, slots=True)
class Compare(Condition):
    """`{field: code, <op>: value}`; for `in`/`not_in` the value is a tuple."""

    field: str
    op: CompareOp
    value: Value


@dataclass(frozen=True, slots=True)
class IsSet(Condition):
    """`{field: code, set: true}`: the field was answered (false: it was not)."""

    field: str
    expected: bool = True


@dataclass(frozen=True, slots=True)
class Age(Condition):
    """`{age: date_naissance, ge: 18, at: session_year_end}`: whole years at a session date."""

    field: str
    op: CompareOp
    years: int
    at: AgeAt = "session_year_end"


@dataclass(frozen=True, slots=True)
class AcquisDeclared(Condition):
    """`{acquis: cap}`: the candidate declared this diploma on the Acquis tab."""

    diploma: str


@dataclass(frozen=True, slots=True)
class UnitStatus(Condition):
    """`{unit: EP1, status: dispense}`: the unit's computed status for this candidature."""

    unit: str
    status: UnitStatusName


@dataclass(frozen=True)
class TypeEnv:
    """What a condition may refer to at the place it is written."""

    fields: Mapping[str, Field]              # every field of the exam, by code
    visible_before: frozenset[str]           # codes that come earlier in the wizard than here
    choice_values: Mapping[str, frozenset[str]]  # allowed values of select/radio/category/
                                             # speciality/forme fields (computed by the compiler)
    diplomas: frozenset[str] = frozenset()   # acquis diploma codes
    units: frozenset[str] = frozenset()      # every unit code of the exam
    here: str = ""                           # what holds the condition, for messages


@dataclass(frozen=True)
class SessionCalendar:
    """Dates of the session the candidature belongs to; every relative date uses them."""

    year: int
    start: dt.date
    registration_close: dt.date
    # The exam office's deadline for every piece of this session and academy, when it set
    # one; otherwise each piece's `deadline_days_after_close` counts from the close.
    pieces_deadline: dt.date | None = None
    # The academy the candidate registers in (a slug of engine.reference): the lists kept per
    # academy (establishments) are its. "" when unknown: only national entries are offered.
    academy: str = ""

    @property
    def year_end(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    def base(self, name: SessionBase) -> dt.date:
        if name == "start":
            return self.start
        if name == "registration_close":
            return self.registration_close
        return self.year_end

    def age_date(self, at: AgeAt) -> dt.date:
        """The date an `age` condition measures the age at."""
        if at == "session_start":
            return self.start
        if at == "registration_close":
            return self.registration_close
        return self.year_end

    def resolve(self, rel: RelativeDate) -> dt.date:
        """The calendar date of a relative date; a missing 29 February becomes the 28th."""
        base = self.base(rel.session)
        month_index = base.month - 1 + rel.months + 12 * rel.years
        year, month = base.year + month_index // 12, month_index % 12 + 1
        year = min(max(year, dt.MINYEAR), dt.MAXYEAR)
        day = min(base.day, monthrange(year, month)[1])
        shifted = dt.date(year, month, day)
        try:
            return shifted + dt.timedelta(days=rel.days)
        except OverflowError:
            return dt.date.max if rel.days > 0 else dt.date.min




@dataclass(frozen=True)
class EvalContext:
    answers: Mapping[str, Any]               # field code → value (None/absent = not answered)
    calendar: SessionCalendar
    diplomas: frozenset[str] = frozenset()   # declared acquis diploma codes
    unit_statuses: Mapping[str, str] = field(default_factory=dict)  # unit code → status
