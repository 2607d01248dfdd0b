"""Calculer les résultats: the stored result of every active candidature of a session part,
computed by a background job on the portal's job queue (web.documents.batches), chunk by
chunk, each chunk's results committed with its items."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from web.core.models import (
    JOB_DONE,
    JOB_DONE_WITH_FAILURES,
    JOB_PLANNING,
    JOB_RUNNING,
    Candidature,
    PublicationJob,
    SessionAcademy,
    registered_clause,
)
from web.documents.batches import BatchKind, register
from web.documents.jobs import INTERRUPTED
from web.registration.context import exam_of
from web.results.records import part_context, store_part_results

KIND = "resultats"
TITLE = "Calcul des résultats"
# The job's states agreeing with « calcul » (the publications' labels agree with « publication »).
STATE_LABELS = {
    JOB_PLANNING: "En préparation",
    JOB_RUNNING: "En cours",
    JOB_DONE: "Terminé",
    JOB_DONE_WITH_FAILURES: "Terminé avec des échecs",
    INTERRUPTED: "Interrompu",
}
MSG_TECHNICAL = "Erreur technique pendant le calcul du résultat : relancez le calcul."
MSG_INACTIVE = (
    "La candidature n'est plus active (désinscrite ou écartée) ou son inscription n'est pas "
    "terminée (pré-inscrite) : pas de résultat."
)
MSG_NO_EXAM = "L'examen de cette candidature n'est plus disponible sur le portail."
# A result costs a few milliseconds where a document's PDF costs a tenth of a second.
CHUNK_FACTOR = 20


def _candidates(session_id: int, academy_code: str) -> Select[Any]:
    return (
        select(Candidature.id)
        .where(
            Candidature.session_id == session_id,
            Candidature.academy_code == academy_code,
            registered_clause(),
        )
        .order_by(Candidature.id)
    )


def _run(db: Session, job: PublicationJob, ids: list[int]) -> dict[int, str]:
    exam = exam_of(job.session.exam_code)
    if exam is None:
        return dict.fromkeys(ids, MSG_NO_EXAM)
    kept = store_part_results(db, part_context(db, exam, job.session, job.academy_code), ids)
    return {i: MSG_INACTIVE for i in ids if i not in kept}


COMPUTATION = register(
    BatchKind(KIND, TITLE, _candidates, _run, MSG_TECHNICAL, chunk_factor=CHUNK_FACTOR)
)


def latest_job(db: Session, part: SessionAcademy) -> PublicationJob | None:
    """The part's last results computation, if any."""
    return db.scalar(
        select(PublicationJob)
        .where(
            PublicationJob.kind == KIND,
            PublicationJob.session_id == part.session_id,
            PublicationJob.academy_code == part.academy_code,
        )
        .order_by(PublicationJob.created_at.desc(), PublicationJob.id.desc())
        .limit(1)
    )
