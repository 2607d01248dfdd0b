"""Operations: the health endpoint, Prometheus metrics and structured request logs."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("ops", __name__)

from web.ops import health, metrics, requestlog  # noqa: E402,F401  (routes on bp)


def init_app(app: Flask) -> None:
    """Register the endpoints and the per-request hooks (request id, log line, latency)."""
    app.register_blueprint(bp)
    requestlog.init_app(app)
    metrics.init_app(app)
