"""The registration wizard for a set of answers: tabs, visible/required fields, pruning, checks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from engine.acquis import FIRST_YEAR, grade_ok, year_ok
from engine.answers import (
    MSG_MUST_TICK,
    MSG_NOT_OFFERED,
    MSG_REQUIRED,
    check_value,
    coerce_answers,
    normalize_value,
)
from engine.conditions import EvalContext, SessionCalendar
from engine.establishments import Establishment
from engine.rules import (
    acquis_offers,
    compute_units,
    holds,
    selection,
    speciality_units,
    unit_statuses,
    valid_diplomas,
)
from engine.spec.model import Exam, Field

# The view types live in engine.views; `from engine.wizard import WizardState` still works.
from engine.views import ChoiceView as ChoiceView
from engine.views import FieldView as FieldView
from engine.views import SectionView as SectionView
from engine.views import TabView as TabView
from engine.views import WizardState as WizardState
from engine.views import choosable_units as choosable_units
from engine.views import unit_languages as unit_languages

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

FORME_LABELS: dict[str, str] = {"globale": "Forme globale", "progressive": "Forme progressive"}


# The account key whose value, {exam code: {field code: answer}}, holds the answers an
# establishment set when it pre-registered the candidate (school pupils): shown read-only,
# kept whatever is posted; a preset category is offered even if the portal never offers it
# (self_registration: false).
PRESET = "preset"


def preset_answers(exam: Exam, account: Mapping[str, Any] | None) -> Mapping[str, Any]:
    found = account.get(PRESET) if account is not None else None
    fields = found.get(exam.code) if isinstance(found, Mapping) else None
    return fields if isinstance(fields, Mapping) else {}


def account_value(field: Field, account: Mapping[str, Any], key: str) -> Any:
    return normalize_value(field, account.get(key)).value


def initial_answers(exam: Exam, account: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Empty answers with the account's `prefill` (editable) and `from_account` values."""
    answers = coerce_answers(None)
    for f in exam.fields:
        key = f.from_account or f.prefill
        if key and account is not None:
            value = account_value(f, account, key)
            if value is not None:
                answers["fields"][f.code] = value
        if f.default is not None and f.code not in answers["fields"]:
            # The spec's default answer (a country, FR): shown chosen, and it may be changed.
            answers["fields"][f.code] = normalize_value(f, f.default).value
    return answers


def build_state(
    exam: Exam,
    answers: Mapping[str, Any] | None,
    calendar: SessionCalendar,
    account: Mapping[str, Any] | None = None,
) -> WizardState:
    """Walk the wizard in order: a condition sees only the kept answers of earlier fields.

    Answers to hidden fields and skipped tabs are dropped on the way, which cascades: a field
    whose condition read a dropped answer sees it unanswered. `from_account` fields always
    take the account's value (or none), whatever was posted.
    """
    src = coerce_answers(answers)
    posted = src["fields"]
    kept: dict[str, Any] = {}
    ctx = EvalContext(kept, calendar)     # `kept` grows as the walk goes on
    views: list[TabView] = []
    roles_shown: set[str] = set()
    for tab in exam.tabs:
        if not holds(tab.visible_if, ctx):
            continue
        roles_shown.add(tab.role)
        if tab.role == "acquis":
            # The diplomas declared decide from the Acquis tab on (none is read before it,
            # E225), and only when it is shown: a skipped tab's rows are dropped.
            ctx = EvalContext(kept, calendar, valid_diplomas(exam, src, calendar))
        sections: list[SectionView] = []
        for sec in tab.sections:
            if not holds(sec.visible_if, ctx):
                continue
            fviews: list[FieldView] = []
            for f in sec.fields:
                if not holds(f.visible_if, ctx):
                    continue
                view = _field_view(exam, f, posted, account, ctx)
                if view.value is not None:
                    kept[f.code] = view.value
                fviews.append(view)
            if fviews:
                sections.append(SectionView(sec.title, tuple(fviews)))
        views.append(TabView(tab, len(views) + 1, tuple(sections)))
    pruned = {"fields": kept, "acquis": src["acquis"], "units": src["units"]}
    _prune_acquis_and_units(exam, pruned, roles_shown, calendar)
    units = compute_units(exam, pruned, calendar)
    offered = {d.unit for d in acquis_offers(units) if d.renounceable}
    acq = pruned["acquis"]
    acq["renounced"] = [c for c in dict.fromkeys(acq["renounced"]) if c in offered]
    taken = {u.code for u in units if u.taken and u.languages}
    pruned["units"]["languages"] = {
        c: v for c, v in pruned["units"]["languages"].items() if c in taken
    }
    return WizardState(exam, calendar, pruned, tuple(views), units)


def _field_view(
    exam: Exam, f: Field, posted: Mapping[str, Any], account: Mapping[str, Any] | None,
    ctx: EvalContext,
) -> FieldView:
    if f.from_account:
        value = account_value(f, account, f.from_account) if account is not None else None
        if account is None:
            value = posted.get(f.code)     # no account given: keep what was stored
    else:
        value = posted.get(f.code)
    preset = preset_answers(exam, account)
    fixed = f.code in preset and not f.from_account
    if fixed:
        value = normalize_value(f, preset[f.code]).value
    required = f.required if isinstance(f.required, bool) else holds(f.required, ctx)
    choices, refused = offered_choices(exam, f, ctx)
    if fixed and f.type == "category" and value not in {c.value for c in choices}:
        kept = next((c for c in exam.categories if c.code == value), None)
        if kept is not None:
            choices = (*choices, ChoiceView(kept.code, kept.label))
    return FieldView(
        field=f, required=required, readonly=f.from_account is not None or fixed, value=value,
        choices=choices, refused=refused,
        has_choices=f.type in ("select", "radio", "category", "speciality", "forme")
        or (f.type == "reference" and f.list == "etablissements"),
    )


def offered_choices(
    exam: Exam, f: Field, ctx: EvalContext
) -> tuple[tuple[ChoiceView, ...], tuple[ChoiceView, ...]]:
    """The choices offered to this candidate, and those refused (with their reason)."""
    offered: list[ChoiceView] = []
    refused: list[ChoiceView] = []
    if f.type in ("select", "radio"):
        for c in f.choices:
            (offered if holds(c.visible_if, ctx) else refused).append(ChoiceView(c.value, c.label))
    elif f.type == "category":
        # Pre-registered categories (self_registration: false) are the establishment's:
        # neither offered nor listed as refused, so a posted one is simply "not offered".
        for cat in (c for c in exam.categories if c.self_registration):
            view = ChoiceView(cat.code, cat.label)
            if holds(cat.eligible_if, ctx):
                offered.append(view)
            else:
                refused.append(ChoiceView(cat.code, cat.label, cat.ineligible_message))
    elif f.type == "speciality":
        year, month = ctx.calendar.year, ctx.calendar.start.month
        for sp in exam.specialities:
            if sp.sessions is not None and not sp.sessions.admits(year, month):
                continue  # not a speciality of this session: neither offered nor refused
            eligible = holds(sp.eligible_if, ctx)
            for code, label, window in [(sp.code, sp.label, None),
                                        *((v.code, v.label, v.sessions) for v in sp.variants)]:
                if window is not None and not window.admits(year, month):
                    continue
                (offered if eligible else refused).append(ChoiceView(code, label))
    elif f.type == "forme":
        chosen = selection(exam, ctx.answers).category
        formes = chosen.formes if chosen else ()
        offered = [ChoiceView(fo, FORME_LABELS.get(fo, fo.capitalize())) for fo in formes]
    elif f.type == "reference" and f.list == "etablissements":
        from engine import establishments

        return establishment_choices(establishments.establishments(ctx.calendar.academy)), ()
    return tuple(offered), tuple(refused)


# id of an establishment list → (the list, kept alive so that its id is never reused, its
# choices).
_ESTABLISHMENT_CHOICES: dict[int, tuple[tuple[Establishment, ...], tuple[ChoiceView, ...]]] = {}


def establishment_choices(found: tuple[Establishment, ...]) -> tuple[ChoiceView, ...]:
    """An academy's establishments as choices, built once per version of its list:
    engine.establishments gives the same tuple while the list is unchanged, and an office's
    change makes a new one."""
    cached = _ESTABLISHMENT_CHOICES.get(id(found))
    if cached is not None and cached[0] is found:
        return cached[1]
    views = tuple(ChoiceView(e.code, e.printed_label) for e in found)
    if len(_ESTABLISHMENT_CHOICES) >= 256:
        _ESTABLISHMENT_CHOICES.clear()
    _ESTABLISHMENT_CHOICES[id(found)] = (found, views)  # holds `found`: its id stays its own
    return views


def _prune_acquis_and_units(
    exam: Exam, pruned: dict[str, Any], roles: set[str], calendar: SessionCalendar
) -> None:
    if "acquis" not in roles:
        pruned["acquis"] = {"diplomas": [], "grades": [], "renounced": []}
    else:
        codes = {u.code for u in speciality_units(selection(exam, pruned["fields"]))}
        codes |= {c.unit for r in exam.acquis_rules for c in r.correspondences
                  if c.counts_for in codes}
        pruned["acquis"]["grades"] = [g for g in pruned["acquis"]["grades"]
                                      if g.get("unit") in codes]
    if "units" not in roles:
        pruned["units"] = {"chosen": [], "languages": {}}
    else:
        allowed = set(choosable_units(exam, pruned, calendar))
        pruned["units"]["chosen"] = [c for c in dict.fromkeys(pruned["units"]["chosen"])
                                     if c in allowed]


def prune(
    exam: Exam, answers: Mapping[str, Any], calendar: SessionCalendar,
    account: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The answers without those to hidden fields, skipped tabs and units no longer offered."""
    return build_state(exam, answers, calendar, account).answers


# ---------------------------------------------------------------- validation, tab by tab

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
    return EvalContext(state.answers["fields"], state.calendar,
                       valid_diplomas(state.exam, state.answers, state.calendar),
                       unit_statuses(state.units))


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
                "à présenter à cette session.")
        elif limits.max_units is not None and n > limits.max_units:
            errors["units.progressive"] = (
                f"En forme progressive, vous pouvez présenter au plus {limits.max_units} "
                "épreuve(s) à cette session.")
    languages = state.answers["units"]["languages"]
    taken_by: dict[str, str] = {}
    for u in state.units:
        if u.languages and u.taken:
            lang = languages.get(u.code)
            key = f"units.languages.{u.code}"
            if lang is None:
                errors[key] = MSG_CHOOSE_ACTIVITY if u.pick_kind == "activite" else (
                    MSG_CHOOSE_LANGUAGE)
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
