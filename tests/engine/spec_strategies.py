"""Hypothesis strategies derived from any spec: valid answer sets, and single-field mutations.

`candidatures(exam)` walks the wizard as a candidate would: each visible field gets one of
its offered choices, a yes or a no, or a valid sample of its type (an optional field may
stay empty), then optional units, choice groups, forme progressive and languages are drawn
among what the Épreuves tab offers. `mutations(exam, answers)` changes one visible field
the candidate answers into a value its rules refuse (a required answer removed, a choice
off the list, a date that does not exist, too long a text, a malformed phone…).
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

from engine.answers import max_length_of
from engine.conditions import SessionCalendar
from engine.spec.model import Exam
from engine.views import FieldView
from engine.wizard import build_state, choosable_units, initial_answers
from tests.engine.factories import ACCOUNT_REIMS, SESSION_2026, _sample


def _value(draw: st.DrawFn, fv: FieldView, fields: dict[str, Any]) -> Any:
    f = fv.field
    if fv.has_choices:
        offered = [c.value for c in fv.choices]
        return draw(st.sampled_from(offered)) if offered else None
    if f.type == "yesno":
        return draw(st.booleans())
    if f.type == "checkbox":
        return True if fv.required else draw(st.booleans())
    return _sample(f, fields)


@st.composite
def candidatures(
    draw: st.DrawFn,
    exam: Exam,
    calendar: SessionCalendar = SESSION_2026,
    account: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A complete candidature of `exam` that the wizard accepts, choices drawn at random."""
    account = ACCOUNT_REIMS if account is None else account
    out = initial_answers(exam, account)
    skipped: set[str] = set()
    for _ in range(2 * len(exam.fields) + 2):
        state = build_state(exam, out, calendar, account)
        missing = [
            fv
            for t in state.tabs
            for fv in t.fields
            if fv.value is None and not fv.readonly and fv.code not in skipped
        ]
        if not missing:
            break
        fv = missing[0]
        out = state.answers
        if not fv.required and draw(st.booleans()):
            skipped.add(fv.code)
            continue
        value = _value(draw, fv, out["fields"])
        if value is None:
            skipped.add(fv.code)
        else:
            out["fields"][fv.code] = value
    state = build_state(exam, out, calendar, account)
    out = state.answers
    _draw_units(draw, exam, out, calendar, account)
    return build_state(exam, out, calendar, account).answers


def _draw_units(
    draw: st.DrawFn,
    exam: Exam,
    out: dict[str, Any],
    calendar: SessionCalendar,
    account: dict[str, Any],
) -> None:
    """Units chosen within the choice groups' and forme progressive's limits, optional
    units drawn, then a language (or activity) for each unit taken that has some."""
    state = build_state(exam, out, calendar, account)
    allowed = set(choosable_units(exam, out, calendar))
    grouped = {c for g in exam.choice_groups for c in g.units}
    chosen: list[str] = []
    for g in exam.choice_groups:
        members = [c for c in g.units if c in allowed and c not in chosen]
        if members:
            low, high = min(g.min, len(members)), min(g.max, len(members))
            n = draw(st.integers(low, high))
            chosen += draw(st.permutations(members))[:n]
    presented = list(state.presented_units)
    if presented:
        limits = exam.progressive
        high = min(limits.max_units or len(presented), len(presented))
        n = draw(st.integers(min(limits.min_units, high), high))
        chosen += [c for c in draw(st.permutations(presented))[:n] if c not in chosen]
    optional = sorted(c for c in allowed - grouped - set(presented) if c not in chosen)
    chosen += [c for c in optional if draw(st.booleans())]
    out["units"]["chosen"] = chosen
    state = build_state(exam, out, calendar, account)
    used: set[str] = set()
    for line in state.units:
        if line.languages and line.taken:
            free = [lg for lg in line.languages if lg not in used or line.pick_kind != "langue"]
            lang = draw(st.sampled_from(free))
            used.add(lang)
            out["units"]["languages"][line.code] = lang


def _bad_values(fv: FieldView) -> list[Any]:
    """Values the field's own rules refuse (its type, choices, length, pattern)."""
    f = fv.field
    if fv.has_choices or f.type == "reference":
        return ["zz_hors_liste"]
    if f.type == "yesno":
        return ["peut-etre"]
    if f.type == "checkbox":
        return [False] if fv.required else ["oui"]
    if f.type == "date":
        return ["2021-02-30", "30/05/1998"]
    if f.type == "integer":
        out: list[Any] = ["douze"]
        if isinstance(f.min, int):
            out.append(f.min - 1)
        if isinstance(f.max, int):
            out.append(f.max + 1)
        return out
    if f.type == "phone":
        return ["12", "06 12"]
    if f.type == "postal_code":
        return ["ABCDE", "5110"]
    if f.type == "email":
        return ["pas-une-adresse"]
    return ["A" * (max_length_of(f) + 1)]


@st.composite
def mutations(
    draw: st.DrawFn,
    exam: Exam,
    answers: dict[str, Any],
    calendar: SessionCalendar = SESSION_2026,
    account: dict[str, Any] | None = None,
) -> tuple[str, str, dict[str, Any]]:
    """(tab code, field code, the answers with that one field made invalid)."""
    account = ACCOUNT_REIMS if account is None else account
    state = build_state(exam, answers, calendar, account)
    editable = [(t.code, fv) for t in state.tabs for fv in t.fields if not fv.readonly]
    tab, fv = draw(st.sampled_from(editable))
    options: list[Any] = _bad_values(fv)
    if fv.required and fv.value is not None:
        options.append(None)  # the required answer removed
    value = draw(st.sampled_from(options))
    out = copy.deepcopy(answers)
    if value is None:
        out["fields"].pop(fv.code, None)
    else:
        out["fields"][fv.code] = value
    return tab, fv.code, out
