"""A candidature's published results as the candidate space shows them (None before the
publication): the result, its moment and the relevé de notes once its publication job has
given it one (never rendered here: web.documents.releve publishes it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from engine.results import ResultDecision
from engine.spec.model import Exam
from web.core.models import DOCUMENT_STATEMENT, Candidature, Document, utcnow
from web.results.publication import published_at
from web.results.records import current_decision
from web.results.statement import kept_sentences

# Results the rules could not settle (grades missing, a rule the spec lacks): published, the
# candidate reads that the result is not settled yet, and no relevé is given.
UNSETTLED = ("incomplet", "non_calculable")


@dataclass(frozen=True)
class PublishedResults:
    decision: ResultDecision
    published: datetime
    statement: Document | None
    kept: tuple[str, ...]

    @property
    def settled(self) -> bool:
        return self.decision.status not in UNSETTLED


def published_statement(candidature: Candidature, now: datetime | None = None) -> Document | None:
    """The latest relevé de notes the candidate may see, if one is published."""
    now = now or utcnow()
    shown = [d for d in candidature.documents if d.kind == DOCUMENT_STATEMENT and d.is_visible(now)]
    return max(shown, key=lambda d: d.version) if shown else None


def published_results(db: Session, exam: Exam, candidature: Candidature) -> PublishedResults | None:
    published = published_at(db, candidature)
    if published is None or not candidature.is_registered:
        return None  # a pré-inscription never completed has no result
    decision = current_decision(db, exam, candidature)
    return PublishedResults(
        decision, published, published_statement(candidature), kept_sentences(decision)
    )
