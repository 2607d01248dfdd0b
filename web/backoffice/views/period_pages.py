"""An academy's registration periods (add, edit, delete) and its two dates, in Paris time."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request
from sqlalchemy.orm import Session

from web.backoffice import bp
from web.backoffice.access import current_staff
from web.backoffice.periods import (
    add_period,
    delete_period,
    paris_moment,
    period_of_part,
    registered_during,
    update_dates,
    update_period,
)
from web.backoffice.session_forms import DatesForm, PeriodForm, date_of, time_of
from web.backoffice.sessions import MSG_PART_CLOSED
from web.backoffice.views.session_pages import apply_change, exam_labels, part_or_404, part_url
from web.core import db as database
from web.core.catalogue import PARIS
from web.core.forms import ConfirmForm
from web.core.models import RegistrationPeriod, SessionAcademy

MSG_PERIOD_ADDED = "La période d'inscription est ajoutée."
MSG_PERIOD_UPDATED = "La période d'inscription est modifiée."
MSG_PERIOD_DELETED = "La période d'inscription est supprimée."
MSG_DATES_UPDATED = "Les dates sont enregistrées."


def _period_or_404(db: Session, part: SessionAcademy, period_id: int) -> RegistrationPeriod:
    found = period_of_part(db, part, period_id)
    if found is None:
        abort(404)
    return found


def _context(part: SessionAcademy, **extra: Any) -> dict[str, Any]:
    return {"part": part, "session": part.session, "part_url": part_url(part),
            "exam_label": exam_labels().get(part.session.exam_code,
                                            part.session.exam_code.upper()),
            "msg_closed": MSG_PART_CLOSED, **extra}


def _closed_post(form: Any, part: SessionAcademy) -> bool:
    """A change posted to a closed part: refused at the top of the form."""
    if request.method == "POST" and part.is_closed:
        form.form_errors.append(MSG_PART_CLOSED)
        return True
    return False


def _moments(form: PeriodForm) -> tuple[Any, Any]:
    opens_on, closes_on = date_of(form.opens_on), date_of(form.closes_on)
    assert opens_on is not None and closes_on is not None  # required and validated
    return (paris_moment(opens_on, time_of(form.opens_time), "opens_time"),
            paris_moment(closes_on, time_of(form.closes_time), "closes_time"))


def _period_page(form: PeriodForm, part: SessionAcademy, status: int, **extra: Any) -> Any:
    return render_template("backoffice/sessions/period.html",
                           **_context(part, form=form, **extra)), status


@bp.route("/sessions/<int:session_id>/<academy_code>/periodes/nouvelle",
          methods=["GET", "POST"])
def sessions_period_new(session_id: int, academy_code: str) -> Any:
    db = database.session()
    part = part_or_404(session_id, academy_code)
    form = PeriodForm()
    if _closed_post(form, part):
        return _period_page(form, part, 403, period=None)
    if form.validate_on_submit():
        def change() -> object:
            return add_period(db, current_staff(), part, *_moments(form))

        done = apply_change(form, part, change, MSG_PERIOD_ADDED)
        if done is not None:
            return done
    return _period_page(form, part, 422 if form.errors or form.form_errors else 200,
                        period=None)


@bp.route("/sessions/<int:session_id>/<academy_code>/periodes/<int:period_id>",
          methods=["GET", "POST"])
def sessions_period_edit(session_id: int, academy_code: str, period_id: int) -> Any:
    db = database.session()
    part = part_or_404(session_id, academy_code)
    period = _period_or_404(db, part, period_id)
    form = PeriodForm()
    if request.method == "GET":
        opens, closes = period.opens_at.astimezone(PARIS), period.closes_at.astimezone(PARIS)
        form.opens_on.data, form.opens_time.data = opens.strftime("%d/%m/%Y"), \
            opens.strftime("%H:%M")
        form.closes_on.data, form.closes_time.data = closes.strftime("%d/%m/%Y"), \
            closes.strftime("%H:%M")
    during = registered_during(db, part, period.opens_at, period.closes_at)
    if _closed_post(form, part):
        return _period_page(form, part, 403, period=period, during=during)
    if form.validate_on_submit():
        def change() -> object:
            return update_period(db, current_staff(), part, period, *_moments(form))

        done = apply_change(form, part, change, MSG_PERIOD_UPDATED)
        if done is not None:
            return done
    return _period_page(form, part, 422 if form.errors or form.form_errors else 200,
                        period=period, during=during)


@bp.route("/sessions/<int:session_id>/<academy_code>/periodes/<int:period_id>/suppression",
          methods=["GET", "POST"])
def sessions_period_delete(session_id: int, academy_code: str, period_id: int) -> Any:
    db = database.session()
    part = part_or_404(session_id, academy_code)
    period = _period_or_404(db, part, period_id)
    form = ConfirmForm()
    if _closed_post(form, part):
        status = 403
    elif form.validate_on_submit():
        done = apply_change(form, part, lambda: delete_period(db, current_staff(), part, period),
                            MSG_PERIOD_DELETED)
        if done is not None:
            return done
        status = 422
    else:
        status = 200
    return render_template(
        "backoffice/sessions/period_delete.html",
        **_context(part, form=form, period=period,
                   during=registered_during(db, part, period.opens_at, period.closes_at)),
    ), status


@bp.route("/sessions/<int:session_id>/<academy_code>/dates", methods=["GET", "POST"])
def sessions_dates(session_id: int, academy_code: str) -> Any:
    db = database.session()
    part = part_or_404(session_id, academy_code)
    form = DatesForm()
    if request.method == "GET":
        form.return_by.data = part.return_by.strftime("%d/%m/%Y") if part.return_by else ""
        form.pieces_deadline.data = (part.pieces_deadline.strftime("%d/%m/%Y")
                                     if part.pieces_deadline else "")
    if _closed_post(form, part):
        status = 403
    elif form.validate_on_submit():
        done = apply_change(form, part, lambda: update_dates(
            db, current_staff(), part, date_of(form.return_by), date_of(form.pieces_deadline)
        ), MSG_DATES_UPDATED)
        if done is not None:
            return done
        status = 422
    else:
        status = 422 if form.errors else 200
    return render_template("backoffice/sessions/dates.html", **_context(part, form=form)), status
