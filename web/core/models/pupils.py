"""School pupils pre-registered by the exam office's import, with their class and login."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.core.models.accounts import Account
from web.core.models.base import Base, UTCDateTime, utcnow
from web.core.models.candidatures import Candidature


class SchoolPupil(Base):
    """One imported pupil: their account (login `nom.prenomN`), candidature and class.

    `identity_key` (names without accents, birth date) refuses a second import of the same
    pupil into a session; `login_base` and `login_number` let the next homonym take the next
    number without reading every login.
    """

    __tablename__ = "school_pupil"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), unique=True)
    candidature_id: Mapped[int] = mapped_column(
        ForeignKey("candidature.id", ondelete="CASCADE"), unique=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("exam_session.id", ondelete="CASCADE"))
    academy_code: Mapped[str] = mapped_column(String(40))
    establishment_code: Mapped[str] = mapped_column(String(40))
    class_label: Mapped[str] = mapped_column(String(40))
    identity_key: Mapped[str] = mapped_column(String(300))
    login_base: Mapped[str] = mapped_column(String(55), index=True)
    login_number: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(254), default="")
    # When the office last gave a new initial password (None: the import's).
    reset_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    account: Mapped[Account] = relationship()
    candidature: Mapped[Candidature] = relationship()

    __table_args__ = (
        UniqueConstraint("session_id", "identity_key", name="uq_school_pupil_identity"),
        Index("ix_school_pupil_class", "academy_code", "session_id", "establishment_code",
              "class_label"),
    )
