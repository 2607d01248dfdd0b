"""The preview's candidate: a dummy identity, a dummy session and one draft kept in memory.

Nothing here reads or writes a database: the draft is the page's `Draft` (web.registration
.page) held by the preview app for as long as it runs, and the identity is the candidate
the engine's sample confirmation prints (engine.confirmation.samples).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from flask_login import UserMixin

from engine.conditions import SessionCalendar
from engine.spec.model import Exam
from engine.wizard import initial_answers

ACADEMY = "reims"
PREVIEW_YEAR_OFFSET = 1  # the session shown is next year's, opening in June


@dataclass(frozen=True)
class DummySession:
    year: int

    @property
    def label(self) -> str:
        return f"JUIN {self.year}"

    @property
    def calendar(self) -> SessionCalendar:
        return SessionCalendar(
            year=self.year,
            start=date(self.year, 6, 1),
            registration_close=date(self.year - 1, 12, 15),
            academy=ACADEMY,
        )

    @property
    def saved_at(self) -> datetime:
        return datetime(self.year - 1, 11, 3, 9, 30, tzinfo=UTC)


class DummyCandidate(UserMixin):  # type: ignore[misc]  # flask_login ships no types
    """The account the preview registers as: what the wizard's header and `from_account`
    fields read (web.registration.context.ACCOUNT_KEYS)."""

    id = 0
    role = "candidate"
    is_staff = False
    candidate_number = ""
    sexe = "F"
    nom_naissance = "MARTIN"
    nom_usage = ""
    prenoms = "Julie Anne"
    date_naissance = date(1996, 4, 12)
    pays_naissance = "FRA"
    departement_naissance = "51"
    commune_naissance = "51454"
    email = "julie.martin@example.fr"
    display_name = "Julie Anne MARTIN (aperçu)"

    def get_id(self) -> str:
        return "apercu"


@dataclass
class PreviewDraft:
    """The in-memory draft: the attributes a wizard page reads of a CandidatureDraft."""

    session: DummySession
    answers: dict[str, Any]
    reached_tab: str
    id: int = 1
    draft_key: str = "apercu"
    revision: int = 1
    academy_code: str = ACADEMY
    candidature_id: int | None = None


@dataclass
class DraftHolder:
    """The preview's one draft, started afresh for a new exam code (or on request)."""

    session: DummySession = field(
        default_factory=lambda: DummySession(date.today().year + PREVIEW_YEAR_OFFSET)
    )
    draft: PreviewDraft | None = None
    exam_code: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def of(self, exam: Exam, account: dict[str, Any]) -> PreviewDraft:
        with self.lock:
            if self.draft is None or self.exam_code != exam.code:
                self.draft = PreviewDraft(
                    self.session, initial_answers(exam, account), exam.tabs[0].code
                )
                self.exam_code = exam.code
            return self.draft

    def store(self, answers: dict[str, Any], reached: str | None = None) -> None:
        with self.lock:
            assert self.draft is not None
            self.draft.answers = answers
            if reached:
                self.draft.reached_tab = reached
            self.draft.revision += 1

    def reset(self) -> None:
        with self.lock:
            self.draft = None
