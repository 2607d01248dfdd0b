"""Confirmation pages and forms of the office's decisions: exclude, withdraw, reopen."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from web.backoffice import bp
from web.backoffice.access import current_staff
from web.backoffice.candidatures import actions
from web.backoffice.candidatures.detail import reopen_refusal
from web.backoffice.candidatures.forms import ExcludeForm, ReopenForm, WithdrawForm
from web.backoffice.candidatures.labels import exam_labels, state_label
from web.backoffice.scope import current_scope
from web.core import db as database
from web.core.candidature_states import EXCLUDE, WITHDRAW_BY_OFFICE, can_move
from web.core.catalogue import format_paris
from web.core.forms import ConfirmForm, parse_date
from web.core.models import Account, Candidature, utcnow
from web.core.session_calendar import open_period
from web.registration.context import reopened


def _candidature(candidature_id: int) -> Candidature:
    return current_scope().candidature_or_404(database.session(), candidature_id)


def _page(template: str, candidature: Candidature, form: Any, **context: Any) -> tuple[str, int]:
    db = database.session()
    return render_template(
        template, candidature=candidature, form=form,
        account=db.get(Account, candidature.account_id),
        labels=exam_labels(candidature.exam_code), state_label=state_label(candidature.state),
        period_open=open_period(db, candidature.session, candidature.academy_code) is not None,
        **context,
    ), 422 if form.errors else 200


def _detail(candidature: Candidature) -> Response:
    return redirect(url_for("backoffice.candidatures_detail", candidature_id=candidature.id))


def _state_move(candidature_id: int, form: ExcludeForm | WithdrawForm, move: str,
                template: str, done: str) -> Any:
    """The confirmation page of a move, then the move itself (exclusion, désinscription)."""
    candidature = _candidature(candidature_id)
    if form.validate_on_submit():
        db = database.session()
        act = actions.exclude if move == EXCLUDE else actions.withdraw
        try:
            act(db, current_staff(), candidature, form.motif.data or "")
        except actions.ActionRefused as refused:
            db.rollback()
            flash(refused.message, "error")
        else:
            flash(done, "success")
        return _detail(candidature)
    return _page(template, candidature, form, allowed=can_move(candidature, move))


@bp.route("/candidatures/<int:candidature_id>/ecarter", methods=["GET", "POST"])
def candidatures_exclude(candidature_id: int) -> Any:
    return _state_move(candidature_id, ExcludeForm(), EXCLUDE,
                       "backoffice/candidature_exclude.html", actions.MSG_EXCLUDED)


@bp.route("/candidatures/<int:candidature_id>/desinscrire", methods=["GET", "POST"])
def candidatures_withdraw(candidature_id: int) -> Any:
    return _state_move(candidature_id, WithdrawForm(), WITHDRAW_BY_OFFICE,
                       "backoffice/candidature_withdraw.html", actions.MSG_WITHDRAWN)


@bp.route("/candidatures/<int:candidature_id>/rouvrir", methods=["GET", "POST"])
def candidatures_reopen(candidature_id: int) -> Any:
    candidature = _candidature(candidature_id)
    db = database.session()
    form = ReopenForm()
    if form.validate_on_submit():
        until = parse_date(form.jusqu_au.data or "")
        assert until is not None  # the form's validator checked it
        try:
            moment = actions.reopen(db, current_staff(), candidature, until)
        except actions.ActionRefused as refused:
            db.rollback()
            form.jusqu_au.errors = [refused.message]
        else:
            flash(actions.MSG_REOPENED.format(until=format_paris(moment)), "success")
            return _detail(candidature)
    return _page("backoffice/candidature_reopen.html", candidature, form,
                 refusal=reopen_refusal(db, candidature),
                 reopened_until=candidature.reopened_until if reopened(candidature) else None,
                 end_form=ConfirmForm())


@bp.post("/candidatures/<int:candidature_id>/rouvrir/fin")
def candidatures_reopen_end(candidature_id: int) -> Response:
    candidature = _candidature(candidature_id)
    ConfirmForm()  # CSRF checked by the app's CSRFProtect
    db = database.session()
    try:
        actions.end_reopening(db, current_staff(), candidature, utcnow())
    except actions.ActionRefused as refused:
        db.rollback()
        flash(refused.message, "error")
    else:
        flash(actions.MSG_REOPENING_ENDED, "success")
    return _detail(candidature)
