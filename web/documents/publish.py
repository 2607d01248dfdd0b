"""Publishing one document of a job to one candidature, at most once.

The job's document for a candidature is unique (document.publication_job_id with
candidature_id): a task run twice, or two workers given the same chunk, find it instead of
adding a version. Each kind's versions follow one another per candidature (1, 2…), and the
pair (candidature, kind, version) is unique too, so two jobs never give the same number.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.confirmation.render import ConfirmationRenderError
from engine.documents import DocumentTemplateError, render_document
from engine.documents.templates import template_of
from web.candidate.services import saved_state
from web.core.models import (
    AcademyOffice,
    Account,
    Candidature,
    Document,
    PublicationJob,
    utcnow,
)
from web.documents.data import common_data
from web.documents.kinds import DocumentKind, DocumentRefused, Subject
from web.registration.context import exam_of

MSG_INACTIVE = "La candidature n'est plus active (désinscrite ou écartée) : pas de document."
MSG_NO_EXAM = "L'examen de cette candidature n'est plus disponible sur le portail."
MSG_NO_TEMPLATE = (
    "La spécification de l'examen ne donne pas de modèle pour ce document (clé documents:)."
)
MSG_TEMPLATE = "Le modèle du document est incorrect : {detail}"
MSG_PDF = "Le PDF n'a pas pu être produit ; relancez la publication. Détail : {detail}"


def job_document(db: Session, job_id: int, candidature_id: int) -> Document | None:
    return db.scalar(
        select(Document).where(
            Document.publication_job_id == job_id, Document.candidature_id == candidature_id
        )
    )


def next_version(db: Session, candidature_id: int, kind: str) -> int:
    latest = db.scalar(
        select(func.max(Document.version)).where(
            Document.candidature_id == candidature_id, Document.kind == kind
        )
    )
    return int(latest or 0) + 1


def publish_one(
    db: Session,
    job: PublicationJob,
    kind: DocumentKind,
    candidature_id: int,
    now: datetime | None = None,
) -> Document:
    """The job's document of the candidature, rendered and added now unless it exists (the
    caller commits). Raises DocumentRefused with the office's French reason."""
    existing = job_document(db, job.id, candidature_id)
    if existing is not None:
        return existing
    candidature = db.get(Candidature, candidature_id)
    if candidature is None or not candidature.is_active:
        raise DocumentRefused(MSG_INACTIVE)
    exam = exam_of(candidature.exam_code)
    if exam is None:
        raise DocumentRefused(MSG_NO_EXAM)
    located = template_of(exam, kind.code)
    if located is None:
        raise DocumentRefused(MSG_NO_TEMPLATE)
    account = db.get(Account, candidature.account_id)
    assert account is not None
    state = saved_state(db, account, candidature, exam)
    now = now or utcnow()
    version = next_version(db, candidature.id, kind.code)
    data = common_data(
        candidature,
        account,
        db.get(AcademyOffice, candidature.academy_code),
        state,
        kind.title,
        version,
        now,
    )
    data.update(kind.data(Subject(db, candidature, state)))
    title = (
        f"{kind.title} - {exam.label} - session {candidature.session.label} - "
        f"inscription n° {candidature.inscription_number or ''}"
    )
    try:
        rendered = render_document(located[0], located[1], data, title)
    except DocumentTemplateError as exc:
        raise DocumentRefused(MSG_TEMPLATE.format(detail=exc)) from exc
    except ConfirmationRenderError as exc:
        current_app.logger.exception("document %s of candidature %s", kind.code, candidature.id)
        raise DocumentRefused(MSG_PDF.format(detail=exc)) from exc
    doc = Document(
        candidature_id=candidature.id,
        kind=kind.code,
        title=kind.title,
        version=version,
        filename=f"{kind.code}-{candidature.inscription_number or candidature.id}-v{version}.pdf",
        content=rendered.pdf,
        accessible_html=rendered.html,
        published=True,
        created_at=now,
        publication_job_id=job.id,
    )
    db.add(doc)
    db.flush()
    return doc
