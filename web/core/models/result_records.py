"""Stored results: each candidature's result as last computed, and what it was computed from.

The results page, its export and the publication read these rows instead of evaluating every
candidature on each request. A row is stale when its inputs changed since: the flush that
writes a candidature's new answers or a grade marks its row (`stale`), and a row computed
with another spec or other session dates has another `context_hash` than the part's today
(web.results.records). `fingerprint` hashes every input, so a single result can be checked
exactly (Mes notes) and a recomputation skips the unchanged ones.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
    update,
)
from sqlalchemy import inspect as inspect_state
from sqlalchemy.orm import Mapped, Session, mapped_column

from web.core.models.base import Base, UTCDateTime, utcnow
from web.core.models.candidatures import Candidature
from web.core.models.results import Grade


class ResultRecord(Base):
    """The result computed for one candidature (engine.results' decision, as JSON)."""

    __tablename__ = "result_record"

    candidature_id: Mapped[int] = mapped_column(
        ForeignKey("candidature.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(20))
    # The overall average in hundredths (12,61 is 1261); None when there is none.
    average_hundredths: Mapped[int | None] = mapped_column(Integer)
    mention: Mapped[str] = mapped_column(String(60), default="")  # its French label
    control_hundredths: Mapped[int | None] = mapped_column(Integer)  # the second group's
    # The grades kept from earlier sessions, by unit, as printed ("14,00"): the export's.
    benefices: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    explanation: Mapped[str] = mapped_column(Text, default="")
    # engine.results.decision_json (read for one candidature only: lists never load it).
    decision: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    spec_version: Mapped[str] = mapped_column(String(40), default="")
    # The spec's source and the session dates it was computed with (the same for a part).
    context_hash: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(64))  # context, answers and grades
    stale: Mapped[bool] = mapped_column(Boolean, default=False)
    # +1 at each write or stale mark: a computation writes only over the row it read.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    units_graded: Mapped[int] = mapped_column(Integer, default=0)  # units the office grades
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (Index("ix_result_record_status", "status"),)


def _changed_candidatures(session: Session) -> set[int]:
    """The candidatures whose answers or grades this flush writes."""
    ids: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Grade) and obj.candidature_id is not None:
            ids.add(obj.candidature_id)
        elif (
            isinstance(obj, Candidature)
            and obj.id is not None
            and inspect_state(obj).attrs.answers.history.has_changes()
        ):
            ids.add(obj.id)
    return ids


def inputs_changed(connection: Connection, ids: list[int]) -> None:
    """The candidatures' answers or grades are being written: bump their inputs_revision (so
    a result computed meanwhile is not stored as fresh, even a first one with no row yet to
    mark) and make their stored results stale. The candidature first: a computation holding
    it (records._locked_revisions) makes this wait for its commit, then marks its row."""
    if not ids:
        return
    connection.execute(
        update(Candidature)
        .where(Candidature.id.in_(ids))
        .values(inputs_revision=Candidature.inputs_revision + 1)
    )
    connection.execute(
        update(ResultRecord)
        .where(ResultRecord.candidature_id.in_(ids))
        .values(stale=True, revision=ResultRecord.revision + 1)
    )


@event.listens_for(Session, "before_flush")
def _mark_stale(session: Session, _context: Any, _instances: Any) -> None:
    """Whoever changes a candidature's answers or grades through a session makes its stored
    result stale (inputs_changed)."""
    ids = sorted(_changed_candidatures(session))
    if ids:
        inputs_changed(session.connection(), ids)
