"""Password hashing and rules, one-time tokens, and the HTTP security headers."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, Response, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.core.external import identity_provider_origins
from web.core.models import Account, OneTimeToken, utcnow

TOKEN_LIFETIME = timedelta(hours=48)
PURPOSE_ACTIVATION = "activation"
PURPOSE_RESET = "reset"
PURPOSE_EMAIL_CHANGE = "email_change"

# bandit reads a string named *PASSWORD* as one: these are messages (nosec B105).
PASSWORD_RULE_MESSAGE = (
    "Le mot de passe doit comporter au moins 8 caractères (20 caractères au maximum), "  # nosec B105
    "ainsi qu'une minuscule, une majuscule et un caractère spécial."
)
BREACHED_PASSWORD_MESSAGE = (
    "Ce mot de passe fait partie des mots de passe les plus courants, connus des pirates par "  # nosec B105
    "les fuites de données : choisissez-en un autre."
)

# argon2id with OWASP's password-storage setting "m=19 MiB, t=2, p=1" (its first choice): the
# library's default (m=64 MiB, t=3, p=4) allocated 64 MiB per login and cost about 130 ms of
# CPU on this project's benchmark machine, so that fifty logins at the deadline's peak held
# 3 GiB. Hashes made with other parameters still verify and are rehashed at the next login.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other parameters than today's (rehash at login)."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return False


# Verifying against this on unknown logins keeps the response time the same as for real ones.
_DUMMY_HASH = _hasher.hash("dummy-password-for-timing")


def burn_verification_time(password: str) -> None:
    verify_password(_DUMMY_HASH, password)


def password_problem(password: str) -> str | None:
    """The guide's message if `password` breaks the rule (8–20, a-z, A-Z, special), or the
    breached-password message if it is a common one, else None."""
    ok = (
        8 <= len(password) <= 20
        and any(c.islower() for c in password)
        and any(c.isupper() for c in password)
        and any(not c.isalnum() and not c.isspace() for c in password)
    )
    if not ok:
        return PASSWORD_RULE_MESSAGE
    return BREACHED_PASSWORD_MESSAGE if is_common_password(password) else None


@cache
def _breached() -> tuple[frozenset[str], frozenset[str]]:
    """zxcvbn's 30,000 passwords most found in breaches, and the 1,000 most common of them."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    ranked = FREQUENCY_LISTS["passwords"]
    return frozenset(ranked), frozenset(ranked[:1000])


def is_common_password(password: str) -> bool:
    """A breached password, whatever its case, or one of the most common ones decorated with
    digits and signs around it ("Azerty123!", "!Password1")."""
    every, most_common = _breached()
    lowered = password.lower()
    return lowered in every or lowered.strip(_DECORATION) in most_common


_DECORATION = "0123456789!?@#$%^&*()-_=+.,;:/'\" ~`[]{}<>|"


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


def _csp(app: Flask) -> str:
    """The CSP, whose form-action also names the identity provider when one is configured."""
    origins = identity_provider_origins(app.config)
    if not origins:
        return CSP
    return CSP.replace("form-action 'self'", "form-action 'self' " + " ".join(origins))


# Assets are the same for everyone: cached even for a logged-in visitor, and served without
# loading the account.
PUBLIC_ENDPOINTS = frozenset({"static", "dsfr"})


def hide_server_banner() -> None:
    """Name no product or version in the Server header, under gunicorn or the dev server."""
    try:
        import gunicorn.http.wsgi as gunicorn_wsgi

        gunicorn_wsgi.SERVER = "examforms"  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - gunicorn is a dependency
        pass
    from werkzeug.serving import WSGIRequestHandler

    WSGIRequestHandler.server_version = "examforms"
    WSGIRequestHandler.sys_version = ""


def init_headers(app: Flask) -> None:
    hide_server_banner()
    if app.config.get("SESSION_COOKIE_SECURE"):
        # Under TLS, the __Host- prefix tells browsers to refuse the cookie from a sibling
        # domain or over plain http (Secure, Path=/ and no Domain are required with it).
        app.config["SESSION_COOKIE_NAME"] = "__Host-session"
        app.config["SESSION_COOKIE_DOMAIN"] = None
        app.config["SESSION_COOKIE_PATH"] = "/"

    @app.after_request
    def _security_headers(response: Response) -> Response:
        if request.endpoint not in PUBLIC_ENDPOINTS and current_user.is_authenticated:
            # A candidate's pages hold personal data: no shared or browser cache keeps them.
            if "no-store" not in response.headers.get("Cache-Control", ""):
                response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        response.headers.setdefault("Content-Security-Policy", _csp(app))
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if not app.debug and app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
