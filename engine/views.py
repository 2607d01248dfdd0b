"""What the wizard shows for one set of answers: tabs, sections, fields and their choices."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engine.conditions import EvalContext, SessionCalendar
from engine.rules import (
    PieceLine,
    UnitLine,
    compute_units,
    holds,
    required_pieces,
    selection,
    speciality_units,
    valid_diplomas,
)
from engine.spec.model import Exam, Field, Tab


@dataclass(frozen=True, slots=True)
class ChoiceView:
    value: str
    label: str
    message: str = ""                # why it is not offered (category's ineligible_message)


@dataclass(frozen=True, slots=True)
class FieldView:
    field: Field
    required: bool
    readonly: bool                   # from_account: shown read-only, never taken from a post
    value: Any                       # stored form, None when not answered
    choices: tuple[ChoiceView, ...] = ()   # offered (select, radio, category, speciality, forme)
    refused: tuple[ChoiceView, ...] = ()   # not offered, with the reason when the spec gives one
    has_choices: bool = False        # the field's value must be one of `choices`

    @property
    def code(self) -> str:
        return self.field.code

    @property
    def label(self) -> str:
        return self.field.label


@dataclass(frozen=True, slots=True)
class SectionView:
    title: str
    fields: tuple[FieldView, ...]


@dataclass(frozen=True, slots=True)
class TabView:
    tab: Tab
    number: int                      # 1-based position among the visible tabs
    sections: tuple[SectionView, ...]

    @property
    def code(self) -> str:
        return self.tab.code

    @property
    def title(self) -> str:
        return self.tab.title

    @property
    def role(self) -> str:
        return self.tab.role

    @property
    def fields(self) -> tuple[FieldView, ...]:
        return tuple(f for s in self.sections for f in s.fields)


@dataclass(frozen=True, slots=True)
class WizardState:
    """Everything the wizard shows for one set of answers; `answers` is already pruned."""

    exam: Exam
    calendar: SessionCalendar
    answers: dict[str, Any]
    tabs: tuple[TabView, ...]
    units: tuple[UnitLine, ...]

    def tab(self, code: str) -> TabView | None:
        return next((t for t in self.tabs if t.code == code), None)

    def field(self, code: str) -> FieldView | None:
        return next((f for t in self.tabs for f in t.fields if f.code == code), None)

    def next_tab(self, code: str) -> str | None:
        codes = [t.code for t in self.tabs]
        i = codes.index(code) if code in codes else -1
        return codes[i + 1] if 0 <= i < len(codes) - 1 else None

    def previous_tab(self, code: str) -> str | None:
        codes = [t.code for t in self.tabs]
        i = codes.index(code) if code in codes else -1
        return codes[i - 1] if i > 0 else None

    def pieces(self) -> tuple[PieceLine, ...]:
        return required_pieces(self.exam, self.answers, self.calendar, self.units)

    @property
    def save_tab(self) -> str | None:
        return next((t.code for t in self.tabs if t.tab.save), None)

    def gradable_units(self) -> tuple[UnitLine, ...]:
        """Units of the speciality whose grade may give a bénéfice (rows of the Acquis tab)."""
        codes = {c for r in self.exam.acquis_rules if r.type == "benefice" for c in r.units}
        return tuple(u for u in self.units if u.code in codes)

    @property
    def choosable(self) -> tuple[str, ...]:
        """What the Épreuves tab offers this candidate (offered_if and forme progressive seen)."""
        return choosable_units(self.exam, self.answers, self.calendar, self.units)

    @property
    def has_unit_choices(self) -> bool:
        """False: the Épreuves tab shows the spec's `nothing_to_choose` text."""
        return bool(self.choosable or unit_languages(self))

    @property
    def presented_units(self) -> tuple[str, ...]:
        """Forme progressive: the units of this session the candidate may present or not."""
        groups = {c for g in self.exam.choice_groups for c in g.units}
        return tuple(c for c in self.choosable
                     if c not in groups and not any(u.code == c and u.optional
                                                    for u in self.units))


def choosable_units(
    exam: Exam, answers: Mapping[str, Any], calendar: SessionCalendar | None = None,
    lines: tuple[UnitLine, ...] | None = None,
) -> tuple[str, ...]:
    """Units the candidate may choose on the Épreuves tab: optional ones and choice groups',
    and in forme progressive the units still to take (neither dispensed nor kept).

    Without a calendar, `offered_if` is not evaluated (everything the spec lists is shown)."""
    sel = selection(exam, answers["fields"])
    units = speciality_units(sel)
    codes = {u.code for u in units}
    ctx = None
    if calendar is not None:
        ctx = EvalContext(answers["fields"], calendar, valid_diplomas(exam, answers, calendar))
    out = [u.code for u in units if u.optional and (ctx is None or holds(u.offered_if, ctx))]
    offered = {u.code for u in units if ctx is None or holds(u.offered_if, ctx)}
    grouped: set[str] = set()
    for g in exam.choice_groups:
        grouped.update(g.units)
        out.extend(c for c in g.units if c in codes and c in offered and c not in out)
    if sel.forme == "progressive":
        parents = {u.parent for u in units if u.parent}
        taken: set[str] | None = None
        if calendar is not None:
            lines = lines if lines is not None else compute_units(exam, answers, calendar)
            taken = {line.code for line in lines if line.status in ("inscrit", "non_presente")}
        out.extend(u.code for u in units
                   if not u.optional and u.code not in grouped and u.code not in parents
                   and (taken is None or u.code in taken) and u.code not in out)
    return tuple(out)


def unit_languages(state: WizardState) -> dict[str, tuple[str, ...]]:
    """Units taken (or choosable) whose language the candidate picks, with the languages offered."""
    choosable = set(state.choosable)
    return {u.code: u.languages for u in state.units
            if u.languages and (u.taken or u.code in choosable)}
