"""Results: one grade per candidature and unit, and when an academy publishes a session's."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.core.models.base import Base, UTCDateTime, utcnow
from web.core.models.candidatures import Candidature

# What a grade row says of the unit: a mark out of 20, absent ("ABS"), or dispensed.
GRADE_MARK = "note"
GRADE_ABSENT = "absent"
GRADE_DISPENSED = "dispense"
GRADE_STATUSES = (GRADE_MARK, GRADE_ABSENT, GRADE_DISPENSED)
DOCUMENT_STATEMENT = "releve_notes"


class Grade(Base):
    """The grade of one unit of a candidature, as the exam office entered or imported it.

    The mark is kept in hundredths (an integer: 12,5 is 1250), exact on every backend.
    """

    __tablename__ = "grade"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidature_id: Mapped[int] = mapped_column(
        ForeignKey("candidature.id", ondelete="CASCADE"), index=True
    )
    unit_code: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default=GRADE_MARK)
    hundredths: Mapped[int | None] = mapped_column(Integer)
    # Who entered it (copied, like the audit log's actor) and when.
    entered_by_id: Mapped[int | None] = mapped_column(Integer)
    entered_by: Mapped[str] = mapped_column(String(254), default="")
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    candidature: Mapped[Candidature] = relationship()

    __table_args__ = (
        UniqueConstraint("candidature_id", "unit_code", name="uq_grade_candidature_unit"),
    )

    @property
    def value(self) -> Decimal | None:
        """The mark out of 20 (None when absent or dispensed)."""
        if self.status != GRADE_MARK or self.hundredths is None:
            return None
        return Decimal(self.hundredths) / 100


class ResultsPublication(Base):
    """When an academy's candidates of a session see their grades and result (Mes notes)."""

    __tablename__ = "results_publication"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("exam_session.id", ondelete="CASCADE"), index=True
    )
    academy_code: Mapped[str] = mapped_column(String(40))
    publishes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    set_by: Mapped[str] = mapped_column(String(254), default="")
    set_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (
        UniqueConstraint("session_id", "academy_code", name="uq_results_publication_part"),
    )

    def is_published(self, now: datetime | None = None) -> bool:
        return self.publishes_at <= (now or utcnow())
