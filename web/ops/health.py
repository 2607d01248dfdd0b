"""`GET /sante`: is this app server able to serve (database and limiter store reachable)?"""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify
from sqlalchemy import text

from web.core import db as database
from web.core.extensions import limiter
from web.ops import bp

OK = "ok"
DOWN = "injoignable"


def _database_reachable() -> bool:
    try:
        with database.engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "not reachable"; details go to the log
        current_app.logger.exception("health check: database unreachable")
        return False


def _limiter_store_reachable() -> bool:
    try:
        return bool(limiter.storage.check())
    except Exception:  # noqa: BLE001 - same: the answer stays neutral
        current_app.logger.exception("health check: limiter store unreachable")
        return False


@bp.get("/sante")
def health() -> Any:
    """200 when both stores answer, else 503; names what fails, never how (no URL, no
    error text): the endpoint is public so that any load balancer can use it."""
    checks = {
        "base_de_donnees": OK if _database_reachable() else DOWN,
        "limiteur": OK if _limiter_store_reachable() else DOWN,
    }
    healthy = all(value == OK for value in checks.values())
    response = jsonify(statut="disponible" if healthy else "indisponible",
                       verifications=checks)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
