"""ASVS 4.0 V8.2.1 and V14 (configuration): no cache of authenticated pages, the security
headers, no product or version in the Server header, links built from the configured base
URL whatever the Host header says, X-Forwarded-* read only from the configured proxies."""

from __future__ import annotations

import threading
import urllib.request
from typing import Any

import pytest
from web_helpers import creation_form, outbox

from tests.conftest import unique_email

pytestmark = pytest.mark.db_agnostic  # checks markup and headers: SQLite pass only

# ------------------------------------------------------------------ V8.2.1 anti-caching


def test_v8_2_1_authenticated_pages_are_never_stored_by_a_cache(
    client: Any, auth: Any
) -> None:
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    auth.login(auth.create().email)
    for url in ("/", "/mes-inscriptions", "/compte", "/mes-messages"):
        response = client.get(url)
        assert "no-store" in response.headers["Cache-Control"], url
    asset = client.get("/dsfr/dsfr.min.css")
    assert asset.status_code == 200 and "no-store" not in asset.headers.get("Cache-Control", "")


# ------------------------------------------------------------------ V14.4 security headers


def test_v14_4_every_page_carries_the_security_headers(make_app: Any) -> None:
    app = make_app(SESSION_COOKIE_SECURE=True)
    for url in ("/", "/connexion", "/compte/creer", "/gestion/connexion", "/nulle-part"):
        headers = app.test_client().get(url).headers
        assert headers["Content-Type"].endswith("charset=utf-8"), url  # 14.4.1
        csp = headers["Content-Security-Policy"]  # 14.4.3, 14.4.7
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"  # 14.4.4
        assert headers["Strict-Transport-Security"].startswith("max-age=")  # 14.4.5
        assert headers["Referrer-Policy"] == "same-origin"  # 14.4.6
        assert headers["X-Frame-Options"] == "DENY"


# ------------------------------------------------------------------ V14.3.3 Server banner


def test_v14_3_3_the_development_server_names_no_product_nor_version(make_app: Any) -> None:
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, make_app())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/") as response:
            banner = response.headers["Server"]
    finally:
        server.shutdown()
        server.server_close()
    assert banner.strip() == "examforms"


def test_v14_3_3_gunicorn_names_no_product_nor_version(make_app: Any) -> None:
    import gunicorn.http.wsgi

    make_app()
    response = gunicorn.http.wsgi.Response.__new__(gunicorn.http.wsgi.Response)
    gunicorn.http.wsgi.Response.__init__(response, type("Req", (), {"version": (1, 1)})(),
                                          None, None)
    assert response.version == "examforms"


# ------------------------------------------------------------------ Host header (V14.5)


def test_v14_5_a_forged_host_header_never_reaches_the_links_of_the_mails(
    make_app: Any, auth: Any
) -> None:
    app = make_app(WTF_CSRF_ENABLED=False, PUBLIC_BASE_URL="https://inscriptions.example.fr")
    client = app.test_client()
    forged = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    created = unique_email()
    client.post("/compte/creer", data=creation_form(created), headers=forged)
    from tests.conftest import AuthActions

    account = AuthActions(app, client).create()
    client.post("/mot-de-passe-oublie", data={"identifiant": account.email}, headers=forged)
    for address in (created, account.email):
        [mail] = outbox(app, address)
        assert "evil.example" not in mail.body_text + mail.body_html
        assert "https://inscriptions.example.fr/" in mail.body_text


def test_v14_5_forwarded_headers_are_read_only_from_the_configured_proxies(
    make_app: Any,
) -> None:
    untrusted = make_app(WTF_CSRF_ENABLED=False, TRUSTED_PROXIES=["10.0.0.1"],
                         FORGOT_LIMIT_PER_ADDRESS="1 per hour")
    client = untrusted.test_client()
    for address in ("203.0.113.1", "203.0.113.2"):
        response = client.post("/mot-de-passe-oublie", data={"identifiant": "x@y.fr"},
                               headers={"X-Forwarded-For": address})
    assert response.status_code == 429  # both counted for 127.0.0.1: the header was ignored
    trusted = make_app(WTF_CSRF_ENABLED=False, TRUSTED_PROXIES=["10.0.0.1"],
                       FORGOT_LIMIT_PER_ADDRESS="1 per hour")
    client = trusted.test_client()
    for address in ("203.0.113.1", "203.0.113.2"):
        response = client.post("/mot-de-passe-oublie", data={"identifiant": "x@y.fr"},
                               headers={"X-Forwarded-For": address},
                               environ_base={"REMOTE_ADDR": "10.0.0.1"})
        assert response.status_code == 200
