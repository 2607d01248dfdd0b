"""Notes et résultats of a session of 1,000 CAP Cuisine candidatures (SQLite in a temporary
file): the CSV import of their 7,000 grades (their results computed and stored with them),
the results page and its CSV export (read from the stored results), the publication with
its relevé de notes job (run in the request), the job again with nothing changed, and a
candidate's Mes notes. Prints figures only."""

from __future__ import annotations

import io
import re
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.bench.candidatures_export import bench_app, staff_client
from web.dev.demo_results import ANSWERS

CANDIDATURES = 1000
UNITS = ("EP1", "EP2", "EG1", "EG2", "EG3", "EG4", "EG5")


def past_cap_session(db: Any, year: int) -> Any:
    """A CAP session of `year` in Rennes whose registration period is over (flushed)."""
    from web.core.models import ExamSession, RegistrationPeriod, SessionAcademy, utcnow

    now = utcnow()
    session = ExamSession(
        exam_code="cap", label=f"JUIN {year}", year=year, starts_on=date(year, 6, 1)
    )
    session.periods.append(
        RegistrationPeriod(
            academy_code="rennes",
            opens_at=now - timedelta(days=300),
            closes_at=now - timedelta(days=200),
        )
    )
    session.academies.append(SessionAcademy(academy_code="rennes"))
    db.add(session)
    db.flush()
    return session


def _seed(app: Any) -> tuple[int, str, int]:
    from web.account.services import email_key
    from web.backoffice.staff import create_staff
    from web.core import db as database
    from web.core.models import Account, Candidature, utcnow

    with app.app_context():
        db = database.session()
        now = utcnow()
        session = past_cap_session(db, 2026)
        first = None
        for i in range(1, CANDIDATURES + 1):
            address = f"bench.{i}@example.org"
            account = Account(
                email=address,
                email_key=email_key(address),
                password_hash="x",
                activated_at=now,
                sexe="F",
                nom_naissance=f"NOM{i}",
                prenoms="Claire",
                date_naissance=date(2000, 1, 1),
                pays_naissance="FRA",
                candidate_number=f"2026-{i:06d}",
            )
            db.add(account)
            db.flush()
            row = Candidature(
                account_id=account.id,
                exam_code="cap",
                session_id=session.id,
                academy_code="rennes",
                inscription_number=f"{i:03d}",
                answers=ANSWERS,
                speciality_code="cuisine",
                category_code="individuel",
            )
            db.add(row)
            db.flush()
            first = first or (row.id, account.id)
        staff = create_staff(
            db,
            "bench.notes@example.org",
            "Motdepasse!1",
            academy_code="rennes",
            last_name="BENCH",
            first_names="Notes",
        )
        db.commit()
        assert first is not None
        return session.id, str(staff.get_id()), first[0]


def _timed(what: str, call: Any) -> Any:
    started = time.perf_counter()
    result = call()
    print(f"{what}: {(time.perf_counter() - started) * 1000:.0f} ms")
    return result


def run() -> None:
    with tempfile.TemporaryDirectory() as folder:
        # The relevés' job runs in the publishing request, on a queue of this process only.
        app = bench_app(
            f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
            JOBS_IMMEDIATE=True,
            JOBS_QUEUE_URL="memory://",
        )
        from web.core.migrate import upgrade

        upgrade(app)
        session_id, staff_id, first = _seed(app)
        client = staff_client(app, staff_id)
        base = f"/gestion/sessions/{session_id}/rennes/resultats"
        lines = ["N° inscription;Épreuve;Note"] + [
            f"{i:03d};{unit};{(i * 7 + n * 3) % 20},{(i + n) % 4 * 25:02d}".replace(",00", "")
            for i in range(1, CANDIDATURES + 1)
            for n, unit in enumerate(UNITS)
        ]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        imported = _timed(
            f"CSV import of {len(lines) - 1} grades",
            lambda: client.post(
                f"{base}/import",
                data={"file": (io.BytesIO(data), "notes.csv")},
                content_type="multipart/form-data",
            ),
        )
        assert imported.status_code == 302, re.findall(
            r"<li>Ligne[^<]*", imported.get_data(as_text=True)
        )[:3]
        page = _timed(f"results page of {CANDIDATURES} candidatures", lambda: client.get(base))
        assert page.status_code == 200
        export = _timed("results CSV export", lambda: client.get(f"{base}/export.csv"))
        assert export.data.count(b"\n") == CANDIDATURES + 1
        published = _timed(
            f"publication with the relevés of {CANDIDATURES} candidatures (job in the request)",
            lambda: client.post(f"{base}/publication", data={"action": "maintenant"}),
        )
        assert published.status_code == 302
        _timed(
            "relevés published again, none changed",
            lambda: client.post(f"{base}/releves"),
        )
        from web.core import db as database
        from web.core.models import Candidature, Document
        from web.registration.context import exam_of
        from web.results.shown import published_results

        with app.test_request_context():
            db = database.session()
            assert db.query(Document).filter(Document.kind == "releve_notes").count() == (
                CANDIDATURES
            )
            candidature = db.get(Candidature, first)
            exam = exam_of("cap")
            _timed(
                "Mes notes (result and relevé link)",
                lambda: published_results(db, exam, candidature),
            )
