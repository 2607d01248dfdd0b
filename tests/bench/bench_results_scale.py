"""Stored results of a session part of 100,000 CAP candidatures (BENCH_RESULTS_COUNT changes
it), on SQLite in a temporary file, then on PostgreSQL when TEST_DATABASE_URL names a server
(a schema of its own, dropped at the end).

Prints: candidatures per second of the engine's evaluation alone (unit lines and result, no
database; CPU time, the machine may be shared); of the whole "Calculer les résultats" job
(its chunks through the job queue in the process, JOBS_IMMEDIATE, the reads and upserts
included), then of the same job again
with nothing changed (fingerprints compared, nothing evaluated); and the time of the results
page (first and a deep page, a result filter, a name search) and of the CSV and XLSX exports
(with the process's peak memory while each is read).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, select, text

from tests.bench import candidatures_data as data
from tests.bench.bench_results import past_cap_session
from tests.bench.candidatures_export import staff_client

ROOT = Path(__file__).resolve().parents[2]
COUNT = int(os.environ.get("BENCH_RESULTS_COUNT", "100000"))
BATCH = 5000
PAGE_REQUESTS = 5


def _app(url: str) -> Any:
    from web import create_app

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench-secret-key",
            "DATABASE_URL": url,
            "WTF_CSRF_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
            "REQUEST_LOG": False,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": 9,
            "JOBS_IMMEDIATE": True,
            "JOBS_QUEUE_URL": "memory://",
        }
    )


def _shapes(db: Any, session: Any) -> list[tuple[dict[str, Any], list[str]]]:
    """CAP answers of every speciality and a few categories, with the units each grades."""
    from engine.answers import coerce_answers
    from engine.rules import compute_units
    from web.registration.context import exam_of
    from web.results.grades import graded_units, part_calendar

    exam = exam_of("cap")
    assert exam is not None
    calendar = part_calendar(db, session, "rennes")
    out = []
    for answers in data._answers_templates()["cap"]:
        lines = compute_units(exam, coerce_answers(answers), calendar)
        out.append((answers, [u.code for u in graded_units(lines)]))
    return out


def _grade(i: int, n: int) -> dict[str, Any]:
    """Varied grades: mostly marks, some absences, some not entered yet (incomplet)."""
    if (i + n) % 97 == 0:
        return {"status": "absent", "hundredths": None}
    return {"status": "note", "hundredths": ((i * 7 + n * 13) % 20) * 100 + (i % 4) * 25}


def _seed(app: Any, count: int) -> tuple[int, str]:
    """A CAP session in Rennes, its period over, `count` candidatures with their grades."""
    from web.backoffice.staff import create_staff
    from web.core import db as database
    from web.core.models import (
        Account,
        Candidature,
        Grade,
        utcnow,
    )
    from web.core.text import search_key
    from web.registration.context import exam_of

    with app.app_context():
        exam_of("cap")  # the served spec recorded before this transaction writes
        db = database.session()
        now = utcnow()
        session = past_cap_session(db, 2027)
        shapes = _shapes(db, session)
        for start in range(0, count, BATCH):
            ids = range(start, min(start + BATCH, count))
            db.execute(
                insert(Account),
                [
                    {
                        "email": f"r{i}@bench.example",
                        "email_key": f"r{i}@bench.example",
                        "password_hash": "x",
                        "sexe": "F",
                        "nom_naissance": data.SURNAMES[i % len(data.SURNAMES)],
                        "name_key": search_key(data.SURNAMES[i % len(data.SURNAMES)]),
                        "prenoms": "Claire",
                        "date_naissance": date(2000, 5, 17),
                        "pays_naissance": "FR",
                        "candidate_number": f"027{i:08d}",
                        "activated_at": now,
                        "created_at": now,
                    }
                    for i in ids
                ],
            )
        accounts = list(db.scalars(select(Account.id).order_by(Account.id)))
        for start in range(0, count, BATCH):
            ids = range(start, min(start + BATCH, count))
            db.execute(
                insert(Candidature),
                [
                    {
                        "account_id": accounts[i],
                        "exam_code": "cap",
                        "session_id": session.id,
                        "academy_code": "rennes",
                        "inscription_number": f"{i + 1:06d}",
                        "answers": shapes[i % len(shapes)][0],
                        "spec_version": "1",
                        "speciality_code": shapes[i % len(shapes)][0]["fields"]["specialite"],
                        "category_code": shapes[i % len(shapes)][0]["fields"]["categorie"],
                        "created_at": now,
                        "updated_at": now,
                    }
                    for i in ids
                ],
            )
        candidatures = list(db.scalars(select(Candidature.id).order_by(Candidature.id)))
        rows: list[dict[str, Any]] = []
        for i, cid in enumerate(candidatures):
            units = shapes[i % len(shapes)][1]
            for n, unit in enumerate(units[:-1] if i % 50 == 0 else units):
                rows.append(
                    {
                        "candidature_id": cid,
                        "unit_code": unit,
                        "entered_by": "bench",
                        "entered_at": now,
                        **_grade(i, n),
                    }
                )
            if len(rows) >= BATCH * 4:
                db.execute(insert(Grade), rows)
                rows = []
        if rows:
            db.execute(insert(Grade), rows)
        staff = create_staff(
            db,
            "bench.resultats@example.org",
            "Motdepasse!1",
            academy_code="rennes",
            last_name="BENCH",
            first_names="Résultats",
        )
        db.commit()
        return session.id, str(staff.get_id())


def _engine_alone(app: Any, session_id: int) -> float:
    """Candidatures per second of records.evaluate on every candidature, read beforehand."""
    from web.core import db as database
    from web.core.models import Candidature, ExamSession
    from web.registration.context import exam_of
    from web.results import records
    from web.results.grades import grades_by_candidature

    with app.app_context():
        db = database.session()
        session = db.get(ExamSession, session_id)
        exam = exam_of("cap")
        context = records.part_context(db, exam, session, "rennes")
        candidatures = list(
            db.scalars(select(Candidature).where(Candidature.session_id == session_id))
        )
        grades = grades_by_candidature(db, [c.id for c in candidatures])
        started = time.process_time()
        for c in candidatures:
            records.evaluate(context, c, grades[c.id])
        return len(candidatures) / (time.process_time() - started)


def _job(app: Any, session_id: int) -> tuple[float, float, int, int]:
    """The whole computation job: seconds (wall, then CPU), items done, items failed."""
    from web.core import db as database
    from web.core.models import ExamSession, PublicationJob
    from web.documents import jobs, tasks
    from web.results import computation

    with app.app_context():
        db = database.session()
        session = db.get(ExamSession, session_id)
        started, cpu = time.perf_counter(), time.process_time()
        job = jobs.create(db, None, computation.KIND, session, "rennes")
        db.commit()
        tasks.start(job.id)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        db.expire_all()
        done = db.get(PublicationJob, job.id)
        return seconds, cpu, done.done, done.failed


def _pages(app: Any, session_id: int, staff_id: str) -> None:
    client = staff_client(app, staff_id)
    base = f"/gestion/sessions/{session_id}/rennes/resultats"
    for label, path in (
        ("first page", base),
        ("page 1,000", f"{base}?page=1000"),
        ("filter Ajourné", f"{base}?resultat=ajourne"),
        ("name search « MART »", f"{base}?q=MART"),
        ("filter À recalculer", f"{base}?resultat=a_calculer"),
    ):
        times = []
        for _ in range(PAGE_REQUESTS):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, path
        print(
            f"  results page, {label}: median {statistics.median(times):.0f} ms, "
            f"max {max(times):.0f} ms over {PAGE_REQUESTS} GETs"
        )
    _exports(app.config["DATABASE_URL"], staff_id, base)


def _exports(url: str, staff_id: str, base: str) -> None:
    """The part's export in each format, in a fresh process reading it chunk by chunk: its
    time and that process's peak resident memory (VmHWM) against its size before."""
    for extension in ("csv", "xlsx"):
        path = f"{base}/export.{extension}"
        done = subprocess.run(
            [sys.executable, "-m", "tests.bench.candidatures_export", url, staff_id, path,
             f"{base}?q=zzzzzz", f"{path}?q=zzzzzz"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
        found = json.loads(done.stdout.strip().splitlines()[-1])
        rows = f", {found['lines'] - 1:,.0f} rows" if extension == "csv" else ""
        print(
            f"  {extension.upper()} export of the part: {found['seconds']:.1f} s "
            f"({found['cpu_seconds']:.1f} s CPU), {found['bytes'] / 1e6:.1f} MB{rows}, "
            f"peak memory {found['peak_kb'] / 1024:.0f} MB, "
            f"+{(found['peak_kb'] - found['rss_before_kb']) / 1024:.0f} MB over the "
            f"process before it"
        )


def _scenario(app: Any, label: str, engine_alone: bool) -> None:
    started = time.perf_counter()
    session_id, staff_id = _seed(app, COUNT)
    print(
        f"{label}: {COUNT:,} CAP candidatures and their grades seeded in "
        f"{time.perf_counter() - started:.0f} s"
    )
    if engine_alone:
        rate = _engine_alone(app, session_id)
        print(
            f"  engine evaluation alone: {rate:,.0f} candidatures/s of CPU "
            f"({COUNT / rate:.0f} s of CPU for {COUNT:,})"
        )
    seconds, cpu, done, failed = _job(app, session_id)
    print(
        f"  « Calculer les résultats » job: {done:,} computed, {failed} failed in "
        f"{seconds:.0f} s = {done / seconds:,.0f} candidatures/s "
        f"({done / cpu:,.0f} per second of this process's CPU)"
    )
    seconds, cpu, done, _ = _job(app, session_id)
    print(
        f"  the same job again, nothing changed: {seconds:.0f} s = "
        f"{done / seconds:,.0f} candidatures/s ({done / cpu:,.0f} per CPU second)"
    )
    _pages(app, session_id, staff_id)


def run() -> None:
    from web.core.migrate import upgrade

    if os.environ.get("BENCH_RESULTS_SQLITE", "1") != "0":  # 0: PostgreSQL only
        with tempfile.TemporaryDirectory() as folder:
            app = _app(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
            upgrade(app)
            _scenario(app, "SQLite (temporary file)", engine_alone=True)
            app.extensions["examforms.engine"].dispose()
    url = data.server_url()
    if url is None:
        print("PostgreSQL: skipped (set TEST_DATABASE_URL, e.g. `source /tmp/pgenv`)")
        return
    from alembic import command

    from web.core.migrate import alembic_config

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    database = data.BenchDatabase(url, schema, 0, 0)
    try:
        command.upgrade(alembic_config(database.url), "head")
        app = _app(database.url)
        _scenario(app, "PostgreSQL", engine_alone=False)
        app.extensions["examforms.engine"].dispose()
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":  # python -m tests.bench.bench_results_scale
    run()
