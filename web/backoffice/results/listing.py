"""The results page of a session part: every active candidature with its grades and result."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.decisions import UnitLine
from engine.results import STATUS_LABELS, ResultDecision
from engine.spec.model import Exam
from web.core.models import INACTIVE_STATES, Account, Candidature, Grade, SessionAcademy
from web.core.text import search_key
from web.results.grades import graded_units, grades_by_candidature, part_calendar, unit_lines
from web.results.outcome import decide

# The result filter's choices, in the page's order.
RESULT_FILTERS = tuple(STATUS_LABELS.items())


@dataclass(frozen=True)
class ResultRow:
    candidature: Candidature
    account: Account
    graded: tuple[UnitLine, ...]
    grades: dict[str, Grade]
    decision: ResultDecision

    @property
    def entered(self) -> int:
        return sum(1 for u in self.graded if u.code in self.grades)

    @property
    def name(self) -> str:
        return f"{self.account.nom_naissance} {self.account.prenoms}"


def part_candidatures(db: Session, part: SessionAcademy) -> list[tuple[Candidature, Account]]:
    return [
        (c, a)
        for c, a in db.execute(
            select(Candidature, Account)
            .join(Account, Account.id == Candidature.account_id)
            .where(
                Candidature.session_id == part.session_id,
                Candidature.academy_code == part.academy_code,
                Candidature.state.not_in(INACTIVE_STATES),
            )
            .order_by(Candidature.inscription_number, Candidature.id)
        )
    ]


def result_rows(
    db: Session, exam: Exam, part: SessionAcademy, status: str = "", query: str = ""
) -> list[ResultRow]:
    """The part's candidatures with their results, those matching the filters."""
    pairs = part_candidatures(db, part)
    wanted = search_key(query)
    if wanted:
        pairs = [
            (c, a)
            for c, a in pairs
            if wanted
            in search_key(
                f"{c.inscription_number} {a.nom_naissance} {a.nom_usage} "
                f"{a.prenoms} {a.candidate_number}"
            )
        ]
    grades = grades_by_candidature(db, [c.id for c, _ in pairs])
    calendar = part_calendar(db, part.session, part.academy_code)
    rows = []
    for candidature, account in pairs:
        stored = grades[candidature.id]
        lines = unit_lines(db, exam, candidature, calendar)
        row = ResultRow(
            candidature,
            account,
            graded_units(lines),
            stored,
            decide(db, exam, candidature, stored, lines),
        )
        if not status or row.decision.status == status:
            rows.append(row)
    return rows
