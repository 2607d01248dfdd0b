"""Helpers of the fault tests: what each needs installed, and where it runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def assert_saved_whole(app: Any, session_id: int, emails: list[str]) -> list[Any]:
    """Each of `emails` has one candidature in the session, saved whole; numbers unique.

    Whole: version 1 with its version row, its Confirmation d'inscription, its mail in the
    outbox, the draft removed, the account's candidate number set. Returns the rows.
    """
    from sqlalchemy import func, select

    from web.core import db as database
    from web.core.models import (
        Account,
        Candidature,
        CandidatureDraft,
        CandidatureVersion,
        Document,
        OutboxMessage,
    )

    def count(table: Any, *where: Any) -> int:
        return int(db.scalar(select(func.count()).select_from(table).where(*where)) or 0)

    with app.app_context():
        db = database.session()
        rows = list(db.scalars(select(Candidature).where(Candidature.session_id == session_id)))
        accounts = {row.account_id: db.get(Account, row.account_id) for row in rows}
        assert sorted(a.email for a in accounts.values()) == sorted(emails), \
            "a candidature is missing or saved twice"
        numbers = [row.inscription_number for row in rows]
        assert len(set(numbers)) == len(numbers), f"an inscription number given twice: {numbers}"
        candidate_numbers = [a.candidate_number for a in accounts.values()]
        assert all(candidate_numbers), "a candidature saved without the candidate's number"
        assert len(set(candidate_numbers)) == len(candidate_numbers), candidate_numbers
        for row in rows:
            assert row.version == 1, row.id
            assert count(CandidatureVersion, CandidatureVersion.candidature_id == row.id) == 1
            assert count(Document, Document.candidature_id == row.id) == 1, row.id
            assert count(OutboxMessage, OutboxMessage.account_id == row.account_id) == 1
            assert count(CandidatureDraft, CandidatureDraft.account_id == row.account_id) == 0
        for row in rows:
            db.expunge(row)
    return rows
