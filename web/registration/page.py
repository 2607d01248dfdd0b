"""A wizard tab as a page, whatever keeps the draft: rendering, and what a posted tab leads to.

The portal's views (views/wizard.py) keep drafts in the database for a logged-in candidate;
the spec preview (web.preview) keeps one in memory for a dummy identity. Both render the
same templates through `render_tab` and decide a post through `post_tab` and `next_step`, so
the preview shows the exam exactly as a candidate will see it.

A draft is anything with the attributes the page reads (`Draft`): the portal's
CandidatureDraft row, or the preview's in-memory one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from flask import render_template, url_for
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from engine.conditions import SessionCalendar
from engine.forms import bind_state, display_value, form_data, summary, tab_form_class
from engine.rules import acquis_offers, selection
from engine.spec.model import Exam
from engine.submission import submit_tab
from engine.wizard import WizardState, build_state, unit_languages
from web.core import reference
from web.registration import acquis_feedback, mirror
from web.registration.declared import declared_acquis
from web.registration.posted import posted_for, shown_rows

MSG_NEW_FIELDS = "Votre réponse fait apparaître de nouvelles questions : complétez-les."
ROW_ACTIONS = ("ajouter-diplome", "ajouter-note", "retirer-diplome-", "retirer-note-")
# The hidden fields by which a posted tab names the draft and revision it was rendered from.
KEY_FIELD = "brouillon"
REVISION_FIELD = "version_brouillon"


class Draft(Protocol):
    """What a page reads of a draft (CandidatureDraft has it; so does the preview's)."""

    id: int
    draft_key: str
    revision: int
    academy_code: str
    reached_tab: str
    candidature_id: int | None
    answers: dict[str, Any]

    @property
    def session(self) -> Any: ...  # has the `label` the header prints


def wizard_codes(state: WizardState) -> list[str]:
    return [t.code for t in state.tabs if t.role != "receipt"]


def reached_index(state: WizardState, draft: Draft) -> int:
    codes = wizard_codes(state)
    if draft.candidature_id is not None:
        return len(codes) - 1  # a saved candidature being modified: every tab is open
    return codes.index(draft.reached_tab) if draft.reached_tab in codes else 0


@dataclass(frozen=True)
class PostedTab:
    """A tab posted: the new state, its messages, the fields that just appeared, and the
    tab the draft has now reached (to store with the new answers); `before` is the state the
    tab was posted from and `posted` what the request held for the tab (shown again as typed
    when an Acquis row is refused)."""

    draft_id: int
    tab_code: str
    action: str
    role: str
    saves: bool
    state: WizardState
    errors: dict[str, str]
    appeared: list[str]
    reached: str
    before: WizardState
    posted: Any


@dataclass(frozen=True)
class NextStep:
    """Where a post leads: `render` the tab again (with its messages), `save`, or
    `redirect` to `tab` (+ `anchor`); `reached` is a later tab the draft has now reached;
    `as_posted`: render the Acquis rows as they were posted (a refused row keeps its text)."""

    kind: str
    tab: str = ""
    anchor: str = ""
    notice: str = ""
    reached: str = ""
    as_posted: bool = False


def post_tab(
    exam: Exam,
    draft: Draft,
    calendar: SessionCalendar,
    account: dict[str, Any],
    tab_code: str,
    form: MultiDict[str, str],
    state: WizardState | None = None,
) -> PostedTab:
    """The tab posted from `state` (the draft's as the request found it: built once per
    request by the caller, or here)."""
    action = form.get("action", "suivant")
    if state is None:
        state = build_state(exam, draft.answers, calendar, account)
    view = state.tab(tab_code)
    assert view is not None
    posted = posted_for(view, form, action)
    submitted = submit_tab(
        exam, draft.answers, tab_code, posted, calendar, account, before=state
    )
    new = submitted.state
    errors = dict(submitted.errors)
    shown = set(form.getlist("affiche"))
    new_view = new.tab(tab_code)
    # Fields the page did not show when it was posted (a condition just became true).
    appeared = (
        [f.code for f in new_view.fields if f.code not in shown] if new_view and shown else []
    )
    for code in appeared:
        # A field the candidate could not see yet: show it, without blaming them for it.
        errors.pop(code, None)
    reached = wizard_codes(state)[reached_index(state, draft)]
    if reached not in wizard_codes(new):
        reached = tab_code
    return PostedTab(
        draft.id, tab_code, action, view.role, view.tab.save, new, errors, appeared, reached,
        state, posted,
    )


def next_step(posted: PostedTab) -> NextStep:
    """Where the post leads. After an Acquis button, the focus to give back and the dispenses
    granted or withdrawn are kept (acquis_feedback) for the page the redirect shows."""
    tab_code, action, new = posted.tab_code, posted.action, posted.state
    if posted.role == "acquis" and posted.errors:
        # A refused row cannot be stored: leaving the tab, even backwards, would drop it.
        return NextStep("render", tab_code, as_posted=True)
    if action.startswith(ROW_ACTIONS) or (posted.role == "acquis" and action == "actualiser"):
        focus = acquis_feedback.focus_target(action, new.answers["acquis"])
        acquis_feedback.remember(
            posted.draft_id, focus, acquis_feedback.offer_changes(posted.before.units, new.units)
        )
        return NextStep("redirect", tab_code, f"#{focus}")
    if action == "precedent":
        return NextStep("redirect", new.previous_tab(tab_code) or tab_code)
    if posted.errors or posted.appeared:
        notice = MSG_NEW_FIELDS if posted.appeared and not posted.errors else ""
        return NextStep("render", tab_code, notice=notice)
    if action == "enregistrer" and posted.saves:
        return NextStep("save", tab_code)
    codes = wizard_codes(new)
    following = new.next_tab(tab_code)
    if following is None or following not in codes:
        return NextStep("redirect", tab_code)
    later = codes.index(following) > codes.index(posted.reached)
    return NextStep("redirect", following, reached=following if later else "")


def render_tab(
    exam: Exam,
    draft: Draft,
    state: WizardState,
    tab_code: str,
    errors: dict[str, str],
    formdata: Any,
    notice: str = "",
    open_all: bool = False,
    acquis_rows: dict[str, Any] | None = None,
    **extra: Any,
) -> str:
    """The wizard page of one tab; `open_all` links every tab (the preview), `acquis_rows`
    the Acquis rows as posted (shown again with their messages), `extra` goes to the template
    as it is (the preview's side panel and Quitter link)."""
    view = state.tab(tab_code)
    assert view is not None
    codes = wizard_codes(state)
    context: dict[str, Any] = {}
    if view.role in ("fields", "acceptance"):
        form_class = tab_form_class(exam, tab_code, base=FlaskForm)
        form = form_class(
            formdata=formdata,
            data=form_data(exam, tab_code, state.answers, FlaskForm),
            meta={"csrf": False},
        )
        pairs = bind_state(form, view)
        for field_view, bound in pairs:
            if field_view.code in errors:
                bound.errors = [errors[field_view.code]]
        context["blocks"] = mirror.blocks(exam, view, pairs, form)
        context["mirror"] = mirror.context_json(state, view)
        context["error_items"] = [
            (_anchor(bound), fv.label, errors[fv.code]) for fv, bound in pairs if fv.code in errors
        ]
        context["has_readonly"] = any(fv.field.from_account for fv, _ in pairs)
        # Answers a school pupil's establishment set (engine.wizard.PRESET): read-only too.
        context["has_preset"] = any(fv.readonly and not fv.field.from_account
                                    for fv, _ in pairs)
        # A star appears on a required field, or may appear as the answers change.
        context["starred"] = any(
            fv.required or fv.field.required not in (False, None)
            for fv, _ in pairs
            if not fv.readonly
        )
    elif view.role == "acquis":
        chosen = selection(exam, state.answers["fields"]).speciality
        context.update(
            rows=shown_rows(acquis_rows if acquis_rows is not None else state.answers["acquis"]),
            feedback=acquis_feedback.recall(draft.id),
            offers=acquis_offers(state.units),
            gradable=state.gradable_units(),
            academies=reference.academies(),
            # Where a declared grade was obtained (seeds/001: "type, année, académie, notes").
            origins=[(sp.code, sp.label) for sp in exam.specialities]
            + [(f.code, f.label) for f in exam.former_specialities],
            current_speciality=chosen.code if chosen else "",
        )
    elif view.role == "units":
        languages = unit_languages(state)
        context.update(
            starred=any(code not in state.choosable for code in languages),
            choosable=set(state.choosable),
            presented=state.presented_units,
            languages=languages,
        )
    elif view.role == "summary":
        context.update(
            summary=summary(state), pieces=state.pieces(), declared=declared_acquis(state)
        )
    context.setdefault(
        "error_items", [_other_error(state, key, msg) for key, msg in errors.items()]
    )
    links = {
        code: url_for(".tab", draft_id=draft.id, tab_code=code)
        for code in (codes if open_all else codes[: reached_index(state, draft) + 1])
    }
    return render_template(
        "registration/wizard.html",
        exam=exam,
        draft=draft,
        state=state,
        view=view,
        errors=errors,
        notice=notice,
        links=links,
        total=len(state.tabs),
        display=display_value,
        key_field=KEY_FIELD,
        revision_field=REVISION_FIELD,
        next_view=state.tab(state.next_tab(tab_code) or ""),
        session=draft.session,
        academy_label=reference.academy_label(draft.academy_code),
        **context,
        **extra,
    )


def _anchor(bound: Any) -> str:
    return f"{bound.id}-0" if bound.type == "RadioField" else str(bound.id)


def _other_error(state: WizardState, key: str, message: str) -> tuple[str, str, str]:
    """Summary line of an Acquis or Épreuves message: anchor of the input, and what it is."""
    if key.startswith("acquis."):
        part, rest = key.removeprefix("acquis.").split("[", 1)
        index, name = rest.split("].", 1)
        prefix, title = ("diplomes", "Diplôme") if part == "diplomas" else ("notes", "Note")
        return f"{prefix}-{index}-{name}", f"{title} {int(index) + 1}", message
    if key.startswith("units.languages."):
        code = key.removeprefix("units.languages.")
        line = next((u for u in state.units if u.code == code), None)
        return f"langue-{code}", line.pick_question if line else "Langue", message
    if key == "units.chosen":
        return "epreuves", "Épreuves", message
    if key.startswith("units."):
        return f"groupe-{key.removeprefix('units.')}", "Choix d'épreuves", message
    return "form-onglet", key, message
