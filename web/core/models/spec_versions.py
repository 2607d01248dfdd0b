"""The version of each exam's spec the portal serves, kept to serve it after its file changed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from web.core.models.base import Base, UTCDateTime, utcnow


class ServedSpec(Base):
    """The spec version served for an exam (its files as text), and the newer version of the
    exams folder it refused, if any, with the changes that would break candidatures.

    A new version of the file is served once it breaks no candidature of an open session
    (or its `migrations:` cover what it breaks); until then this one keeps serving.
    """

    __tablename__ = "served_spec"

    exam_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    source_hash: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(40))
    files: Mapped[dict[str, str]] = mapped_column(JSON)  # name → text, the spec first
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    refused_hash: Mapped[str] = mapped_column(String(64), default="")
    refused_version: Mapped[str] = mapped_column(String(40), default="")
    # {"affected": candidatures broken, "changes": [{"kind", "code", "old", "new",
    # "subject", "detail", "count"}]}: what the refused version breaks
    refusal: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    refused_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
