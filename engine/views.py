"""What the wizard shows for one set of answers: tabs, sections, fields and their choices."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engine.conditions import SessionCalendar
from engine.rules import PieceLine, UnitLine, required_pieces, selection, speciality_units
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
    readonly: bool                   # from_account: shown greyed, never taken from a post
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
    def has_unit_choices(self) -> bool:
        """False: the Épreuves tab shows the spec's `nothing_to_choose` text."""
        return bool(choosable_units(self.exam, self.answers) or unit_languages(self))


def choosable_units(exam: Exam, answers: Mapping[str, Any]) -> tuple[str, ...]:
    """Units the candidate may choose on the Épreuves tab: optional ones and choice groups'."""
    units = speciality_units(selection(exam, answers["fields"]))
    codes = {u.code for u in units}
    out = [u.code for u in units if u.optional]
    for g in exam.choice_groups:
        out.extend(c for c in g.units if c in codes and c not in out)
    return tuple(out)


def unit_languages(state: WizardState) -> dict[str, tuple[str, ...]]:
    """Units taken (or choosable) whose language the candidate picks, with the languages offered."""
    choosable = set(choosable_units(state.exam, state.answers))
    return {u.code: u.languages for u in state.units
            if u.languages and (u.taken or u.code in choosable)}
