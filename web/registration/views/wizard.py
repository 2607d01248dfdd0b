"""The wizard's pages: one tab per page, Précédent / Suivant, Enregistrer on the spec's tab."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from engine.conditions import SessionCalendar
from engine.forms import bind_state, display_value, form_data, summary, tab_form_class
from engine.rules import acquis_offers, selection
from engine.spec.model import Exam
from engine.submission import submit_tab
from engine.wizard import WizardState, build_state, unit_languages
from web.core import db as database
from web.core import establishments, reference
from web.core.models import Candidature, CandidatureDraft, RegistrationPeriod
from web.registration import bp, drafts, mirror
from web.registration.context import (
    MSG_ALREADY_REGISTERED,
    MSG_PERIOD_CLOSED,
    RegistrationRefused,
    account_values,
    active_candidature,
    calendar_of,
    exam_of,
    modification_period,
    open_period,
)
from web.registration.declared import declared_acquis
from web.registration.posted import posted_for
from web.registration.service import save_candidature

MSG_NEW_FIELDS = "Votre réponse fait apparaître de nouvelles questions : complétez-les."
MSG_DRAFT_GONE = (
    "Cette inscription en cours n'existe plus : vos candidatures enregistrées sont dans "
    "Mes inscriptions."
)
MSG_OTHER_DRAFT = (
    "Cette page correspondait à une inscription en cours qui n'existe plus : les réponses "
    "qu'elle contenait n'ont pas été enregistrées. Vos candidatures et vos inscriptions en "
    "cours sont dans Mes inscriptions."
)
MSG_OLDER_REVISION = (
    "Cette page n'était plus à jour : votre inscription en cours a été modifiée depuis, dans "
    "une autre fenêtre ou un autre onglet. Les réponses de cette page n'ont pas été "
    "enregistrées ; voici l'onglet tel qu'il est enregistré : vérifiez-le avant de continuer."
)
ROW_ACTIONS = ("ajouter-diplome", "ajouter-note", "retirer-diplome-", "retirer-note-")
# The hidden fields by which a posted tab names the draft and revision it was rendered from.
KEY_FIELD = "brouillon"
REVISION_FIELD = "version_brouillon"


def _draft_or_404(draft_id: int) -> CandidatureDraft | None:
    """The candidate's draft; None when it no longer exists (saved, e.g. by a double click)."""
    draft = database.session().get(CandidatureDraft, draft_id)
    if draft is not None and draft.account_id != current_user.id:
        abort(404)  # another account's draft: nothing about it is shown
    return draft


def _gone(exam_code: str, session_id: int) -> Any:
    """After a draft vanished: the saved candidature's N° Inscription, else Mes inscriptions."""
    saved = active_candidature(database.session(), current_user.id, exam_code, session_id)
    if saved is not None:
        return redirect(url_for(".receipt", candidature_id=saved.id))
    flash(MSG_DRAFT_GONE, "info")
    return redirect(url_for("candidate.registrations"))


def _wizard_codes(state: WizardState) -> list[str]:
    return [t.code for t in state.tabs if t.role != "receipt"]


def _reached(state: WizardState, draft: CandidatureDraft) -> int:
    codes = _wizard_codes(state)
    if draft.candidature_id is not None:
        return len(codes) - 1  # a saved candidature being modified: every tab is open
    return codes.index(draft.reached_tab) if draft.reached_tab in codes else 0


@bp.route("/inscription/brouillon/<int:draft_id>/<tab_code>", methods=["GET", "POST"])
@login_required
def tab(draft_id: int, tab_code: str) -> Any:
    draft = _draft_or_404(draft_id)
    if draft is None:
        flash(MSG_DRAFT_GONE, "info")
        return redirect(url_for("candidate.registrations"))
    saved = _existing(draft) if draft.candidature_id is not None else None
    if saved is not None:  # a closed establishment it chose stays its to keep
        establishments.keep_offered((saved.answers.get("fields") or {}).values())
    if request.method == "POST":
        problem = drafts.posted_problem(
            draft, request.form.get(KEY_FIELD, ""), request.form.get(REVISION_FIELD, "")
        )
        if problem is not None:
            return _refuse_stale(draft, tab_code, problem)
    exam = exam_of(draft.exam_code)
    if exam is None:
        abort(404)
    period = _period_of(draft)
    if period is None:
        flash(MSG_PERIOD_CLOSED, "error")
        return redirect(url_for("candidate.registrations"))
    calendar = calendar_of(draft.session, period)
    account = account_values(current_user)
    state = build_state(exam, draft.answers, calendar, account)
    codes = _wizard_codes(state)
    if tab_code not in codes:
        return redirect(url_for(".tab", draft_id=draft.id, tab_code=codes[0]))
    index = codes.index(tab_code)
    if index > _reached(state, draft):
        # Tabs are filled in order: a later tab opens only once Suivant has checked this one.
        return redirect(url_for(".tab", draft_id=draft.id, tab_code=codes[_reached(state, draft)]))
    if request.method == "GET":
        return _render(exam, draft, state, tab_code, {}, formdata=None)
    exam_code, session_id = draft.exam_code, draft.session_id
    try:
        return _post(exam, draft, state, calendar, account, tab_code)
    except drafts.DraftGone:
        return _gone(exam_code, session_id)
    except drafts.DraftChanged:
        return _refuse_stale(draft, tab_code, drafts.OLDER_REVISION)


@bp.after_request
def _never_cached(response: Any) -> Any:
    """A wizard page is never kept by the browser: Back fetches it again at the draft's
    current revision instead of showing an older page whose post would be refused."""
    if request.endpoint == "registration.tab":
        response.headers["Cache-Control"] = "no-store"
    return response


def _refuse_stale(draft: CandidatureDraft, tab_code: str, problem: str) -> Any:
    """A page of another draft, or of an older revision of this one: nothing is stored."""
    if problem == drafts.OTHER_DRAFT:
        flash(MSG_OTHER_DRAFT, "error")
        return redirect(url_for("candidate.registrations"))
    flash(MSG_OLDER_REVISION, "error")
    return redirect(url_for(".tab", draft_id=draft.id, tab_code=tab_code))


def _post(
    exam: Exam, draft: CandidatureDraft, state: WizardState, calendar: SessionCalendar,
    account: dict[str, Any], tab_code: str,
) -> Any:
    """The posted tab: `state` is the draft's as the request found it (built once), the new
    one is built from the merged answers; the draft is written once."""
    db = database.session()
    action = request.form.get("action", "suivant")
    codes = _wizard_codes(state)
    view = state.tab(tab_code)
    assert view is not None
    posted = posted_for(view, request.form, action)
    submitted = submit_tab(exam, draft.answers, tab_code, posted, calendar, account,
                           before=state)
    new = submitted.state
    errors = dict(submitted.errors)
    shown = set(request.form.getlist("affiche"))
    new_view = new.tab(tab_code)
    # Fields the page did not show when it was posted (a condition just became true).
    appeared = (
        [f.code for f in new_view.fields if f.code not in shown] if new_view and shown else []
    )
    for code in appeared:
        # A field the candidate could not see yet: show it, without blaming them for it.
        errors.pop(code, None)
    new_codes = _wizard_codes(new)
    reached = codes[_reached(state, draft)]
    if reached not in new_codes:
        reached = tab_code
    row_action = action.startswith(ROW_ACTIONS) or (
        view.role == "acquis" and action == "actualiser")
    following = new.next_tab(tab_code)
    moves_on = (
        not row_action and action != "precedent" and not errors and not appeared
        and not (action == "enregistrer" and view.tab.save)
    )
    if moves_on and following in new_codes and following is not None and (
            new_codes.index(following) > new_codes.index(reached)):
        reached = following  # Suivant opens the next tab: stored with the answers
    drafts.store(db, draft, new.answers, reached)
    if row_action:
        return redirect(url_for(".tab", draft_id=draft.id, tab_code=tab_code) + "#acquis")
    if action == "precedent":
        previous = new.previous_tab(tab_code)
        return redirect(url_for(".tab", draft_id=draft.id, tab_code=previous or tab_code))
    if errors or appeared:
        return _render(exam, draft, new, tab_code, errors, formdata=request.form,
                       notice=MSG_NEW_FIELDS if appeared and not errors else "")
    if action == "enregistrer" and view.tab.save:
        return _save(exam, draft, new, tab_code)
    if following is None or following not in new_codes:
        return redirect(url_for(".tab", draft_id=draft.id, tab_code=tab_code))
    return redirect(url_for(".tab", draft_id=draft.id, tab_code=following))


def _save(exam: Exam, draft: CandidatureDraft, state: WizardState, tab_code: str) -> Any:
    db = database.session()
    draft_id, session_id = draft.id, draft.session_id
    try:
        candidature = save_candidature(
            db, current_user, exam, draft.session, draft.academy_code, state.answers,
            existing=_existing(draft) if draft.candidature_id else None,
        )
    except RegistrationRefused as refused:
        db.rollback()
        if refused.message == MSG_ALREADY_REGISTERED:
            return _gone(exam.code, session_id)  # a second click on Enregistrer
        flash(refused.message, "error")
        if refused.errors:
            first = next(c for c in _wizard_codes(state) if c in refused.errors)
            return _render(exam, draft, state, first, refused.errors[first], formdata=None)
        return redirect(url_for(".tab", draft_id=draft_id, tab_code=tab_code))
    return redirect(url_for(".receipt", candidature_id=candidature.id))


def _period_of(draft: CandidatureDraft) -> RegistrationPeriod | None:
    """The open period; for a modification, also the last one while the office reopened it."""
    db = database.session()
    saved = _existing(draft) if draft.candidature_id else None
    if saved is not None:
        return modification_period(db, saved)
    return open_period(db, draft.session, draft.academy_code)


def _existing(draft: CandidatureDraft) -> Candidature | None:
    return database.session().get(Candidature, draft.candidature_id)


def _render(
    exam: Exam, draft: CandidatureDraft, state: WizardState, tab_code: str,
    errors: dict[str, str], formdata: Any, notice: str = "",
) -> str:
    view = state.tab(tab_code)
    assert view is not None
    codes = _wizard_codes(state)
    context: dict[str, Any] = {}
    if view.role in ("fields", "acceptance"):
        form_class = tab_form_class(exam, tab_code, base=FlaskForm)
        form = form_class(formdata=formdata, data=form_data(exam, tab_code, state.answers,
                                                             FlaskForm), meta={"csrf": False})
        pairs = bind_state(form, view)
        for field_view, bound in pairs:
            if field_view.code in errors:
                bound.errors = [errors[field_view.code]]
        context["blocks"] = mirror.blocks(exam, view, pairs, form)
        context["mirror"] = mirror.context_json(state, view)
        context["error_items"] = [
            (_anchor(bound), fv.label, errors[fv.code]) for fv, bound in pairs if fv.code in errors
        ]
    elif view.role == "acquis":
        context.update(
            offers=acquis_offers(state.units),
            gradable=state.gradable_units(),
            academies=reference.academies(),
            # Where a declared grade was obtained (seeds/001: "type, année, académie, notes").
            origins=[(sp.code, sp.label) for sp in exam.specialities]
            + [(f.code, f.label) for f in exam.former_specialities],
            current_speciality=selection(exam, state.answers["fields"]).speciality.code
            if selection(exam, state.answers["fields"]).speciality else "",
        )
    elif view.role == "units":
        context.update(
            choosable=set(state.choosable),
            presented=state.presented_units,
            languages=unit_languages(state),
        )
    elif view.role == "summary":
        context.update(summary=summary(state), pieces=state.pieces(),
                       declared=declared_acquis(state))
    context.setdefault("error_items", [_other_error(key, msg) for key, msg in errors.items()])
    links = {
        code: url_for(".tab", draft_id=draft.id, tab_code=code)
        for code in codes[: _reached(state, draft) + 1]
    }
    return render_template(
        "registration/wizard.html",
        exam=exam, draft=draft, state=state, view=view, errors=errors, notice=notice,
        links=links, total=len(state.tabs), display=display_value,
        key_field=KEY_FIELD, revision_field=REVISION_FIELD,
        next_view=state.tab(state.next_tab(tab_code) or ""), session=draft.session,
        academy_label=reference.academy_label(draft.academy_code), **context,
    )


def _anchor(bound: Any) -> str:
    return f"{bound.id}-0" if bound.type == "RadioField" else str(bound.id)


def _other_error(key: str, message: str) -> tuple[str, str, str]:
    """Summary line of an Acquis or Épreuves message: anchor of the input, and what it is."""
    if key.startswith("acquis."):
        part, rest = key.removeprefix("acquis.").split("[", 1)
        index, name = rest.split("].", 1)
        prefix, title = ("diplomes", "Diplôme") if part == "diplomas" else ("notes", "Note")
        return f"{prefix}-{index}-{name}", f"{title} {int(index) + 1}", message
    if key.startswith("units.languages."):
        code = key.removeprefix("units.languages.")
        return f"langue-{code}", f"Langue de l'épreuve {code}", message
    if key == "units.chosen":
        return "epreuves", "Épreuves", message
    if key.startswith("units."):
        return f"groupe-{key.removeprefix('units.')}", "Choix d'épreuves", message
    return "form-onglet", key, message
