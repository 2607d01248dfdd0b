"""Helpers of the fault tests: what each needs installed, and where it runs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest


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
