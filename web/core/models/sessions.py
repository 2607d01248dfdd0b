"""Exam sessions, their registration periods per academy, and the academies' exam offices."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.core.models.base import Base, UTCDateTime, utcnow


class ExamSession(Base):
    __tablename__ = "exam_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    exam_code: Mapped[str] = mapped_column(String(40), index=True)
    label: Mapped[str] = mapped_column(String(80))
    year: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date | None] = mapped_column(Date)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)

    periods: Mapped[list[RegistrationPeriod]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )
    academies: Mapped[list[SessionAcademy]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )

    __table_args__ = (UniqueConstraint("exam_code", "label", name="uq_exam_session_code_label"),)


AUDIENCE_GENERAL_PUBLIC = "grand_public"


class RegistrationPeriod(Base):
    __tablename__ = "registration_period"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("exam_session.id", ondelete="CASCADE"), index=True
    )
    academy_code: Mapped[str] = mapped_column(String(40), index=True)
    audience: Mapped[str] = mapped_column(String(20), default=AUDIENCE_GENERAL_PUBLIC)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())

    session: Mapped[ExamSession] = relationship(back_populates="periods")

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.opens_at <= now < self.closes_at


class AcademyOffice(Base):
    """The exam office of an academy, shown to candidates as the contact."""

    __tablename__ = "academy_office"

    academy_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")


class SessionAcademy(Base):
    """An academy's part of a session: opened by its exam office, with its own dates.

    A session (exam + label, e.g. CAP "JUIN 2027") is national; each academy that opens it
    has one of these rows, its registration periods, and may close its part on its own.
    """

    __tablename__ = "session_academy"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("exam_session.id", ondelete="CASCADE"), index=True
    )
    academy_code: Mapped[str] = mapped_column(String(40), index=True)
    # "A RENVOYER IMPERATIVEMENT POUR LE" of the confirmation; None: the spec's rule decides.
    return_by: Mapped[date | None] = mapped_column(Date)
    # Deadline of every piece justificative; None: the spec's days after the close.
    pieces_deadline: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    session: Mapped[ExamSession] = relationship(back_populates="academies")

    __table_args__ = (
        UniqueConstraint("session_id", "academy_code", name="uq_session_academy_pair"),
    )

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None or self.session.closed
