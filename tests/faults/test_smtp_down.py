"""The SMTP relay down during registrations: every confirmation mail waits in the outbox,
the backlog shows in the metrics and on the administrator's back-office home, and once the
relay is back the real mail worker (`flask mail-worker`, another process) delivers each mail
exactly once, at its next poll rather than after delays grown during the outage.

Runs on SQLite and on PostgreSQL (the worker and the portal share the test's database).
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cluster import Service, free_port
from fault_support import start_mail_worker, wait_for
from registration_support import INFORMATIONS, Candidate, open_session
from sqlalchemy import select

from tests.conftest import AuthActions, SmtpSink, StaffActions

REGISTRATIONS = 4


@pytest.fixture
def relay_port() -> int:
    return free_port()  # nothing listens there until the test starts its relay


@pytest.fixture
def mail_worker(database_url: str, relay_port: int, tmp_path: Path) -> Iterator[Service]:
    worker = start_mail_worker(tmp_path, {
        "DATABASE_URL": database_url, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(relay_port),
        "MAIL_TIMEOUT": "2", "SECRET_KEY": "mail-worker-test-key",
        "UPLOAD_FOLDER": str(tmp_path / "uploads"), "REQUEST_LOG": "0",
    })
    yield worker
    worker.stop()


def _register(app: Any, session_id: int, index: int) -> str:
    client = app.test_client()
    auth = AuthActions(app, client)
    account = auth.create(nom_naissance="DUVAL", prenoms=f"Lea{'e' * index}")
    assert auth.login(account.email).status_code == 302
    candidate = Candidate(client, account)
    candidate.start(session_id)
    candidate.next_ok("identification", candidate.identification())
    candidate.next_ok("informations", INFORMATIONS)
    saved = candidate.post("recapitulatif", action="enregistrer")
    assert saved.status_code == 302 and "/numero" in saved.location
    return str(account.email)


def _metric(client: Any, name: str) -> float:
    text = client.get("/metrics").get_data(as_text=True)
    found = re.search(rf"^{name} (\S+)$", text, re.M)
    assert found, text
    return float(found.group(1))


def _home(client: Any) -> str:
    page = client.get("/gestion/")
    assert page.status_code == 200
    return html.unescape(page.get_data(as_text=True))


def test_the_smtp_relay_down_during_registrations_loses_no_mail(
    make_app: Any, mail_worker: Service, relay_port: int,
) -> None:
    from web.core import db as database
    from web.core.models import OutboxMessage

    app = make_app(WTF_CSRF_ENABLED=False, MAIL_PORT=relay_port)
    session_id = open_session(app, "cfg")
    office = app.test_client()
    StaffActions(app, office).logged_in(None, admin=True, client=office)

    started = time.monotonic()
    emails = [_register(app, session_id, i) for i in range(REGISTRATIONS)]
    took = time.monotonic() - started

    def outbox() -> list[Any]:
        with app.app_context():
            return list(database.session().scalars(select(OutboxMessage)))

    # The worker tries, the relay refuses the connection: nothing leaves, nothing is lost.
    wait_for(lambda: sum(m.attempts for m in outbox()) >= 2, "two delivery attempts",
             service=mail_worker)
    waiting = outbox()
    assert sorted(m.to_address for m in waiting) == sorted(emails)
    assert all(m.sent_at is None for m in waiting)
    assert "mail relay unavailable" in mail_worker.tail(200)
    # The candidates never waited for the relay: their pages do not touch SMTP.
    assert took < 30, took

    assert _metric(office, "examforms_outbox_backlog") == REGISTRATIONS
    assert _metric(office, "examforms_outbox_failing") >= 1
    assert _metric(office, "examforms_outbox_oldest_age_seconds") > 0
    home = _home(office)
    assert f"Courriels en attente d'envoi : {REGISTRATIONS}" in home
    assert "le serveur de messagerie est injoignable ou refuse les envois" in home
    assert "Rien n'est perdu" in home

    relay = SmtpSink()
    from aiosmtpd.controller import Controller

    controller = Controller(relay, hostname="127.0.0.1", port=relay_port)
    controller.start()
    back = time.monotonic()
    try:
        wait_for(lambda: len(relay.messages) >= REGISTRATIONS, "every mail delivered",
                 limit=20, service=mail_worker)
        delivered_in = time.monotonic() - back
        time.sleep(1.5)  # a few more polls: nothing is sent twice
        received = sorted(str(m["To"]) for m in relay.messages)
    finally:
        controller.stop()
    assert received == sorted(emails), received
    assert all("Confirmation d'inscription" in str(m["Subject"]) for m in relay.messages)
    # At the worker's next polls, not after a back-off of 30 s or more.
    assert delivered_in < 10, delivered_in
    assert all(m.sent_at is not None and m.last_error == "" for m in outbox())
    assert _metric(office, "examforms_outbox_backlog") == 0
    assert _metric(office, "examforms_outbox_failing") == 0
    assert "Courriels en attente d'envoi" not in _home(office)
