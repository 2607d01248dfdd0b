"""Publishing one document of a job to one candidature, at most once.

The job's document for a candidature is unique (document.publication_job_id with
candidature_id): a task run twice, or two workers given the same chunk, find it instead of
adding a version. Each kind's versions follow one another per candidature (1, 2…), and the
pair (candidature, kind, version) is unique too, so two jobs never give the same number. A
kind published only when changed (the relevé de notes) keeps the latest version when the new
one would print the same.

A chunk's items are read together (`Prefetched`): their candidatures, accounts, existing
documents and versions in a few queries, and what they share (the exam, its template, the
registration period, the timetable) once per chunk. A retried item reads afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.confirmation.render import ConfirmationRenderError
from engine.documents import DocumentTemplateError, render_accessible, render_document
from engine.documents.templates import template_of
from web.candidate.services import saved_state, shown_period
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


T = TypeVar("T")


@dataclass
class Prefetched:
    """What the items of one chunk read, fetched for all of them at once."""

    # Candidatures the job already has a document for, and each one's latest version.
    documented: set[int] = field(default_factory=set)
    versions: dict[int, int] = field(default_factory=dict)
    # What items share (exam, template, period, office, timetable): read by the first.
    shared: dict[Hashable, Any] = field(default_factory=dict)
    # The rows loaded for the chunk: the session's identity map holds them only while
    # something else does (and their exam session with its academies, once loaded).
    rows: list[object] = field(default_factory=list)

    def once(self, key: Hashable, make: Callable[[], T]) -> T:
        if key not in self.shared:
            self.shared[key] = make()
        return self.shared[key]  # type: ignore[no-any-return]


def prefetch(db: Session, job: PublicationJob, kind: str, candidature_ids: list[int]) -> Prefetched:
    """The chunk's candidatures and accounts loaded (db.get finds them without a query),
    the job's documents and the kind's latest versions of these candidatures."""
    candidatures = list(db.scalars(select(Candidature).where(Candidature.id.in_(candidature_ids))))
    accounts = {c.account_id for c in candidatures}
    rows: list[object] = [
        *candidatures,
        *db.scalars(select(Account).where(Account.id.in_(accounts))),
    ]
    documented = db.scalars(
        select(Document.candidature_id).where(
            Document.publication_job_id == job.id, Document.candidature_id.in_(candidature_ids)
        )
    )
    versions = db.execute(
        select(Document.candidature_id, func.max(Document.version))
        .where(Document.candidature_id.in_(candidature_ids), Document.kind == kind)
        .group_by(Document.candidature_id)
    )
    return Prefetched(set(documented), {cid: int(v) for cid, v in versions}, rows=rows)


def publish_one(
    db: Session,
    job: PublicationJob,
    kind: DocumentKind,
    candidature_id: int,
    now: datetime | None = None,
    batch: Prefetched | None = None,
) -> Published:
    """The job's document of the candidature, rendered and added now unless it exists (or,
    for a kind published only when changed, unless the latest version prints the same); the
    caller commits. Raises DocumentRefused with the office's French reason. `batch`: what
    the chunk read at once (its documents and versions must be current: not on a retry)."""
    fresh = batch is None
    batch = batch or Prefetched()
    if fresh or candidature_id in batch.documented:
        existing = job_document(db, job.id, candidature_id)
        if existing is not None:
            return Published(existing, False)
    candidature = db.get(Candidature, candidature_id)
    if candidature is None or not candidature.is_active:
        raise DocumentRefused(MSG_INACTIVE)
    exam = batch.once(("exam", candidature.exam_code), lambda: exam_of(candidature.exam_code))
    if exam is None:
        raise DocumentRefused(MSG_NO_EXAM)
    located = batch.once(("template", exam.code, kind.code), lambda: template_of(exam, kind.code))
    if located is None:
        raise DocumentRefused(MSG_NO_TEMPLATE)
    account = db.get(Account, candidature.account_id)
    assert account is not None
    where = (candidature.session_id, candidature.academy_code)
    period = batch.once(("period", *where), lambda: shown_period(db, candidature))
    state = saved_state(db, account, candidature, exam, period)
    now = now or utcnow()
    subject = Subject(db, candidature, state, batch.once)
    own = kind.data(subject)
    visible_from = kind.visible_from(subject) if kind.visible_from is not None else None
    office = batch.once(("office", where[1]), lambda: db.get(AcademyOffice, where[1]))

    def data_of(version: int, moment: datetime) -> dict[str, Any]:
        data = common_data(candidature, account, office, state, kind.title, version, moment)
        data.update(own)
        return data

    if kind.only_when_changed:
        # The latest version itself, to compare what it prints (a kind published so is rare).
        latest = latest_document(db, candidature.id, kind.code)
        if latest is not None:
            try:
                same = render_accessible(
                    located[0], located[1], data_of(latest.version, latest.created_at)
                )
            except DocumentTemplateError as exc:
                raise DocumentRefused(MSG_TEMPLATE.format(detail=exc)) from exc
            if same == latest.accessible_html:
                return Published(latest, False)
        version = latest.version + 1 if latest is not None else 1
    elif fresh:
        version = next_version(db, candidature.id, kind.code)
    else:
        version = batch.versions.get(candidature.id, 0) + 1
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
