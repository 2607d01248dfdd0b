"""Import of 10,000 school pupils from one CSV (back office or `flask import-pupils`):
decode, check every line, allocate the logins, write accounts, candidatures and classes in
bulk, commit. SQLite in a temporary file (the default store), or the PostgreSQL server of
BENCH_PUPILS_DATABASE_URL. Prints the figures and the target (< 30 s)."""

from __future__ import annotations

import os
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

PUPILS = 10_000
TARGET_S = 30.0
UAIS = ("0350028R", "0350778F", "0350710G")
NAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
         "Leroy", "Moreau", "Simon", "Laurent", "Lefèbvre", "Michel", "Garcia", "David",
         "Bertrand", "Roux", "Vincent", "Fournier", "Le Goff", "N'Diaye", "Morel", "Girard")
FIRST = ("Marie", "Léa", "Emma", "Chloé", "Inès", "Jade", "Louise", "Lucas", "Hugo", "Léo",
         "Gabriel", "Raphaël", "Arthur", "Louis", "Jean-Éric", "Noé", "Zoé", "Aïssatou")


def csv_text(count: int = PUPILS, seed: int = 7) -> str:
    """`count` pupils in classes of 25, many homonyms (a few hundred names in all)."""
    rng = random.Random(seed)
    lines = ["uai;classe;nom;prenoms;date_naissance;sexe;specialite;categorie;forme"]
    born0 = date(2008, 1, 1)
    seen: set[tuple[str, str, date]] = set()
    for i in range(count):
        person = (rng.choice(NAMES), rng.choice(FIRST), born0 + timedelta(days=rng.randrange(900)))
        while person in seen:  # one pupil is never listed twice
            person = (person[0], person[1], person[2] + timedelta(days=1))
        seen.add(person)
        lines.append(";".join((
            UAIS[i % len(UAIS)], f"CAP1 {i // 25:03d}", person[0], person[1],
            person[2].strftime("%d/%m/%Y"), rng.choice("MF"),
            rng.choice(("cuisine", "patissier")), "scolaire", "globale")))
    return "\n".join(lines) + "\n"


def _app(url: str) -> Any:
    from web import create_app
    from web.core.migrate import upgrade

    app = create_app({"TESTING": True, "SECRET_KEY": "bench-secret-key", "DATABASE_URL": url,
                      "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": 9})
    upgrade(app)
    return app


def _session(app: Any) -> Any:
    from web.backoffice.pupils.importer import Target
    from web.core import db as database
    from web.core.models import ExamSession, SessionAcademy
    from web.registration.context import exam_of

    db = database.session()
    session = ExamSession(exam_code="cap", label="JUIN 2027", year=2027,
                          starts_on=date(2027, 6, 1))
    db.add(session)
    db.flush()
    db.add(SessionAcademy(session_id=session.id, academy_code="rennes"))
    db.commit()
    exam = exam_of("cap")
    assert exam is not None
    return Target(exam, session, "rennes")


def measure(url: str, count: int = PUPILS) -> dict[str, float]:
    from sqlalchemy import func, select

    from web.backoffice.pupils import importer
    from web.core import db as database
    from web.core.models import Account, SchoolPupil

    app = _app(url)
    data = csv_text(count).encode("cp1252")
    with app.test_request_context():
        target = _session(app)
        db = database.session()
        started = time.perf_counter()
        text = importer.decode(data)
        planned = importer.plan(db, target, text)
        checked = time.perf_counter()
        if not planned.accepted:
            raise RuntimeError(f"the generated file was refused: {planned.refused[:3]}")
        importer.apply(db, None, target, planned)
        db.commit()
        done = time.perf_counter()
        imported = db.scalar(select(func.count()).select_from(SchoolPupil))
        logins = db.scalar(select(func.count(func.distinct(Account.login))))
    assert imported == count and logins == count, (imported, logins)
    return {"pupils": float(count), "check_s": checked - started, "write_s": done - checked,
            "total_s": done - started}


def run() -> None:
    url = os.environ.get("BENCH_PUPILS_DATABASE_URL", "")
    with tempfile.TemporaryDirectory() as tmp:
        figures = measure(url or f"sqlite:///{Path(tmp) / 'pupils.sqlite3'}")
    print(f"import of {figures['pupils']:.0f} pupils ({'PostgreSQL' if url else 'SQLite'}): "
          f"{figures['total_s']:.1f} s (check {figures['check_s']:.1f} s, "
          f"write {figures['write_s']:.1f} s); target < {TARGET_S:.0f} s: "
          f"{'met' if figures['total_s'] < TARGET_S else 'MISSED'}")
