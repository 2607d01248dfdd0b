"""The compiled `results:` section: how the grades of a candidature's units combine.

Every number is a Decimal (grades, coefficients, thresholds): the rules never use floats.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

ResultMethod = Literal["average", "points"]
AbsentRule = Literal["eliminatory", "zero"]
TWENTY = Decimal(20)


@dataclass(frozen=True, slots=True)
class ResultGroup:
    """Units whose coefficient-weighted average is shown, and must reach `min_average`."""

    code: str
    label: str
    units: tuple[str, ...]
    min_average: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Requirement:
    """A group's average (or every unit of it dispensed) needed to take the second group."""

    group: str
    min_average: Decimal


@dataclass(frozen=True, slots=True)
class SecondGroup:
    """An average in [min_average, pass mark) after the first group gives a control épreuve.

    The final average is (first_weight × first average + control_weight × control grade) /
    (first_weight + control_weight); the candidate is admitted when it reaches `pass_mark`.
    """

    label: str
    min_average: Decimal
    requires: tuple[Requirement, ...] = ()
    first_weight: Decimal = Decimal(1)
    control_weight: Decimal = Decimal(1)
    pass_mark: Decimal = Decimal(10)


@dataclass(frozen=True, slots=True)
class MentionLevel:
    code: str
    label: str
    min_average: Decimal


@dataclass(frozen=True, slots=True)
class Mentions:
    levels: tuple[MentionLevel, ...]  # in increasing min_average
    first_group_only: bool = True  # no mention after the second group


@dataclass(frozen=True, slots=True)
class ResultRules:
    """The results rules of one speciality (the exam's, with the speciality's keys over them)."""

    method: ResultMethod = "average"
    pass_mark: Decimal = Decimal(10)
    decimals: int = 2
    # Optional units: only the points above this grade count, × their coefficient (1 if none).
    optional_above: Decimal = Decimal(10)
    absent: AbsentRule = "eliminatory"
    groups: tuple[ResultGroup, ...] = ()
    second_group: SecondGroup | None = None
    mentions: Mentions | None = None
    # method points: the most points a unit's grade may reach (default 20).
    out_of: tuple[tuple[str, Decimal], ...] = ()
    # method points: the only points a unit takes, one per level (the CFG's socle components:
    # 10, 20, 25, 30 by maîtrise level), increasing; its most points default to the highest.
    scales: tuple[tuple[str, tuple[Decimal, ...]], ...] = ()
    note: str = ""  # a sentence shown with the result (sources, limits)
    # Why the result of this speciality cannot be computed yet (a coefficient not found):
    # the engine then says so instead of computing with a guess.
    unavailable: str = ""

    def max_grade(self, unit: str) -> Decimal:
        for code, most in self.out_of:
            if code == unit:
                return most
        scale = self.scale(unit)
        return scale[-1] if scale else TWENTY

    def scale(self, unit: str) -> tuple[Decimal, ...]:
        """The only points `unit` takes (() : any grade up to its max_grade)."""
        for code, points in self.scales:
            if code == unit:
                return points
        return ()
