"""The results page of a session part, read from the stored results: the counts, the stale
ones, and one page of candidatures filtered by result and searched, in SQL."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, Select, case, func, select, true
from sqlalchemy.orm import Session, defer

from engine.results import STATUS_LABELS
from web.backoffice.candidatures.filters import classify, search_clause
from web.core.models import (
    Account,
    Candidature,
    Grade,
    ResultRecord,
    SessionAcademy,
    registered_clause,
)
from web.results.grades import GradeLike
from web.results.outcome import CONTROL_UNIT
from web.results.records import grades_of, stale_clause

PAGE_SIZE = 50
EXPORT_BATCH = 1000
STALE = "a_calculer"
# The result filter's choices, in the page's order: a stored result, or one to compute.
RESULT_FILTERS = (*STATUS_LABELS.items(), (STALE, "À calculer ou à recalculer"))
FILTER_CODES = frozenset(code for code, _ in RESULT_FILTERS)


@dataclass(frozen=True)
class ResultRow:
    candidature: Candidature
    account: Account
    record: ResultRecord | None
    stale: bool
    entered: int = 0  # grades stored for its units

    @property
    def name(self) -> str:
        return f"{self.account.nom_naissance} {self.account.prenoms}"


@dataclass(frozen=True)
class PartSummary:
    total: int  # active candidatures
    counts: dict[str, int]  # stored results per status (stale ones included)
    stale: int  # never computed, or computed from other inputs


@dataclass(frozen=True)
class ResultsPage:
    rows: tuple[ResultRow, ...]
    total: int  # the candidatures matching the filters
    page: int
    pages: int


def part_candidatures(db: Session, part: SessionAcademy) -> list[tuple[Candidature, Account]]:
    return [
        (c, a)
        for c, a in db.execute(
            select(Candidature, Account)
            .join(Account, Account.id == Candidature.account_id)
            .where(*_in_part(part))
            .order_by(Candidature.inscription_number, Candidature.id)
        )
    ]


def _in_part(part: SessionAcademy) -> tuple[ColumnElement[bool], ...]:
    return (
        Candidature.session_id == part.session_id,
        Candidature.academy_code == part.academy_code,
        registered_clause(),  # no pré-inscription: results are for registered ones
    )


def _joined(query: Any, part: SessionAcademy) -> Select[Any]:
    return query.outerjoin(ResultRecord, ResultRecord.candidature_id == Candidature.id).where(
        *_in_part(part)
    )


def summary(db: Session, part: SessionAcademy, context_hash: str) -> PartSummary:
    stale = case((stale_clause(context_hash), 1), else_=0)
    query = _joined(
        select(ResultRecord.status, func.count(), func.sum(stale)).select_from(Candidature), part
    ).group_by(ResultRecord.status)
    counts = dict.fromkeys(STATUS_LABELS, 0)
    total = stale_count = 0
    for status, count, stale_rows in db.execute(query):
        total += count
        stale_count += int(stale_rows or 0)
        if status is not None:
            counts[status] = count
    return PartSummary(total, counts, stale_count)


def computed_since(db: Session, part: SessionAcademy, moment: datetime) -> int:
    """The part's stored results computed after `moment` (the end of the last publication of
    the relevés): a corrected grade's candidate reads the new result in Mes notes while the
    relevé already published still says the old one, until the relevés are published again."""
    query = (
        select(func.count())
        .select_from(Candidature)
        .join(ResultRecord, ResultRecord.candidature_id == Candidature.id)
        .where(*_in_part(part), ResultRecord.computed_at > moment)
    )
    return db.scalar(query) or 0


def _matching(part: SessionAcademy, context_hash: str, status: str, query: str) -> Select[Any]:
    found = _joined(
        select(Candidature, Account, ResultRecord, stale_clause(context_hash))
        .options(defer(Candidature.answers))
        .select_from(Candidature)
        .join(Account, Account.id == Candidature.account_id),
        part,
    )
    if status == STALE:
        found = found.where(stale_clause(context_hash))
    elif status:
        found = found.where(ResultRecord.status == status)
    search = classify(query)
    if search.kind:
        clause = None if search.problem else search_clause(search)
        found = found.where(clause if clause is not None else ~true())
    return found


def _entered(db: Session, ids: list[int]) -> dict[int, int]:
    return dict(
        db.execute(
            select(Grade.candidature_id, func.count())
            .where(Grade.candidature_id.in_(ids), Grade.unit_code != CONTROL_UNIT)
            .group_by(Grade.candidature_id)
        ).all()
    )


def _count(db: Session, found: Select[Any]) -> int:
    return db.scalar(select(func.count()).select_from(found.order_by(None).subquery())) or 0


def count_of(db: Session, part: SessionAcademy, context_hash: str, status: str, query: str) -> int:
    return _count(db, _matching(part, context_hash, status, query))


def known_total(found: PartSummary, status: str, query: str) -> int | None:
    """How many candidatures the filters keep, when the part's counts already say it."""
    if query:
        return None
    if status == STALE:
        return found.stale
    return found.counts.get(status, 0) if status else found.total


def page_of(
    db: Session,
    part: SessionAcademy,
    context_hash: str,
    status: str,
    query: str,
    page: int,
    total: int | None = None,
) -> ResultsPage:
    """One page of the matching candidatures; `total` when known (known_total)."""
    found = _matching(part, context_hash, status, query)
    total = _count(db, found) if total is None else total
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = db.execute(
        found.order_by(Candidature.inscription_number, Candidature.id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    entered = _entered(db, [c.id for c, *_ in rows])
    return ResultsPage(
        tuple(ResultRow(c, a, r, bool(s), entered.get(c.id, 0)) for c, a, r, s in rows),
        total,
        page,
        pages,
    )


EXPORT_COLUMNS = (
    Candidature.id,
    Candidature.inscription_number,
    Account.candidate_number,
    Account.nom_naissance,
    Account.prenoms,
    Candidature.speciality_code,
    ResultRecord.candidature_id,
    ResultRecord.average_hundredths,
    ResultRecord.status,
    ResultRecord.mention,
    ResultRecord.control_hundredths,
    ResultRecord.explanation,
    ResultRecord.benefices,
)


@dataclass(frozen=True, slots=True)
class ExportRow:
    """What the export writes of one candidature: its columns only, never the ORM rows."""

    inscription_number: str | None
    candidate_number: str | None
    nom_naissance: str
    prenoms: str
    speciality_code: str
    computed: bool  # a stored result exists (the fields below are its)
    average_hundredths: int | None
    status: str | None
    mention: str | None
    control_hundredths: int | None
    explanation: str | None
    benefices: Mapping[str, str]
    stale: bool
    grades: Mapping[str, GradeLike]


def export_rows(
    engine: Engine, part: SessionAcademy, context_hash: str, status: str = "", query: str = ""
) -> Iterator[ExportRow]:
    """Every matching candidature in the page's order, read on its own connection as a
    stream of plain tuples (EXPORT_BATCH at a time), each batch's grades read with it. The
    query is built now, the rows read as the response is written."""
    found: Select[Any] = (
        _matching(part, context_hash, status, query)
        .with_only_columns(*EXPORT_COLUMNS, stale_clause(context_hash))
        .order_by(Candidature.inscription_number, Candidature.id)
    )
    return _streamed(engine, found)


def _streamed(engine: Engine, found: Select[Any]) -> Iterator[ExportRow]:
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=EXPORT_BATCH).execute(found)
        for batch in result.partitions():
            grades = grades_of(conn, [row[0] for row in batch])
            for cid, number, candidate, birth, first, speciality, record, *rest in batch:
                average, result_status, mention, control, explanation, kept, stale = rest
                yield ExportRow(
                    number,
                    candidate,
                    birth,
                    first,
                    speciality,
                    record is not None,
                    average,
                    result_status,
                    mention,
                    control,
                    explanation,
                    kept or {},
                    bool(stale),
                    grades[cid],
                )
