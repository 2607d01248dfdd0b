"""Stored results (web.core.models.ResultRecord): computing them in batches, and knowing when
one is stale.

What a session part shares is worked out once (`PartContext`: the session dates, the spec's
hash, the results rules of each speciality); each candidature then costs its unit lines and
its evaluation only, and is skipped when its fingerprint (context, answers, grades) is the
one stored. Rows are written with one upsert per batch, in the caller's transaction: the
grades and the results they give are committed together.

A result is stored only from the inputs it was computed from: each candidature's answers are
read with its `inputs_revision` (bumped by any write of its answers or grades), its
fingerprint is that of the very answers and grades evaluated, and before the write the
revision is read again, locked till the commit; a candidature changed meanwhile is not
written (its row stays stale, or absent for a first computation) and the next computation
takes it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Connection, bindparam, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from engine.answers import coerce_answers
from engine.conditions import SessionCalendar
from engine.results import ResultDecision, decision_from_json, decision_json, evaluate_result
from engine.rules import compute_units, selection
from engine.spec.model import Exam
from web.core.models import (
    Candidature,
    ExamSession,
    Grade,
    ResultRecord,
    registered_clause,
    utcnow,
)
from web.results.grades import GradeLike, graded_units, part_calendar
from web.results.outcome import CONTROL_UNIT, decide, grade_input

UPSERT_BATCH = 500
COLUMNS = (
    "status",
    "average_hundredths",
    "mention",
    "control_hundredths",
    "benefices",
    "explanation",
    "decision",
    "spec_version",
    "context_hash",
    "fingerprint",
    "stale",
    "units_graded",
    "computed_at",
)


class Answered(Protocol):
    """A candidature's id and stored answers (a Candidature, or only those columns)."""

    @property
    def id(self) -> int: ...

    @property
    def answers(self) -> Any: ...


class Read(Answered, Protocol):
    """Answers read with the revision of the candidature's inputs they were read at."""

    @property
    def inputs_revision(self) -> int: ...


@dataclass(frozen=True, slots=True)
class StoredGrade:
    status: str
    hundredths: int | None


Grades = Mapping[str, GradeLike]


def grades_of(db: Session | Connection, ids: Sequence[int]) -> dict[int, dict[str, GradeLike]]:
    """The candidatures' grades by unit, their columns only (a part reads hundreds of
    thousands)."""
    out: dict[int, dict[str, GradeLike]] = {i: {} for i in ids}
    for start in range(0, len(ids), UPSERT_BATCH):
        for cid, unit, status, hundredths in db.execute(
            select(Grade.candidature_id, Grade.unit_code, Grade.status, Grade.hundredths).where(
                Grade.candidature_id.in_(ids[start : start + UPSERT_BATCH])
            )
        ):
            out[cid][unit] = StoredGrade(status, hundredths)
    return out


def _digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class PartContext:
    """What every candidature of a session part is evaluated with."""

    exam: Exam
    year: int
    calendar: SessionCalendar
    context_hash: str


def part_context(db: Session, exam: Exam, session: ExamSession, academy_code: str) -> PartContext:
    calendar = part_calendar(db, session, academy_code)
    context = _digest(
        [
            exam.source_hash,
            calendar.year,
            calendar.start,
            calendar.registration_close,
            calendar.pieces_deadline,
            calendar.academy,
        ]
    )
    return PartContext(exam, session.year, calendar, context)


def fingerprint(context: PartContext, answers: Any, grades: Grades) -> str:
    """A hash of everything a candidature's result is computed from."""
    stored = sorted((code, g.status, g.hundredths) for code, g in grades.items())
    return _digest([context.context_hash, answers, stored])


@dataclass(frozen=True)
class Computed:
    decision: ResultDecision
    units_graded: int


def evaluate(context: PartContext, candidature: Answered, grades: Grades) -> Computed:
    """The candidature's result from its answers and grades (no database access)."""
    exam = context.exam
    answers = coerce_answers(candidature.answers)
    lines = compute_units(exam, answers, context.calendar)
    sel = selection(exam, answers["fields"])
    inputs = {code: grade_input(g) for code, g in grades.items() if code != CONTROL_UNIT}
    decision = evaluate_result(
        exam,
        lines,
        inputs,
        session_year=context.year,
        speciality=sel.speciality.code if sel.speciality else None,
        control_grade=grade_input(grades.get(CONTROL_UNIT)),
    )
    return Computed(decision, len(graded_units(lines)))


def _hundredths(value: Decimal | None) -> int | None:
    return None if value is None else int(value * 100)


def _row(
    context: PartContext, candidature_id: int, computed: Computed, mark: str, now: datetime
) -> dict[str, Any]:
    d = computed.decision
    return {
        "candidature_id": candidature_id,
        "status": d.status,
        "average_hundredths": _hundredths(d.average),
        "mention": d.mention_label,
        "control_hundredths": _hundredths(d.control.grade if d.control else None),
        "benefices": {ln.code: ln.grade_text for ln in d.lines if ln.source == "benefice"},
        "explanation": d.explanation,
        "decision": decision_json(d),
        "spec_version": context.exam.version,
        "context_hash": context.context_hash,
        "fingerprint": mark,
        "stale": False,
        "units_graded": computed.units_graded,
        "computed_at": now,
    }


def _upsert(db: Session, rows: list[dict[str, Any]]) -> None:
    """Insert or replace each row, unless its stored row changed since it was read (its
    revision, bumped by whoever marks it stale or writes it): that newer state wins."""
    dialect = db.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    table = ResultRecord.__table__
    for start in range(0, len(rows), UPSERT_BATCH):
        insert = module.insert(table)
        statement = insert.on_conflict_do_update(
            index_elements=["candidature_id"],
            set_={
                **{name: insert.excluded[name] for name in COLUMNS},
                "revision": table.c.revision + 1,
            },
            where=table.c.revision == bindparam("read_revision"),
        )
        db.execute(statement, rows[start : start + UPSERT_BATCH])


def _known(db: Session, ids: Sequence[int]) -> dict[int, tuple[str, bool, int]]:
    """The stored rows' fingerprint, stale flag and revision, read before the inputs."""
    out: dict[int, tuple[str, bool, int]] = {}
    for start in range(0, len(ids), UPSERT_BATCH):
        for cid, mark, stale, revision in db.execute(
            select(
                ResultRecord.candidature_id,
                ResultRecord.fingerprint,
                ResultRecord.stale,
                ResultRecord.revision,
            ).where(ResultRecord.candidature_id.in_(ids[start : start + UPSERT_BATCH]))
        ):
            out[cid] = (mark, stale, revision)
    return out


def _locked_revisions(db: Session, ids: Sequence[int]) -> dict[int, int]:
    """The candidatures' inputs_revision now, held until the commit: on PostgreSQL their rows
    are locked (FOR SHARE: a change of their answers or grades waits, then marks the result
    stored here stale); SQLite has one writer at a time, so a write takes its lock first."""
    table = Candidature.__table__
    if ids and db.get_bind().dialect.name == "sqlite":
        db.execute(
            update(table)
            .where(table.c.id == ids[0])
            .values(inputs_revision=table.c.inputs_revision)
        )
    out: dict[int, int] = {}
    for start in range(0, len(ids), UPSERT_BATCH):
        out.update(
            db.execute(
                select(table.c.id, table.c.inputs_revision)
                .where(table.c.id.in_(ids[start : start + UPSERT_BATCH]))
                .order_by(table.c.id)
                .with_for_update(read=True)
            ).all()
        )
    return out


def _store(
    db: Session,
    context: PartContext,
    known: dict[int, tuple[str, bool, int]],
    candidatures: Sequence[Read],
    grades: Mapping[int, Grades],
) -> int:
    """Evaluate each candidature whose fingerprint changed, from the very answers and grades
    read (its fingerprint is theirs), and store it unless its inputs changed since they were
    read: that one stays stale (or not computed) for the next computation."""
    now = utcnow()
    rows, unchanged = [], []
    read_at: dict[int, int] = {}
    for candidature in candidatures:
        own = grades.get(candidature.id, {})
        mark = fingerprint(context, candidature.answers, own)
        found = known.get(candidature.id)
        if found is not None and found[0] == mark:
            if found[1]:
                read_at[candidature.id] = candidature.inputs_revision
                unchanged.append({"cid": candidature.id, "read_revision": found[2]})
            continue
        row = _row(context, candidature.id, evaluate(context, candidature, own), mark, now)
        row["read_revision"] = found[2] if found is not None else -1
        read_at[candidature.id] = candidature.inputs_revision
        rows.append(row)
    current = _locked_revisions(db, sorted(read_at))
    kept = {cid for cid, revision in read_at.items() if current.get(cid) == revision}
    unchanged = [u for u in unchanged if u["cid"] in kept]
    if unchanged:
        table = ResultRecord.__table__
        db.execute(
            update(table)
            .where(
                table.c.candidature_id == bindparam("cid"),
                table.c.revision == bindparam("read_revision"),
            )
            .values(stale=False, revision=table.c.revision + 1),
            unchanged,
        )
    _upsert(db, [r for r in rows if r["candidature_id"] in kept])
    return len(rows)


@dataclass(frozen=True, slots=True)
class Inputs:
    """What a candidature's result is computed from (its columns only), with the revision
    of its inputs they were read at."""

    id: int
    answers: Any
    inputs_revision: int


def _inputs(db: Session, ids: Sequence[int], *clauses: ColumnElement[bool]) -> list[Inputs]:
    """The candidatures' answers and inputs_revision, read together (one row each)."""
    out: list[Inputs] = []
    for start in range(0, len(ids), UPSERT_BATCH):
        out.extend(
            Inputs(cid, answers, revision)
            for cid, answers, revision in db.execute(
                select(Candidature.id, Candidature.answers, Candidature.inputs_revision).where(
                    Candidature.id.in_(ids[start : start + UPSERT_BATCH]), *clauses
                )
            )
        )
    return out


def store_results(db: Session, context: PartContext, candidatures: Sequence[Answered]) -> int:
    """Compute and store the result of each candidature whose inputs changed since it was
    stored (the caller commits, with the grades it wrote); how many were computed. Their
    answers are read again from the database, with their inputs' revision."""
    db.flush()  # pending grades and answers first: they mark their records stale
    ids = [c.id for c in candidatures]
    known = _known(db, ids)
    return _store(db, context, known, _inputs(db, ids), grades_of(db, ids))


def store_part_results(db: Session, context: PartContext, ids: Sequence[int]) -> set[int]:
    """store_results for candidatures named by id, read here (their stored rows first: one
    changed meanwhile keeps its newer state); the ids of the active ones."""
    known = _known(db, ids)
    active = _inputs(db, ids, registered_clause())
    _store(db, context, known, active, grades_of(db, [c.id for c in active]))
    return {c.id for c in active}


def store_for(db: Session, exam: Exam, candidatures: Iterable[Candidature]) -> int:
    """store_results for candidatures of any parts (a grade entry, an import)."""
    by_part: dict[tuple[int, str], list[Candidature]] = {}
    for c in candidatures:
        by_part.setdefault((c.session_id, c.academy_code), []).append(c)
    computed = 0
    for (session_id, academy), group in by_part.items():
        session = db.get(ExamSession, session_id)
        assert session is not None
        computed += store_results(db, part_context(db, exam, session, academy), group)
    return computed


def stale_clause(context_hash: str) -> ColumnElement[bool]:
    """Rows (candidatures outer-joined to their record) whose stored result is missing or
    stale."""
    return or_(
        ResultRecord.candidature_id.is_(None),
        ResultRecord.stale.is_(True),
        ResultRecord.context_hash != context_hash,
    )


def fresh_decision(
    db: Session, context: PartContext, candidature: Candidature
) -> ResultDecision | None:
    """The stored decision when it is the one the current inputs give, else None."""
    record = db.get(ResultRecord, candidature.id)
    if record is None or record.stale or record.context_hash != context.context_hash:
        return None
    grades = grades_of(db, [candidature.id])[candidature.id]
    if record.fingerprint != fingerprint(context, candidature.answers, grades):
        return None
    return decision_from_json(record.decision)


def current_decision(db: Session, exam: Exam, candidature: Candidature) -> ResultDecision:
    """The candidature's result: the stored one when it is fresh, else computed now."""
    context = part_context(db, exam, candidature.session, candidature.academy_code)
    found = fresh_decision(db, context, candidature)
    return found if found is not None else decide(db, exam, candidature)
