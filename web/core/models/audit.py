"""The back office's append-only audit log: who did what, when, with the values before/after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from web.core.models.base import Base, UTCDateTime, utcnow


class AuditEntry(Base):
    """One action of a staff member (or of the command line).

    Rows are only ever inserted: the migration installs triggers refusing UPDATE and DELETE
    on this table, on SQLite and PostgreSQL alike. The actor is copied (id and email), not a
    foreign key, so that no later change to an account can rewrite the history.
    """

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_email: Mapped[str] = mapped_column(String(254), default="")
    # The academy the action concerns ("" for national ones such as creating staff).
    academy_code: Mapped[str] = mapped_column(String(40), default="")
    action: Mapped[str] = mapped_column(String(60))
    target_type: Mapped[str] = mapped_column(String(40), default="")
    target_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (
        Index("ix_audit_entry_academy_at", "academy_code", "at"),
        Index("ix_audit_entry_target", "target_type", "target_id"),
    )
