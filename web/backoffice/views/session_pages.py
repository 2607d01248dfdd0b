"""Sessions pages: the scope's sessions, open one, its page, its national fields, close it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from werkzeug.wrappers import Response

from web.backoffice import bp
from web.backoffice.access import current_staff
from web.backoffice.exam_specs import spec_statuses
from web.backoffice.periods import part_periods, registered_during
from web.backoffice.refusals import show_refusal
from web.backoffice.scope import current_scope
from web.backoffice.session_forms import NationalForm, NewSessionForm, date_of
from web.backoffice.sessions import (
    MSG_ALREADY_PART,
    MSG_PART_CLOSED,
    MSG_SHARED,
    NationalFields,
    SessionRefused,
    active_count,
    close_part,
    may_edit_national,
    open_part,
    state_label,
    update_national,
)
from web.backoffice.spec_refusals import refusal_notices
from web.core import catalogue, reference
from web.core import db as database
from web.core.forms import ConfirmForm, as_choices
from web.core.models import INACTIVE_STATES, Candidature, ExamSession, SessionAcademy, utcnow
from web.core.wording import counted

MSG_RACE = "La session vient d'être modifiée par ailleurs : vérifiez-la puis recommencez."
MSG_UPDATED = "La session est modifiée."
MSG_UNCHANGED = "Aucune modification."


def part_or_404(session_id: int, academy_code: str) -> SessionAcademy:
    """The part of the session in an academy of the staff member's scope (else 404)."""
    return current_scope().session_part_or_404(database.session(), session_id, academy_code)


def commit(db: Session) -> bool:
    """Commit; False (rolled back) when another office's change got there first."""
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        return False
    return True


def apply_change(
    form: Any, part: SessionAcademy, change: Callable[[], object], done: str
) -> Response | None:
    """Run a change of the part and commit it: back to the part's page with `done` (or "no
    change" when it returns False); None with the refusal shown on the form otherwise."""
    db = database.session()
    try:
        changed = change()
    except SessionRefused as refused:
        db.rollback()
        show_refusal(form, refused)
        return None
    if not commit(db):
        form.form_errors.append(MSG_RACE)
        return None
    if changed is False:
        flash(MSG_UNCHANGED, "info")
    else:
        flash(done, "success")
    return redirect(part_url(part))


def exam_labels() -> dict[str, str]:
    return {e.code: e.label for e in catalogue.exams()}


def part_url(part: SessionAcademy) -> str:
    return url_for("backoffice.sessions_part", session_id=part.session_id,
                   academy_code=part.academy_code)


@bp.get("/sessions")
def sessions() -> str:
    """The sessions of the staff member's academies: periods, candidatures, state."""
    db = database.session()
    scope = current_scope()
    parts = list(db.scalars(
        scope.session_parts()
        .join(ExamSession, ExamSession.id == SessionAcademy.session_id)
        .options(selectinload(SessionAcademy.session).selectinload(ExamSession.periods))
        .order_by(ExamSession.year.desc(), ExamSession.exam_code, ExamSession.label,
                  SessionAcademy.academy_code)
    ))
    counts = {(s, a): n for s, a, n in db.execute(scope.where(
        select(Candidature.session_id, Candidature.academy_code, func.count())
        .where(Candidature.state.not_in(INACTIVE_STATES))
        .group_by(Candidature.session_id, Candidature.academy_code),
        Candidature.academy_code,
    ))}
    labels = exam_labels()
    return render_template(
        "backoffice/sessions/list.html", parts=parts, counts=counts, labels=labels,
        states={p.id: state_label(p) for p in parts}, refused=refusal_notices(db, labels),
    )


@bp.route("/sessions/nouvelle", methods=["GET", "POST"])
def sessions_new() -> Any:
    """Open a session of an exam of EXAMS_DIR for an academy (joining it if it exists)."""
    db = database.session()
    scope = current_scope()
    account = current_staff()
    statuses = spec_statuses(current_app.config["EXAMS_DIR"])
    usable = [s for s in statuses if s.usable]
    form = NewSessionForm()
    form.exam.choices = as_choices([("", "Choisissez un examen")] + [
        (s.code, f"{s.label} ({s.code})") for s in usable
    ])
    if scope.national:
        form.academy.choices = as_choices([("", "Choisissez une académie"),
                                           *scope.academy_choices()])
    else:
        del form.academy  # a gestionnaire opens sessions for its own academy only
    if request.method == "GET" and request.args.get("examen"):
        form.exam.data = request.args["examen"]
    if form.validate_on_submit():
        academy = form.academy.data if scope.national else (account.academy_code or "")
        national = NationalFields(form.label.data or "", int(form.year.data or 0),
                                  date_of(form.starts_on))
        try:
            if not scope.allows(academy):
                raise SessionRefused("Choisissez une académie de la liste.", "academy")
            part, created = open_part(db, account, form.exam.data or "", national, academy,
                                      current_app.config["EXAMS_DIR"])
            if not created:
                raise SessionRefused(MSG_ALREADY_PART, "label")
        except SessionRefused as refused:
            db.rollback()
            show_refusal(form, refused)
        else:
            if commit(db):
                flash(f"La session {part.session.label} est ouverte pour "
                      f"{reference.academy_label(academy)} : ajoutez-lui une période "
                      "d'inscription.", "success")
                return redirect(part_url(part))
            form.form_errors.append(MSG_RACE)
    return render_template(
        "backoffice/sessions/new.html", form=form,
        broken=[s for s in statuses if not s.usable],
    ), 422 if form.errors or form.form_errors else 200


@bp.get("/sessions/<int:session_id>/<academy_code>")
def sessions_part(session_id: int, academy_code: str) -> str:
    """One academy's part: the session, its periods, its dates, what can be done."""
    db = database.session()
    part = part_or_404(session_id, academy_code)
    periods = part_periods(db, part)
    specs = [s for s in spec_statuses(current_app.config["EXAMS_DIR"])
             if s.code == part.session.exam_code]
    return render_template(
        "backoffice/sessions/part.html", part=part, session=part.session, periods=periods,
        during={p.id: registered_during(db, part, p.opens_at, p.closes_at) for p in periods},
        count=active_count(db, part.session_id, part.academy_code),
        others=len(part.session.academies) - 1, state=state_label(part), now=utcnow(),
        exam_label=exam_labels().get(part.session.exam_code, part.session.exam_code.upper()),
        may_edit=may_edit_national(current_staff(), part), msg_shared=MSG_SHARED,
        spec_usable=any(s.usable for s in specs), spec_files=[s.file for s in specs],
    )


@bp.route("/sessions/<int:session_id>/<academy_code>/session", methods=["GET", "POST"])
def sessions_national(session_id: int, academy_code: str) -> Any:
    """The session's label, year and start date (the same for every academy)."""
    db = database.session()
    part = part_or_404(session_id, academy_code)
    session = part.session
    form = NationalForm()
    if request.method == "GET":
        form.label.data, form.year.data = session.label, str(session.year)
        form.starts_on.data = session.starts_on.strftime("%d/%m/%Y") if session.starts_on else ""
    allowed = may_edit_national(current_staff(), part) and not part.is_closed
    if request.method == "POST" and not allowed:
        form.form_errors.append(MSG_PART_CLOSED if part.is_closed else MSG_SHARED)
        status = 403
    elif form.validate_on_submit():
        national = NationalFields(form.label.data or "", int(form.year.data or 0),
                                  date_of(form.starts_on))
        done = apply_change(form, part, lambda: update_national(db, current_staff(), part,
                                                                national), MSG_UPDATED)
        if done is not None:
            return done
        status = 422
    else:
        status = 422 if form.errors else 200
    return render_template(
        "backoffice/sessions/national.html", form=form, part=part, session=session,
        allowed=allowed, msg_shared=MSG_SHARED, msg_closed=MSG_PART_CLOSED,
        exam_label=exam_labels().get(session.exam_code, session.exam_code.upper()),
    ), status


@bp.route("/sessions/<int:session_id>/<academy_code>/fermeture", methods=["GET", "POST"])
def sessions_close(session_id: int, academy_code: str) -> Any:
    """Close the academy's part, after a confirmation page saying what it does."""
    db = database.session()
    part = part_or_404(session_id, academy_code)
    form = ConfirmForm()
    error = ""
    if form.validate_on_submit():
        try:
            count = close_part(db, current_staff(), part)
        except SessionRefused as refused:
            db.rollback()
            error = refused.message
        else:
            db.commit()
            flash(f"La session {part.session.label} est fermée pour "
                  f"{reference.academy_label(part.academy_code)} : "
                  f"{counted(count, 'candidature passe', 'candidatures passent')} dans les "
                  "Sessions fermées de Mes inscriptions.", "success")
            return redirect(part_url(part))
    return render_template(
        "backoffice/sessions/close.html", form=form, part=part, session=part.session,
        count=active_count(db, part.session_id, part.academy_code), error=error,
        exam_label=exam_labels().get(part.session.exam_code, part.session.exam_code.upper()),
    ), 422 if error else 200
