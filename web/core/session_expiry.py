"""The warning before an idle session ends, and the way to extend it (RGAA 13.1).

Every page of a logged-in person carries the moments, counted from the page's load, when
the warning shows and when the session has surely ended. The server rewrites a candidate's
last-request instant at most every SEEN_RESOLUTION: the warning comes early enough that the
session is still open, whatever the rounding, for at least WARNING_AHEAD.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import Flask, current_app, flash, has_request_context, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from web.core.external import safe_next
from web.core.sessions import SEEN_RESOLUTION

WARNING_AHEAD = timedelta(minutes=2)
MSG_EXTENDED = "Votre session est prolongée."


@dataclass(frozen=True)
class SessionExpiry:
    warn_after_s: int  # from the page's load, when the warning shows
    ends_after_s: int  # from the page's load, when the session has ended
    keepalive_url: str
    login_url: str


def expiry_of(
    idle_minutes: int, resolution: timedelta, keepalive: str, login: str
) -> SessionExpiry:
    idle = int(timedelta(minutes=idle_minutes).total_seconds())
    warn = idle - int((resolution + WARNING_AHEAD).total_seconds())
    return SessionExpiry(max(warn, idle // 2), idle, keepalive, login)


def current_expiry() -> SessionExpiry | None:
    """The logged-in person's session limits for this page; None when nobody is logged in."""
    if not has_request_context():  # a mail rendered by a job worker
        return None
    if request.endpoint in ("static", "dsfr") or not current_user.is_authenticated:
        return None
    config = current_app.config
    if current_user.is_staff:
        return expiry_of(
            config["STAFF_IDLE_MINUTES"],
            timedelta(0),
            url_for("backoffice.keepalive"),
            url_for("backoffice.login"),
        )
    return expiry_of(
        config["CANDIDATE_IDLE_MINUTES"],
        SEEN_RESOLUTION,
        url_for("account.keepalive"),
        url_for("account.login"),
    )


def extended(default: str, prefix: str = "/") -> Response | tuple[str, int]:
    """What « Rester connecté » answers, once the request has renewed the session: no
    content for the page's script; else back to the page, saying so."""
    if request.headers.get("X-Requested-With") == "fetch":
        return "", 204
    flash(MSG_EXTENDED, "success")
    return redirect(safe_next(request.form.get("next", ""), default, prefix=prefix))


def init_app(app: Flask) -> None:
    @app.context_processor
    def _expiry() -> dict[str, Any]:
        return {"session_expiry": current_expiry()}
