"""The back office's home: the academy's sessions at a glance and what awaits the office."""

from __future__ import annotations

from datetime import timedelta

from flask import render_template
from sqlalchemy import func, select

from web.backoffice import bp
from web.backoffice.access import current_staff
from web.backoffice.scope import current_scope
from web.backoffice.sessions import state_label
from web.core import db as database
from web.core import reference
from web.core.mail import outbox_figures
from web.core.models import (
    CANDIDATURE_REGISTERED,
    PIECES_TO_CHECK,
    Candidature,
    ExamSession,
    SessionAcademy,
)


@bp.get("/")
def home() -> str:
    db = database.session()
    scope = current_scope()
    parts = list(db.scalars(
        scope.session_parts().join(ExamSession, ExamSession.id == SessionAcademy.session_id)
        .order_by(ExamSession.year.desc(), ExamSession.exam_code, SessionAcademy.academy_code)
    ))
    # Per session and academy: the administrator sees each academy's part on its own row.
    counts: dict[tuple[int, str], int] = {
        (session_id, academy): count
        for session_id, academy, count in db.execute(
            scope.where(
                select(Candidature.session_id, Candidature.academy_code, func.count())
                .where(Candidature.state == CANDIDATURE_REGISTERED)
                .group_by(Candidature.session_id, Candidature.academy_code),
                Candidature.academy_code,
            )
        ).all()
    }
    to_check = db.scalar(scope.where(
        select(func.count()).select_from(Candidature)
        .where(Candidature.pieces_status == PIECES_TO_CHECK), Candidature.academy_code,
    )) or 0
    account = current_staff()
    # The mail outbox concerns every academy: the administrator watches it (an SMTP outage
    # shows here as a growing backlog, as in the metrics).
    outbox = outbox_figures(db) if account.is_admin else None
    return render_template(
        "backoffice/home.html", parts=parts, counts=counts, to_check=to_check,
        states={p.id: state_label(p) for p in parts},
        academy_label=reference.academy_label(account.academy_code or ""),
        outbox=outbox, outbox_wait=waited(outbox.oldest_age()) if outbox else "",
    )


def waited(age: timedelta) -> str:
    """A wait in French words: "moins d'une minute", "12 minutes", "2 h 05"."""
    minutes = int(age.total_seconds() // 60)
    if minutes < 1:
        return "moins d'une minute"
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes > 1 else ''}"
    return f"{minutes // 60} h {minutes % 60:02d}"
