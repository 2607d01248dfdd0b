"""The wizard's pages: one tab per page, Précédent / Suivant, Enregistrer on the spec's tab."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user, login_required

from engine.conditions import SessionCalendar
from engine.spec.model import Exam
from engine.wizard import WizardState, build_state
from web.core import db as database
from web.core import establishments
from web.core.models import Candidature, CandidatureDraft, RegistrationPeriod
from web.core.session_calendar import calendar_of, open_period
from web.registration import bp, drafts, page
from web.registration.context import (
    MSG_ALREADY_REGISTERED,
    MSG_PERIOD_CLOSED,
    RegistrationRefused,
    account_values,
    active_candidature,
    exam_of,
    modification_period,
)
from web.registration.service import save_candidature
from web.results.carried import carried_grades, with_carried_grades

MSG_KEPT_GRADES = (
    "Les notes que vous conservez de la session {sessions} sont reprises ci-dessous : "
    "décochez un bénéfice pour repasser l'épreuve à cette session."
)
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


_wizard_codes = page.wizard_codes
_reached = page.reached_index


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
            draft, request.form.get(page.KEY_FIELD, ""), request.form.get(page.REVISION_FIELD, "")
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
    posted = page.post_tab(exam, draft, calendar, account, tab_code, request.form, state)
    new = posted.state
    step = page.next_step(posted)
    if step.reached and draft.candidature_id is None:
        new = _with_kept_grades(exam, draft, new, step.reached, calendar, account)
    drafts.store(db, draft, new.answers, step.reached or posted.reached)
    if step.kind == "render":
        return _render(exam, draft, new, tab_code, posted.errors, formdata=request.form,
                       notice=step.notice,
                       acquis_rows=posted.posted if step.as_posted else None)
    if step.kind == "save":
        return _save(exam, draft, new, tab_code)
    return redirect(url_for(".tab", draft_id=draft.id, tab_code=step.tab) + step.anchor)


def _with_kept_grades(
    exam: Exam, draft: CandidatureDraft, state: WizardState, reached: str,
    calendar: SessionCalendar, account: dict[str, Any],
) -> WizardState:
    """Reaching the Acquis tab for the first time: the grades kept by the candidate's earlier
    published results are filled in (web.results.carried)."""
    view = state.tab(reached)
    if view is None or view.role != "acquis":
        return state
    carried = carried_grades(database.session(), current_user.id, exam, draft.session)
    if not carried:
        return state
    sessions = ", ".join(sorted({c.session_label for c in carried}))
    flash(MSG_KEPT_GRADES.format(sessions=sessions), "info")
    return build_state(exam, with_carried_grades(state.answers, carried), calendar, account)


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
    acquis_rows: dict[str, Any] | None = None,
) -> str:
    return page.render_tab(
        exam, draft, state, tab_code, errors, formdata, notice, acquis_rows=acquis_rows,
        # The account's civil status, greyed on the identity tab, came from FranceConnect.
        from_franceconnect=bool(getattr(current_user, "from_identity_provider", False)),
        account_url=url_for("account.modify"),
    )
