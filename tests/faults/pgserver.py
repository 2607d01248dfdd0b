"""A PostgreSQL server of the test's own: initdb in a temporary folder, a free port, stopped
(and its folder removed) at the end. Never the shared cluster: this one is restarted.

As root, the server runs as the `postgres` account (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cluster import free_port

BIN_ROOT = Path("/usr/lib/postgresql")
ROLE = "examforms"
PASSWORD = "examforms-fault-test"


def binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian's layout), if any."""
    found = sorted(BIN_ROOT.glob("*/bin/postgres"), key=lambda p: int(p.parent.parent.name))
    return found[-1].parent if found else None


@dataclass
class PrivateServer:
    bin: Path
    folder: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def url(self) -> str:
        # initdb's own database: creating another one (a copy of template1) costs seconds.
        return f"postgresql+psycopg://{ROLE}:{PASSWORD}@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check,
                              timeout=120)

    def init(self) -> None:
        password_file = self.folder / "password"
        password_file.write_text(PASSWORD)
        self._run("initdb", "-D", str(self.data), "-U", ROLE, "-A", "scram-sha-256",
                  f"--pwfile={password_file}", "-E", "UTF8", "--no-sync", "--no-instructions")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                       f"unix_socket_directories = '{self.folder}'\nfsync = off\n"
                       "max_connections = 40\n")

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"),
                  "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        """`fast`: every connection is ended, open transactions are rolled back."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop",
                  check=False)

    def running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0


@contextmanager
def private_postgres() -> Iterator[PrivateServer]:
    """A running server with its empty database `postgres`; stopped and removed after."""
    found = binaries()
    assert found is not None, "PostgreSQL is not installed"
    folder = Path(tempfile.mkdtemp(prefix="examforms-pg-"))
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(folder, account.pw_uid, account.pw_gid)
    server = PrivateServer(found, folder, free_port())
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.stop("immediate")
        deadline = time.monotonic() + 30
        while server.running() and time.monotonic() < deadline:
            time.sleep(0.2)
        shutil.rmtree(folder, ignore_errors=True)
