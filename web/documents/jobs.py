"""A publication job's life: created by the office, planned (one item per candidature),
worked through in chunks by any number of workers, restarted for what is missing.

Every state is in the database, written by whoever does the work: the page that follows a
job reads counts the workers wrote from the items, never a worker's memory. An item is done
once its document is committed with it; a chunk given twice (a retried task, a restart while
a worker was still busy) skips the items already done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Select, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from web.core.models import (
    ITEM_DONE,
    ITEM_FAILED,
    ITEM_PENDING,
    JOB_DONE,
    JOB_DONE_WITH_FAILURES,
    JOB_PLANNING,
    JOB_RUNNING,
    Account,
    Candidature,
    Document,
    ExamSession,
    PublicationItem,
    PublicationJob,
    utcnow,
)
from web.documents.batches import BatchKind, batch_of
from web.documents.kinds import DocumentKind, DocumentRefused, candidates_of, kind_of
from web.documents.notify import notify_new_document
from web.documents.publish import Prefetched, prefetch, publish_one
from web.registration.context import exam_of

# A running job silent for this long lost its worker (killed, machine restarted).
STALL = timedelta(minutes=5)
INSERT_BATCH = 1000
MSG_TECHNICAL = "Erreur technique pendant la production du document : relancez la publication."
MSG_RUNNING = (
    "Une publication de ce document est déjà en cours pour cette session : suivez-la sur sa "
    "page, ou attendez qu'elle se termine."
)
MSG_UNKNOWN_KIND = "Choisissez un document de la liste."
MSG_NOT_RESTARTABLE = "Cette publication n'a rien à reprendre."

INTERRUPTED = "interrompue"
# The states as a publication's page reads them (« la publication est terminée »); a batch
# named otherwise gives its own (web.results.computation: « le calcul est terminé »).
STATE_LABELS = {
    JOB_PLANNING: "En préparation",
    JOB_RUNNING: "En cours",
    JOB_DONE: "Terminée",
    JOB_DONE_WITH_FAILURES: "Terminée avec des échecs",
    INTERRUPTED: "Interrompue",
}


class JobRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def shown_state(job: PublicationJob, now: datetime | None = None) -> str:
    """The job's state as the office reads it: a silent running job is interrupted."""
    if job.state in (JOB_PLANNING, JOB_RUNNING) and (now or utcnow()) - job.progressed_at > STALL:
        return INTERRUPTED
    return job.state


def state_label(
    job: PublicationJob, now: datetime | None = None, labels: dict[str, str] = STATE_LABELS
) -> str:
    return labels[shown_state(job, now)]


def is_active(job: PublicationJob, now: datetime | None = None) -> bool:
    return shown_state(job, now) in (JOB_PLANNING, JOB_RUNNING)


def can_restart(job: PublicationJob, now: datetime | None = None) -> bool:
    """Failed items to try again, or an interrupted job to carry on."""
    state = shown_state(job, now)
    return state == INTERRUPTED or (state == JOB_DONE_WITH_FAILURES and job.failed > 0)


def create(
    db: Session, actor: Account | None, kind_code: str, session: ExamSession, academy_code: str
) -> PublicationJob:
    """A new job, not yet planned (the caller commits, then queues its planning)."""
    if kind_of(kind_code) is None and batch_of(kind_code) is None:
        raise JobRefused(MSG_UNKNOWN_KIND)
    running = db.scalars(
        select(PublicationJob).where(
            PublicationJob.kind == kind_code,
            PublicationJob.session_id == session.id,
            PublicationJob.academy_code == academy_code,
            PublicationJob.state.in_((JOB_PLANNING, JOB_RUNNING)),
        )
    )
    if any(is_active(job) for job in running):
        raise JobRefused(MSG_RUNNING)
    job = PublicationJob(
        kind=kind_code,
        session_id=session.id,
        academy_code=academy_code,
        started_by_id=actor.id if actor else None,
        started_by_email=actor.email if actor else "ligne de commande",
        state=JOB_PLANNING,
        progressed_at=utcnow(),
    )
    db.add(job)
    db.flush()
    return job


def _kind(job: PublicationJob) -> DocumentKind:
    kind = kind_of(job.kind)
    if kind is None:
        raise LookupError(f"unknown document kind {job.kind!r}")
    return kind


def _candidates(job: PublicationJob) -> Select[tuple[int]]:
    batch = batch_of(job.kind)
    if batch is not None:
        return batch.candidates(job.session_id, job.academy_code)
    return candidates_of(_kind(job), job.session_id, job.academy_code)


def plan(db: Session, job_id: int) -> None:
    """One item per candidature that gets the document, or that a batch kind works on (again
    safe: items already there are kept), then the job runs."""
    job = db.get(PublicationJob, job_id)
    if job is None or job.state != JOB_PLANNING:
        return
    have = set(
        db.scalars(select(PublicationItem.candidature_id).where(PublicationItem.job_id == job.id))
    )
    ids = [i for i in db.scalars(_candidates(job)) if i not in have]
    now = utcnow()
    for start in range(0, len(ids), INSERT_BATCH):
        db.execute(
            insert(PublicationItem),
            [
                {
                    "job_id": job.id,
                    "candidature_id": cid,
                    "state": ITEM_PENDING,
                    "reason": "",
                    "updated_at": now,
                }
                for cid in ids[start : start + INSERT_BATCH]
            ],
        )
    job.state = JOB_RUNNING
    refresh(db, job)
    db.commit()


def pending_chunks(db: Session, job_id: int, size: int) -> list[list[int]]:
    ids = list(
        db.scalars(
            select(PublicationItem.id)
            .where(
                PublicationItem.job_id == job_id,
                PublicationItem.state == ITEM_PENDING,
            )
            .order_by(PublicationItem.id)
        )
    )
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _fail(db: Session, item_id: int, reason: str) -> None:
    db.execute(
        update(PublicationItem)
        .where(PublicationItem.id == item_id)
        .values(state=ITEM_FAILED, reason=reason, updated_at=utcnow())
    )
    db.commit()


def exam_label(job: PublicationJob) -> str:
    exam = exam_of(job.session.exam_code)
    return exam.label if exam is not None else job.session.exam_code.upper()


def _publish_item(
    db: Session, job: PublicationJob, kind: DocumentKind, item: PublicationItem, batch: Prefetched
) -> None:
    """Publish, queue the candidate's mail of a new version and mark the item done, all in
    one commit; a collision with another worker (the same item, or another job's version
    number) is tried once more, read afresh."""
    for attempt in (1, 2):
        try:
            published = publish_one(
                db, job, kind, item.candidature_id, batch=batch if attempt == 1 else None
            )
            doc = published.document
            if published.new:
                notify_new_document(db, doc.candidature, doc, exam_label(job))
            item.state, item.reason, item.document_id = ITEM_DONE, "", doc.id
            item.updated_at = utcnow()
            db.commit()
            return
        except IntegrityError:
            db.rollback()
            if attempt == 2:
                raise


def run_chunk(db: Session, job_id: int, item_ids: list[int]) -> int:
    """Publish the chunk's items still to do; returns how many this call marked done (an
    item whose document the job already has is done with it, never published again)."""
    job = db.get(PublicationJob, job_id)
    if job is None:
        return 0
    computation = batch_of(job.kind)
    published = (
        _run_documents(db, job, item_ids)
        if computation is None
        else _run_batch(db, job, computation, item_ids)
    )
    job = db.get(PublicationJob, job_id)
    if job is not None:
        refresh(db, job)
        db.commit()
    return published


def _run_documents(db: Session, job: PublicationJob, item_ids: list[int]) -> int:
    kind, job_id = _kind(job), job.id
    items = {
        i.id: i for i in db.scalars(select(PublicationItem).where(PublicationItem.id.in_(item_ids)))
    }
    todo = [items[i] for i in item_ids if i in items]
    batch = prefetch(db, job, kind.code, [i.candidature_id for i in todo])
    published = 0
    for item_id in item_ids:
        item = db.get(PublicationItem, item_id)
        if item is None or item.job_id != job.id or item.state != ITEM_PENDING:
            continue
        try:
            _publish_item(db, job, kind, item, batch)
            published += 1
        except DocumentRefused as refused:
            db.rollback()
            _fail(db, item_id, refused.reason)
        except Exception:  # noqa: BLE001 - one candidature's failure never stops the job
            db.rollback()
            current_app.logger.exception("publication job %s, item %s", job_id, item_id)
            _fail(db, item_id, MSG_TECHNICAL)
    return published


def _run_batch(db: Session, job: PublicationJob, batch: BatchKind, item_ids: list[int]) -> int:
    """The chunk's items still to do in one transaction with the batch's work; one at a time
    again when it raises, so that only the failing candidature fails."""
    items = list(
        db.scalars(
            select(PublicationItem).where(
                PublicationItem.id.in_(item_ids),
                PublicationItem.job_id == job.id,
                PublicationItem.state == ITEM_PENDING,
            )
        )
    )
    if not items:
        return 0
    ids, job_id = [i.id for i in items], job.id
    try:
        reasons = batch.run(db, job, [i.candidature_id for i in items])
        now = utcnow()
        done = [i.id for i in items if not reasons.get(i.candidature_id)]
        for item in items:
            if reasons.get(item.candidature_id):
                item.state, item.reason, item.updated_at = (
                    ITEM_FAILED,
                    reasons[item.candidature_id],
                    now,
                )
        db.execute(
            update(PublicationItem)
            .where(PublicationItem.id.in_(done))
            .values(state=ITEM_DONE, reason="", updated_at=now)
            .execution_options(synchronize_session=False)
        )
        db.commit()
        return len(done)
    except Exception:  # noqa: BLE001 - one candidature's failure never stops the job
        db.rollback()
        if len(ids) == 1:
            current_app.logger.exception("%s job %s, item %s", batch.code, job_id, ids[0])
            _fail(db, ids[0], batch.technical)
            return 0
    job_again = db.get(PublicationJob, job_id)
    assert job_again is not None
    return sum(_run_batch(db, job_again, batch, [item_id]) for item_id in ids)


def refresh(db: Session, job: PublicationJob) -> None:
    """The job's counts from its items; finished when none is left to do (caller commits)."""
    counts: dict[str, int] = {
        state: count
        for state, count in db.execute(
            select(PublicationItem.state, func.count())
            .where(PublicationItem.job_id == job.id)
            .group_by(PublicationItem.state)
        )
    }
    job.total = sum(counts.values())
    job.done = counts.get(ITEM_DONE, 0)
    job.failed = counts.get(ITEM_FAILED, 0)
    now = utcnow()
    job.progressed_at = now
    if job.state == JOB_RUNNING and not counts.get(ITEM_PENDING, 0):
        job.state = JOB_DONE_WITH_FAILURES if job.failed else JOB_DONE
        job.finished_at = now


def restart(db: Session, job: PublicationJob) -> int:
    """Failed items are to do again; an interrupted job carries on from its items still to
    do (the caller commits, then queues the chunks). Returns the items to do."""
    if not can_restart(job):
        raise JobRefused(MSG_NOT_RESTARTABLE)
    db.execute(
        update(PublicationItem)
        .where(
            PublicationItem.job_id == job.id,
            PublicationItem.state == ITEM_FAILED,
        )
        .values(state=ITEM_PENDING, reason="", updated_at=utcnow())
    )
    job.restarts += 1
    job.finished_at = None
    job.progressed_at = utcnow()
    if job.state != JOB_PLANNING:
        job.state = JOB_RUNNING
    refresh(db, job)
    return int(job.total - job.done - job.failed)


def unchanged_count(db: Session, job_id: int) -> int:
    """The job's items done with a version an earlier job published (it still printed the
    same: a kind published only when changed)."""
    return int(
        db.scalar(
            select(func.count())
            .select_from(PublicationItem)
            .join(Document, Document.id == PublicationItem.document_id)
            .where(
                PublicationItem.job_id == job_id,
                PublicationItem.state == ITEM_DONE,
                Document.publication_job_id.is_distinct_from(job_id),
            )
        )
        or 0
    )


@dataclass(frozen=True)
class Failure:
    candidature_id: int
    inscription_number: str
    reason: str
    name: str = ""  # "MARTIN Léa": a pré-inscrit has no number yet


def failures(db: Session, job_id: int, limit: int = 200) -> list[Failure]:
    rows = db.execute(
        select(
            PublicationItem.candidature_id,
            Candidature.inscription_number,
            PublicationItem.reason,
            Account.nom_naissance,
            Account.prenoms,
        )
        .join(Candidature, Candidature.id == PublicationItem.candidature_id)
        .join(Account, Account.id == Candidature.account_id)
        .where(PublicationItem.job_id == job_id, PublicationItem.state == ITEM_FAILED)
        .order_by(PublicationItem.id)
        .limit(limit)
    ).all()
    return [
        Failure(r[0], r[1] or "", r[2], f"{(r[3] or '').upper()} {r[4] or ''}".strip())
        for r in rows
    ]
