"""PostgreSQL restarted in the middle of the registrations: the candidates caught by it get a
French "Service momentanément indisponible" page in the portal's layout (503, no trace),
nothing is half saved, and once the server is back every request works at once (the pool
checks its connections before use) and each candidate finishes by simply trying again.

The server restarted is the test's own (initdb in a temporary folder, a free port): never
the shared one of TEST_DATABASE_URL. The portal runs as in production: gunicorn with
deploy/gunicorn.conf.py, two workers. Runs in the PostgreSQL pass.
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from cluster import Service, free_port, start_app_server
from fault_support import assert_saved_whole, need_program, postgres_pass_only
from journey import HttpCandidate
from load import Load
from pgserver import PrivateServer, binaries, private_postgres

from tests.conftest import DEFAULT_PASSWORD, AuthActions, unique_email

pytestmark = [pytest.mark.db, pytest.mark.postgres]

CANDIDATES = 8
CONCURRENCY = 4
RESTART_AFTER_SAVED = 2
DOWN_SECONDS = 2.0
ATTEMPTS = 6
TRACE_WORDS = ("Traceback", "psycopg", "OperationalError", "sqlalchemy", "Internal Server Error")


@dataclass
class Portal:
    app: Any  # in-process app on the same database: seeding and reading what was saved
    server: Service
    postgres: PrivateServer
    session_id: int


@pytest.fixture
def portal(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Portal]:
    postgres_pass_only(request, "restarts a PostgreSQL server of its own")
    if binaries() is None:
        need_program("/usr/lib/postgresql/15/bin/postgres", "postgresql")
    from registration_support import open_session

    from tests.conftest import _migrate
    from web import create_app

    with private_postgres() as postgres:
        _migrate(postgres.url)
        app = create_app({"TESTING": True, "SECRET_KEY": "unused", "DATABASE_URL": postgres.url,
                          "REQUEST_LOG": False})
        server = None
        try:
            session_id = open_session(app, "cfg")
            server = start_app_server("app", tmp_path, {
                "DATABASE_URL": postgres.url, "SECRET_KEY": "postgres-restart-test-key",
                "SESSION_COOKIE_SECURE": "0", "WEB_CONCURRENCY": "2",
                "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(free_port()),
                "UPLOAD_FOLDER": str(tmp_path / "uploads"), "FLASK_DEBUG": "0",
            })
            yield Portal(app, server, postgres, session_id)
        finally:
            if server is not None:
                server.stop()
            app.extensions["examforms.engine"].dispose()


def _french_unavailable_page(response: requests.Response) -> None:
    assert response.status_code == 503, (response.status_code, response.text[:500])
    page = html.unescape(response.text)
    assert "Service momentanément indisponible" in page
    assert "n'a pas été enregistré" in page
    assert 'lang="fr"' in page and "République<br>Française" in page, "not the layout"
    assert not [word for word in TRACE_WORDS if word in page], page
    assert response.headers["Retry-After"].isdigit()


def test_a_postgresql_restart_during_the_load_half_saves_nothing_and_the_retry_works(
    portal: Portal,
) -> None:
    auth = AuthActions(portal.app, None)
    candidates = [HttpCandidate(portal.server.url, auth.create(unique_email("redemarrage")).email,
                                DEFAULT_PASSWORD) for _ in range(CANDIDATES)]
    observer = HttpCandidate(portal.server.url, auth.create(unique_email("observe")).email,
                             DEFAULT_PASSWORD)
    observer.login()
    saved: list[int] = []
    restarted = threading.Event()
    load = Load(candidates, lambda index, candidate: candidate.register_cfg(
        portal.session_id, address=f"{index} rue du Guesclin"),
        lambda index, receipt, attempt: saved.append(index), ATTEMPTS, CONCURRENCY)

    down_pages: list[requests.Response] = []

    def restart_in_the_middle() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with load.lock:
                if len(saved) >= RESTART_AFTER_SAVED or load.all_taken():
                    break
            time.sleep(0.02)
        portal.postgres.stop("fast")  # every connection ended, open transactions rolled back
        down_pages.append(observer.get("/mes-inscriptions"))
        down_pages.append(observer.get("/connexion"))
        time.sleep(DOWN_SECONDS)
        portal.postgres.start()
        restarted.set()

    restarter = threading.Thread(target=restart_in_the_middle)
    load.start()
    restarter.start()
    restarter.join(180)
    assert restarted.is_set(), "the server did not come back"
    # The pool's connections all died with the server: the first requests after it is back
    # must not fail on them (each worker answers some of these).
    after = [observer.get("/mes-inscriptions") for _ in range(6)]
    load.join(300)

    for page in down_pages:
        _french_unavailable_page(page)
    assert [r.status_code for r in after] == [200] * 6, [r.text[:300] for r in after]
    assert not load.failures, "\n".join(load.failures + load.retried)
    assert sorted(saved) == list(range(CANDIDATES))
    statuses = {status for c in candidates for _, _, status in c.timings}
    assert 500 not in statuses, statuses
    assert_saved_whole(portal.app, portal.session_id, [c.email for c in candidates])
    print(f"\npostgres restart: {len(load.retried)} request(s) caught by the restart, "
          f"retried: {load.retried}")
