"""Failed logins counted per account in the limiter's shared store (Redis in production).

The counter belongs to the account, not to what was typed: the email and the candidate
number of one account share it, and every worker and server sees the same count. An owner
locked out by someone else's attempts gets back in through the password-reset link, which
clears the counter.

Whoever locked the account once could lock it again right after the reset, and forever.
So a browser in which the owner has proved the account theirs (a login, a password reset)
keeps a signed device cookie, and its attempts on that account count on a counter of their
own: attempts from elsewhere no longer lock it out, and its own wrong passwords still lock
it like anyone else's (no way around the limit).
"""

from __future__ import annotations

import hashlib
import logging
import secrets

from flask import current_app, request
from itsdangerous import BadData, URLSafeTimedSerializer
from limits import RateLimitItem, parse
from werkzeug.wrappers import Response

from web.core.extensions import limiter
from web.core.models import Account

SCOPE = "login-account"
DEVICE_COOKIE = "examforms_device"
DEVICE_LIFETIME_S = 180 * 24 * 3600
log = logging.getLogger(__name__)


def _devices() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(str(current_app.secret_key), salt="login-device")


def _device_of(account: Account) -> str | None:
    """This browser's device id for `account`, if its cookie is valid and for that account."""
    value = request.cookies.get(DEVICE_COOKIE)
    if not value:
        return None
    try:
        data = _devices().loads(value, max_age=DEVICE_LIFETIME_S)
    except BadData:
        return None
    if not isinstance(data, dict) or data.get("account") != account.id:
        return None
    device = data.get("device")
    return device if isinstance(device, str) else None


def remember_device(response: Response, account: Account) -> Response:
    """Mark this browser as one the owner of `account` uses (after a login or a reset)."""
    device = _device_of(account) or secrets.token_urlsafe(16)
    response.set_cookie(
        DEVICE_COOKIE, _devices().dumps({"account": account.id, "device": device}),
        max_age=DEVICE_LIFETIME_S, secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
        httponly=True, samesite="Lax",
    )
    return response


def account_key(account: Account | None, typed: str) -> str:
    """The counter's key: the account's id (with this browser's device id when the owner
    uses it), or (unknown login) a digest of what was typed."""
    if account is not None:
        device = _device_of(account)
        return f"account:{account.id}" + (f":device:{device}" if device else "")
    digest = hashlib.sha256(typed.strip().lower().encode("utf-8")).hexdigest()[:32]
    return f"unknown:{digest}"


def _limit() -> RateLimitItem:
    return parse(current_app.config["LOGIN_LIMIT_PER_ACCOUNT"])


def locked(key: str) -> bool:
    """True once the account used up its failed attempts for the current window."""
    try:
        return not limiter.limiter.test(_limit(), SCOPE, key)
    except Exception:  # the store unreachable: logins go on, the address limit still holds
        log.warning("login throttle store unreachable", exc_info=True)
        return False


def count_failure(key: str) -> None:
    try:
        limiter.limiter.hit(_limit(), SCOPE, key)
    except Exception:
        log.warning("login throttle store unreachable", exc_info=True)


def unlock(account: Account) -> None:
    """Forget the failed attempts on `account` (its owner proved it through the reset link)."""
    try:
        limiter.limiter.clear(_limit(), SCOPE, f"account:{account.id}")
    except Exception:
        log.warning("login throttle store unreachable", exc_info=True)
