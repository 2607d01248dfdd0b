"""Structured request logs: one JSON line per request, tied together by a request id.

The id comes from the `X-Request-Id` header when the reverse proxy (or the client) sent a
well-formed one, else it is made here; it is sent back in the response's `X-Request-Id` and
is in every line logged while the request runs, so a proxy's log, the app's log and a
candidate's report meet on one value.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, g, got_request_exception, has_request_context, request

LOGGER_NAME = "examforms.request"
HEADER = "X-Request-Id"
# Anything else (too long, spaces, quotes, newlines) is replaced: it ends up in log lines.
_ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:@+=-]{1,128}")
# Path arguments that are secrets (activation, reset, email-change links): never logged.
_SECRET_ARGUMENTS = ("token",)
_QUIET_ENDPOINTS = ("ops.health",)  # polled every few seconds by the load balancer


def request_id() -> str | None:
    """The current request's id (None outside a request)."""
    if not has_request_context():
        return None
    return g.get("request_id")


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object: time, level, logger, message, request id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", None) or request_id()
        if rid:
            line["request_id"] = rid
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class _CurrentStderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is now (gunicorn, pytest and the shell each swap it)."""

    def __init__(self) -> None:
        super().__init__()

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def _logger() -> logging.Logger:
    logger = logging.getLogger(LOGGER_NAME)
    if not any(isinstance(h, _CurrentStderr) for h in logger.handlers):
        handler = _CurrentStderr()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


def _logged_path() -> str:
    path = request.path
    for name in _SECRET_ARGUMENTS:
        value = (request.view_args or {}).get(name)
        if isinstance(value, str) and value:
            path = path.replace(value, "***")
    return path


def route_of_request() -> str:
    """The URL rule that matched (`/inscription/brouillon/<int:draft_id>/<tab>`), so that
    per-route figures stay few whatever the ids; unmatched URLs share one label."""
    rule = request.url_rule
    return rule.rule if rule is not None else "(aucune route)"


def init_app(app: Flask) -> None:
    enabled = bool(app.config.get("REQUEST_LOG", True))
    logger = _logger() if enabled else logging.getLogger(LOGGER_NAME)

    @app.before_request
    def _start() -> None:
        incoming = request.headers.get(HEADER, "")
        g.request_id = incoming if _ACCEPTED_ID.fullmatch(incoming) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _log(response: Response) -> Response:
        rid = g.get("request_id")
        if rid:
            response.headers[HEADER] = rid
        if not enabled or (request.endpoint in _QUIET_ENDPOINTS and response.status_code < 400):
            return response
        started = g.get("request_started")
        duration = (time.perf_counter() - started) * 1000 if started else None
        logger.info(
            "%s %s %s", request.method, _logged_path(), response.status_code,
            extra={"fields": {
                "method": request.method,
                "path": _logged_path(),
                "route": route_of_request(),
                "status": response.status_code,
                "duration_ms": round(duration, 2) if duration is not None else None,
                "remote_addr": request.remote_addr,
                "bytes": response.calculate_content_length(),
            }},
        )
        return response

    def _failed(_sender: Flask, exception: BaseException, **_extra: Any) -> None:
        if enabled:
            logger.error("unhandled exception", exc_info=exception,
                         extra={"fields": {"method": request.method, "route": route_of_request()}})

    # Signals hold their receivers weakly: the app keeps this one alive as long as it lives.
    app.extensions["examforms.log_exception"] = _failed
    got_request_exception.connect(_failed, app)
