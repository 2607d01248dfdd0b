"""What evaluate_result decides: the status, averages, mention, unit lines and kept grades."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from engine.results.grades import fr

ResultStatus = Literal["admis", "ajourne", "second_groupe", "incomplet", "non_calculable"]
STATUS_LABELS: dict[str, str] = {
    "admis": "Admis",
    "ajourne": "Ajourné",
    "second_groupe": "Admissible au second groupe (épreuve de contrôle)",
    "incomplet": "Résultat incomplet",
    "non_calculable": "Résultat non calculable",
}
# How one unit's line enters the result.
LineSource = Literal[
    "session",  # graded at this session
    "benefice",  # a grade kept from an earlier session
    "absent",  # ABS
    "dispense",  # dispensed (acquis, or DISP entered at the session)
    "missing",  # taken but no grade entered yet
    "not_chosen",  # an optional unit not chosen
    "not_presented",  # forme progressive: not presented at this session
]


@dataclass(frozen=True, slots=True)
class ResultLine:
    """One unit of the candidature, as the result counts it."""

    code: str
    printed_code: str
    label: str
    optional: bool
    coefficient: Decimal | None
    grade: Decimal | None  # the grade that counts (the kept one for a bénéfice)
    source: LineSource
    counted: bool  # enters the average (or the total of points)
    points: Decimal | None  # what it adds: grade × coefficient; optional: above-10 points
    reason: str  # French: why it counts or not
    groups: tuple[str, ...] = ()  # codes of the results groups holding the unit
    # A bénéfice: the year its grade was obtained and the acquis rule keeping it.
    kept_from: tuple[int, str] | None = None

    @property
    def grade_text(self) -> str:
        """As the relevé prints it: "12,50", "ABS", "Dispensé", "" (missing)."""
        if self.source == "absent":
            return "ABS"
        if self.source == "dispense":
            return "Dispensé"
        return "" if self.grade is None else fr(self.grade, 2)


@dataclass(frozen=True, slots=True)
class GroupResult:
    code: str
    label: str
    average: Decimal | None  # None: no unit of the group counts (all dispensed)
    min_average: Decimal | None
    met: bool | None  # None: no condition, or nothing to judge


@dataclass(frozen=True, slots=True)
class Mention:
    code: str
    label: str
    min_average: Decimal


@dataclass(frozen=True, slots=True)
class ControlResult:
    """The second group: the control grade and the final average it gives."""

    label: str
    grade: Decimal | None  # None: not graded yet
    final_average: Decimal | None


@dataclass(frozen=True, slots=True)
class KeptGrade:
    """A grade of this session the candidate keeps as a bénéfice for later sessions."""

    unit: str
    grade: Decimal
    until_year: int | None  # last session year it may be used; None: no limit
    rule: str  # "acquis.notes_conservees"


@dataclass(frozen=True, slots=True)
class ResultDecision:
    status: ResultStatus
    average: Decimal | None  # overall average out of 20 (method average), truncated
    total_points: Decimal | None  # method points: the total; average: the weighted total
    groups: tuple[GroupResult, ...]
    mention: Mention | None
    lines: tuple[ResultLine, ...]
    kept: tuple[KeptGrade, ...]
    explanation: str  # French, e.g. "Admis : moyenne 11,42 ≥ 10 ; …"
    control: ControlResult | None = None
    note: str = ""  # the rules' note (sources, limits), shown with the result

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def mention_label(self) -> str:
        return self.mention.label if self.mention else ""

    @property
    def admitted(self) -> bool:
        return self.status == "admis"
