"""A new version of an exam's spec that would break candidatures of an open session is not
served: the previous version keeps serving, the Sessions page says why, and migration rules
(or the session's closure) let the new version in."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

import pytest
from session_support import open_part
from sqlalchemy import select
from web_helpers import db_of, text_of

from tests.engine.cap_versions import CAP, MIGRATIONS, next_cap

CUISINE = {
    "fields": {"categorie": "individuel", "specialite": "cuisine", "forme": "globale"},
    "acquis": {"diplomas": [], "grades": [], "renounced": []},
    "units": {"chosen": [], "languages": {}},
}


@pytest.fixture()
def cap_app(make_app: Any, tmp_path: Path) -> Any:
    from web.registration import spec_guard

    spec_guard.forget()
    exams_dir = tmp_path / "exams"
    exams_dir.mkdir()
    shutil.copy(CAP, exams_dir / "cap.yaml")
    return make_app(WTF_CSRF_ENABLED=False, EXAMS_DIR=str(exams_dir))


def served(app: Any) -> Any:
    from web.registration.context import exam_of

    with app.test_request_context():
        return exam_of("cap")


def save_candidature(app: Any, session_id: int, answers: dict[str, Any]) -> int:
    from tests.conftest import unique_email
    from web.account.services import email_key
    from web.core.models import Account, Candidature, utcnow

    with db_of(app) as db:
        email = unique_email()
        account = Account(
            email=email, email_key=email_key(email), password_hash="x", activated_at=utcnow()
        )
        db.add(account)
        db.flush()
        row = Candidature(
            account_id=account.id,
            exam_code="cap",
            session_id=session_id,
            academy_code="rennes",
            answers=answers,
            spec_version="2026.1",
            speciality_code=answers["fields"]["specialite"],
        )
        db.add(row)
        db.commit()
        return row.id


def write_version(app: Any, text: str) -> None:
    (Path(app.config["EXAMS_DIR"]) / "cap.yaml").write_text(text, encoding="utf-8")


def test_a_breaking_version_waits_while_the_previous_one_serves_and_the_office_is_told(
    cap_app: Any, client: Any, staff: Any, caplog: pytest.LogCaptureFixture
) -> None:
    session_id, _ = open_part(cap_app, exam="cap", label="JUIN 2026", year=2026)
    assert served(cap_app).version == "2026.1"  # the first version served is kept
    save_candidature(cap_app, session_id, CUISINE)
    write_version(cap_app, next_cap())
    with caplog.at_level(logging.WARNING):
        exam = served(cap_app)
    assert exam.version == "2026.1"
    cuisine = next(s for s in exam.specialities if s.code == "cuisine")
    assert cuisine.units[0].coefficient == 4
    assert "spec cap: version 2027.1 not served, version 2026.1 keeps serving" in caplog.text
    client = cap_app.test_client()
    type(staff)(cap_app, client).logged_in("rennes")
    page = text_of(client.get("/gestion/sessions"))
    assert (
        "CERTIFICAT D'APTITUDE PROFESSIONNELLE : la version 2027.1 de la spécification "
        "n'est pas en service"
    ) in page
    assert "Elle modifierait 1 candidature enregistrée à une session ouverte" in page
    assert "La version 2026.1 reste en service pour les candidats." in page
    line = "Coefficient de l'épreuve EP1 modifié : 4 → 5 (spécialité cuisine) — 1 candidature"
    assert line in page
    # The language removed concerns no saved candidature: it is not listed.
    assert "arabe" not in page


def test_migration_rules_for_the_session_let_the_new_version_in(cap_app: Any) -> None:
    session_id, _ = open_part(cap_app, exam="cap", label="JUIN 2027", year=2027)
    served(cap_app)
    save_candidature(cap_app, session_id, CUISINE)
    write_version(cap_app, next_cap(MIGRATIONS))
    assert served(cap_app).version == "2027.1"
    from web.core.models import ServedSpec

    with db_of(cap_app) as db:
        row = db.scalar(select(ServedSpec))
        assert (row.version, row.refused_hash) == ("2027.1", "")
        assert list(row.files)[0] == "cap.yaml" and "common/texts.yaml" in row.files


def test_a_rule_accepted_from_a_later_session_leaves_the_open_one_protected(
    cap_app: Any,
) -> None:
    session_id, _ = open_part(cap_app, exam="cap", label="JUIN 2026", year=2026)
    served(cap_app)
    save_candidature(cap_app, session_id, CUISINE)
    write_version(cap_app, next_cap(MIGRATIONS))  # coefficient accepted from 2027 only
    assert served(cap_app).version == "2026.1"


def test_a_rename_rule_rewrites_the_saved_answers_when_the_version_is_served(
    cap_app: Any,
) -> None:
    session_id, _ = open_part(cap_app, exam="cap", label="JUIN 2027", year=2027)
    served(cap_app)
    coiffure = {**CUISINE, "fields": {**CUISINE["fields"], "specialite": "metiers_coiffure"}}
    candidature = save_candidature(cap_app, session_id, coiffure)
    renamed = CAP.read_text(encoding="utf-8").replace(
        "  - code: metiers_coiffure\n", "  - code: coiffure\n"
    )
    write_version(cap_app, renamed.replace('version: "2026.1"', 'version: "2026.2"'))
    assert served(cap_app).version == "2026.1"  # the renamed code would break it
    write_version(
        cap_app,
        renamed.replace('version: "2026.1"', 'version: "2026.2"')
        + "\nmigrations:\n  - field: specialite\n    choices: {metiers_coiffure: coiffure}\n",
    )
    assert served(cap_app).version == "2026.2"
    from web.core.models import Candidature

    with db_of(cap_app) as db:
        row = db.get(Candidature, candidature)
        assert row.answers["fields"]["specialite"] == "coiffure"
        assert row.speciality_code == "coiffure"


def test_closing_the_session_lets_the_breaking_version_in(cap_app: Any) -> None:
    from space_support import close_session

    session_id, _ = open_part(cap_app, exam="cap", label="JUIN 2026", year=2026)
    served(cap_app)
    save_candidature(cap_app, session_id, CUISINE)
    write_version(cap_app, next_cap())
    assert served(cap_app).version == "2026.1"
    close_session(cap_app, session_id)
    from web.registration import spec_guard

    spec_guard.forget()  # a refusal is decided again after RECHECK_SECONDS
    assert served(cap_app).version == "2027.1"


def test_a_spec_with_errors_leaves_the_served_version_to_the_open_sessions(
    cap_app: Any, staff: Any
) -> None:
    session_id, _ = open_part(cap_app, exam="cap", label="JUIN 2026", year=2026)
    served(cap_app)
    save_candidature(cap_app, session_id, CUISINE)
    write_version(cap_app, CAP.read_text(encoding="utf-8").replace("kind: oral", "kind: chant"))
    exam = served(cap_app)
    assert exam is not None and exam.version == "2026.1"
    client = cap_app.test_client()
    type(staff)(cap_app, client).logged_in("rennes")
    page = text_of(client.get("/gestion/sessions"))
    assert (
        "CERTIFICAT D'APTITUDE PROFESSIONNELLE : la spécification est absente du dossier "
        "des examens ou contient des erreurs"
    ) in page
    assert "La version 2026.1 reste en service pour 1 candidature enregistrée" in page
    write_version(cap_app, CAP.read_text(encoding="utf-8"))  # put back as it was served
    assert served(cap_app).version == "2026.1"
    assert "contient des erreurs" not in text_of(client.get("/gestion/sessions"))


def test_a_spec_removed_without_open_candidatures_is_no_longer_served(cap_app: Any) -> None:
    served(cap_app)
    (Path(cap_app.config["EXAMS_DIR"]) / "cap.yaml").unlink()
    assert served(cap_app) is None
