"""A candidature's published results as the candidate space shows them (None before the
publication): the result, its moment and the relevé de notes printing it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from engine.results import ResultDecision
from engine.spec.model import Exam
from web.core.models import Account, Candidature, Document
from web.results.publication import published_at
from web.results.records import current_decision
from web.results.statement import ensure_statement, kept_sentences


@dataclass(frozen=True)
class PublishedResults:
    decision: ResultDecision
    published: datetime
    statement: Document
    kept: tuple[str, ...]


def published_results(
    db: Session, exam: Exam, candidature: Candidature, account: Account
) -> PublishedResults | None:
    published = published_at(db, candidature)
    if published is None:
        return None
    decision = current_decision(db, exam, candidature)
    statement = ensure_statement(db, exam, candidature, account, decision, published)
    return PublishedResults(decision, published, statement, kept_sentences(decision))
