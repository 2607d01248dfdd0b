"""A fields tab with every spec field, hidden ones included, for the browser's comfort mirror.

The server decides what is visible (build_state); the page also carries the hidden fields,
`hidden` and with their conditions as JSON, so that static/wizard.js can show them as the
candidate answers. Without JavaScript nothing changes: hidden fields stay hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, send_file
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from engine.conditions import calendar_json, mirror_script, to_json
from engine.forms import field_name, reference_choices, spec_choices
from engine.rules import unit_statuses, valid_diplomas
from engine.spec.model import Exam, Field
from engine.wizard import ChoiceView, FieldView, TabView, WizardState

CHOICE_TYPES = ("select", "radio", "category", "speciality", "forme")


@dataclass(frozen=True)
class Item:
    view: FieldView
    bound: Any
    visible: bool
    condition: object
    # A requiredness that depends on other answers ("Code postal" for an address in France):
    # its JSON condition, so that the page's star follows the answers; None when fixed.
    required_if: object = None


@dataclass(frozen=True)
class Block:
    title: str
    visible: bool
    condition: object
    items: tuple[Item, ...]


def blocks(exam: Exam, view: TabView, pairs: list[tuple[FieldView, Any]], form: Any
           ) -> tuple[Block, ...]:
    shown = {fv.code: (fv, bound) for fv, bound in pairs}
    out: list[Block] = []
    for section in view.tab.sections:
        items: list[Item] = []
        for f in section.fields:
            required_if = None if isinstance(f.required, bool) else to_json(f.required)
            if f.code in shown:
                fv, bound = shown[f.code]
                items.append(Item(fv, bound, True, to_json(f.visible_if), required_if))
                continue
            bound = form[field_name(f.code, FlaskForm)]
            choices: tuple[ChoiceView, ...] = ()
            if f.type in CHOICE_TYPES:
                choices, select = _hidden_choices(exam.source_hash, exam, f)
                bound.choices = list(select)
            fv = FieldView(field=f, required=f.required is True,
                           readonly=f.from_account is not None, value=None, choices=choices,
                           has_choices=f.type in CHOICE_TYPES)
            items.append(Item(fv, bound, False, to_json(f.visible_if), required_if))
        out.append(Block(section.title, any(i.visible for i in items), to_json(section.visible_if),
                         tuple(items)))
    return tuple(out)


# (spec hash, field code) → every choice of a field shown hidden, for the mirror: built once
# per version of the spec, as the compiled spec and its form classes are.
_HIDDEN_CHOICES: dict[tuple[str, str], tuple[tuple[ChoiceView, ...], tuple[SelectChoice, ...]]]
_HIDDEN_CHOICES = {}


def _hidden_choices(source_hash: str, exam: Exam, f: Field
                    ) -> tuple[tuple[ChoiceView, ...], tuple[SelectChoice, ...]]:
    key = (source_hash, f.code)
    found = _HIDDEN_CHOICES.get(key)
    if found is None:
        views = tuple(ChoiceView(v, label) for v, label in spec_choices(exam, f, reference_choices))
        found = views, tuple(SelectChoice(c.value, c.label) for c in views)
        _HIDDEN_CHOICES[key] = found
    return found


def context_json(state: WizardState, view: TabView) -> dict[str, Any]:
    """What the mirror evaluates with: answers of the other tabs, session dates, acquis."""
    # The tab's read-only answers (the account's, an establishment's preset) are not in the
    # form: the mirror reads them here with the other tabs' answers.
    fixed = {fv.code for fv in view.fields if fv.readonly}
    own = {f.code for f in view.tab.fields if not f.from_account and f.code not in fixed}
    answers = {k: v for k, v in state.answers["fields"].items() if k not in own}
    return {
        "answers": answers,
        "calendar": calendar_json(state.calendar),
        "diplomas": sorted(valid_diplomas(state.exam, state.answers, state.calendar)),
        "unit_statuses": unit_statuses(state.units),
    }


def register(bp: Blueprint) -> None:
    @bp.get("/inscription/static/conditions.js")
    def conditions_js() -> Response:
        # The engine's mirror of its own evaluator, served as it ships (no copy to drift).
        return send_file(mirror_script(), mimetype="text/javascript", max_age=3600)
