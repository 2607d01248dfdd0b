"""Back-office candidatures on PostgreSQL with 100,000 generated rows: list and search p95,
the plans of their queries, and streamed exports (time, peak memory at 10,000 and 100,000).

Needs TEST_DATABASE_URL (or DATABASE_URL) naming a PostgreSQL server; the data lives in a
schema of its own, dropped at the end (BENCH_KEEP=1 keeps it). Prints figures only.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import text

from tests.bench import candidatures_data as data
from tests.bench.candidatures_export import bench_app, staff_client

ROOT = Path(__file__).resolve().parents[2]
REQUESTS = 200
TARGET_P95_MS = 150.0


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[round(0.95 * (len(ordered) - 1))]


def _staff(app: Any) -> str:
    from web.backoffice.staff import create_staff
    from web.core import db as database

    with app.app_context():
        db = database.session()
        account = create_staff(db, "bench.gestion@example.org", "Motdepasse!1",
                               academy_code="rennes", last_name="BENCH", first_names="Gestion")
        db.commit()
        return str(account.get_id())


def _timed(client: Any, paths: list[str]) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each GET (on a loaded machine wall time mostly measures
    the wait for a core; the database's own time is in the plans below)."""
    wall, cpu = [], []
    for path in paths:
        start, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    return wall, cpu


def list_paths(database: data.BenchDatabase) -> list[str]:
    """Bookmarkable list addresses an office uses: filters alone and combined, deep pages."""
    cap = database.rennes_cap
    return [
        "/gestion/candidatures",
        "/gestion/candidatures?etat=inscrit",
        f"/gestion/candidatures?session={cap}&etat=inscrit",
        "/gestion/candidatures?examen=cap&specialite=cuisine",
        "/gestion/candidatures?categorie=individuel_salarie&amenagement=oui",
        "/gestion/candidatures?pieces=a_controler",
        f"/gestion/candidatures?session={database.rennes_cfg}&pieces=non_conforme",
        "/gestion/candidatures?etat=ecartee&page=20",
        "/gestion/candidatures?page=200",
        "/gestion/candidatures?recherche=001",
    ]


def search_paths(rng: random.Random) -> list[str]:
    from web.core.text import search_key

    out = []
    for _ in range(REQUESTS):
        name = search_key(rng.choice(data.SURNAMES))
        prefix = name[:rng.randint(min(3, len(name)), len(name))]
        out.append("/gestion/candidatures?" + urlencode({"recherche": prefix}))
    return out


def explain(app: Any, database: data.BenchDatabase) -> list[tuple[str, list[str]]]:
    """EXPLAIN ANALYZE of the page, count and name-search queries (plan lines)."""
    from web.backoffice.candidatures import listing
    from web.backoffice.candidatures.filters import Filters
    from web.backoffice.scope import Scope
    from web.core import db as database_module
    from web.core.models import Account, Candidature, ExamSession

    scope = Scope(0, frozenset({"rennes"}))
    cases = [
        ("page, session and state filters",
         Filters(session=database.rennes_cap, etat="inscrit")),
        ("page, name search « MART »", Filters(recherche="MART")),
    ]
    out = []
    with app.app_context():
        db = database_module.session()
        conn = db.connection()
        for title, filters in cases:
            found = listing.filter_criteria(db, filters)
            page = listing.ordered(listing.selected(
                scope, found, Candidature, Account, ExamSession.label), filters).limit(50)
            count = listing.count_query(scope, found)
            for label, query in ((title, page), (f"count of {title}", count)):
                compiled = query.compile(conn, compile_kwargs={"render_postcompile": True})
                rows = conn.exec_driver_sql("EXPLAIN ANALYZE " + str(compiled),
                                            compiled.params).scalars().all()
                out.append((label, list(rows)))
    return out


def export(database: data.BenchDatabase, user_id: str, query: str, extension: str
           ) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.candidatures_export", database.url, user_id, query,
         extension], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _report_timings(title: str, timings: tuple[list[float], list[float]]) -> None:
    wall, cpu = timings
    verdict = "OK" if p95(wall) < TARGET_P95_MS else "ABOVE TARGET"
    print(f"{title}: p95 {p95(wall):.1f} ms, median {statistics.median(wall):.1f} ms, "
          f"max {max(wall):.1f} ms over {len(wall)} GETs "
          f"(target p95 < {TARGET_P95_MS:.0f} ms: {verdict}); CPU p95 {p95(cpu):.1f} ms")


def run() -> None:
    url = data.server_url()
    if url is None:
        print("skipped: no PostgreSQL server (set TEST_DATABASE_URL, e.g. `source /tmp/pgenv`)")
        return
    started = time.perf_counter()
    database = data.create(url)
    print(f"generated {data.CFG_ROWS + data.CAP_ROWS:,} candidatures in Rennes and "
          f"{data.OUT_OF_SCOPE_ROWS:,} in Nantes (schema {database.schema}) in "
          f"{time.perf_counter() - started:.1f} s")
    app = bench_app(database.url)
    try:
        with app.app_context():
            from web.core import db as database_module

            version = database_module.session().execute(text("SHOW server_version")).scalar()
        print(f"PostgreSQL {version}; Flask test client, a Rennes gestionnaire's scope")
        user_id = _staff(app)
        client = staff_client(app, user_id)
        paths = list_paths(database)
        _timed(client, paths)  # warm-up: specs, templates, caches
        _report_timings("filtered list page", _timed(client, paths * (REQUESTS // len(paths))))
        _report_timings("search by name (prefix)", _timed(client, search_paths(random.Random(7))))
        for label, plan in explain(app, database):
            print(f"  plan of the {label}:")
            for line in plan:
                if any(word in line for word in ("Scan", "Join", "Loop", "Sort", "Limit",
                                                 "Aggregate", "Execution Time")):
                    print(f"    {line.strip()}")
        for extension in ("csv", "xlsx"):
            for label, query in (("10,000", f"session={database.rennes_cfg}"),
                                 ("100,000", "")):
                figures = export(database, user_id, query, extension)
                growth = (figures["peak_kb"] - figures["rss_before_kb"]) / 1024
                print(f"streamed {extension.upper()} export of {label} rows: "
                      f"{figures['seconds']:.1f} s (CPU {figures['cpu_seconds']:.1f} s), "
                      f"{figures['bytes'] / 1e6:.1f} MB, "
                      f"worker peak {figures['peak_kb'] / 1024:.0f} MiB "
                      f"(+{growth:.1f} MiB over its {figures['rss_before_kb'] / 1024:.0f} MiB "
                      f"before the export)")
    finally:
        app.extensions["examforms.engine"].dispose()
        if os.environ.get("BENCH_KEEP"):
            print(f"kept schema {database.schema} (BENCH_KEEP)")
        else:
            data.drop(database)


if __name__ == "__main__":  # python -m tests.bench.bench_candidatures
    run()
