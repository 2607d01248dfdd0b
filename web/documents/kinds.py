"""The kinds of document the office publishes: who receives one, and what its template prints.

A kind is registered once (`register`); the job machinery, the back-office pages and Mes
documents know kinds only through this registry, so a new kind (a relevé de notes) plugs in
with its eligibility, its data and a template named by the exams' `documents:` mapping.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from engine.wizard import WizardState
from web.core.models import Candidature, registered_clause


class DocumentRefused(Exception):
    """This candidature cannot have the document now: the French reason the office reads."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _each_time(_key: Hashable, make: Callable[[], Any]) -> Any:
    return make()


@dataclass(frozen=True)
class Subject:
    """What a kind's data is built from: one candidature, its saved state, the database."""

    db: Session
    candidature: Candidature
    state: WizardState
    # once(key, make): what the items of a chunk share (a session's timetable), made once.
    once: Callable[[Hashable, Callable[[], Any]], Any] = _each_time


@dataclass(frozen=True)
class DocumentKind:
    code: str
    title: str  # "Convocation aux épreuves", as Mes documents lists it
    # Which candidatures of a session and academy get one (only active ones are ever given).
    eligible: Callable[[Select[tuple[int]]], Select[tuple[int]]]
    # The kind's own data for the template; raises DocumentRefused.
    data: Callable[[Subject], dict[str, Any]]
    # Shown on "Publier des documents" under the kind's name.
    description: str = ""
    # The moment from which the candidate sees the document (None: once published).
    visible_from: Callable[[Subject], datetime | None] | None = None
    # A new job gives a new version only to the candidatures whose document would print
    # something else than their latest version (the relevé de notes after a correction).
    only_when_changed: bool = False
    # Shown on the job's page under its counts.
    note: str = ""


KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    KINDS[kind.code] = kind
    return kind


def kind_of(code: str) -> DocumentKind | None:
    return KINDS.get(code)


def candidates_of(kind: DocumentKind, session_id: int, academy_code: str) -> Select[tuple[int]]:
    """The ids of the candidatures that get `kind` in a session and academy, in id order: the
    registered ones (a pupil's pré-inscription, not completed yet, gets no document)."""
    base = select(Candidature.id).where(
        Candidature.session_id == session_id,
        Candidature.academy_code == academy_code,
        registered_clause(),
    )
    return kind.eligible(base).order_by(Candidature.id)


def title_of(code: str) -> str:
    found = KINDS.get(code)
    return found.title if found is not None else code
