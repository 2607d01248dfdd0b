"""The pieces `make run` starts: the SMTP sink writing .eml files, the CLI commands."""

from __future__ import annotations

import smtplib
import time
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from tests.conftest import _free_port


def test_the_mail_sink_keeps_each_mail_as_an_eml_file(tmp_path: Path) -> None:
    from web.dev.mailsink import start

    port = _free_port()
    controller = start("127.0.0.1", port, tmp_path / "mail", quiet=True)
    try:
        mail = EmailMessage()
        mail["From"], mail["To"] = "portail@example.org", "lea@example.org"
        mail["Subject"] = "[EXAMFORMS] Activer mon compte"
        mail.set_content("Bonjour,\nActiver mon compte : http://127.0.0.1:5000/compte/activer/x")
        with smtplib.SMTP("127.0.0.1", port, timeout=5) as smtp:
            smtp.send_message(mail)
        deadline = time.monotonic() + 5
        while not list((tmp_path / "mail").glob("*.eml")) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        controller.stop()
    [saved] = list((tmp_path / "mail").glob("*.eml"))
    assert "Activer-mon-compte" in saved.name
    assert b"/compte/activer/x" in saved.read_bytes()


def test_the_forgot_password_page_is_rate_limited_per_address(make_app: Any) -> None:
    app = make_app(WTF_CSRF_ENABLED=False, FORGOT_LIMIT_PER_ADDRESS="2 per hour")
    client = app.test_client()
    for _ in range(2):
        assert (
            client.post("/mot-de-passe-oublie", data={"identifiant": "x@y.fr"}).status_code == 200
        )
    blocked = client.post("/mot-de-passe-oublie", data={"identifiant": "x@y.fr"})
    assert blocked.status_code == 429
    assert "Trop de demandes." in blocked.get_data(as_text=True)


def test_behind_a_proxy_the_limits_count_per_forwarded_address(make_app: Any) -> None:
    app = make_app(
        WTF_CSRF_ENABLED=False, TRUSTED_PROXIES=["127.0.0.1"], FORGOT_LIMIT_PER_ADDRESS="1 per hour"
    )
    client = app.test_client()
    for address in ("203.0.113.1", "203.0.113.2"):
        response = client.post(
            "/mot-de-passe-oublie",
            data={"identifiant": "x@y.fr"},
            headers={"X-Forwarded-For": address},
        )
        assert response.status_code == 200


def test_make_run_serves_the_portal_through_gunicorn_with_the_project_configuration() -> None:
    from web.dev.devserver import GUNICORN_CONF, _arguments, _portal

    env: dict[str, str] = {}
    command = _portal(5077, False, env)
    assert command[1:] == ["-m", "gunicorn", "-c", str(GUNICORN_CONF), "web:create_app()"]
    assert GUNICORN_CONF.is_file()
    assert env["PORTAL_BIND"] == "127.0.0.1:5077"
    assert _arguments(["--port", "5077"]).port == 5077


def test_the_flask_development_server_runs_only_behind_a_flag() -> None:
    from web.dev.devserver import _arguments, _portal

    assert not _arguments([]).flask_dev
    command = _portal(5078, _arguments(["--flask-dev"]).flask_dev, {})
    assert command[-5:] == ["run", "--host", "127.0.0.1", "--port", "5078"]


def test_make_run_franceconnect_starts_the_local_provider_the_portal_points_at() -> None:
    """`make run RUN_ARGS=--franceconnect`: the provider's command, run for real."""
    import os
    import subprocess

    import requests

    from web.dev import devserver

    port = _free_port()
    env = {**os.environ, "PUBLIC_BASE_URL": "http://127.0.0.1:5077"}
    command = devserver._identity_provider(port, env)
    assert env["OIDC_ISSUER"] == f"http://127.0.0.1:{port}"
    assert env["OIDC_CLIENT_ID"] and env["OIDC_CLIENT_SECRET"]
    assert "http://127.0.0.1:5077/connexion/franceconnect/retour" in command
    provider = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                found = requests.get(
                    f"{env['OIDC_ISSUER']}/.well-known/openid-configuration", timeout=2
                ).json()
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline and provider.poll() is None
                time.sleep(0.3)
    finally:
        provider.terminate()
        provider.wait(timeout=10)
    assert found["issuer"] == env["OIDC_ISSUER"]
    assert found["end_session_endpoint"] == f"{env['OIDC_ISSUER']}/logout"


def test_the_demo_names_the_back_office_on_the_port_the_portal_serves(make_app: Any) -> None:
    app = make_app(WTF_CSRF_ENABLED=False, PUBLIC_BASE_URL="http://127.0.0.1:5077")
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "  Gestion : http://127.0.0.1:5077/gestion/ ; le second facteur" in result.output
    # The demo's published results come with their relevé de notes (a published document).
    from sqlalchemy import func, select
    from web_helpers import db_of

    from web.core.models import Document

    with db_of(app) as db:
        query = select(func.count()).where(Document.kind == "releve_notes")
        assert db.scalar(query.select_from(Document)) == 1
