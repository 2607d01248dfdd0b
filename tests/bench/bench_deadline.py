"""Deadline day (issue 10, part 1, first step): complete CFG registrations over HTTP.

The portal runs as in production: gunicorn with deploy/gunicorn.conf.py (one worker per
core), on a PostgreSQL schema of its own (TEST_DATABASE_URL, as the tests). Virtual
candidates log in, fill every tab, press Enregistrer (PDF included) with a think time between
pages, at each concurrency level of BENCH_LEVELS (default 4,16; 64 is heavy on a 2-core
box). Printed: full registrations per second and per core, p50/p99 per page, errors, and the
largest worker RSS before and after each level. The load driver runs on the same machine:
its CPU is part of what the cores do.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "serving"))
sys.path.insert(0, str(HERE.parent / "web"))

LEVELS = tuple(int(n) for n in os.environ.get("BENCH_LEVELS", "4,16").split(",") if n)
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))  # registrations per virtual candidate
THINK = float(os.environ.get("BENCH_THINK", "0.2"))
TARGET_PER_CORE = 6.0
TARGET_P99_MS = 300.0


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def worker_rss(master: int) -> float:
    """The largest resident set of the gunicorn master's workers, in MiB."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return max((_rss_mib(int(pid)) for pid in children), default=0.0)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _level(url: str, session_id: int, accounts: list[Any], level: int) -> dict[str, Any]:
    from journey import HttpCandidate, JourneyError

    pending = list(accounts)
    lock = threading.Lock()
    done: list[HttpCandidate] = []
    errors: list[str] = []

    def candidate_loop() -> None:
        while True:
            with lock:
                if not pending:
                    return
                account = pending.pop()
            candidate = HttpCandidate(url, account.email, "Motdepasse!1", think=THINK)
            try:
                candidate.login()
                candidate.register_cfg(session_id)
            except (JourneyError, OSError) as error:
                with lock:
                    errors.append(str(error))
            with lock:
                done.append(candidate)

    threads = [threading.Thread(target=candidate_loop) for _ in range(level)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    pages: dict[str, list[float]] = {}
    bad = 0
    for candidate in done:
        for page, seconds, status in candidate.timings:
            pages.setdefault(page, []).append(seconds * 1000)
            bad += status >= 400 and status != 401
    return {"wall": wall, "saved": len(done) - len(errors), "errors": errors, "pages": pages,
            "http_errors": bad}


def run() -> None:
    base_url = os.environ.get("TEST_DATABASE_URL")
    if not base_url:
        print("skipped: needs PostgreSQL (TEST_DATABASE_URL, as `make test-postgres`)")
        return
    from cluster import free_port, fresh_schema, start_app_server
    from registration_support import open_session

    from tests.conftest import AuthActions, unique_email
    from web import create_app

    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp, fresh_schema(base_url, "bench") as url:
        folder = Path(tmp)
        app = create_app({"TESTING": True, "SECRET_KEY": "unused", "DATABASE_URL": url,
                          "REQUEST_LOG": False})
        session_id = open_session(app, "cfg")
        actions = AuthActions(app, None)
        accounts = [actions.create(unique_email("bench"))
                    for _ in range(1 + sum(LEVELS) * ROUNDS)]
        server = start_app_server("bench", folder, {
            "DATABASE_URL": url, "SECRET_KEY": "bench-secret-key", "SESSION_COOKIE_SECURE": "0",
            "WEB_CONCURRENCY": str(cores), "MAIL_PORT": str(free_port()),
            "UPLOAD_FOLDER": str(folder / "uploads"), "REQUEST_LOG": "0",
        })
        try:
            _level(server.url, session_id, accounts[:1], 1)  # warm-up: specs, fonts, templates
            offset = 1
            print(f"gunicorn, {cores} sync worker(s) on {cores} core(s), PostgreSQL, "
                  f"think time {THINK * 1000:.0f} ms, CFG journeys (login, 2 tabs, Enregistrer)")
            for level in LEVELS:
                batch = accounts[offset:offset + level * ROUNDS]
                offset += len(batch)
                rss_before = worker_rss(server.process.pid)
                figures = _level(server.url, session_id, batch, level)
                rss_after = worker_rss(server.process.pid)
                rate = figures["saved"] / figures["wall"]
                verdict = "OK" if rate / cores >= TARGET_PER_CORE else "BELOW TARGET"
                print(f"\n{level} concurrent candidates: {figures['saved']} registrations in "
                      f"{figures['wall']:.1f} s = {rate:.2f}/s, {rate / cores:.2f}/s per core "
                      f"(target ≥ {TARGET_PER_CORE:.0f}: {verdict}); errors "
                      f"{len(figures['errors'])} journeys, {figures['http_errors']} HTTP; "
                      f"worker RSS {rss_before:.0f} → {rss_after:.0f} MiB")
                for page, values in sorted(figures["pages"].items()):
                    p99 = _percentile(values, 0.99)
                    flag = "" if p99 < TARGET_P99_MS else "  > 300 ms"
                    print(f"  {page:<58} n={len(values):>4}  p50 {statistics.median(values):7.1f}"
                          f" ms  p99 {p99:7.1f} ms{flag}")
                for error in figures["errors"][:5]:
                    print(f"  error: {error}")
        finally:
            server.stop()
            app.extensions["examforms.engine"].dispose()


if __name__ == "__main__":  # python -m tests.bench.bench_deadline
    run()
