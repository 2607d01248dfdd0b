"""Candidates' sessions: renewed at login, ended by logout, idleness and age.

The session cookie is signed, not stored; what makes it revocable on the server is the
account's session version, part of the login id: logout and a password change bump it, so
every copy of the cookie stops opening the account. The login and last-request instants
travel in the signed cookie: a copy of it ends after CANDIDATE_IDLE_MINUTES without a
request and CANDIDATE_SESSION_HOURS after the login, like the original. Staff sessions have
their own, shorter, limits (web.backoffice.access).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Flask, current_app, flash, request, session
from flask_login import current_user, login_user, logout_user

from web.core.models import Account, utcnow
from web.core.security import PUBLIC_ENDPOINTS

SESSION_KEY = "candidate_session"
MSG_EXPIRED = "Votre session a expiré : reconnectez-vous pour continuer."
# The last-request instant is rewritten at most this often (not a new cookie per request).
SEEN_RESOLUTION = timedelta(seconds=60)


def open_candidate_session(account: Account) -> None:
    """A new session for `account`: nothing of the anonymous one is kept (no fixation)."""
    session.clear()
    login_user(account)
    now = utcnow().isoformat()
    session[SESSION_KEY] = {"login_at": now, "seen_at": now}


def revoke_sessions(account: Account) -> None:
    """End every session of `account`, in every browser (the caller commits)."""
    account.session_version += 1


def close_session() -> None:
    logout_user()
    session.clear()


def _moment(text: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text))
    except ValueError:
        return None


def _check() -> None:
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    if not current_user.is_authenticated or current_user.is_staff:
        return
    now = utcnow()
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict):
        # A session opened before these limits existed: its clock starts now.
        session[SESSION_KEY] = {"login_at": now.isoformat(), "seen_at": now.isoformat()}
        return
    login_at, seen_at = _moment(data.get("login_at")), _moment(data.get("seen_at"))
    idle = timedelta(minutes=current_app.config["CANDIDATE_IDLE_MINUTES"])
    longest = timedelta(hours=current_app.config["CANDIDATE_SESSION_HOURS"])
    if login_at is None or seen_at is None or now - seen_at > idle or now - login_at > longest:
        close_session()
        flash(MSG_EXPIRED, "info")
        return
    if now - seen_at >= SEEN_RESOLUTION:
        session[SESSION_KEY] = {**data, "seen_at": now.isoformat()}


def init_app(app: Flask) -> None:
    app.before_request(_check)

