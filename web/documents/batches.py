"""Jobs that are not documents: work done per chunk of candidatures on the same queue, with the
same jobs, items, progress page and restart (web.documents.jobs).

A batch kind names the candidatures of a session part it works on and does a whole chunk in
one transaction (`run`): the items it returns no reason for are done with it, in the same
commit. A chunk that raises is done again one candidature at a time, so that only the
failing one is listed, with the kind's technical message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Select
from sqlalchemy.orm import Session

from web.core.models import PublicationJob


@dataclass(frozen=True)
class BatchKind:
    code: str
    title: str  # "Calcul des résultats"
    # The ids of the candidatures of a session and academy to work on, in id order.
    candidates: Callable[[int, str], Select[tuple[int]]]
    # Work on these candidatures (the caller commits); the French reason of each one that
    # cannot be done.
    run: Callable[[Session, PublicationJob, list[int]], dict[int, str]]
    technical: str  # the reason listed for a candidature whose work raised
    # Candidatures per chunk, in JOBS_CHUNK_SIZE (sized for a document's PDF): a cheaper
    # work takes bigger chunks.
    chunk_factor: int = 1


BATCHES: dict[str, BatchKind] = {}


def register(kind: BatchKind) -> BatchKind:
    BATCHES[kind.code] = kind
    return kind


def batch_of(code: str) -> BatchKind | None:
    return BATCHES.get(code)
