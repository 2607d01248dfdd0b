"""Prometheus metrics: request latency per route, and the mail outbox (backlog, failing).

Request figures are kept per process. Under gunicorn, `deploy/gunicorn.conf.py` sets
PROMETHEUS_MULTIPROC_DIR so that every worker writes its figures there and any worker
answering `/metrics` reports the whole app server. The outbox figures are read from the
database at each scrape: the mail worker is another process, and the outbox is the truth.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time
from collections.abc import Iterator
from typing import Any

from flask import Flask, Response, abort, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from web.core import db as database
from web.core.mail import outbox_figures
from web.ops import bp
from web.ops.requestlog import route_of_request

# Pages answer in milliseconds; a PDF, an export or an argon2 login in a few hundred.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0)
_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class OutboxCollector(Collector):
    """Gauges read from the outbox table when Prometheus scrapes."""

    def __init__(self, app: Flask) -> None:
        self._app = app

    def describe(self) -> list[Any]:
        return []  # values come from the database: nothing to check at registration

    def collect(self) -> Iterator[GaugeMetricFamily]:
        with self._app.app_context():
            figures = outbox_figures(database.session())
        yield GaugeMetricFamily("examforms_outbox_backlog",
                                "Mails waiting in the outbox (not sent yet).",
                                value=figures.backlog)
        yield GaugeMetricFamily("examforms_outbox_failing",
                                "Mails not sent whose last delivery attempt failed.",
                                value=figures.failing)
        yield GaugeMetricFamily("examforms_outbox_oldest_age_seconds",
                                "Age of the oldest mail not sent yet (0 when none).",
                                value=figures.oldest_age().total_seconds())


def _networks(setting: str) -> list[_Network]:
    try:
        return [ipaddress.ip_network(part.strip(), strict=False)
                for part in setting.split(",") if part.strip()]
    except ValueError as error:
        raise RuntimeError(f"METRICS_ALLOWED_ADDRESSES: {error}") from None


def _multiprocess() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def init_app(app: Flask) -> None:
    registry = CollectorRegistry()
    latency = Histogram(
        "examforms_http_request_duration_seconds",
        "Time from the request's arrival to its response, per route.",
        ["method", "route"], buckets=LATENCY_BUCKETS, registry=registry,
    )
    answered = Counter("examforms_http_requests", "Requests answered, per route and status.",
                       ["method", "route", "status"], registry=registry)
    outbox = OutboxCollector(app)
    if not _multiprocess():
        registry.register(outbox)
    app.extensions["examforms.metrics"] = {
        "registry": registry,
        "outbox": outbox,
        "allowed": _networks(app.config.get("METRICS_ALLOWED_ADDRESSES", "127.0.0.1,::1")),
    }

    @app.after_request
    def _observe(response: Response) -> Response:
        started = g.get("request_started")
        if started is not None:
            route = route_of_request()
            latency.labels(request.method, route).observe(time.perf_counter() - started)
            answered.labels(request.method, route, str(response.status_code)).inc()
        return response


def _may_read_metrics() -> bool:
    """With the bearer token of METRICS_TOKEN, or from an address of METRICS_ALLOWED_ADDRESSES.

    A request relayed by a proxy whose headers are not trusted has the proxy's address, not
    its sender's: it gets no access by address (else the proxy would open it to everyone).
    """
    token = current_app.config.get("METRICS_TOKEN") or ""
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    # A trusted proxy's request was rewritten by ProxyFix, which keeps the original environ.
    if "X-Forwarded-For" in request.headers and "werkzeug.proxy_fix.orig" not in request.environ:
        return False
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    allowed: list[_Network] = current_app.extensions["examforms.metrics"]["allowed"]
    return any(address in network for network in allowed)


@bp.get("/metrics")
def metrics() -> Response:
    if not _may_read_metrics():
        abort(404)  # as any missing page: the endpoint's existence is not advertised
    state = current_app.extensions["examforms.metrics"]
    if _multiprocess():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(state["outbox"])
    else:
        registry = state["registry"]
    response = Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
    response.headers["Cache-Control"] = "no-store"
    return response
