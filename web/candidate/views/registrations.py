"""Candidate space: Mes inscriptions (the cards) and Consulter mes messages."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from web.candidate import bp
from web.candidate.services import active_candidatures, card_of, closed_candidatures
from web.core import db as database
from web.core.models import OutboxMessage, utcnow


@bp.get("/mes-inscriptions")
@login_required
def registrations() -> str:
    """Mes inscriptions: a card per active candidature, then the read-only cards of the closed
    sessions (their results and documents stay available)."""
    db = database.session()
    cards = [card_of(db, current_user, c) for c in active_candidatures(db, current_user.id)]
    closed = [card_of(db, current_user, c) for c in closed_candidatures(db, current_user.id)]
    return render_template("candidate/registrations.html", cards=cards, closed_cards=closed)


@bp.get("/mes-messages")
@login_required
def messages() -> str:
    db = database.session()
    rows = list(
        db.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.account_id == current_user.id,
                # A mail for a later moment (a relevé de notes) is shown from that moment.
                or_(OutboxMessage.not_before.is_(None), OutboxMessage.not_before <= utcnow()),
            )
            .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        )
    )
    return render_template("candidate/messages.html", messages=rows)


@bp.get("/mes-messages/<int:message_id>")
@login_required
def message(message_id: int) -> Any:
    found = database.session().get(OutboxMessage, message_id)
    # Another account's message answers like a missing one: no way to probe ids.
    if found is None or found.account_id != current_user.id or not found.is_due():
        abort(404)
    return render_template("candidate/message.html", message=found)
