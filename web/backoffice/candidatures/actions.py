"""The office's decisions on a candidature: exclude it, withdraw it, reopen it for modification.

Each one is a single transaction: the change, the audit entry with the values before and
after, and the mail to the candidate in the outbox are committed together, or nothing is.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from web.backoffice import audit
from web.backoffice.candidatures.detail import reopen_refusal
from web.backoffice.candidatures.labels import exam_labels
from web.core import reference
from web.core.candidature_states import (
    EXCLUDE,
    WITHDRAW_BY_OFFICE,
    MoveRefused,
    apply_move,
    state_label,
)
from web.core.catalogue import PARIS, format_paris
from web.core.mail import queue_mail
from web.core.models import AcademyOffice, Account, Candidature, CandidatureDraft, utcnow

SUBJECT_EXCLUDED = "Candidature écartée : {exam}"
SUBJECT_WITHDRAWN = "Désinscription : {exam}"
SUBJECT_REOPENED = "Votre candidature peut être modifiée : {exam}"
MSG_EXCLUDED = "La candidature est écartée : elle n'apparaît plus dans l'espace du candidat, " \
    "qui en est informé par mail."
MSG_WITHDRAWN = "Le candidat est désinscrit : il en est informé par mail."
MSG_REOPENED = "La candidature est rouverte à la modification jusqu'au {until} (heure de " \
    "Paris) : le candidat en est informé par mail."
MSG_REOPENING_ENDED = "La réouverture est terminée : la candidature n'est plus modifiable par " \
    "le candidat."
MSG_DATE_PAST = "La date de fin de réouverture ne peut pas être passée."
MSG_DATE_AFTER_START = "La date de fin de réouverture doit précéder le début de la session ({day})."
MSG_NOT_REOPENED = "Cette candidature n'est pas rouverte à la modification."

ACTION_EXCLUDED = "candidature.excluded"
ACTION_WITHDRAWN = "candidature.withdrawn_by_office"
ACTION_REOPENED = "candidature.reopened"
ACTION_REOPENING_ENDED = "candidature.reopening_ended"


class ActionRefused(Exception):
    """An action the candidature's state or dates do not allow, with the French reason."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def end_of_day(day: date) -> datetime:
    """23:59:59 of `day` in Paris, as the UTC moment stored."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=PARIS).astimezone(UTC)


def _mail(db: Session, account: Account, candidature: Candidature, subject: str,
          template: str, **context: Any) -> None:
    labels = exam_labels(candidature.exam_code)
    queue_mail(
        db, account.email, subject.format(exam=labels.label), template, account=account,
        candidate=account, candidature=candidature, exam_label=labels.label,
        academy_label=reference.academy_label(candidature.academy_code),
        office=db.get(AcademyOffice, candidature.academy_code), **context,
    )


def _record(db: Session, actor: Account, action: str, candidature: Candidature,
            before: dict[str, Any], after: dict[str, Any]) -> None:
    audit.record(db, actor, action, academy_code=candidature.academy_code,
                 target=("candidature", candidature.id), before=before, after=after)


def _locked(db: Session, candidature: Candidature) -> Candidature:
    """The row read again and locked until commit (PostgreSQL): two gestionnaires acting at
    once decide on the same state, the second one sees the first one's result."""
    found = db.get(Candidature, candidature.id, with_for_update=True, populate_existing=True)
    assert found is not None
    return found


def _move(db: Session, actor: Account, candidature: Candidature, move: str, reason: str,
          now: datetime | None = None) -> None:
    """Apply a state move with its audit entry and mail, in one commit."""
    now = now or utcnow()
    candidature = _locked(db, candidature)
    action, subject, template = MOVE_EFFECTS[move]
    account = db.get(Account, candidature.account_id)
    assert account is not None
    try:
        previous = apply_move(candidature, move, now)
    except MoveRefused as refused:
        raise ActionRefused(refused.message) from refused
    # A modification the candidate had in progress must not bring it back.
    db.execute(delete(CandidatureDraft).where(CandidatureDraft.candidature_id == candidature.id))
    candidature.reopened_until = None
    after = {"état": state_label(candidature.state)}
    if reason:
        after["motif"] = reason
    _record(db, actor, action, candidature, {"état": state_label(previous)}, after)
    _mail(db, account, candidature, subject, template, reason=reason, when=now)
    db.commit()


# move: (audit action, mail subject, mail template)
MOVE_EFFECTS = {
    EXCLUDE: (ACTION_EXCLUDED, SUBJECT_EXCLUDED, "candidature_excluded"),
    WITHDRAW_BY_OFFICE: (ACTION_WITHDRAWN, SUBJECT_WITHDRAWN, "candidature_withdrawn_by_office"),
}


def exclude(db: Session, actor: Account, candidature: Candidature, reason: str,
            now: datetime | None = None) -> None:
    """État « Écartée »: the card leaves Mes inscriptions; the candidate is told why."""
    _move(db, actor, candidature, EXCLUDE, reason, now)


def withdraw(db: Session, actor: Account, candidature: Candidature, reason: str,
             now: datetime | None = None) -> None:
    """État « Désinscrit par le gestionnaire », at the candidate's request (after the close)."""
    _move(db, actor, candidature, WITHDRAW_BY_OFFICE, reason, now)


def reopen(db: Session, actor: Account, candidature: Candidature, until: date,
           now: datetime | None = None) -> datetime:
    """Let the candidate use Modifier after the close, until the end of `until` (Paris)."""
    now = now or utcnow()
    candidature = _locked(db, candidature)
    refusal = reopen_refusal(db, candidature, now)
    if refusal:
        raise ActionRefused(refusal)
    if until < now.astimezone(PARIS).date():
        raise ActionRefused(MSG_DATE_PAST)
    start = candidature.session.starts_on
    if start is not None and until >= start:
        raise ActionRefused(MSG_DATE_AFTER_START.format(day=start.strftime("%d/%m/%Y")))
    account = db.get(Account, candidature.account_id)
    assert account is not None
    before = candidature.reopened_until
    candidature.reopened_until = end_of_day(until)
    _record(db, actor, ACTION_REOPENED, candidature,
            {"rouverte jusqu'au": format_paris(before) if before and before > now else ""},
            {"rouverte jusqu'au": format_paris(candidature.reopened_until)})
    _mail(db, account, candidature, SUBJECT_REOPENED, "candidature_reopened",
          until=candidature.reopened_until)
    db.commit()
    return candidature.reopened_until


def end_reopening(db: Session, actor: Account, candidature: Candidature,
                  now: datetime | None = None) -> None:
    """Stop a reopening before its date (no mail: the candidate's Modifier simply goes)."""
    now = now or utcnow()
    candidature = _locked(db, candidature)
    until = candidature.reopened_until
    if until is None or until <= now:
        raise ActionRefused(MSG_NOT_REOPENED)
    candidature.reopened_until = now - timedelta(seconds=1)
    _record(db, actor, ACTION_REOPENING_ENDED, candidature,
            {"rouverte jusqu'au": format_paris(until)}, {"rouverte jusqu'au": ""})
    db.commit()
