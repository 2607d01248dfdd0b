"""Accounts (candidates and staff) and their single-use links."""

from __future__ import annotations

from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.core.models.base import Base, UTCDateTime, utcnow

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
        # The creation instant tells this account from one that takes its id after a
        # deletion (SQLite gives the highest id again): a browser still signed in to the
        # deleted account must not open the new one.
        return f"{self.id}:{self.session_version}:{self.identity_stamp}"

    @property
    def identity_stamp(self) -> str:
        return self.created_at.strftime("%Y%m%d%H%M%S%f") if self.created_at else ""

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
