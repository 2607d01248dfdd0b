"""Documents the exam office publishes in bulk: the jobs, their items, and what they print
(the épreuves timetable, the aménagement measures granted)."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.core.models.base import Base, UTCDateTime, utcnow
from web.core.models.sessions import ExamSession

# A job's states; "interrupted" is not stored: a running job that made no progress for a
# while is shown (and restartable) as interrupted (web.documents.jobs).
JOB_PLANNING = "preparation"
JOB_RUNNING = "en_cours"
JOB_DONE = "terminee"
JOB_DONE_WITH_FAILURES = "terminee_avec_echecs"
JOB_STATES = (JOB_PLANNING, JOB_RUNNING, JOB_DONE, JOB_DONE_WITH_FAILURES)

ITEM_PENDING = "a_faire"
ITEM_DONE = "fait"
ITEM_FAILED = "echec"


class PublicationJob(Base):
    """One "Publier des documents" of a gestionnaire: a kind, a session, an academy."""

    __tablename__ = "publication_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    session_id: Mapped[int] = mapped_column(
        ForeignKey("exam_session.id", ondelete="CASCADE"), index=True
    )
    academy_code: Mapped[str] = mapped_column(String(40))
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    started_by_email: Mapped[str] = mapped_column(String(254), default="")
    state: Mapped[str] = mapped_column(String(30), default=JOB_PLANNING)
    # Counts written by the workers from the items (never incremented in place).
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    restarts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The last progress a worker reported: a running job silent for long was interrupted.
    progressed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    session: Mapped[ExamSession] = relationship()

    __table_args__ = (Index("ix_publication_job_academy_created", "academy_code", "created_at"),)


class PublicationItem(Base):
    """One candidature of a job: to do, done (its document) or failed (the French reason)."""

    __tablename__ = "publication_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("publication_job.id", ondelete="CASCADE"))
    candidature_id: Mapped[int] = mapped_column(
        ForeignKey("candidature.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(String(20), default=ITEM_PENDING)
    reason: Mapped[str] = mapped_column(Text, default="")
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (
        UniqueConstraint("job_id", "candidature_id", name="uq_publication_item_candidature"),
        Index("ix_publication_item_job_state", "job_id", "state", "id"),
    )


class TimetableEntry(Base):
    """When and where an épreuve takes place, for a session in an academy.

    An entry of no speciality applies to every speciality; an entry of a speciality wins
    over it for that speciality's candidates.
    """

    __tablename__ = "timetable_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("exam_session.id", ondelete="CASCADE"), index=True
    )
    academy_code: Mapped[str] = mapped_column(String(40))
    unit_code: Mapped[str] = mapped_column(String(40))
    speciality_code: Mapped[str] = mapped_column(String(60), default="")
    day: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[time] = mapped_column(Time)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    centre: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (
        UniqueConstraint(
            "session_id",
            "academy_code",
            "unit_code",
            "speciality_code",
            name="uq_timetable_entry_unit",
        ),
    )


class AccommodationGrant(Base):
    """The aménagement measures granted to a candidature, as the office entered them."""

    __tablename__ = "accommodation_grant"

    candidature_id: Mapped[int] = mapped_column(
        ForeignKey("candidature.id", ondelete="CASCADE"), primary_key=True
    )
    measures: Mapped[str] = mapped_column(Text)
    decided_on: Mapped[date | None] = mapped_column(Date)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
