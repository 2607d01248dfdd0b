"""`flask import-pupils`: the same import from the command line, all lines or none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pupil_support import BREQUIGNY, GOOD, HEADER, cap_session, pupils


def test_the_command_imports_a_file_or_prints_every_refused_line(
    app: Any, runner: Any, tmp_path: Path,
) -> None:
    cap_session(app)
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD + f"{BREQUIGNY};CAP1 A;Roux;@Léo;01/01/2009;M;cuisine;scolaire;"
                   "globale\n", encoding="utf-8")
    args = ["import-pupils", "--exam", "cap", "--session", "JUIN 2027", "--academy", "rennes"]
    refused = runner.invoke(args=[*args[:1], str(bad), *args[1:]])
    assert refused.exit_code == 1
    assert "Ligne 5 : la colonne prenoms commence par « @ »" in refused.output
    assert "Le fichier n'est pas importé : 1 problème(s)" in refused.output
    assert pupils(app) == []
    good = tmp_path / "good.csv"
    good.write_bytes(("\ufeff" + GOOD).encode("utf-8"))
    done = runner.invoke(args=[*args[:1], str(good), *args[1:]])
    assert done.exit_code == 0, done.output
    assert "3 élève(s) de 1 classe(s) pré-inscrit(s)" in done.output
    assert [p.login for p in pupils(app)] == ["dupont.marie1", "dupont.marie2",
                                              "legoffkerien.jeaneric1"]


def test_the_command_refuses_a_session_not_open_in_the_academy(
    app: Any, runner: Any, tmp_path: Path,
) -> None:
    cap_session(app)
    path = tmp_path / "eleves.csv"
    path.write_text(HEADER, encoding="utf-8")
    result = runner.invoke(args=["import-pupils", str(path), "--exam", "cap", "--session",
                                 "JUIN 2027", "--academy", "reims"])
    assert result.exit_code == 1
    assert "n'est pas ouverte dans l'académie reims" in result.output
