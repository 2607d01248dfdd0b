"""Candidatures: saved answers, their versions, generated documents, drafts, number counters."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from web.core.models.base import Base, UTCDateTime, utcnow
from web.core.models.sessions import ExamSession

CANDIDATURE_REGISTERED = "inscrit"
# Imported by the exam office for a school pupil: the pupil completes it and saves it
# (Enregistrer), which makes it "inscrit" with its number and Confirmation d'inscription.
CANDIDATURE_PREREGISTERED = "preinscrit"
CANDIDATURE_WITHDRAWN = "desinscrit_candidat"
CANDIDATURE_WITHDRAWN_BY_OFFICE = "desinscrit_gestionnaire"
CANDIDATURE_EXCLUDED = "ecartee"
# States in which a candidature no longer counts (a new one to the same session is allowed).
INACTIVE_STATES = (CANDIDATURE_WITHDRAWN, CANDIDATURE_WITHDRAWN_BY_OFFICE, CANDIDATURE_EXCLUDED)
# States of the candidatures that are not registered: inactive, or a pré-inscription (a pupil
# or redoublant who has not completed it yet). Such a candidature gets no convocation, no
# grade and no result (registered_clause).
NOT_REGISTERED_STATES = (*INACTIVE_STATES, CANDIDATURE_PREREGISTERED)

# Where a candidature's pieces justificatives stand, as the back office filters them.
PIECES_NONE = "aucune"  # no piece is asked for
PIECES_MISSING = "a_fournir"  # some piece still to give (or the group not confirmed)
PIECES_TO_CHECK = "a_controler"  # given and confirmed, waiting for the office's control
PIECES_NOT_COMPLIANT = "non_conforme"  # at least one piece declared Non conforme
PIECES_COMPLIANT = "conforme"  # every piece declared Conforme


class Candidature(Base):
    """A candidate's saved registration to an exam session; its answers are the latest version."""

    __tablename__ = "candidature"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="RESTRICT"), index=True
    )
    exam_code: Mapped[str] = mapped_column(String(40))
    session_id: Mapped[int] = mapped_column(ForeignKey("exam_session.id"), index=True)
    academy_code: Mapped[str] = mapped_column(String(40), default="")
    state: Mapped[str] = mapped_column(String(30), default=CANDIDATURE_REGISTERED)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Per session and academy, formatted as the guide shows it ("006"); None for legacy rows.
    inscription_number: Mapped[str | None] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer, default=1)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    spec_version: Mapped[str] = mapped_column(String(40), default="")
    spec_hash: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # +1 whenever its answers or grades are written (web.core.models.result_records): a
    # result computation stores its result only if this is still the revision it read.
    inputs_revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    state_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # What the back office filters on, kept from the answers at each save (never a JSON scan).
    speciality_code: Mapped[str] = mapped_column(String(60), default="")
    category_code: Mapped[str] = mapped_column(String(60), default="")
    accommodation_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    pieces_status: Mapped[str] = mapped_column(String(20), default=PIECES_NONE)
    # When the candidate last confirmed "J'ai fourni toutes mes pièces" (the control queue).
    pieces_submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set by the office: the candidate may modify after the close, until this moment.
    reopened_until: Mapped[datetime | None] = mapped_column(UTCDateTime())

    session: Mapped[ExamSession] = relationship()
    versions: Mapped[list[CandidatureVersion]] = relationship(
        back_populates="candidature",
        cascade="all, delete-orphan",
        order_by="CandidatureVersion.version",
    )
    documents: Mapped[list[Document]] = relationship(
        back_populates="candidature", cascade="all, delete-orphan", order_by="Document.id"
    )

    __table_args__ = (
        UniqueConstraint(
            "session_id",
            "academy_code",
            "inscription_number",
            name="uq_candidature_inscription_number",
        ),
        Index("ix_candidature_academy_session_state", "academy_code", "session_id", "state"),
        Index("ix_candidature_academy_speciality", "academy_code", "speciality_code"),
        Index("ix_candidature_academy_category", "academy_code", "category_code"),
        Index("ix_candidature_academy_pieces", "academy_code", "pieces_status",
              "pieces_submitted_at"),
        Index("ix_candidature_academy_accommodation", "academy_code",
              "accommodation_requested"),
    )

    @property
    def is_active(self) -> bool:
        return self.state not in INACTIVE_STATES

    @property
    def is_registered(self) -> bool:
        """Active and completed (no pré-inscription): it has documents, grades, a result."""
        return self.state not in NOT_REGISTERED_STATES


def registered_clause() -> ColumnElement[bool]:
    """The SQL test of Candidature.is_registered: the candidatures convocations, grades and
    results are for."""
    return Candidature.state.not_in(NOT_REGISTERED_STATES)


class CandidatureVersion(Base):
    """One saved version of a candidature's answers (1 at Enregistrer, +1 per modification)."""

    __tablename__ = "candidature_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidature_id: Mapped[int] = mapped_column(
        ForeignKey("candidature.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    spec_version: Mapped[str] = mapped_column(String(40))
    spec_hash: Mapped[str] = mapped_column(String(64))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    candidature: Mapped[Candidature] = relationship(back_populates="versions")

    __table_args__ = (
        UniqueConstraint("candidature_id", "version", name="uq_candidature_version_number"),
    )


DOCUMENT_CONFIRMATION = "confirmation"


class Document(Base):
    """A generated document of a candidature, stored once per version (never re-rendered)."""

    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidature_id: Mapped[int] = mapped_column(
        ForeignKey("candidature.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100), default="application/pdf")
    # Bytes in the database: every app process serves it without a shared file system.
    content: Mapped[bytes] = mapped_column(LargeBinary)
    # The same document as an accessible HTML fragment (RGAA 13.3), rendered from the data the
    # PDF was rendered from; None for a document that has no such version.
    accessible_html: Mapped[str | None] = mapped_column(Text, nullable=True, default=None)
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The office's publication job that made it (None for a confirmation): one document per
    # candidature and job, so that a job's task run twice never publishes a second version.
    publication_job_id: Mapped[int | None] = mapped_column(
        ForeignKey("publication_job.id", ondelete="SET NULL"), nullable=True, default=None
    )
    # The moment from which the candidate sees it (the relevé de notes: the results'
    # publication moment); None: from its creation.
    visible_from: Mapped[datetime | None] = mapped_column(
        UTCDateTime(), nullable=True, default=None
    )

    candidature: Mapped[Candidature] = relationship(back_populates="documents")

    __table_args__ = (
        UniqueConstraint("candidature_id", "kind", "version", name="uq_document_kind_version"),
        UniqueConstraint("publication_job_id", "candidature_id", name="uq_document_job"),
    )

    @property
    def shown_at(self) -> datetime:
        """When the candidate got it: its creation, or its visibility moment if later."""
        if self.visible_from is not None and self.visible_from > self.created_at:
            return self.visible_from
        return self.created_at

    def is_visible(self, now: datetime | None = None) -> bool:
        """Published, and its visibility moment reached."""
        moment = now or utcnow()
        return self.published and (self.visible_from is None or self.visible_from <= moment)


def new_draft_key() -> str:
    return secrets.token_urlsafe(16)


class CandidatureDraft(Base):
    """Answers in progress in the wizard, before Enregistrer (or before saving a modification).

    Drafts are deleted at Enregistrer, at Modifier and at a désinscription, so their ids must
    never be given again (AUTOINCREMENT on SQLite; PostgreSQL sequences never go back). Each
    page of the wizard also posts the draft's random key and the revision it was rendered
    from: a page of another draft, or of an older revision, is refused without saving.
    """

    __tablename__ = "candidature_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_key: Mapped[str] = mapped_column(String(32), unique=True, default=new_draft_key)
    # Bumped by every write (SQLAlchemy's version counter): the UPDATE of a request that read
    # an older revision matches no row, so two posts of one page cannot both be stored.
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    exam_code: Mapped[str] = mapped_column(String(40))
    session_id: Mapped[int] = mapped_column(
        ForeignKey("exam_session.id", ondelete="CASCADE"), index=True
    )
    academy_code: Mapped[str] = mapped_column(String(40))
    # Set when the draft modifies a saved candidature (Modifier), None for a new one.
    candidature_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidature.id", ondelete="CASCADE"), index=True
    )
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The furthest tab the candidate reached, so the tab bar links only to visited tabs.
    reached_tab: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    session: Mapped[ExamSession] = relationship()

    __table_args__ = (
        UniqueConstraint(
            "account_id", "exam_code", "session_id", "academy_code", name="uq_candidature_draft_key"
        ),
        {"sqlite_autoincrement": True},
    )
    __mapper_args__ = {"version_id_col": revision}


class NumberSequence(Base):
    """A named counter (candidate numbers, inscription numbers per session and academy)."""

    __tablename__ = "number_sequence"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class DocumentsViewed(Base):
    """The last time the owner opened Mes documents (or one document) of a candidature.

    A document published after this moment makes the card's envelope say that there is a
    document to look at; kept apart from Candidature so that a gestionnaire's publication and
    a candidate's visit never write the same row.
    """

    __tablename__ = "documents_viewed"

    candidature_id: Mapped[int] = mapped_column(
        ForeignKey("candidature.id", ondelete="CASCADE"), primary_key=True
    )
    viewed_at: Mapped[datetime] = mapped_column(UTCDateTime())
