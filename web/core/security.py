"""Password hashing and rules, one-time tokens, and the HTTP security headers."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.core.models import Account, OneTimeToken, utcnow

TOKEN_LIFETIME = timedelta(hours=48)
PURPOSE_ACTIVATION = "activation"
PURPOSE_RESET = "reset"
PURPOSE_EMAIL_CHANGE = "email_change"

PASSWORD_RULE_MESSAGE = (
    "Le mot de passe doit comporter au moins 8 caractères (20 caractères au maximum), "
    "ainsi qu'une minuscule, une majuscule et un caractère spécial."
)

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Verifying against this on unknown logins keeps the response time the same as for real ones.
_DUMMY_HASH = _hasher.hash("dummy-password-for-timing")


def burn_verification_time(password: str) -> None:
    verify_password(_DUMMY_HASH, password)


def password_problem(password: str) -> str | None:
    """The guide's message if `password` breaks the rule (8–20, a-z, A-Z, special), else None."""
    ok = (
        8 <= len(password) <= 20
        and any(c.islower() for c in password)
        and any(c.isupper() for c in password)
        and any(not c.isalnum() and not c.isspace() for c in password)
    )
    return None if ok else PASSWORD_RULE_MESSAGE


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def issue_token(
    db: Session, account: Account, purpose: str, *, new_email: str | None = None
) -> str:
    """Create a single-use token valid 48 h and return the raw value (only its hash is stored)."""
    raw = secrets.token_urlsafe(32)
    db.add(
        OneTimeToken(
            account=account,
            purpose=purpose,
            token_hash=_digest(raw),
            new_email=new_email,
            expires_at=utcnow() + TOKEN_LIFETIME,
        )
    )
    return raw


class TokenProblem(Exception):
    """Why a link cannot be used: 'unknown', 'used' or 'expired' (the token is kept in .token)."""

    def __init__(self, reason: str, token: OneTimeToken | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.token = token


def find_token(db: Session, raw: str, purpose: str, now: datetime | None = None) -> OneTimeToken:
    """The usable token for `raw`, or TokenProblem; the caller marks it used in its transaction."""
    if not raw or len(raw) > 200:
        raise TokenProblem("unknown")
    token = db.scalar(
        select(OneTimeToken).where(
            OneTimeToken.token_hash == _digest(raw), OneTimeToken.purpose == purpose
        )
    )
    if token is None:
        raise TokenProblem("unknown")
    if token.used_at is not None:
        raise TokenProblem("used", token)
    if (now or utcnow()) >= token.expires_at:
        raise TokenProblem("expired", token)
    return token


CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def init_headers(app: Flask) -> None:
    @app.after_request
    def _security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if not app.debug and app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
