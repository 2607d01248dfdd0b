"""Se désinscrire: the rule and the mail of a candidate's withdrawal while the period is open."""

from __future__ import annotations

from datetime import datetime

from flask import current_app, render_template
from sqlalchemy import delete
from sqlalchemy.orm import Session

from web.candidate.services import office_of, period_open
from web.core.candidature_states import WITHDRAW_BY_CANDIDATE, MoveRefused, apply_move
from web.core.models import (
    Account,
    Candidature,
    CandidatureDraft,
    OutboxMessage,
    utcnow,
)
from web.registration.context import academy_name, exam_of

SUBJECT_WITHDRAWN = "Désinscription : {exam}"
MSG_WITHDRAWN = (
    "Vous êtes désinscrit(e) de cette candidature. Si vous vous êtes désinscrit(e) par erreur, "
    "créez une nouvelle candidature depuis Mes inscriptions."
)
MSG_CLOSED = (
    "Le service d'inscription est fermé : vous ne pouvez plus vous désinscrire par vous-même. "
    "Contactez le service des examens et concours dont vous dépendez, dont les coordonnées "
    "figurent sur votre confirmation d'inscription."
)

class WithdrawalRefused(Exception):
    """A désinscription the candidate may not make, with the French reason."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def withdraw(
    db: Session, account: Account, candidature: Candidature, now: datetime | None = None
) -> None:
    """Mark the candidature "Désinscrit par le candidat" and queue the mail, in one commit.

    Refused once the period is closed; a withdrawn candidature never becomes active again
    (a new candidature to the same exam and session is allowed instead).
    """
    now = now or utcnow()
    if not candidature.is_active or candidature.account_id != account.id:
        raise WithdrawalRefused("Cette candidature n'est plus active.")
    if not period_open(db, candidature, now):
        raise WithdrawalRefused(MSG_CLOSED)
    try:
        apply_move(candidature, WITHDRAW_BY_CANDIDATE, now)
    except MoveRefused as refused:
        raise WithdrawalRefused(refused.message) from refused
    # A modification in progress must not resurrect it.
    db.execute(delete(CandidatureDraft).where(CandidatureDraft.candidature_id == candidature.id))
    exam = exam_of(candidature.exam_code)
    label = exam.label if exam is not None else candidature.exam_code.upper()
    context = {
        "portal_name": current_app.config["PORTAL_NAME"], "account": account,
        "exam_label": label, "candidature": candidature, "when": now,
        "academy_label": academy_name(candidature.academy_code),
        "office": office_of(db, candidature),
    }
    db.add(OutboxMessage(
        account_id=account.id,
        to_address=account.email,
        subject=f"[{current_app.config['PORTAL_NAME']}] "
        + SUBJECT_WITHDRAWN.format(exam=label),
        body_text=render_template("candidate/mail_desinscription.txt", **context),
        body_html=render_template("candidate/mail_desinscription.html", **context),
    ))
    db.commit()
