"""Helpers of the fault tests: what each needs installed, and where it runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from cluster import ROOT, Service


def need_program(program: str, package: str) -> None:
    """Skip without `program` on a developer's machine; fail in CI, which installs it."""
    if shutil.which(program) is None and not Path(program).exists():
        message = f"{program} not installed (apt-get install {package})"
        if os.environ.get("CI"):
            pytest.fail(message + ": .ci/run installs it")
        pytest.skip(message)


def postgres_pass_only(request: pytest.FixtureRequest, why: str) -> None:
    if request.config.getoption("--db") != "postgres":
        pytest.skip(f"{why}: runs in the PostgreSQL pass (make test-postgres)")


def start_mail_worker(folder: Path, settings: dict[str, str], interval: float = 0.3) -> Service:
    """`flask --app web mail-worker`, as in production, on the settings given."""
    env = {**os.environ, **settings, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    log = folder / "mail-worker.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "web", "mail-worker",
             "--interval", str(interval)],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT, start_new_session=True)
    return Service("mail-worker", 0, process, log)


def wait_for(check: Callable[[], bool], what: str, limit: float = 30.0,
             service: Service | None = None) -> None:
    """Poll `check()` until true; fail naming `what` (with the service's log) otherwise."""
    deadline = time.monotonic() + limit
    while not check():
        if service is not None and not service.alive():
            raise AssertionError(f"{service.name} exited while waiting for {what}:\n"
                                 f"{service.tail()}")
        if time.monotonic() > deadline:
            tail = f"\n{service.tail()}" if service is not None else ""
            raise AssertionError(f"not within {limit} s: {what}{tail}")
        time.sleep(0.1)
