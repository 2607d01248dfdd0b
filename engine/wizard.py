"""The registration wizard for a set of answers: tabs, visible/required fields, the choices
offered, pruning (its checks, tab by tab: engine.wizard_checks)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.answers import coerce_answers, normalize_value
from engine.conditions import EvalContext, SessionCalendar
from engine.establishments import Establishment
from engine.rules import (
    acquis_offers,
    compute_units,
    holds,
    selection,
    speciality_units,
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

# The checks live in engine.wizard_checks; `from engine.wizard import validate_tab` still works.
from engine.wizard_checks import MSG_CHOOSE_ACTIVITY as MSG_CHOOSE_ACTIVITY
from engine.wizard_checks import MSG_CHOOSE_LANGUAGE as MSG_CHOOSE_LANGUAGE
from engine.wizard_checks import MSG_GRADE_RANGE as MSG_GRADE_RANGE
from engine.wizard_checks import MSG_GRADE_SPECIALITY as MSG_GRADE_SPECIALITY
from engine.wizard_checks import MSG_LANGUAGE_UNCHOSEN as MSG_LANGUAGE_UNCHOSEN
from engine.wizard_checks import MSG_NO_BENEFICE as MSG_NO_BENEFICE
from engine.wizard_checks import MSG_UNKNOWN_ACADEMY as MSG_UNKNOWN_ACADEMY
from engine.wizard_checks import MSG_UNKNOWN_DIPLOMA as MSG_UNKNOWN_DIPLOMA
from engine.wizard_checks import ReferenceCheck as ReferenceCheck
from engine.wizard_checks import reference_check as reference_check
from engine.wizard_checks import validate_acquis as validate_acquis
from engine.wizard_checks import validate_all as validate_all
from engine.wizard_checks import validate_field as validate_field
from engine.wizard_checks import validate_tab as validate_tab
from engine.wizard_checks import validate_units as validate_units

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
