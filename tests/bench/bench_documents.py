"""Benchmark of the office's publications: convocations for 10,000 CFG candidatures through
the job queue, with 1 and then 2 worker processes (`python -m web.documents.worker`), on a
SQLite database and a SQLite queue of their own in a temporary folder.

Prints, for each run: the PDFs, the seconds (wall time from the job's planning to its last
item), PDFs per second and per core (divided by the workers, at most the machine's cores),
the workers' CPU time per PDF (their start-up included: on a shared machine the wall time
measures the wait for a core too), the load average around the run, and how many chunks
(JOBS_CHUNK_SIZE candidatures each) every worker process took. BENCH_DOCUMENTS_COUNT
changes the number of candidatures (10,000 by default).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import date
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

ROOT = Path(__file__).resolve().parents[2]
COUNT = int(os.environ.get("BENCH_DOCUMENTS_COUNT", "10000"))
WORKERS = (1, 2)
TIMEOUT_S = 3 * 3600

ANSWERS: dict[str, Any] = {
    "fields": {
        "nationalite": "FR",
        "adresse_pays": "FR",
        "adresse_1": "12 rue de la Monnaie",
        "code_postal": "35000",
        "localite": "RENNES",
        "telephone_mobile": "0612345678",
        "email": "x@example.org",
        "pcs_representant_legal": "21",
        "categorie": "individuel",
        "etablissement": "individuels-35",
        "amenagement": False,
        "consentement_presse": False,
        "consentement_collectivites": True,
    },
    "acquis": {"diplomas": [], "grades": [], "renounced": []},
    "units": {"chosen": [], "languages": {}},
}


def _populate(app: Any, count: int) -> int:
    """A CFG session in Rennes with `count` candidatures and its timetable; its id."""
    from web.core import db as database
    from web.core.models import (
        Account,
        Candidature,
        ExamSession,
        SessionAcademy,
        TimetableEntry,
        utcnow,
    )

    with app.app_context():
        db = database.session()
        session = ExamSession(
            exam_code="cfg", label="JUIN 2027", year=2027, starts_on=date(2027, 6, 1)
        )
        db.add(session)
        db.flush()
        db.add(SessionAcademy(session_id=session.id, academy_code="rennes"))
        for hour, unit in enumerate(("001", "002", "003"), start=8):
            db.add(
                TimetableEntry(
                    session_id=session.id,
                    academy_code="rennes",
                    unit_code=unit,
                    speciality_code="",
                    day=date(2027, 6, 14),
                    starts_at=clock_time(hour, 0),
                    duration_minutes=90,
                    centre="Lycée Chateaubriand",
                    address="Rennes",
                )
            )
        now = utcnow()
        for start in range(0, count, 1000):
            ids = range(start, min(start + 1000, count))
            db.execute(
                insert(Account),
                [
                    {
                        "email": f"c{i}@bench.example",
                        "email_key": f"c{i}@bench.example",
                        "password_hash": "x",
                        "sexe": "F",
                        "nom_naissance": f"MARTIN{i}",
                        "prenoms": "Claire",
                        "date_naissance": date(2000, 5, 17),
                        "pays_naissance": "FR",
                        "departement_naissance": "35",
                        "commune_naissance": "35238",
                        "commune_naissance_label": "Rennes",
                        "candidate_number": f"027{i:07d}",
                        "activated_at": now,
                        "created_at": now,
                    }
                    for i in ids
                ],
            )
        accounts = list(db.scalars(select(Account.id).order_by(Account.id)))
        for start in range(0, count, 1000):
            db.execute(
                insert(Candidature),
                [
                    {
                        "account_id": accounts[i],
                        "exam_code": "cfg",
                        "session_id": session.id,
                        "academy_code": "rennes",
                        "inscription_number": f"{i + 1:05d}",
                        "answers": ANSWERS,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for i in range(start, min(start + 1000, count))
                ],
            )
        db.commit()
        return int(session.id)


# huey's line for each task a worker process starts (web.documents.worker names the process).
_CHUNK_LINE = re.compile(r" (\S+) huey Executing web\.documents\.tasks\.publish_chunk")


def _chunks_by_worker(log: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for found in _CHUNK_LINE.finditer(log.read_text(encoding="utf-8", errors="replace")):
        counts[found.group(1)] = counts.get(found.group(1), 0) + 1
    return dict(sorted(counts.items()))


def _stop(worker: subprocess.Popen[bytes]) -> float:
    """Stop the consumer; the CPU seconds it and its worker processes (joined) used."""
    worker.terminate()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        pid, _status, usage = os.wait4(worker.pid, os.WNOHANG)
        if pid:
            worker.returncode = 0
            return float(usage.ru_utime + usage.ru_stime)
        time.sleep(0.1)
    worker.kill()
    _pid, _status, usage = os.wait4(worker.pid, 0)
    worker.returncode = -9
    return float(usage.ru_utime + usage.ru_stime)


def _run(
    app: Any, env: dict[str, str], session_id: int, workers: int, log: Path
) -> tuple[int, float, float]:
    """One job published by `workers` worker processes; (documents, seconds, CPU seconds)."""
    from web.core import db as database
    from web.core.models import ExamSession, PublicationJob
    from web.documents import jobs, tasks

    with log.open("wb") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "web.documents.worker", "--workers", str(workers)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=out,
        )
    cpu = 0.0
    try:
        with app.app_context():
            db = database.session()
            job = jobs.create(db, None, "convocation", db.get(ExamSession, session_id), "rennes")
            db.commit()
            started = time.perf_counter()
            tasks.start(job.id)
            deadline = time.monotonic() + TIMEOUT_S
            while time.monotonic() < deadline:
                db.expire_all()
                row = db.get(PublicationJob, job.id)
                assert row is not None
                if row.state in ("terminee", "terminee_avec_echecs"):
                    break
                time.sleep(0.5)
            elapsed = time.perf_counter() - started
            assert row.failed == 0, jobs.failures(db, job.id, 3)
            done = row.done
    finally:
        cpu = _stop(worker)
    return done, elapsed, cpu


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run() -> None:
    from web import create_app
    from web.core.migrate import upgrade

    folder = Path(tempfile.mkdtemp(prefix="examforms-bench-documents-"))
    database_url = f"sqlite:///{folder / 'portal.sqlite3'}"
    queue_url = f"sqlite:///{folder / 'queue.sqlite3'}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "JOBS_QUEUE_URL": queue_url,
        "JOBS_IMMEDIATE": "0",
        "REQUEST_LOG": "0",
        "PYTHONPATH": str(ROOT),
    }
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "JOBS_QUEUE_URL": queue_url,
            "JOBS_IMMEDIATE": False,
            "TESTING": True,
        }
    )
    upgrade(app)
    session_id = _populate(app, COUNT)
    cores = os.cpu_count() or 1
    print(
        f"convocations of {COUNT} CFG candidatures, {cores} core(s), SQLite database and queue, "
        f"chunks of {app.config['JOBS_CHUNK_SIZE']} (JOBS_CHUNK_SIZE)"
    )
    for workers in WORKERS:
        load = _load()
        done, seconds, cpu = _run(app, env, session_id, workers, folder / f"worker-{workers}.log")
        rate = done / seconds
        chunks = _chunks_by_worker(folder / f"worker-{workers}.log")
        print(
            f"  count {done}, {workers} worker(s): {seconds:.1f} s, {rate:.1f} PDFs/s, "
            f"{rate / min(workers, cores):.1f} PDFs/s per core, "
            f"CPU {cpu * 1000 / max(done, 1):.0f} ms per PDF"
        )
        print(f"    load average before {load}, after {_load()}")
        print(
            "    chunks taken: "
            + (", ".join(f"{name} {n}" for name, n in chunks.items()) or "none logged")
            + ("" if len(chunks) >= workers else f"  (only {len(chunks)} of {workers} worked)")
        )
    from web.core.models import Document

    with app.app_context():
        from web.core import db as database

        total = database.session().scalar(select(func.count()).select_from(Document))
        print(f"  {total} documents stored (two versions per candidature)")
