"""Which version of each exam's spec the portal serves: a new version of the exams folder is
served once it breaks no candidature of an open session, else the previous one keeps serving.

The served version of each exam is kept in the database (`ServedSpec`: its files as text),
so every app server serves the same one and a restart does not lose it. When the file
changes, the engine's diff (engine.spec.diff) between the served version and the new one
says what breaks; the new spec's `migrations:` rules may cover it (engine.spec.migrate).
A new version is accepted when no candidature of an open session is affected by an
uncovered breaking change; its `choices:`/`units:` rules then rewrite the saved answers.
Otherwise the refusal is logged and recorded for the back office's Sessions page.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app, g
from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from engine.snapshots import SnapshotError, restore, snapshot
from engine.spec.changes import Change
from engine.spec.diff import diff_exams
from engine.spec.migrate import matches, migrate_answers, uncovered
from engine.spec.model import Exam
from engine.specs import check_spec
from web.core import db as database
from web.core.catalogue import part_join
from web.core.models import (
    INACTIVE_STATES,
    Candidature,
    CandidatureDraft,
    ExamSession,
    ServedSpec,
    SessionAcademy,
    utcnow,
)
from web.registration.indexing import apply_filter_columns

# A refusal is decided again after this long: sessions close, candidatures withdraw.
RECHECK_SECONDS = 30.0
# `refused_hash` of an exam whose spec is missing from the folder or has errors.
ABSENT = "absent"

_lock = threading.Lock()
# (database, exam code, source hash): versions of the folder known to be the served ones,
# served without reading the database again (the steady state of every request).
_confirmed: set[tuple[str, str, str]] = set()
_known: dict[str, frozenset[str]] = {}  # database → the exam codes it has a served version of
# (database, exam code, served hash) → (when decided, served): a spec gone from the folder
_absent: dict[tuple[str, str, str], tuple[float, bool]] = {}
_snapshots: dict[str, Exam | None] = {}  # source hash → the served version, compiled
# (database, served hash, new hash) → when it was last refused
_refused: dict[tuple[str, str, str], float] = {}


@dataclass(frozen=True)
class Refusal:
    """A version of the exams folder the portal does not serve, for the back office."""

    exam_code: str
    served_version: str
    refused_version: str
    refused_at: Any
    changes: tuple[dict[str, Any], ...]

    affected: int  # candidatures of open sessions it breaks
    absent: bool = False  # the spec left the folder (or has errors): no new version at all


def served(folder: Mapping[str, Exam]) -> dict[str, Exam]:
    """The exams to serve, by code: the folder's, or for an exam whose new version is
    refused, the version served before. Once per request; never fails on the database."""
    memo = g.get("served_exams")
    if memo is not None and memo[0] == tuple(e.source_hash for e in folder.values()):
        return dict(memo[1])
    try:
        out = _served(folder)
    except SQLAlchemyError:
        current_app.logger.exception("cannot read the served spec versions")
        out = dict(folder)
    g.served_exams = (tuple(e.source_hash for e in folder.values()), out)
    return dict(out)


def _session() -> Session:
    """A session of its own: accepting a version commits, whatever the request does."""
    # Outside the request pool: a burst of requests holding every pooled connection at the
    # first look at a new version would otherwise each wait for a second one.
    return database.side_session()


def _served(folder: Mapping[str, Exam]) -> dict[str, Exam]:
    url = str(current_app.extensions["examforms.engine"].url)
    if _known.get(url, frozenset()) <= folder.keys() and all(
        (url, code, e.source_hash) in _confirmed for code, e in folder.items()
    ):
        return dict(folder)
    out = dict(folder)
    db = _session()
    try:
        rows = {r.exam_code: r for r in db.scalars(select(ServedSpec))}
        for code in rows.keys() - folder.keys():
            kept = _kept(db, url, rows[code])
            if kept is not None:
                out[code] = kept
        for code, exam in folder.items():
            row = rows.get(code)
            if row is None:
                _record(db, exam)
            elif row.source_hash == exam.source_hash:
                if row.refused_hash:  # the refused file was put back as it was served
                    row.refused_hash, row.refused_version, row.refusal = "", "", {}
                    db.commit()
            else:
                previous = _compiled(row)
                if previous is not None and not _accept(db, row, previous, exam):
                    out[code] = previous
    finally:
        db.close()
    with _lock:
        _confirmed.update(
            (url, c, e.source_hash) for c, e in out.items() if c in folder and e is folder[c]
        )
        _known[url] = frozenset(rows) | frozenset(folder)
    return out


def _kept(db: Session, url: str, row: ServedSpec) -> Exam | None:
    """The served version of an exam whose spec left the folder (removed, or with errors),
    while candidatures of its open sessions need it; the office is told."""
    key = (url, row.exam_code, row.source_hash)
    decided = _absent.get(key)
    if decided is not None and time.monotonic() - decided[0] < RECHECK_SECONDS:
        return _compiled(row) if decided[1] else None
    previous = _compiled(row)
    count = len(_open_candidatures(db, row.exam_code)) if previous is not None else 0
    with _lock:
        _absent[key] = (time.monotonic(), bool(count))
        # Once the file is back, the next page must read the row again to clear the notice.
        _confirmed.discard(key)
    if not count:
        return None
    notice = {"affected": count, "changes": [], "absent": True}
    if row.refused_hash != ABSENT or row.refusal != notice:
        current_app.logger.warning(
            "spec %s: missing from the exams folder or with errors; version %s keeps serving "
            "the %d candidatures of its open sessions",
            row.exam_code,
            row.version,
            count,
        )
        row.refused_hash, row.refused_version, row.refusal = ABSENT, "", notice
        row.refused_at = utcnow()
        db.commit()
    return previous


def _files_of(exam: Exam) -> dict[str, str]:
    return snapshot(check_spec(exam.path))


def _record(db: Session, exam: Exam) -> None:
    """The first version of an exam the portal serves, kept."""
    db.add(
        ServedSpec(
            exam_code=exam.code,
            source_hash=exam.source_hash,
            version=exam.version,
            files=_files_of(exam),
            refusal={},
        )
    )
    try:
        db.commit()
    except SQLAlchemyError:  # another server recorded it first
        db.rollback()


def _compiled(row: ServedSpec) -> Exam | None:
    """The served version compiled from its kept files (None when the engine no longer
    accepts them: the folder's version is served then)."""
    if row.source_hash in _snapshots:
        return _snapshots[row.source_hash]
    try:
        exam = restore(row.files).exam
    except (SnapshotError, OSError, UnicodeError):
        exam = None
    if exam is None:
        current_app.logger.warning(
            "the served version of spec %s no longer compiles; serving the exams folder's version",
            row.exam_code,
        )
    with _lock:
        _snapshots[row.source_hash] = exam
    return exam


def _accept(db: Session, row: ServedSpec, previous: Exam, exam: Exam) -> bool:
    """Serve `exam` instead of `previous` if it breaks no candidature of an open session
    (True), else record the refusal (False)."""
    key = (str(db.get_bind().engine.url), previous.source_hash, exam.source_hash)
    decided = _refused.get(key)
    if decided is not None and time.monotonic() - decided < RECHECK_SECONDS:
        return False
    changes = [c for c in diff_exams(previous, exam) if c.level == "breaking"]
    counts, broken = _breaking_counts(db, changes, exam, previous.version)
    if broken:
        _refuse(db, row, exam, changes, counts, broken)
        with _lock:
            _refused[key] = time.monotonic()
        return False
    done = db.execute(
        update(ServedSpec)
        .where(ServedSpec.exam_code == row.exam_code, ServedSpec.source_hash == row.source_hash)
        .values(
            source_hash=exam.source_hash,
            version=exam.version,
            files=_files_of(exam),
            accepted_at=utcnow(),
            refused_hash="",
            refused_version="",
            refusal={},
            refused_at=None,
        )
    )
    if getattr(done, "rowcount", 1) == 1 and exam.migrations:
        _migrate(db, exam, previous.version)
    db.commit()
    current_app.logger.info(
        "spec %s: version %s served (was %s)", exam.code, exam.version, previous.version
    )
    return True


def _open_candidatures(db: Session, exam_code: str) -> list[tuple[Candidature, int]]:
    """Active candidatures of the exam's sessions still open in their academy, with the
    session's year."""
    rows = db.execute(
        select(Candidature, ExamSession.year)
        .join(ExamSession, ExamSession.id == Candidature.session_id)
        .outerjoin(SessionAcademy, part_join(Candidature.session_id, Candidature.academy_code))
        .where(
            Candidature.exam_code == exam_code,
            Candidature.state.not_in(INACTIVE_STATES),
            ExamSession.closed.is_(False),
            SessionAcademy.closed_at.is_(None),
        )
    )
    return [(c, year) for c, year in rows]


def _breaking_counts(
    db: Session, changes: list[Change], exam: Exam, old_version: str
) -> tuple[dict[int, int], int]:
    """For each breaking change (by index), how many candidatures of open sessions it
    breaks that no migration rule covers for their session; and how many in all."""
    counts = dict.fromkeys(range(len(changes)), 0)
    broken = 0
    if not changes:
        return counts, broken
    by_year: dict[int, set[int]] = {}
    for candidature, year in _open_candidatures(db, exam.code):
        if year not in by_year:
            left = {id(c) for c in uncovered(changes, exam, old_version, session_year=year)}
            by_year[year] = {i for i, c in enumerate(changes) if id(c) in left}
        hit = [i for i in by_year[year] if matches(changes[i].match, candidature.answers or {})]
        for i in hit:
            counts[i] += 1
        broken += bool(hit)
    return counts, broken


def _refuse(
    db: Session,
    row: ServedSpec,
    exam: Exam,
    changes: list[Change],
    counts: dict[int, int],
    broken: int,
) -> None:
    listed = [
        {
            "kind": c.kind,
            "code": c.code,
            "old": c.old,
            "new": c.new,
            "subject": c.subject,
            "detail": c.detail,
            "within": c.within,
            "count": counts[i],
        }
        for i, c in enumerate(changes)
        if counts[i]
    ]
    refusal = {"affected": broken, "changes": listed}
    if row.refused_hash != exam.source_hash or row.refusal != refusal:
        current_app.logger.warning(
            "spec %s: version %s not served, version %s keeps serving: it breaks candidatures "
            "of open sessions without a migration rule (%s)",
            exam.code,
            exam.version,
            row.version,
            "; ".join(f"{c['subject']}: {c['detail']} ({c['count']})" for c in listed),
        )
        row.refused_hash = exam.source_hash
        row.refused_version = exam.version
        row.refusal = refusal
        row.refused_at = utcnow()
        db.commit()


def _migrate(db: Session, exam: Exam, old_version: str) -> None:
    """Saved answers and drafts rewritten by the new version's choices:/units: rules."""
    if not any(r.choices or r.units for r in exam.migrations):
        return
    for candidature in db.scalars(select(Candidature).where(Candidature.exam_code == exam.code)):
        version = candidature.spec_version or old_version
        answers = migrate_answers(exam, candidature.answers or {}, version)
        if answers != candidature.answers:
            candidature.answers = answers
            apply_filter_columns(candidature, exam)
    for draft in db.scalars(
        select(CandidatureDraft).where(CandidatureDraft.exam_code == exam.code)
    ):
        answers = migrate_answers(exam, draft.answers or {}, old_version)
        if answers != draft.answers:
            draft.answers = answers


def refusals(db: Session) -> list[Refusal]:
    """The new spec versions the portal does not serve, for the exam office."""
    rows = db.scalars(
        select(ServedSpec).where(ServedSpec.refused_hash != "").order_by(ServedSpec.exam_code)
    )
    return [
        Refusal(
            r.exam_code,
            r.version,
            r.refused_version,
            r.refused_at,
            tuple((r.refusal or {}).get("changes") or ()),
            int((r.refusal or {}).get("affected") or 0),
            bool((r.refusal or {}).get("absent")),
        )
        for r in rows
    ]


def forget() -> None:
    """Drop the process's caches (tests)."""
    with _lock:
        _snapshots.clear()
        _refused.clear()
        _confirmed.clear()
        _known.clear()
        _absent.clear()
