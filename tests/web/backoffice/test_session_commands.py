"""`flask open-session` and `flask close-session`, as a spec author or an academy's IT runs them."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from session_support import audit_entries, part_row, periods_of
from sqlalchemy import func, select
from web_helpers import db_of

REPO = Path(__file__).resolve().parents[3]
OPEN = ["open-session", "cfg", "rennes", "--label", "JUIN 2027", "--opens", "2027-01-05",
        "--closes", "2027-02-04"]


def _session_id(app: Any, exam: str = "cfg", label: str = "JUIN 2027") -> int:
    from web.core.models import ExamSession

    with db_of(app) as db:
        found = db.scalar(select(ExamSession.id).where(ExamSession.exam_code == exam,
                                                       ExamSession.label == label))
        assert found is not None
        return int(found)


def test_open_session_opens_the_part_with_a_period_from_0000_to_2359_paris_time(
    app: Any, runner: Any
) -> None:
    result = runner.invoke(args=OPEN)
    assert result.exit_code == 0, result.output
    assert "Session CFG JUIN 2027, ACADÉMIE DE RENNES : session ouverte pour l'académie, " \
        "période ajoutée." in result.output
    assert "période d'inscription du 05/01/2027 à 00:00 au 04/02/2027 à 23:59 (heure de " \
        "Paris)" in result.output
    session_id = _session_id(app)
    assert periods_of(app, session_id) == [("05/01/2027 00:00", "04/02/2027 23:59")]
    from web.core.models import ExamSession

    with db_of(app) as db:
        assert db.get(ExamSession, session_id).year == 2027  # from the label
    entries = audit_entries(app)
    assert [e.action for e in entries] == [
        "session.created", "session.joined", "session.period_added"]
    assert {e.actor_email for e in entries} == {"ligne de commande"}


def test_running_it_again_updates_the_period_instead_of_adding_one(
    app: Any, runner: Any
) -> None:
    assert runner.invoke(args=OPEN).exit_code == 0
    same = runner.invoke(args=OPEN)
    assert same.exit_code == 0 and "déjà à jour" in same.output
    count = len(audit_entries(app))
    moved = runner.invoke(args=[*OPEN[:-1], "2027-02-11 18:00", "--starts-on", "2027-06-02",
                                "--return-by", "2027-02-25", "--pieces-deadline",
                                "2027-02-20"])
    assert moved.exit_code == 0, moved.output
    assert "session modifiée, dates modifiées, période modifiée" in moved.output
    session_id = _session_id(app)
    assert periods_of(app, session_id) == [("05/01/2027 00:00", "11/02/2027 18:00")]
    row = part_row(app, session_id)
    assert (str(row.return_by), str(row.pieces_deadline)) == ("2027-02-25", "2027-02-20")
    assert [e.action for e in audit_entries(app)[count:]] == [
        "session.updated", "session.dates_updated", "session.period_updated"]
    from web.core.models import ExamSession, RegistrationPeriod, SessionAcademy

    with db_of(app) as db:
        for model in (ExamSession, SessionAcademy, RegistrationPeriod):
            assert db.scalar(select(func.count()).select_from(model)) == 1


def test_a_period_that_would_pass_the_return_date_is_refused_and_nothing_changes(
    app: Any, runner: Any
) -> None:
    assert runner.invoke(args=[*OPEN, "--return-by", "2027-02-10"]).exit_code == 0
    count = len(audit_entries(app))
    refused = runner.invoke(args=[*OPEN[:-1], "2027-02-20"])
    assert refused.exit_code == 1
    assert "après la date de retour des confirmations (10/02/2027)" in refused.output
    assert periods_of(app, _session_id(app)) == [("05/01/2027 00:00", "04/02/2027 23:59")]
    assert len(audit_entries(app)) == count


def test_close_session_closes_the_academys_part(app: Any, runner: Any) -> None:
    assert runner.invoke(args=OPEN).exit_code == 0
    closed = runner.invoke(args=["close-session", "cfg", "rennes", "--label", "juin 2027"])
    assert closed.exit_code == 0, closed.output
    assert "Session CFG JUIN 2027 fermée pour ACADÉMIE DE RENNES (0 candidature(s) " \
        "active(s))." in closed.output
    assert part_row(app, _session_id(app)).closed_at is not None
    assert audit_entries(app)[-1].action == "session.closed"
    again = runner.invoke(args=["close-session", "cfg", "rennes", "--label", "JUIN 2027"])
    assert again.exit_code == 0 and "déjà fermée" in again.output
    reopen = runner.invoke(args=OPEN)
    assert reopen.exit_code == 1 and "fermée" in reopen.output
    missing = runner.invoke(args=["close-session", "cfg", "lille", "--label", "JUIN 2027"])
    assert missing.exit_code == 1 and "Aucune session CFG JUIN 2027" in missing.output


def test_unknown_exam_academy_and_dates_are_refused_with_the_accepted_values(
    runner: Any,
) -> None:
    unknown = runner.invoke(args=["open-session", "bts", *OPEN[2:]])
    assert unknown.exit_code == 1
    assert "Aucun examen de code 'bts'" in unknown.output and "cap, cfg" in unknown.output
    academy = runner.invoke(args=["open-session", "cfg", "atlantide", *OPEN[3:]])
    assert academy.exit_code == 1 and "Académie inconnue : 'atlantide'" in academy.output
    bad_date = runner.invoke(args=[*OPEN[:-1], "04-02-2027"])
    assert bad_date.exit_code == 2 and "--closes" in bad_date.output
    no_year = runner.invoke(args=["open-session", "cfg", "rennes", "--label", "JUIN",
                                  "--opens", "2027-01-05", "--closes", "2027-02-04"])
    assert no_year.exit_code == 2 and "--year" in no_year.output


def _exams_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "exams"
    folder.mkdir()
    shutil.copy(REPO / "exams/cfg.yaml", folder)
    return folder


def test_a_spec_file_of_the_exams_folder_is_validated_then_opened(
    make_app: Any, tmp_path: Path
) -> None:
    folder = _exams_dir(tmp_path)
    shutil.copy(REPO / "tests/specs/mc_desserts.yaml", folder)
    app = make_app(EXAMS_DIR=str(folder))
    result = app.test_cli_runner().invoke(args=[
        "open-session", str(folder / "mc_desserts.yaml"), "lille", "--label", "JUIN 2027",
        "--opens", "2027-01-05 08:30", "--closes", "2027-02-04"])
    assert result.exit_code == 0, result.output
    assert "Session MC_DESSERTS JUIN 2027, ACADÉMIE DE LILLE" in result.output
    assert periods_of(app, _session_id(app, "mc_desserts"), "lille") == [
        ("05/01/2027 08:30", "04/02/2027 23:59")]


def test_a_spec_file_outside_the_exams_folder_is_refused_saying_where_to_put_it(
    make_app: Any, tmp_path: Path
) -> None:
    folder = _exams_dir(tmp_path)
    app = make_app(EXAMS_DIR=str(folder))
    result = app.test_cli_runner().invoke(args=[
        "open-session", "tests/specs/mc_desserts.yaml", *OPEN[2:]])
    assert result.exit_code == 1
    assert "n'est pas dans le dossier des examens" in result.output
    assert f"cp tests/specs/mc_desserts.yaml {folder}/" in result.output
    from web.core.models import ExamSession

    with db_of(app) as db:
        assert db.scalar(select(func.count()).select_from(ExamSession)) == 0


def test_a_spec_with_errors_prints_them_as_file_line_col_and_opens_nothing(
    make_app: Any, tmp_path: Path
) -> None:
    folder = _exams_dir(tmp_path)
    text = (REPO / "tests/specs/mc_desserts.yaml").read_text(encoding="utf-8")
    (folder / "mc_desserts.yaml").write_text(
        text.replace("include: common/modalites.yaml", "include: common/absent.yaml"),
        encoding="utf-8")
    app = make_app(EXAMS_DIR=str(folder))
    for exam in ("mc_desserts", str(folder / "mc_desserts.yaml")):
        result = app.test_cli_runner().invoke(args=["open-session", exam, *OPEN[2:]])
        assert result.exit_code == 1, result.output
        assert "mc_desserts.yaml:" in result.output and " error E004 " in result.output
        assert "contient 1 erreur(s)" in result.output
    from web.core.models import ExamSession

    with db_of(app) as db:
        assert db.scalar(select(func.count()).select_from(ExamSession)) == 0


def test_before_the_database_exists_the_command_says_how_to_create_it(
    make_app: Any, tmp_path: Path
) -> None:
    fresh = make_app(DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    for args in (OPEN, ["close-session", "cfg", "rennes", "--label", "JUIN 2027"]):
        result = fresh.test_cli_runner().invoke(args=args)
        assert result.exit_code == 1
        assert "La base de données du portail n'est pas encore créée : lancez `make run`" in (
            result.output
        )
        assert "Traceback" not in result.output
