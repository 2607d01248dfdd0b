"""Accounts (candidates and staff) and their single-use links."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from web.core.models.base import Base, KeyString, UTCDateTime, utcnow
from web.core.text import search_key

ROLE_CANDIDATE = "candidat"
ROLE_MANAGER = "gestionnaire"  # the exam office of one academy
ROLE_ADMIN = "administrateur"  # national administrator: every academy, the audit log
STAFF_ROLES = (ROLE_MANAGER, ROLE_ADMIN)


class Account(UserMixin, Base):
    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    # Lower-cased email: the unique login, so "Paul@X.fr" and "paul@x.fr" are one account.
    # A school pupil imported without an address holds "@" + login here: unique, and never
    # the key of a typed address (web.backoffice.pupils.accounts).
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
    # Names without accents, upper case: what the back office's search compares with.
    name_key: Mapped[str] = mapped_column(KeyString(100), default="")
    usage_name_key: Mapped[str] = mapped_column(KeyString(100), default="")
    # Staff only: the TOTP second factor (base32 secret), confirmed once a code was typed,
    # and the last time step accepted so that one code never opens two sessions.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    # Created through an OpenID Connect provider (FranceConnect): its issuer and the
    # subject it gives this person. The civil status then comes from it and stays read-only.
    oidc_issuer: Mapped[str | None] = mapped_column(String(255))
    oidc_subject: Mapped[str | None] = mapped_column(String(255))

    # School pupils (imported by the exam office): the "nom.prenomN" login of the credentials
    # slip, the random seed its initial password derives from while it is valid (cleared
    # when the pupil chooses a password: web.core.initial_password), and the answers the
    # establishment set ({exam code: {field: answer}}, read-only in the wizard).
    login: Mapped[str | None] = mapped_column(String(60))
    initial_password_seed: Mapped[str | None] = mapped_column(String(64))
    school_preset: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    tokens: Mapped[list[OneTimeToken]] = relationship(
        back_populates="account", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        Index("ix_account_name_key", "name_key"),
        Index("ix_account_usage_name_key", "usage_name_key"),
        Index("ix_account_date_naissance", "date_naissance"),
        Index("ux_account_oidc_identity", "oidc_issuer", "oidc_subject", unique=True),
        Index("ux_account_login", "login", unique=True),
    )

    @validates("nom_naissance")
    def _keep_name_key(self, _key: str, value: str) -> str:
        self.name_key = search_key(value or "")[:100]
        return value

    @validates("nom_usage")
    def _keep_usage_name_key(self, _key: str, value: str) -> str:
        self.usage_name_key = search_key(value or "")[:100]
        return value

    @property
    def from_identity_provider(self) -> bool:
        """Created with FranceConnect: the civil status is the provider's, never edited here."""
        return self.oidc_subject is not None

    @property
    def has_password(self) -> bool:
        """An account created with FranceConnect has no portal password until one is set."""
        return bool(self.password_hash)

    @property
    def must_choose_password(self) -> bool:
        """A pupil who has not yet replaced the slip's initial password."""
        return self.initial_password_seed is not None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == ROLE_ADMIN

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
    def full_name(self) -> str:
        """The name as the portal prints it: birth name in capitals, then the given names
        ("DUPONT Marie Claire")."""
        return f"{self.nom_naissance.upper()} {self.prenoms}".strip()

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


class RecoveryCode(Base):
    """A single-use code that replaces the TOTP code when a staff member lost the device."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
