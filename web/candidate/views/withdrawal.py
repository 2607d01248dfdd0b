"""Se désinscrire: the confirmation page and its form (the rule is in candidate.withdrawal)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from web.candidate import bp
from web.candidate.services import card_of, office_of, period_open, visible_candidature
from web.candidate.withdrawal import MSG_CLOSED, MSG_WITHDRAWN, WithdrawalRefused, withdraw
from web.core import db as database


@bp.get("/mes-inscriptions/<int:candidature_id>/desinscription")
@login_required
def confirm_withdrawal(candidature_id: int) -> str:
    """The confirmation the guide shows before withdrawing (or why it is no longer possible)."""
    db = database.session()
    candidature = visible_candidature(db, current_user, candidature_id)
    return render_template(
        "candidate/desinscription.html", candidature=candidature,
        card=card_of(db, current_user, candidature), is_open=period_open(db, candidature),
        office=office_of(db, candidature), msg_closed=MSG_CLOSED,
    )


@bp.post("/mes-inscriptions/<int:candidature_id>/desinscription")
@login_required
def withdraw_candidature(candidature_id: int) -> Response:
    db = database.session()
    candidature = visible_candidature(db, current_user, candidature_id)
    try:
        withdraw(db, current_user, candidature)
    except WithdrawalRefused as refused:
        db.rollback()
        flash(refused.message, "error")
        return redirect(url_for(".confirm_withdrawal", candidature_id=candidature_id))
    flash(MSG_WITHDRAWN, "success")
    return redirect(url_for("candidate.registrations"))
