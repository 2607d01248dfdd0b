"""SQLAlchemy models of the portal: accounts, tokens, sessions, periods, offices, outbox."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite drops the offset, so store naive UTC)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


ROLE_CANDIDATE = "candidat"
ROLE_MANAGER = "gestionnaire"


class Account(UserMixin, Base):
    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    # Lower-cased email: the unique login, so "Paul@X.fr" and "paul@x.fr" are one account.
    email_key: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=ROLE_CANDIDATE)
    academy_code: Mapped[str | None] = mapped_column(String(40))
    sexe: Mapped[str] = mapped_column(String(1), default="")
    nom_naissance: Mapped[str] = mapped_column(String(100), default="")
    nom_usage: Mapped[str] = mapped_column(String(100), default="")
    prenoms: Mapped[str] = mapped_column(String(150), default="")
    date_naissance: Mapped[date | None] = mapped_column(Date)
    pays_naissance: Mapped[str] = mapped_column(String(3), default="FR")
    departement_naissance: Mapped[str] = mapped_column(String(3), default="")
    commune_naissance: Mapped[str] = mapped_column(String(5), default="")
    commune_naissance_label: Mapped[str] = mapped_column(String(100), default="")
    candidate_number: Mapped[str | None] = mapped_column(String(20), unique=True)
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Bumped on password change so other logged-in browsers are signed out.
    session_version: Mapped[int] = mapped_column(Integer, default=1)

    tokens: Mapped[list[OneTimeToken]] = relationship(
        back_populates="account", cascade="all, delete-orphan", passive_deletes=True
    )

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.activated_at is not None

    @property
    def display_name(self) -> str:
        first = self.prenoms.split(" ")[0] if self.prenoms else ""
        return f"{first} {self.nom_usage or self.nom_naissance}".strip()


class OneTimeToken(Base):
    """A single-use link (activation, password reset, email change); only its hash is kept."""

    __tablename__ = "one_time_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    new_email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    account: Mapped[Account] = relationship(back_populates="tokens")


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


CANDIDATURE_REGISTERED = "inscrit"
CANDIDATURE_WITHDRAWN = "desinscrit_candidat"
CANDIDATURE_EXCLUDED = "exclu"
# States in which a candidature no longer counts (a new one to the same session is allowed).
INACTIVE_STATES = (CANDIDATURE_WITHDRAWN, CANDIDATURE_EXCLUDED)


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
    state_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

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
    )

    @property
    def is_active(self) -> bool:
        return self.state not in INACTIVE_STATES


class OutboxMessage(Base):
    """An email to send; written in the same transaction as the change that causes it."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(255))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    last_error: Mapped[str] = mapped_column(Text, default="")


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
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    candidature: Mapped[Candidature] = relationship(back_populates="documents")

    __table_args__ = (
        UniqueConstraint("candidature_id", "kind", "version", name="uq_document_kind_version"),
    )


class CandidatureDraft(Base):
    """Answers in progress in the wizard, before Enregistrer (or before saving a modification)."""

    __tablename__ = "candidature_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
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
    )


class NumberSequence(Base):
    """A named counter (candidate numbers, inscription numbers per session and academy)."""

    __tablename__ = "number_sequence"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
