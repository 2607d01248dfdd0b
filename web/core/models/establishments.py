"""The exam offices' own entries and changes to their academy's list of establishments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from web.core.models.base import Base, UTCDateTime, utcnow

ESTABLISHMENT_LABEL_MAX = 150


class EstablishmentEntry(Base):
    """An establishment the office added, or its change to one of the shipped list.

    The shipped list (exams/reference/etablissements.json) is never copied here: a row only
    exists for a code the office touched. For a shipped establishment, an empty `label` or
    `departement` means "as the shipped list says". Rows are never deleted (a closed
    establishment is deactivated) and a code never changes academy, so a candidature's stored
    code always finds its row again.
    """

    __tablename__ = "establishment"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)  # the candidatures' answer
    academy_code: Mapped[str] = mapped_column(String(40), index=True)
    uai: Mapped[str] = mapped_column(String(8), default="")
    label: Mapped[str] = mapped_column(String(ESTABLISHMENT_LABEL_MAX), default="")
    departement: Mapped[str] = mapped_column(String(3), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(254), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(254), default="")
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class EstablishmentListVersion(Base):
    """A random token per academy, replaced in the same transaction as any change to its rows.

    Every app process keeps the academy's merged list in memory under the token it read: a
    process that reads another token reloads. A random token rather than a counter or a
    timestamp, so that no two states of the table (nor two databases, such as a demo
    re-created under a running process) ever share one, whatever the processes' clocks say.
    """

    __tablename__ = "establishment_list_version"

    academy_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    token: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
