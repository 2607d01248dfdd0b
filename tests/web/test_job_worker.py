"""A real job worker (`python -m web.documents.worker`), started and stopped by its PID: the
portal queues a publication on the SQLite queue, the worker process publishes it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from documents_support import candidate_with_cfg, fill_timetable, kind_documents, pdf_text
from registration_support import open_session

pytestmark = pytest.mark.db
ROOT = Path(__file__).resolve().parents[2]


def test_a_worker_process_publishes_the_job_the_portal_queued(
    make_app: Any, auth: Any, database_url: str, tmp_path: Path
) -> None:
    from web.core import db as database
    from web.core.models import ExamSession, PublicationJob
    from web.documents import jobs, tasks

    queue = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    app = make_app(WTF_CSRF_ENABLED=False, JOBS_IMMEDIATE=False, JOBS_QUEUE_URL=queue)
    session_id = open_session(app, "cfg")
    _, candidature = candidate_with_cfg(app, auth, session_id)
    fill_timetable(app, session_id)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "JOBS_QUEUE_URL": queue,
        "REQUEST_LOG": "0",
        "PYTHONPATH": str(ROOT),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "web.documents.worker"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        with app.app_context():
            db = database.session()
            job = jobs.create(db, None, "convocation", db.get(ExamSession, session_id), "rennes")
            db.commit()
            tasks.start(job.id)  # queued only: this process runs nothing
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and worker.poll() is None:
                db.expire_all()
                state = db.get(PublicationJob, job.id).state
                if state.startswith("terminee"):
                    break
                time.sleep(0.2)
            assert state == "terminee", (state, worker.poll())
    finally:
        worker.terminate()
        _, errors = worker.communicate(timeout=30)
    assert worker.returncode == 0, errors.decode()[-2000:]
    [doc] = kind_documents(app, candidature.id, "convocation")
    assert "Lycée Chateaubriand" in pdf_text(doc.content)
