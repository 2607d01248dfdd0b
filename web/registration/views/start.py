"""Ajouter une nouvelle candidature: domain → exam → session → academy, then the first tab."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from engine.wizard import initial_answers
from web.core import catalogue
from web.core import db as database
from web.core.forms import record_id
from web.core.models import ROLE_CANDIDATE, ExamSession, utcnow
from web.core.session_calendar import open_period
from web.registration import bp, drafts
from web.registration.context import (
    MSG_ALREADY_REGISTERED,
    MSG_PERIOD_CLOSED,
    MSG_UNKNOWN_EXAM,
    account_values,
    active_candidature,
    exam_of,
    known_academy,
)


def _candidates_only() -> None:
    # The exam office's accounts manage candidatures; they do not register for exams.
    if current_user.role != ROLE_CANDIDATE:
        abort(403)


@bp.get("/mes-inscriptions/nouvelle")
@login_required
def choose() -> str:
    """The successive choices (plain GET parameters: works without JavaScript)."""
    _candidates_only()
    db = database.session()
    sel = catalogue.selection_from(db, request.args)
    now = utcnow()
    is_open = any(p.is_open(now) for p in sel.periods) and not (
        sel.session and sel.session.closed
    )
    already = (
        sel.session is not None and sel.exam is not None
        and active_candidature(db, current_user.id, sel.exam.code, sel.session.id) is not None
    )
    return render_template(
        "registration/choose.html", domains=catalogue.DOMAINS, sel=sel, now=now,
        is_open=is_open, already=already, msg_closed=MSG_PERIOD_CLOSED,
        msg_already=MSG_ALREADY_REGISTERED,
    )


@bp.post("/inscription/demarrer")
@login_required
def begin() -> Response:
    """Démarrer mon inscription: checks, then the draft (resumed if one exists) and tab 1."""
    _candidates_only()
    db = database.session()
    session = db.get(ExamSession, request.form.get("session", type=record_id) or 0)
    academy_code = request.form.get("academie", "")
    if session is None or not known_academy(academy_code):
        abort(404)
    exam = exam_of(session.exam_code)
    back = url_for("registration.choose", domaine=exam.domain if exam else "",
                   examen=session.exam_code, session=session.id, academie=academy_code)
    if exam is None:
        flash(MSG_UNKNOWN_EXAM, "error")
        return redirect(back)
    if open_period(db, session, academy_code) is None:
        flash(MSG_PERIOD_CLOSED, "error")
        return redirect(back)
    if active_candidature(db, current_user.id, exam.code, session.id) is not None:
        flash(MSG_ALREADY_REGISTERED, "error")
        return redirect(back)
    first = exam.tabs[0].code
    draft = drafts.open_draft(
        db, current_user.id, exam.code, session.id, academy_code,
        initial_answers(exam, account_values(current_user)), first,
    )
    return redirect(url_for("registration.tab", draft_id=draft.id, tab_code=first))
