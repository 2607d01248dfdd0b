"""Benchmark of the portal: serving a stored confirmation PDF, and one full Enregistrer (CFG)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

SERVES = 300
SAVES = 8
TARGET_SERVE_MS = 5.0

# tests/web holds the CFG answers of the concurrency test; reuse them rather than copy them.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))


def _app(folder: Path) -> Any:
    from alembic import command

    from web import create_app
    from web.core.migrate import alembic_config

    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    command.upgrade(alembic_config(url), "head")
    return create_app({
        "TESTING": True, "SECRET_KEY": "bench-secret-key", "DATABASE_URL": url,
        "UPLOAD_FOLDER": str(folder / "uploads"), "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False, "REMEMBER_COOKIE_SECURE": False,
        # Nothing listens there: the confirmation mail stays queued in the outbox.
        "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": 9, "MAIL_TIMEOUT": 1.0,
    })


def _open_cfg_session(app: Any) -> int:
    from web.core import db as database
    from web.core.models import ExamSession, RegistrationPeriod, utcnow

    with app.app_context():
        db = database.session()
        session = ExamSession(exam_code="cfg", label="JUIN 2027", year=2027,
                              starts_on=date(2027, 6, 1))
        db.add(session)
        db.flush()
        now = utcnow()
        db.add(RegistrationPeriod(session_id=session.id, academy_code="rennes",
                                  opens_at=now - timedelta(days=3),
                                  closes_at=now + timedelta(days=30)))
        db.commit()
        return int(session.id)


def _candidate(app: Any, session_id: int, index: int) -> tuple[Any, int, dict[str, str]]:
    """A logged-in test client of a new account with a complete CFG draft; (client, draft id,
    the hidden fields naming the draft that its page posts)."""
    from test_concurrency_registration import complete_cfg_answers

    from web.account.services import email_key
    from web.core import db as database
    from web.core.models import Account, CandidatureDraft, utcnow

    address = f"bench{index}@example.org"
    with app.app_context():
        db = database.session()
        account = Account(
            email=address, email_key=email_key(address), password_hash="unused",
            activated_at=utcnow(), sexe="F", nom_naissance="MARTIN", prenoms="Claire",
            date_naissance=date(2000, 5, 17), pays_naissance="FRA",
            departement_naissance="75", commune_naissance="75056",
            commune_naissance_label="Paris",
        )
        db.add(account)
        db.flush()
        draft = CandidatureDraft(
            account_id=account.id, exam_code="cfg", session_id=session_id,
            academy_code="rennes", answers=complete_cfg_answers(account, index),
            reached_tab="recapitulatif",
        )
        db.add(draft)
        db.commit()
        user_id, draft_id = account.get_id(), int(draft.id)
        tokens = {"brouillon": draft.draft_key, "version_brouillon": str(draft.revision)}
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user_id
        session["_fresh"] = True
    return client, draft_id, tokens


def _save(client: Any, draft_id: int, tokens: dict[str, str]) -> None:
    response = client.post(f"/inscription/brouillon/{draft_id}/recapitulatif",
                           data={"action": "enregistrer", **tokens})
    if "/numero" not in (response.location or ""):
        raise RuntimeError(f"Enregistrer failed: status {response.status_code}")


def measure(serves: int = SERVES, saves: int = SAVES) -> dict[str, float]:
    """Median milliseconds of a stored-PDF GET and of one Enregistrer, after a warm-up."""
    from sqlalchemy import select

    from web.core import db as database
    from web.core.models import Document

    with tempfile.TemporaryDirectory() as folder:
        app = _app(Path(folder))
        session_id = _open_cfg_session(app)
        save_ms: list[float] = []
        client: Any = None
        for index in range(saves + 1):
            client, draft_id, tokens = _candidate(app, session_id, index)
            start = time.perf_counter()
            _save(client, draft_id, tokens)
            if index:  # the first one loads the spec, fonts and templates
                save_ms.append((time.perf_counter() - start) * 1000)
        with app.app_context():
            document_id = database.session().scalars(
                select(Document.id).order_by(Document.id.desc())).first()
        url = f"/documents/{document_id}"
        size = 0
        for _ in range(5):
            size = len(client.get(url).data)
        serve_ms: list[float] = []
        for _ in range(serves):
            start = time.perf_counter()
            response = client.get(url)
            serve_ms.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"document GET answered {response.status_code}")
        app.extensions["examforms.engine"].dispose()
    serve_ms.sort()
    return {
        "serve_median_ms": statistics.median(serve_ms),
        "serve_p95_ms": serve_ms[round(0.95 * (len(serve_ms) - 1))],
        "save_median_ms": statistics.median(save_ms),
        "save_max_ms": max(save_ms),
        "pdf_bytes": float(size),
    }


def run() -> None:
    """Print the figures; the target is a stored-PDF serve under 5 ms (median)."""
    figures = measure()
    verdict = "OK" if figures["serve_median_ms"] < TARGET_SERVE_MS else "ABOVE TARGET"
    print(f"stored confirmation PDF served (Flask test client, SQLite, {SERVES} GETs, "
          f"{figures['pdf_bytes'] / 1024:.1f} KiB):")
    print(f"  median {figures['serve_median_ms']:.2f} ms  p95 {figures['serve_p95_ms']:.2f} ms  "
          f"(target median < {TARGET_SERVE_MS:.0f} ms: {verdict})")
    print(f"Enregistrer of a CFG candidature (save + PDF render, {SAVES} saves):")
    print(f"  median {figures['save_median_ms']:.1f} ms  max {figures['save_max_ms']:.1f} ms")


if __name__ == "__main__":  # python -m tests.bench.bench_web
    run()
