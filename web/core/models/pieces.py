"""Pieces justificatives of a candidature: the office's control, the files, the group locks."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.core.models.base import Base, UTCDateTime, utcnow

# The statuses the exam office gives a piece (none: not yet controlled).
PIECE_UNCHECKED = ""
PIECE_RECEIVED = "recue"
PIECE_NOT_COMPLIANT = "non_conforme"
PIECE_COMPLIANT = "conforme"
PIECE_STATUSES = (PIECE_UNCHECKED, PIECE_RECEIVED, PIECE_NOT_COMPLIANT, PIECE_COMPLIANT)


class CandidaturePiece(Base):
    """One piece that the spec's rules ask of a candidature, as given and controlled.

    The list of pieces asked for is the engine's (it follows the answers); this row holds
    what happened to one of them: the files, the confirmation date and the office's status.
    """

    __tablename__ = "candidature_piece"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidature_id: Mapped[int] = mapped_column(
        ForeignKey("candidature.id", ondelete="CASCADE"), index=True
    )
    piece_code: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20), default=PIECE_UNCHECKED)
    comment: Mapped[str] = mapped_column(Text, default="")
    received_on: Mapped[date | None] = mapped_column(Date)
    status_set_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status_set_by: Mapped[int | None] = mapped_column(Integer)
    # "une date de validation est ajoutée pour chaque pièce": set by J'ai fourni toutes mes
    # pièces, cleared when the office unlocks the group or the candidate replaces the piece.
    validated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    files: Mapped[list[PieceFile]] = relationship(
        back_populates="piece", cascade="all, delete-orphan", order_by="PieceFile.id"
    )

    __table_args__ = (
        UniqueConstraint("candidature_id", "piece_code", name="uq_candidature_piece_code"),
    )

    @property
    def current_files(self) -> list[PieceFile]:
        """The files the office controls: not deleted, not replaced."""
        return [f for f in self.files if f.removed_at is None]


class PieceFile(Base):
    """A file uploaded for a piece, stored under a random key outside any served folder."""

    __tablename__ = "piece_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    piece_id: Mapped[int] = mapped_column(
        ForeignKey("candidature_piece.id", ondelete="CASCADE"), index=True
    )
    storage_key: Mapped[str] = mapped_column(String(100), unique=True)
    # The name the candidate gave, cleaned, shown back to them and to the office only.
    original_name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Deleted by the candidate before validation, or replaced after a Non conforme: the row
    # stays for the office's history (the stored bytes of a deleted file are removed).
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    removal: Mapped[str] = mapped_column(String(20), default="")

    piece: Mapped[CandidaturePiece] = relationship(back_populates="files")


class PieceLock(Base):
    """J'ai fourni toutes mes pièces for one group (delivery mode and deadline) of pieces."""

    __tablename__ = "piece_lock"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidature_id: Mapped[int] = mapped_column(
        ForeignKey("candidature.id", ondelete="CASCADE"), index=True
    )
    group_key: Mapped[str] = mapped_column(String(40))
    locked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (
        UniqueConstraint("candidature_id", "group_key", name="uq_piece_lock_group"),
    )
