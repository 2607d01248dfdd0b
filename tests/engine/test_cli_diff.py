"""`python -m engine diff`: the report of two real CAP versions, and --git against a commit
whose fragments are those of that commit."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from engine.__main__ import main
from tests.engine.cap_versions import CAP, MIGRATIONS, write_next_cap

REPO = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    status = main(list(args))
    return status, capsys.readouterr().out.splitlines()


def test_the_report_classes_each_change_with_what_it_affects(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    new = write_next_cap(tmp_path / "next")
    status, lines = run(capsys, "diff", "exams/cap.yaml", str(new))
    assert status == 0
    assert lines[:2] == [
        f"exams/cap.yaml (version 2026.1) → {new} (version 2027.1)",
        "3 changes: 2 breaking, 0 needing the candidate's action, 1 safe",
    ]
    text = "\n".join(lines)
    assert (
        "Breaking for saved candidatures (2)\n  - unit EP1 of speciality 'cuisine': "
        "coefficient 4 → 5\n      affects: specialite is cuisine\n      no migration rule" in text
    )
    assert (
        "  - common unit UF_LV: language arabe removed\n      affects: arabe chosen for "
        "unit UF_LV" in text
    )
    assert "Safe (1)\n  - speciality 'boulanger': new speciality 'Boulanger' (7 units)" in text
    assert run(capsys, "diff", "--strict", "exams/cap.yaml", str(new))[0] == 1


def test_strict_passes_once_migration_rules_cover_the_breaking_changes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    new = write_next_cap(tmp_path / "next", MIGRATIONS)
    status, lines = run(capsys, "diff", "--strict", "exams/cap.yaml", str(new))
    assert status == 0
    assert (
        "      covered by migration rule 1 for sessions from 2027 (Arrêté modifiant le "
        "coefficient de l'EP1 de Cuisine à compter de la session 2027)" in lines
    )


def test_saved_answers_are_named_when_given(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    new = write_next_cap(tmp_path / "next")
    answers = tmp_path / "answers.json"
    answers.write_text(
        '{"A-001": {"fields": {"specialite": "cuisine"}}, '
        '"A-002": {"fields": {"specialite": "patissier"}, '
        '"units": {"chosen": ["UF_LV"], "languages": {"UF_LV": "arabe"}}}}'
    )
    _, lines = run(capsys, "diff", "--answers", str(answers), "exams/cap.yaml", str(new))
    assert lines.count("      saved answers affected: A-001") == 1
    assert lines.count("      saved answers affected: A-002") == 1


def test_a_spec_with_errors_cannot_be_compared(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    broken = tmp_path / "cap.yaml"
    broken.write_text(CAP.read_text(encoding="utf-8").replace("kind: oral", "kind: chant", 1))
    status, lines = run(capsys, "diff", "exams/cap.yaml", str(broken))
    assert status == 1
    assert lines[0] == f"cannot compare: {broken} has errors (python -m engine validate):"


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_git_compares_the_file_with_its_commit_and_that_commit_s_fragments(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "exams", repo / "exams", ignore=shutil.ignore_patterns("reference"))
    git(repo, "init", "-q")
    git(repo, "add", "exams")
    git(repo, "commit", "-q", "-m", "first")
    write_next_cap(repo / "exams")
    # A fragment edited since the commit: the committed version must read the committed one.
    texts = repo / "exams" / "common" / "identification.yaml"
    texts.write_text(texts.read_text(encoding="utf-8").replace("Féminin", "Féminin (Mme)"))
    monkeypatch.chdir(repo)
    status, lines = run(capsys, "diff", "--git", "HEAD", "exams/cap.yaml")
    assert status == 0
    assert lines[0] == "HEAD:exams/cap.yaml (version 2026.1) → exams/cap.yaml (version 2027.1)"
    assert "  - choice 'F' of field 'sexe': label 'Féminin' → 'Féminin (Mme)'" in lines
    assert "  - unit EP1 of speciality 'cuisine': coefficient 4 → 5" in lines
    status, lines = run(capsys, "diff", "--git", "nosuchrev", "exams/cap.yaml")
    assert (status, lines) == (1, ["cannot compare: unknown git revision: nosuchrev"])
    (repo / "exams" / "bp.yaml").write_text("language: 1\n", encoding="utf-8")
    status, lines = run(capsys, "diff", "--git", "HEAD", "exams/bp.yaml")
    assert (status, lines) == (1, ["cannot compare: exams/bp.yaml does not exist at HEAD"])


def test_git_reads_a_spec_kept_outside_exams_with_the_revision_s_fragments(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    status, lines = run(capsys, "diff", "--git", "HEAD", "tests/specs/mc_desserts.yaml")
    assert status == 0
    assert lines[0].startswith("HEAD:tests/specs/mc_desserts.yaml (version ")


def test_a_field_whose_code_alone_changed_is_reported_renamed_and_breaking(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    text = CAP.read_text(encoding="utf-8")
    renamed = tmp_path / "cap.yaml"
    renamed.write_text(text.replace("- code: etablissement\n", "- code: etablissement_formation\n"))
    answers = tmp_path / "answers.json"
    answers.write_text('{"A-1": {"fields": {"etablissement": "0511901P"}}, "A-2": {"fields": {}}}')
    status, lines = run(
        capsys, "diff", "--strict", "--answers", str(answers), "exams/cap.yaml", str(renamed)
    )
    assert status == 1
    assert lines[1] == "1 change: 1 breaking, 0 needing the candidate's action, 0 safe"
    assert lines[3:7] == [
        "Breaking for saved candidatures (1)",
        "  - field 'etablissement': code renamed 'etablissement' → 'etablissement_formation': "
        "its saved answers are not carried over",
        "      affects: etablissement answered",
        "      saved answers affected: A-1",
    ]
    # Moved to another place as well, it is a removal and an addition.
    moved = tmp_path / "moved" / "cap.yaml"
    moved.parent.mkdir()
    moved.write_text(
        text.replace("- code: etablissement\n", "- code: etablissement_formation\n").replace(
            "            label: Etablissement\n", "            label: Établissement fréquenté\n"
        )
    )
    _, lines = run(capsys, "diff", "exams/cap.yaml", str(moved))
    assert "  - field 'etablissement': removed: its saved answers are dropped" in lines
    added = "  - field 'etablissement_formation': new required"
    assert any(line.startswith(added) for line in lines)


def test_the_report_lists_changes_in_the_spec_s_order_whatever_the_hash_seed(
    tmp_path: Path,
) -> None:
    import os
    import sys

    text = CAP.read_text(encoding="utf-8")
    assert text.count("      reason: Vo") == 4
    changed = tmp_path / "cap.yaml"
    changed.write_text(text.replace("      reason: Vo", "      reason: Désormais, vo"))
    reports = set()
    for seed in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-m", "engine", "diff", "exams/cap.yaml", str(changed)],
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        )
        reports.add(done.stdout)
    assert len(reports) == 1
    rules = [line.split("'")[1] for line in reports.pop().splitlines() if "reason changed" in line]
    assert rules == [
        "diplome_niveau3_ou_plus",
        "langue_vivante_anterieure",
        "certification_ue_sans_francais",
        "dispense_eps_individuel",
    ]


def test_a_unit_s_terms_are_reported_with_their_old_and_new_values(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    text = CAP.read_text(encoding="utf-8")
    lv = "INCERTAIN: the other specialities' annexes were not read; UF1 is used for them too.\n"
    code = "    official_code: UF1\n"
    assert text.count(lv + code) == 1
    changed = tmp_path / "cap.yaml"
    changed.write_text(text.replace(lv + code, lv), encoding="utf-8")
    _, lines = run(capsys, "diff", "exams/cap.yaml", str(changed))
    assert "  - common unit UF_LV: official_code 'UF1' → none" in lines
