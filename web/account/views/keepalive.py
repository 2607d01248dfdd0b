"""« Rester connecté » : a request that keeps a candidate's idle session open (RGAA 13.1)."""

from __future__ import annotations

from flask import url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from web.account import bp
from web.core.session_expiry import extended


@bp.post("/session/prolonger")
@login_required
def keepalive() -> Response | tuple[str, int]:
    # The session's last-request instant was renewed before this view (web.core.sessions).
    return extended(url_for("candidate.registrations"))
