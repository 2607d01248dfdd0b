"""Deadline day: complete CFG, CAP and Bac Pro registrations over HTTP, and the bare page.

The portal runs as in production: gunicorn with deploy/gunicorn.conf.py (one worker per
core), on a PostgreSQL schema of its own (TEST_DATABASE_URL, as the tests). Virtual
candidates log in, fill every tab, press Enregistrer (PDF included) and open their N°
Inscription page, with a think time between pages, at each concurrency level of
BENCH_LEVELS (default 4,16; BENCH_LEVELS=4,16,64 adds the heavy one); their exams take
turns (CFG, CAP, Bac Pro). Printed for each level: full registrations per second and per
core, both from the wall clock and from the workers' own CPU time, p50/p99 per page,
errors, and the largest worker RSS before and after. Beside it, under the same gunicorn
configuration, the server CPU of a wizard tab's GET and POST against a bare Flask + WTForms
page with the same fields (tests/bench/bare_app.py), and their ratios.

The load driver runs on the same 2-core machine, which other work shares: wall-clock
figures are pessimistic, the CPU figures are what the portal itself costs.
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
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "serving"))
sys.path.insert(0, str(HERE.parent / "web"))

LEVELS = tuple(int(n) for n in os.environ.get("BENCH_LEVELS", "4,16").split(",") if n)
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))  # registrations per virtual candidate
THINK = float(os.environ.get("BENCH_THINK", "0.2"))
EXAMS = ("cfg", "cap", "bacpro")
PASSWORD = "Motdepasse!1"
TARGET_PER_CORE = 6.0
TARGET_P99_MS = 300.0
P99_LEVEL = 16


def _journey(candidate: Any, exam: str, session_id: int) -> None:
    from journey import JourneyError, register_vocational

    candidate.login()
    if exam == "cfg":
        receipt = candidate.register_cfg(session_id)
    else:
        receipt = register_vocational(candidate, exam, session_id)
    if candidate.get(receipt).status_code != 200:
        raise JourneyError(f"{exam}: N° Inscription page {receipt!r} not shown")


def _level(url: str, sessions: dict[str, int], accounts: list[Any], level: int
           ) -> dict[str, Any]:
    from journey import HttpCandidate, JourneyError

    pending = list(enumerate(accounts))
    lock = threading.Lock()
    done: list[HttpCandidate] = []
    errors: list[str] = []

    def candidate_loop() -> None:
        while True:
            with lock:
                if not pending:
                    return
                index, account = pending.pop()
            exam = EXAMS[index % len(EXAMS)]
            candidate = HttpCandidate(url, account.email, PASSWORD, think=THINK)
            try:
                _journey(candidate, exam, sessions[exam])
            except (JourneyError, OSError) as error:
                with lock:
                    errors.append(f"{exam}: {error}")
            with lock:
                done.append(candidate)

    threads = [threading.Thread(target=candidate_loop) for _ in range(level)]
    started, driver_cpu = time.perf_counter(), time.process_time()
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
            bad += status >= 400
    return {"wall": wall, "saved": len(done) - len(errors), "errors": errors, "pages": pages,
            "http_errors": bad, "driver_cpu": time.process_time() - driver_cpu}


def _print_level(level: int, figures: dict[str, Any], cpu: float, rss: tuple[float, float],
                 recycled: bool, cores: int) -> list[str]:
    from deadline_support import percentile

    saved = figures["saved"]
    rate = saved / figures["wall"]
    per_cpu = saved / cpu if cpu else 0.0
    verdict = "OK" if per_cpu >= TARGET_PER_CORE else "BELOW TARGET"
    errors = len(figures["errors"]) + figures["http_errors"]
    print(f"\n{level} concurrent candidates: {saved} registrations in {figures['wall']:.1f} s"
          f" = {rate:.2f}/s, {rate / cores:.2f}/s per core by the wall clock; workers' CPU "
          f"{cpu:.1f} s = {per_cpu:.2f} registrations per CPU-second of a core "
          f"(target ≥ {TARGET_PER_CORE:.0f}: {verdict}); {1000 * cpu / max(saved, 1):.0f} ms "
          f"of server CPU per registration; load driver's own CPU {figures['driver_cpu']:.1f}"
          f" s")
    print(f"  errors: {len(figures['errors'])} journeys, {figures['http_errors']} HTTP "
          f"answers ≥ 400{'' if errors == 0 else '  (target: zero)'}; worker RSS "
          f"{rss[0]:.0f} → {rss[1]:.0f} MiB{' (a worker was recycled)' if recycled else ''}")
    slow = []
    for page, values in sorted(figures["pages"].items()):
        p99 = percentile(values, 0.99)
        flag = ""
        if p99 >= TARGET_P99_MS:
            flag = "  > 300 ms"
            slow.append(page)
        print(f"  {page:<58} n={len(values):>4}  p50 {statistics.median(values):7.1f}"
              f" ms  p99 {p99:7.1f} ms{flag}")
    for error in figures["errors"][:5]:
        print(f"  error: {error}")
    return slow


def _ratios(server: Any, bare: Any, sessions: dict[str, int], account: Any) -> None:
    from deadline_ratios import bare_costs, report, tab_costs
    from journey import IDENTIFICATION, HttpCandidate

    candidate = HttpCandidate(server.url, account.email, PASSWORD)
    candidate.login()
    candidate.start(sessions["cfg"])
    data = {**IDENTIFICATION, "email": account.email}
    tab = tab_costs(server.process.pid, candidate, "identification", data)
    master = bare.process.pid
    bares = [("the same 24 fields and lists (like for like)", bare_costs(master, bare.url)),
             ("24 text inputs (the floor)", bare_costs(master, bare.url, lists=False))]
    for line in report(tab, bares, "Identification (CFG), 24 fields"):
        print(line)


def _costs_per_page(server: Any, sessions: dict[str, int], accounts: list[Any]) -> None:
    from deadline_pages import JOURNEYS_PER_EXAM, metered, report

    print(f"server CPU of one registration, the candidate alone on the server (median of "
          f"{JOURNEYS_PER_EXAM}):")
    pending = iter(accounts)
    for exam in EXAMS:
        candidates = []
        for _ in range(JOURNEYS_PER_EXAM):
            account = next(pending)
            candidate = metered(server.process.pid, server.url, account.email, PASSWORD)
            _journey(candidate, exam, sessions[exam])
            candidates.append(candidate)
        for line in report(exam, candidates):
            print(line)


def run() -> None:
    base_url = os.environ.get("TEST_DATABASE_URL")
    if not base_url:
        print("skipped: needs PostgreSQL (set TEST_DATABASE_URL, e.g. `source /tmp/pgenv`, "
              "as `make test-postgres`)")
        return
    from cluster import free_port, fresh_schema, start_app_server
    from deadline_support import server_cpu, worker_rss
    from registration_support import open_session

    from tests.conftest import AuthActions, unique_email
    from web import create_app

    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp, fresh_schema(base_url, "bench") as url:
        folder = Path(tmp)
        app = create_app({"TESTING": True, "SECRET_KEY": "unused", "DATABASE_URL": url,
                          "REQUEST_LOG": False})
        sessions = {exam: open_session(app, exam) for exam in EXAMS}
        actions = AuthActions(app, None)
        from deadline_pages import JOURNEYS_PER_EXAM

        metered = len(EXAMS) * JOURNEYS_PER_EXAM
        accounts = [actions.create(unique_email("bench"), password=PASSWORD)
                    for _ in range(len(EXAMS) + 1 + metered + sum(LEVELS) * ROUNDS)]
        settings = {
            "SECRET_KEY": "bench-secret-key", "SESSION_COOKIE_SECURE": "0",
            "WEB_CONCURRENCY": str(cores), "REQUEST_LOG": "0",
        }
        server = start_app_server("bench", folder, {
            **settings, "DATABASE_URL": url, "MAIL_PORT": str(free_port()),
            "UPLOAD_FOLDER": str(folder / "uploads"),
        })
        bare = start_app_server("bare", folder, settings, app="tests.bench.bare_app:create_app()")
        try:
            print(f"gunicorn (deploy/gunicorn.conf.py), {cores} sync workers on {cores} cores, "
                  f"PostgreSQL; the load driver shares these cores, and so do other "
                  f"processes of this machine: wall-clock rates are pessimistic, the CPU "
                  f"figures count only the portal's workers (PostgreSQL's CPU is not in them)")
            _ratios(server, bare, sessions, accounts[0])
            # Warm-up: each exam's spec, templates and fonts in the workers.
            warm = accounts[1:1 + len(EXAMS)]
            _level(server.url, sessions, warm, len(EXAMS))
            offset = 1 + len(EXAMS)
            _costs_per_page(server, sessions, accounts[offset:offset + metered])
            offset += metered
            print(f"\njourneys: log in, every tab, Enregistrer (PDF), the N° Inscription page;"
                  f" exams in turn {', '.join(e.upper() for e in EXAMS)}; think time "
                  f"{THINK * 1000:.0f} ms before each request; {ROUNDS} per candidate")
            for level in LEVELS:
                batch = accounts[offset:offset + level * ROUNDS]
                offset += len(batch)
                rss_before = worker_rss(server.process.pid)
                cpu_before = server_cpu(server.process.pid)
                figures = _level(server.url, sessions, batch, level)
                cpu_after = server_cpu(server.process.pid)
                slow = _print_level(level, figures, cpu_after.seconds - cpu_before.seconds,
                                    (rss_before, worker_rss(server.process.pid)),
                                    cpu_before.pids != cpu_after.pids, cores)
                if level == P99_LEVEL:
                    print(f"  p99 < {TARGET_P99_MS:.0f} ms on every page at {level}: "
                          f"{'OK' if not slow else f'{len(slow)} pages above'}")
        finally:
            server.stop()
            bare.stop()
            app.extensions["examforms.engine"].dispose()


if __name__ == "__main__":  # python -m tests.bench.bench_deadline
    run()
