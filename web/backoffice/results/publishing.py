"""Setting when a session part's results are published to its candidates (audited): only
once every result of the part is computed and up to date; and starting the publication of
their relevés de notes (a document job, web.documents.releve)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.spec.model import Exam
from web.backoffice.audit import record
from web.backoffice.results.entry import ACTION_PUBLICATION
from web.backoffice.results.listing import summary
from web.core.catalogue import format_paris
from web.core.models import (
    DOCUMENT_STATEMENT,
    Account,
    PublicationJob,
    ResultsPublication,
    SessionAcademy,
    utcnow,
)
from web.documents import jobs, releve
from web.results.publication import publication_of
from web.results.records import part_context

ACTION_STARTED = "documents.publication_started"
MSG_STALE = (
    "Les résultats ne peuvent pas être publiés : {count} résultat(s) ne sont pas calculés ou "
    "ne sont plus à jour (notes, inscription ou règles modifiées depuis le calcul). Lancez "
    "« Calculer les résultats », attendez la fin du calcul, puis publiez."
)


class PublicationRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def stale_count(db: Session, exam: Exam, part: SessionAcademy) -> int:
    context = part_context(db, exam, part.session, part.academy_code)
    return summary(db, part, context.context_hash).stale


def set_publication(
    db: Session, actor: Account | None, exam: Exam, part: SessionAcademy, moment: datetime
) -> ResultsPublication:
    """The part's results shown to its candidates from `moment` on (the caller commits);
    PublicationRefused while a result is not computed or stale."""
    stale = stale_count(db, exam, part)
    if stale:
        raise PublicationRefused(MSG_STALE.format(count=stale))
    found = publication_of(db, part.session_id, part.academy_code)
    before = {"publication": format_paris(found.publishes_at)} if found else {}
    if found is None:
        found = ResultsPublication(session_id=part.session_id, academy_code=part.academy_code)
        db.add(found)
    if found.publishes_at is not None and found.publishes_at != moment:
        releve.reschedule(db, part.session_id, part.academy_code, found.publishes_at, moment)
    found.publishes_at = moment
    found.set_by = actor.email if actor is not None else "ligne de commande"
    found.set_at = utcnow()
    db.flush()
    record(
        db,
        actor,
        ACTION_PUBLICATION,
        academy_code=part.academy_code,
        target=("results_publication", found.id),
        summary=f"Publication des résultats de la session {part.session.label} le "
        f"{format_paris(moment)}",
        before=before,
        after={"publication": format_paris(moment)},
    )
    return found


def start_statements(db: Session, actor: Account | None, part: SessionAcademy) -> PublicationJob:
    """A job publishing the part's relevés de notes (the caller commits, then queues it with
    web.documents.tasks.start). Raises jobs.JobRefused when one is already running."""
    job = jobs.create(db, actor, DOCUMENT_STATEMENT, part.session, part.academy_code)
    record(
        db,
        actor,
        ACTION_STARTED,
        academy_code=part.academy_code,
        target=("session", part.session_id),
        after={"kind": releve.RELEVE_NOTES.title, "job": job.id},
    )
    return job


def latest_statements_job(db: Session, part: SessionAcademy) -> PublicationJob | None:
    return db.scalar(
        select(PublicationJob)
        .where(
            PublicationJob.kind == DOCUMENT_STATEMENT,
            PublicationJob.session_id == part.session_id,
            PublicationJob.academy_code == part.academy_code,
        )
        .order_by(PublicationJob.id.desc())
        .limit(1)
    )
