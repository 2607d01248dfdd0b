"""The mail a candidate receives when a publication job gives their candidature a new
document: one per new version, queued in the outbox with the document (same transaction),
and not sent before the candidate can see the document (the relevé's publication moment)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from web.core import reference
from web.core.external import external_url
from web.core.mail import queue_mail
from web.core.models import (
    DOCUMENT_STATEMENT,
    AcademyOffice,
    Account,
    Candidature,
    Document,
    OutboxMessage,
    utcnow,
)

SUBJECT = "Un nouveau document est disponible : {title}"
TEMPLATE = "document_published"


def subject_of(title: str) -> str:
    return SUBJECT.format(title=" ".join(title.split()))


def notify_new_document(
    db: Session, candidature: Candidature, document: Document, exam_label: str
) -> OutboxMessage:
    """Queue the mail of a new document (the caller commits it with the document)."""
    account = db.get(Account, candidature.account_id)
    assert account is not None
    # A pupil imported without an address gets it at the one the wizard asked for.
    address = account.email or str((candidature.answers.get("fields") or {}).get("email") or "")
    message = queue_mail(
        db,
        address,
        subject_of(document.title),
        TEMPLATE,
        account=account,
        candidate=account,
        candidature=candidature,
        document=document,
        results=document.kind == DOCUMENT_STATEMENT,
        exam_label=exam_label,
        academy_label=reference.academy_label(candidature.academy_code),
        office=db.get(AcademyOffice, candidature.academy_code),
        link=external_url("candidate.documents", candidature_id=candidature.id),
    )
    if document.visible_from is not None and document.visible_from > utcnow():
        message.not_before = message.next_attempt_at = document.visible_from
    return message
