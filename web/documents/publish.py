"""Publishing one document of a job to one candidature, at most once.

The job's document for a candidature is unique (document.publication_job_id with
candidature_id): a task run twice, or two workers given the same chunk, find it instead of
adding a version. Each kind's versions follow one another per candidature (1, 2…), and the
pair (candidature, kind, version) is unique too, so two jobs never give the same number. A
kind published only when changed (the relevé de notes) keeps the latest version when the new
one would print the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.confirmation.render import ConfirmationRenderError
from engine.documents import DocumentTemplateError, render_accessible, render_document
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


def latest_document(db: Session, candidature_id: int, kind: str) -> Document | None:
    return db.scalar(
        select(Document)
        .where(Document.candidature_id == candidature_id, Document.kind == kind)
        .order_by(Document.version.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class Published:
    """The candidature's document for the job, and whether this call added it (the mail is
    sent for a new version only)."""

    document: Document
    new: bool


def publish_one(
    db: Session,
    job: PublicationJob,
    kind: DocumentKind,
    candidature_id: int,
    now: datetime | None = None,
) -> Published:
    """The job's document of the candidature, rendered and added now unless it exists (or,
    for a kind published only when changed, unless the latest version prints the same); the
    caller commits. Raises DocumentRefused with the office's French reason."""
    existing = job_document(db, job.id, candidature_id)
    if existing is not None:
        return Published(existing, False)
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
    subject = Subject(db, candidature, state)
    own = kind.data(subject)
    visible_from = kind.visible_from(subject) if kind.visible_from is not None else None
    office = db.get(AcademyOffice, candidature.academy_code)

    def data_of(version: int, moment: datetime) -> dict[str, Any]:
        data = common_data(candidature, account, office, state, kind.title, version, moment)
        data.update(own)
        return data

    latest = latest_document(db, candidature.id, kind.code)
    if kind.only_when_changed and latest is not None:
        try:
            same = render_accessible(
                located[0], located[1], data_of(latest.version, latest.created_at)
            )
        except DocumentTemplateError as exc:
            raise DocumentRefused(MSG_TEMPLATE.format(detail=exc)) from exc
        if same == latest.accessible_html:
            return Published(latest, False)
    version = latest.version + 1 if latest is not None else 1
    data = data_of(version, now)
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
        visible_from=visible_from,
    )
    db.add(doc)
    db.flush()
    return Published(doc, True)
