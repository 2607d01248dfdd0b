"""The wizard's checks, tab by tab: each visible field's answer (required, its format, one of
the choices offered, in its reference list, not refused by the spec), the Acquis tab's
diplomas and grades, the Épreuves tab's choices and languages.

They read a built WizardState (engine.wizard.build_state) and return French messages keyed
by field code; engine.wizard re-exports them, so `from engine.wizard import validate_tab`
still works.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from engine.acquis import FIRST_YEAR, grade_ok, year_ok
from engine.answers import MSG_MUST_TICK, MSG_NOT_OFFERED, MSG_REQUIRED, check_value
from engine.conditions import EvalContext
from engine.rules import holds, unit_statuses, valid_diplomas
from engine.spec.model import Field
from engine.views import FieldView, WizardState

MSG_CHOOSE_LANGUAGE = "Choisissez la langue de cette épreuve."
MSG_CHOOSE_ACTIVITY = "Choisissez l'activité de cette épreuve."
MSG_UNKNOWN_DIPLOMA = "Ce diplôme n'est pas proposé."
MSG_UNKNOWN_ACADEMY = "Choisissez l'académie dans la liste."
MSG_GRADE_RANGE = "La note doit être comprise entre 0 et 20."
MSG_NO_BENEFICE = "Aucune note ne peut être conservée pour cette épreuve."
MSG_GRADE_SPECIALITY = "Indiquez la spécialité dans laquelle cette note a été obtenue."
MSG_LANGUAGE_UNCHOSEN = (
    "Vous avez choisi une langue pour une épreuve que vous n'avez pas cochée : cochez "
    "l'épreuve, ou retirez la langue."
)

# (field, answer, answers so far) → whether the answer belongs to the field's reference list.
ReferenceCheck = Callable[[Field, str, Mapping[str, Any]], bool]


def reference_check(field: Field, value: str, fields: Mapping[str, Any]) -> bool:
    """The default check, on engine.reference; a commune must lie in the chosen département."""
    from engine import reference  # the lists load on first use, not at import

    if field.list is None or field.list == "etablissements":
        return True  # establishments are the academy's choices, checked as choices are
    if field.list == "communes" and field.depends_on:
        found = reference.commune(value)
        dep = fields.get(field.depends_on)
        return found is not None and (
            not isinstance(dep, str) or found.departement == reference.normalize_departement(dep)
        )
    return reference.is_valid(field.list, value)


def validate_field(view: FieldView, state: WizardState, references: ReferenceCheck | None) -> str:
    f = view.field
    if view.value is None:
        return MSG_REQUIRED if view.required and not view.readonly else ""
    if f.type == "checkbox" and view.required and view.value is not True:
        return MSG_MUST_TICK
    problem = check_value(f, view.value, state.calendar)
    if problem:
        return problem
    if view.has_choices and view.value not in {c.value for c in view.choices}:
        refused = next((c for c in view.refused if c.value == view.value), None)
        return refused.message if refused and refused.message else MSG_NOT_OFFERED
    if f.type == "reference" and references is not None and not view.readonly:
        if not references(f, str(view.value), state.answers["fields"]):
            return MSG_NOT_OFFERED
    if f.refuse_if is not None and holds(f.refuse_if, _refusal_context(state)):
        return f.refuse_message
    return ""


def _refusal_context(state: WizardState) -> EvalContext:
    """What a field's `refuse_if` reads: the kept answers (its own included), the acquis
    declared and, past the units tab, the units' statuses."""
    return EvalContext(
        state.answers["fields"],
        state.calendar,
        valid_diplomas(state.exam, state.answers, state.calendar),
        unit_statuses(state.units),
    )


def validate_tab(
    state: WizardState, tab_code: str, references: ReferenceCheck | None = reference_check
) -> dict[str, str]:
    """Messages of one visible tab (none for a skipped tab: its answers were dropped)."""
    view = state.tab(tab_code)
    if view is None:
        return {}
    if view.role == "acquis":
        return validate_acquis(state)
    if view.role == "units":
        return validate_units(state)
    errors: dict[str, str] = {}
    for fv in view.fields:
        message = validate_field(fv, state, references)
        if message:
            errors[fv.code] = message
    return errors


def validate_all(
    state: WizardState, references: ReferenceCheck | None = reference_check
) -> dict[str, dict[str, str]]:
    """Messages of every visible tab with problems, by tab code: the check before saving."""
    out: dict[str, dict[str, str]] = {}
    for t in state.tabs:
        errors = validate_tab(state, t.code, references)
        if errors:
            out[t.code] = errors
    return out


def _academy_ok(code: object) -> bool:
    """No académie, or one of the list (never a free text)."""
    from engine import reference

    return code in (None, "") or (isinstance(code, str) and reference.academy(code) is not None)


def validate_acquis(state: WizardState) -> dict[str, str]:
    errors: dict[str, str] = {}
    acq = state.answers["acquis"]
    known = {d.code for d in state.exam.diplomas}
    year_message = f"L'année doit être comprise entre {FIRST_YEAR} et {state.calendar.year}."
    for i, d in enumerate(acq["diplomas"]):
        if d.get("diploma") not in known:
            errors[f"acquis.diplomas[{i}].diploma"] = MSG_UNKNOWN_DIPLOMA
        if not year_ok(d.get("year"), state.calendar.year):
            errors[f"acquis.diplomas[{i}].year"] = year_message
        if not _academy_ok(d.get("academy")):
            errors[f"acquis.diplomas[{i}].academy"] = MSG_UNKNOWN_ACADEMY
    rules = [r for r in state.exam.acquis_rules if r.type == "benefice"]
    benefice_units = {c for r in rules for c in r.units}
    benefice_units |= {c.unit for r in rules for c in r.correspondences}
    same_speciality = {c for r in rules if r.same_speciality for c in r.units}
    origins = {sp.code for sp in state.exam.specialities}
    origins |= {f.code for f in state.exam.former_specialities}
    for i, g in enumerate(acq["grades"]):
        if g.get("unit") not in benefice_units:
            errors[f"acquis.grades[{i}].unit"] = MSG_NO_BENEFICE
        origin = g.get("speciality")
        if origin and origin not in origins:
            errors[f"acquis.grades[{i}].speciality"] = MSG_NOT_OFFERED
        elif not origin and g.get("unit") in same_speciality:
            errors[f"acquis.grades[{i}].speciality"] = MSG_GRADE_SPECIALITY
        if not grade_ok(g.get("grade")):
            errors[f"acquis.grades[{i}].grade"] = MSG_GRADE_RANGE
        if not year_ok(g.get("year"), state.calendar.year):
            errors[f"acquis.grades[{i}].year"] = year_message
        if not _academy_ok(g.get("academy")):
            errors[f"acquis.grades[{i}].academy"] = MSG_UNKNOWN_ACADEMY
    return errors


def validate_units(state: WizardState) -> dict[str, str]:
    """Choice groups' min/max and the language of each unit that has one."""
    errors: dict[str, str] = {}
    codes = {u.code for u in state.units}
    chosen = set(state.answers["units"]["chosen"])
    for g in state.exam.choice_groups:
        members = [c for c in g.units if c in codes]
        if not members:
            continue
        n = len(chosen.intersection(members))
        if n < g.min:
            errors[f"units.{g.code}"] = f"Choisissez au moins {g.min} épreuve(s) : {g.label}."
        elif n > g.max:
            errors[f"units.{g.code}"] = f"Choisissez au plus {g.max} épreuve(s) : {g.label}."
    if state.presented_units:
        limits = state.exam.progressive
        n = len(chosen.intersection(state.presented_units))
        if n < limits.min_units:
            errors["units.progressive"] = (
                f"En forme progressive, choisissez au moins {limits.min_units} épreuve(s) "
                "à présenter à cette session."
            )
        elif limits.max_units is not None and n > limits.max_units:
            errors["units.progressive"] = (
                f"En forme progressive, vous pouvez présenter au plus {limits.max_units} "
                "épreuve(s) à cette session."
            )
    languages = state.answers["units"]["languages"]
    taken_by: dict[str, str] = {}
    for u in state.units:
        if u.languages and u.taken:
            lang = languages.get(u.code)
            key = f"units.languages.{u.code}"
            if lang is None:
                errors[key] = (
                    MSG_CHOOSE_ACTIVITY if u.pick_kind == "activite" else (MSG_CHOOSE_LANGUAGE)
                )
            elif lang not in u.languages:
                errors[key] = MSG_NOT_OFFERED
            elif u.pick_kind != "langue":
                continue  # an activity is no language: it may repeat another unit's pick
            elif lang in taken_by:
                # One language cannot count twice (LVA and LVB, or an optional LV).
                errors[key] = f"Cette langue est déjà choisie pour l'épreuve {taken_by[lang]}."
            else:
                taken_by[lang] = u.printed_code
    return errors
