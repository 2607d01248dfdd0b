"""Real processes for the scale-out tests: Redis, gunicorn app servers and haproxy.

Each listens on 127.0.0.1 on a free port, writes its output to a file of the test's folder,
and is stopped by its process id (an app server with its workers: its process group).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[2]
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"


@contextmanager
def fresh_schema(base_url: str, prefix: str) -> Iterator[str]:
    """A new PostgreSQL schema migrated to head; yields its URL, drops it at the end."""
    from tests.conftest import migrated_schema

    with migrated_schema(base_url, f"{prefix}_{uuid.uuid4().hex[:8]}") as schema:
        yield schema.url


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Service:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole process group at once: a machine lost, no graceful shutdown."""
        if self.alive():
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if not self.alive():
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.kill()

    def tail(self, lines: int = 30) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def _spawn(name: str, port: int, command: list[str], folder: Path,
           env: dict[str, str] | None = None) -> Service:
    log = folder / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env,
                                   cwd=ROOT, start_new_session=True)
    return Service(name, port, process, log)


def wait_until(check: object, service: Service, limit: float = 90.0) -> None:
    """Poll `check()` until it is true; fail with the service's log if it dies or never is."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if not service.alive():
            raise AssertionError(f"{service.name} exited:\n{service.tail()}")
        try:
            if check():  # type: ignore[operator]
                return
        except (OSError, requests.RequestException):
            pass
        time.sleep(0.2)
    raise AssertionError(f"{service.name} not ready within {limit} s:\n{service.tail()}")


def start_redis(folder: Path) -> Service:
    port = free_port()
    service = _spawn("redis", port, [
        "redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
        "--appendonly", "no", "--dir", str(folder), "--protected-mode", "yes",
    ], folder)

    def answers() -> bool:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")

    wait_until(answers, service, 30)
    return service


def start_app_server(name: str, folder: Path, settings: dict[str, str],
                     app: str = "web:create_app()") -> Service:
    """`gunicorn -c deploy/gunicorn.conf.py 'web:create_app()'`, as in production (`app`
    names another WSGI app served the same way, e.g. the benchmark's bare page)."""
    port = free_port()
    env = {**os.environ, **settings, "PORTAL_BIND": f"127.0.0.1:{port}",
           "PORTAL_PROC_NAME": f"examforms-{name}",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)  # each server its own, made by the config
    service = _spawn(name, port, [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF),
                                  app], folder, env)
    wait_until(lambda: requests.get(service.url + "/sante", timeout=5).status_code == 200,
               service)
    return service


HAPROXY_CONFIG = """\
global
    maxconn 256

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    # A connection refused by a dead server is tried again on the other one.
    retries 3
    option redispatch
    # Sync gunicorn workers must not wait for a slow client's body.
    option http-buffer-request

frontend portal
    bind 127.0.0.1:{port}
    option forwardfor
    http-request set-header X-Forwarded-Proto http
    http-request set-header X-Request-Id %[uuid()] unless {{ req.hdr(X-Request-Id) -m found }}
    default_backend apps

backend apps
    balance roundrobin
    option httpchk GET /sante
    http-check expect status 200
    default-server inter 300ms fall 2 rise 2
    # A killed server refuses the check's connection at once (down within 2 checks); a busy
    # one (two cores shared by the whole suite) gets time to answer instead of being taken
    # out, both at once, by a check timing out after its 300 ms default (the interval).
    timeout check 2s
    # For the test only: which app server answered.
    http-response set-header X-Served-By %s
{servers}
"""


def start_haproxy(folder: Path, apps: list[Service]) -> Service:
    port = free_port()
    servers = "\n".join(f"    server {app.name} 127.0.0.1:{app.port} check" for app in apps)
    config = folder / "haproxy.cfg"
    config.write_text(HAPROXY_CONFIG.format(port=port, servers=servers))
    checked = subprocess.run(["haproxy", "-c", "-f", str(config)], capture_output=True,
                             text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    service = _spawn("haproxy", port, ["haproxy", "-db", "-f", str(config)], folder)

    def both_up() -> bool:
        seen = {requests.get(service.url + "/sante", timeout=5).headers.get("X-Served-By")
                for _ in range(2 * len(apps))}
        return seen == {app.name for app in apps}

    wait_until(both_up, service, 30)
    return service


LOGIN_LIMIT = 3  # failed logins per account the cluster allows (LOGIN_LIMIT_PER_ACCOUNT)


@dataclass
class Cluster:
    app: Any  # an app on the same database, for seeding and for reading what was saved
    session_id: int
    redis: Service
    servers: list[Service]
    proxy: Service

    @property
    def url(self) -> str:
        return self.proxy.url
