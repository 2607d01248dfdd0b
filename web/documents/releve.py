"""The relevé de notes as a published document (kind `releve_notes`): the grades, result and
kept grades of a candidature, seen by the candidate from the results' publication moment.

Setting the results' publication on Notes et résultats starts its job; a job run again (a
grade corrected after the publication) gives version n + 1 only to the candidatures whose
relevé now prints something else.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from web.core.models import (
    DOCUMENT_STATEMENT,
    Candidature,
    Document,
    OutboxMessage,
    ResultsPublication,
)
from web.documents.kinds import DocumentKind, DocumentRefused, Subject, register
from web.documents.notify import subject_of
from web.results.grades import grades_of
from web.results.publication import publication_of
from web.results.records import current_decision
from web.results.shown import UNSETTLED
from web.results.statement import statement_data

MSG_NOT_PUBLISHED = (
    "Le moment de publication des résultats de cette session n'est pas fixé : fixez-le sur "
    "la page Notes et résultats, puis relancez la publication."
)
MSG_NO_GRADE = (
    "Aucune note n'est saisie pour cette candidature : saisissez ses notes, puis relancez la "
    "publication."
)

MSG_UNSETTLED = (
    "{status} : {explanation}. Le candidat lit que son résultat n'est pas encore arrêté ; "
    "complétez ses notes, puis relancez la publication des relevés."
)


def _publication(subject: Subject) -> ResultsPublication:
    candidature = subject.candidature
    found = publication_of(subject.db, candidature.session_id, candidature.academy_code)
    if found is None:
        raise DocumentRefused(MSG_NOT_PUBLISHED)
    return found


def statement(subject: Subject) -> dict[str, Any]:
    _publication(subject)
    if not grades_of(subject.db, subject.candidature.id):
        raise DocumentRefused(MSG_NO_GRADE)
    decision = current_decision(subject.db, subject.state.exam, subject.candidature)
    if decision.status in UNSETTLED:
        raise DocumentRefused(
            MSG_UNSETTLED.format(
                status=decision.status_label, explanation=decision.explanation.rstrip(".")
            )
        )
    return {"results": statement_data(decision)}


def visible_from(subject: Subject) -> datetime:
    return _publication(subject).publishes_at


def _every(query: Select[tuple[int]]) -> Select[tuple[int]]:
    return query


RELEVE_NOTES = register(
    DocumentKind(
        DOCUMENT_STATEMENT,
        "Relevé de notes",
        _every,
        statement,
        "À toutes les candidatures inscrites dont des notes sont saisies, visible à partir du "
        "moment de publication des résultats (Notes et résultats). Seules les candidatures "
        "dont le relevé a changé en reçoivent une nouvelle version.",
        visible_from=visible_from,
        only_when_changed=True,
        note="Une candidature dont le relevé n'a pas changé garde sa version déjà publiée.",
    )
)


def reschedule(
    db: Session, session_id: int, academy_code: str, old: datetime, new: datetime
) -> int:
    """The results' publication moved from `old` to `new`: the relevés published for `old`,
    and their mails not sent yet, follow it (the caller commits). How many relevés moved."""
    part = select(Candidature.id).where(
        Candidature.session_id == session_id, Candidature.academy_code == academy_code
    )
    moved = db.execute(
        update(Document)
        .where(
            Document.kind == DOCUMENT_STATEMENT,
            Document.visible_from == old,
            Document.candidature_id.in_(part),
        )
        .values(visible_from=new)
        .execution_options(synchronize_session=False)
    )
    accounts = select(Candidature.account_id).where(
        Candidature.session_id == session_id, Candidature.academy_code == academy_code
    )
    db.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.not_before == old,
            OutboxMessage.account_id.in_(accounts),
            OutboxMessage.subject.endswith(subject_of(RELEVE_NOTES.title)),
        )
        .values(not_before=new, next_attempt_at=new)
        .execution_options(synchronize_session=False)
    )
    return int(moved.rowcount or 0)  # type: ignore[attr-defined]
