"""Helpers of the school pupils' tests: a CAP session open in Rennes, CSV files, imports."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from registration_support import open_session
from web_helpers import db_of

BREQUIGNY = "0350028R"              # LYCÉE BRÉQUIGNY - RENNES (shipped list)
ASSOMPTION = "0350778F"             # LYCÉE ASSOMPTION - RENNES
LILLE_ONE = "0591843H"              # a Lille establishment
HEADER = "uai;classe;nom;prenoms;date_naissance;sexe;specialite;categorie;forme\n"
GOOD = (HEADER
        + f"{BREQUIGNY};CAP1 A;Dupont;Marie Claire;03/05/2009;F;Cuisine;scolaire;globale\n"
        + f"{BREQUIGNY};CAP1 A;DUPONT;Marie;14/11/2008;F;cuisine;SCOLAIRE;\n"
        + f"{BREQUIGNY};CAP1 A;Le Goff-Kérien;Jean-Éric;2009-01-31;M;patissier;scolaire;"
          "globale\n")


def csv_upload(text: str, name: str = "eleves.csv", encoding: str = "utf-8") -> Any:
    return (io.BytesIO(text.encode(encoding)), name)


def cap_session(app: Any) -> int:
    return open_session(app, "cap", "rennes")


def target_of(app: Any, session_id: int, academy: str = "rennes", exam_code: str = "cap") -> Any:
    from web.backoffice.pupils.importer import Target
    from web.core.models import ExamSession
    from web.registration.context import exam_of

    db = _db(app)
    session = db.get(ExamSession, session_id)
    exam = exam_of(exam_code)
    assert exam is not None
    return Target(exam, session, academy)


def _db(app: Any) -> Any:
    from web.core import db as database

    return database.session()


def plan_text(app: Any, session_id: int, text: str, exam_code: str = "cap") -> Any:
    """The import's plan of `text` (inside an app context)."""
    from web.backoffice.pupils import importer

    with app.test_request_context():
        target = target_of(app, session_id, exam_code=exam_code)
        return importer.plan(_db(app), target, text, date(2026, 12, 1))


def import_text(app: Any, session_id: int, text: str, exam_code: str = "cap") -> Any:
    """Plan and apply `text`, committed; the plan."""
    from web.backoffice.pupils import importer

    with app.test_request_context():
        db = _db(app)
        target = target_of(app, session_id, exam_code=exam_code)
        planned = importer.plan(db, target, text, date(2026, 12, 1))
        assert planned.accepted, planned.refused
        importer.apply(db, None, target, planned)
        db.commit()
        return planned


def pupils(app: Any) -> list[Any]:
    """(login, state, class, seed, candidature answers' fields) of every imported pupil."""
    from sqlalchemy import select

    from web.core.models import Account, Candidature, SchoolPupil

    with db_of(app) as db:
        return list(db.execute(
            select(Account.login, Candidature.state, SchoolPupil.class_label,
                   Account.initial_password_seed, Candidature.answers, Account.id)
            .join(SchoolPupil, SchoolPupil.account_id == Account.id)
            .join(Candidature, Candidature.id == SchoolPupil.candidature_id)
            .order_by(SchoolPupil.id)).all())


def initial_password_of(app: Any, login: str) -> str:
    from sqlalchemy import select

    from web.core import initial_password
    from web.core.models import Account

    with app.app_context(), db_of(app) as db:
        seed = db.scalar(select(Account.initial_password_seed).where(Account.login == login))
        assert seed is not None
        return initial_password.derive(seed)

