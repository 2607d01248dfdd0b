"""Operations: the health endpoint, the JSON request log with its request id, and the
Prometheus metrics with their access rule (docs/operations.md)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from web_helpers import db_of

from tests.conftest import _free_port


@pytest.fixture
def request_log() -> Iterator[list[dict[str, Any]]]:
    """The JSON objects the portal logs for requests while the test runs."""
    from web.ops.requestlog import LOGGER_NAME, JsonFormatter

    lines: list[dict[str, Any]] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(json.loads(JsonFormatter().format(record)))

    handler = Keep()
    logger = logging.getLogger(LOGGER_NAME)
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)


def test_the_health_endpoint_says_in_french_that_both_stores_answer(client: Any) -> None:
    response = client.get("/sante")
    assert response.status_code == 200
    assert response.json == {
        "statut": "disponible",
        "verifications": {"base_de_donnees": "ok", "limiteur": "ok"},
    }
    assert response.headers["Cache-Control"] == "no-store"


def test_an_unreachable_database_makes_the_server_unhealthy_without_saying_why(
    make_app: Any,
) -> None:
    port = _free_port()
    app = make_app(DATABASE_URL=f"postgresql+psycopg://portail:secret@127.0.0.1:{port}/examforms")
    response = app.test_client().get("/sante")
    assert response.status_code == 503
    assert response.json["statut"] == "indisponible"
    assert response.json["verifications"]["base_de_donnees"] == "injoignable"
    body = response.get_data(as_text=True)
    for internal in ("127.0.0.1", str(port), "secret", "psycopg", "Error", "Traceback"):
        assert internal not in body


def test_an_unreachable_limiter_store_makes_the_server_unhealthy(make_app: Any) -> None:
    app = make_app(RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{_free_port()}")
    response = app.test_client().get("/sante")
    assert response.status_code == 503
    assert response.json["verifications"] == {"base_de_donnees": "ok", "limiteur": "injoignable"}
    assert "redis" not in response.get_data(as_text=True)


def test_each_request_is_logged_as_one_json_line_under_the_proxy_s_request_id(
    client: Any, request_log: list[dict[str, Any]]
) -> None:
    response = client.get("/", headers={"X-Request-Id": "haproxy-7f3a.42"})
    assert response.headers["X-Request-Id"] == "haproxy-7f3a.42"
    [line] = [entry for entry in request_log if entry.get("path") == "/"]
    assert line["request_id"] == "haproxy-7f3a.42"
    assert (line["method"], line["route"], line["status"]) == ("GET", "/", 200)
    assert line["duration_ms"] >= 0 and line["level"] == "info" and line["ts"].endswith("+00:00")


@pytest.mark.parametrize("sent", ["", "a b", "x" * 129, "id\tforged", 'quote"d'])
def test_a_missing_or_malformed_request_id_is_replaced_by_a_new_one(
    client: Any, request_log: list[dict[str, Any]], sent: str
) -> None:
    headers = {"X-Request-Id": sent} if sent else {}
    response = client.get("/", headers=headers)
    made = response.headers["X-Request-Id"]
    assert made != sent and len(made) == 32 and int(made, 16) >= 0
    assert request_log[-1]["request_id"] == made


def test_secret_tokens_of_links_never_reach_the_log(
    client: Any, request_log: list[dict[str, Any]]
) -> None:
    client.get("/compte/activer/s3cr3t-activation-token")
    [line] = request_log
    assert line["path"] == "/compte/activer/***"
    assert line["route"] == "/compte/activer/<token>"
    assert "s3cr3t" not in json.dumps(request_log)


def test_the_health_endpoint_polled_by_the_proxy_is_not_logged_while_healthy(
    client: Any, request_log: list[dict[str, Any]]
) -> None:
    client.get("/sante")
    assert request_log == []


def _metrics(client: Any, **kwargs: Any) -> Any:
    return client.get("/metrics", **kwargs)


def test_metrics_give_the_latency_per_route_and_the_outbox_in_prometheus_format(
    app: Any, client: Any
) -> None:
    from web.core.models import OutboxMessage

    with db_of(app) as db:
        db.add(OutboxMessage(to_address="a@example.org", subject="s", body_text="t"))
        db.add(OutboxMessage(to_address="b@example.org", subject="s", body_text="t",
                             attempts=2, last_error="ConnectionRefusedError: [Errno 111]"))
        db.commit()
    client.get("/")
    client.get("/compte/activer/abc")
    client.get("/nulle-part")
    response = _metrics(client)
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert 'examforms_http_request_duration_seconds_count{method="GET",route="/"} 1.0' in text
    assert 'route="/compte/activer/<token>"' in text and "abc" not in text
    assert 'examforms_http_requests_total{method="GET",route="(aucune route)",status="404"}' in text
    assert "examforms_outbox_backlog 2.0" in text
    assert "examforms_outbox_failing 1.0" in text
    assert "examforms_outbox_oldest_age_seconds" in text


def test_metrics_are_refused_to_an_address_not_allowed(client: Any) -> None:
    response = _metrics(client, environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert response.status_code == 404
    assert "examforms_" not in response.get_data(as_text=True)


def test_metrics_relayed_by_an_untrusted_proxy_are_refused_even_from_the_loopback(
    client: Any,
) -> None:
    assert _metrics(client, headers={"X-Forwarded-For": "198.51.100.4"}).status_code == 404


def test_metrics_relayed_by_a_trusted_proxy_are_judged_on_the_sender_s_address(
    make_app: Any,
) -> None:
    app = make_app(TRUSTED_PROXIES=["127.0.0.1"], METRICS_ALLOWED_ADDRESSES="10.20.0.0/16")
    client = app.test_client()
    assert _metrics(client, headers={"X-Forwarded-For": "10.20.3.4"}).status_code == 200
    assert _metrics(client, headers={"X-Forwarded-For": "198.51.100.4"}).status_code == 404


def test_metrics_open_to_the_configured_networks_and_to_the_bearer_token(make_app: Any) -> None:
    app = make_app(METRICS_ALLOWED_ADDRESSES="10.20.0.0/16", METRICS_TOKEN="jeton-de-test")
    client = app.test_client()
    assert _metrics(client).status_code == 404  # the loopback is no longer listed
    assert _metrics(client, environ_base={"REMOTE_ADDR": "10.20.3.4"}).status_code == 200
    remote = {"REMOTE_ADDR": "203.0.113.9"}
    assert _metrics(client, environ_base=remote,
                    headers={"Authorization": "Bearer jeton-de-test"}).status_code == 200
    assert _metrics(client, environ_base=remote,
                    headers={"Authorization": "Bearer mauvais"}).status_code == 404


def test_a_wrong_metrics_network_stops_the_portal_with_the_setting_named(make_app: Any) -> None:
    with pytest.raises(RuntimeError, match="METRICS_ALLOWED_ADDRESSES"):
        make_app(METRICS_ALLOWED_ADDRESSES="10.0.0.0/33")


def test_every_setting_read_from_the_environment_is_in_the_readme_table() -> None:
    """datasette's test_docs: a new setting cannot be forgotten in the deployment guide."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    read = set()
    for source in ("web/core/config.py", "deploy/gunicorn.conf.py"):
        read |= set(re.findall(r'env(?:iron)?\.get\(\s*"([A-Z0-9_]+)"',
                               (root / source).read_text()))
    assert {"DATABASE_URL", "PORTAL_BIND", "METRICS_TOKEN"} <= read
    table = [line for line in (root / "README.md").read_text().splitlines()
             if line.startswith("| `")]
    documented = set(re.findall(r"`([A-Z0-9_]+)`", "\n".join(table)))
    assert sorted(read - documented) == []
