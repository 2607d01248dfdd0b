"""What changes for candidates between two versions of a spec: typed changes and their classes.

A change is *safe* (nothing to do: a label, a help text, a new optional field), *needs the
candidate's action* (a field now required, a new piece) or *breaking* for candidatures
saved under the old version (a unit removed or renamed, a code renamed, a choice removed,
a coefficient or a mode changed). `match` says which saved answers a change concerns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from engine.spec.model import Exam, Field

Level = Literal["safe", "action", "breaking"]
LEVELS: tuple[Level, ...] = ("breaking", "action", "safe")
LEVEL_TITLES: dict[Level, str] = {
    "breaking": "Breaking for saved candidatures",
    "action": "Needs the candidate's action",
    "safe": "Safe",
}


@dataclass(frozen=True, slots=True)
class Match:
    """Which saved answers a change concerns: every atom given must hold (none: all answers).

    `values`: the field holds one of the values; `answered`/`unanswered`: the field has (no)
    answer; `chosen`: the unit is among the units chosen; `language`: the unit's language or
    activity is that one; `acquis`: a grade or a renounced acquis names one of these units,
    or a declared diploma is one of these diplomas.
    """

    values: tuple[tuple[str, tuple[str, ...]], ...] = ()
    answered: str | None = None
    unanswered: str | None = None
    chosen: str | None = None
    language: tuple[str, str] | None = None
    acquis: tuple[str, ...] = ()


EVERYONE = Match()


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two versions of an exam, as it concerns candidates.

    `kind` names it (`coefficient`, `choice_removed`, …; the breaking kinds are those a
    migration rule may accept); `subject` is what changed as the author reads it
    (`unit EP2 of speciality cuisine`); `code` is the code of that thing and `field` the
    field whose saved value the change is about, when there is one; `old` and `new` are the
    values before and after; `within` is the speciality the change is in ("" when it
    concerns the whole exam).
    """

    kind: str
    level: Level
    subject: str
    detail: str
    code: str = ""
    field: str | None = None
    old: str = ""
    new: str = ""
    match: Match = EVERYONE
    within: str = ""

    def __str__(self) -> str:
        return f"{self.subject}: {self.detail}"


def special_field(exam: Exam, type_: str) -> Field | None:
    """The exam's field of a special type (category, speciality, forme: one each at most)."""
    return next((f for f in exam.fields if f.type == type_), None)


def field_values(exam: Exam, f: Field) -> tuple[str, ...] | None:
    """The values a choice field may hold, None when the spec does not list them (reference
    lists, free text)."""
    if f.type == "category":
        return tuple(c.code for c in exam.categories)
    if f.type == "forme":
        return tuple(dict.fromkeys(forme for c in exam.categories for forme in c.formes))
    if f.type == "speciality":
        return tuple(
            code for sp in exam.specialities for code in (sp.code, *(v.code for v in sp.variants))
        )
    if f.type in ("select", "radio"):
        return tuple(c.value for c in f.choices)
    return None


def unit_codes(exam: Exam) -> set[str]:
    """Every unit code of the exam: common units and each speciality's."""
    return {u.code for u in exam.common_units} | {
        u.code for sp in exam.specialities for u in sp.units
    }
