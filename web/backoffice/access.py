"""Who reaches the back office: staff only, after the second factor, in a short session.

Anonymous visitors are sent to the back office's login; a candidate gets 404 on every
back-office URL (nothing reveals that the entrance exists); a staff session ends after
STAFF_IDLE_MINUTES without a request or STAFF_SESSION_HOURS after the login.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, abort, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from web.core.models import Account, utcnow

F = TypeVar("F", bound=Callable[..., Any])

# The entrance: reachable before the staff member is logged in.
OPEN_ENDPOINTS = frozenset({
    "backoffice.login", "backoffice.second_factor", "backoffice.enrol",
})
SESSION_KEY = "staff_session"
MSG_EXPIRED = "Votre session de gestion a expiré : reconnectez-vous."


def _moment(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def start_staff_session(account: Account) -> None:
    """Log the staff member in once the second factor is checked."""
    pending_next = session.get("staff_next", "")
    session.clear()
    login_user(account)
    now = utcnow().isoformat()
    session[SESSION_KEY] = {"login_at": now, "seen_at": now}
    if pending_next:
        session["staff_next"] = pending_next


def end_staff_session() -> None:
    logout_user()
    session.clear()


def _expired(now: datetime) -> bool:
    data = session.get(SESSION_KEY) or {}
    login_at, seen_at = _moment(data.get("login_at", "")), _moment(data.get("seen_at", ""))
    if login_at is None or seen_at is None:
        return True
    idle = timedelta(minutes=current_app.config["STAFF_IDLE_MINUTES"])
    longest = timedelta(hours=current_app.config["STAFF_SESSION_HOURS"])
    return now - seen_at > idle or now - login_at > longest


def _check() -> Response | None:
    if current_user.is_authenticated and not current_user.is_staff:
        abort(404)
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("backoffice.login", next=request.full_path.rstrip("?")))
    now = utcnow()
    if _expired(now):
        end_staff_session()
        flash(MSG_EXPIRED, "info")
        return redirect(url_for("backoffice.login", next=request.full_path.rstrip("?")))
    session[SESSION_KEY] = {**session[SESSION_KEY], "seen_at": now.isoformat()}
    return None


def guard(bp: Blueprint) -> None:
    bp.before_request(_check)


def admin_required(view: F) -> F:
    """A page of the national administrator only (others get 404, like a missing page)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_admin:
            abort(404)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def current_staff() -> Account:
    return current_user._get_current_object()  # type: ignore[attr-defined,no-any-return]
