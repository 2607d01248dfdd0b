"""The scale-out cluster: two gunicorn app servers behind haproxy, on one PostgreSQL schema
and one Redis limiter store, started once for the module that asks for it."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cluster import (
    LOGIN_LIMIT,
    Cluster,
    Service,
    free_port,
    fresh_schema,
    start_app_server,
    start_haproxy,
    start_redis,
)

# tests/web's helpers open sessions as the back office does; reuse them rather than copy them.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

def _needed_programs() -> None:
    missing = [p for p in ("haproxy", "redis-server") if shutil.which(p) is None]
    if missing:
        message = f"{', '.join(missing)} not installed (apt-get install haproxy redis-server)"
        if os.environ.get("CI"):
            pytest.fail(message + ": .ci/run installs them")
        pytest.skip(message)


def server_settings(url: str, redis: Service, folder: Path) -> dict[str, str]:
    """The environment of every app server: one database, one limiter store, one key."""
    return {
        "DATABASE_URL": url,
        "SECRET_KEY": "scale-out-test-secret-key",
        "SESSION_COOKIE_SECURE": "0",
        "TRUSTED_PROXIES": "127.0.0.1",
        "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{redis.port}",
        "LOGIN_LIMIT_PER_ACCOUNT": f"{LOGIN_LIMIT} per 15 minutes",
        "WEB_CONCURRENCY": "2",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(free_port()),  # nothing listens: mail stays in the outbox
        "UPLOAD_FOLDER": str(folder / "uploads"),
        "FLASK_DEBUG": "0",
    }


@pytest.fixture(scope="module")
def cluster(request: pytest.FixtureRequest,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    if request.config.getoption("--db") != "postgres":
        pytest.skip("two app servers share one PostgreSQL: runs in the PostgreSQL pass "
                    "(make test-postgres)")
    _needed_programs()
    from registration_support import open_session

    from web import create_app

    folder = tmp_path_factory.mktemp("scale-out")
    started: list[Service] = []
    app = None
    with fresh_schema(os.environ["TEST_DATABASE_URL"], "scale_out") as url:
        try:
            app = create_app({"TESTING": True, "SECRET_KEY": "unused", "DATABASE_URL": url,
                              "REQUEST_LOG": False})
            session_id = open_session(app, "cfg")
            redis = start_redis(folder)
            started.append(redis)
            settings = server_settings(url, redis, folder)
            servers = []
            for name in ("app1", "app2"):
                servers.append(start_app_server(name, folder, settings))
                started.append(servers[-1])
            proxy = start_haproxy(folder, servers)
            started.append(proxy)
            yield Cluster(app, session_id, redis, servers, proxy)
        finally:
            for service in reversed(started):
                service.stop()
            if app is not None:
                app.extensions["examforms.engine"].dispose()
