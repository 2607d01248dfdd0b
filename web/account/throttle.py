"""Failed logins counted per account in the limiter's shared store (Redis in production).

The counter belongs to the account, not to what was typed: the email and the candidate
number of one account share it, and every worker and server sees the same count. An owner
locked out by someone else's attempts gets back in through the password-reset link, which
clears the counter.
"""

from __future__ import annotations

import hashlib
import logging

from flask import current_app
from limits import RateLimitItem, parse

from web.core.extensions import limiter
from web.core.models import Account

SCOPE = "login-account"
log = logging.getLogger(__name__)


def account_key(account: Account | None, typed: str) -> str:
    """The counter's key: the account's id, or (unknown login) a digest of what was typed."""
    if account is not None:
        return f"account:{account.id}"
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
        limiter.limiter.clear(_limit(), SCOPE, account_key(account, ""))
    except Exception:
        log.warning("login throttle store unreachable", exc_info=True)
