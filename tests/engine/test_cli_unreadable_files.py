"""What the validator says of files that are not specs at all: binary, folders, links, gone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.__main__ import main
from engine.specs import clear_cache

REPO = Path(__file__).resolve().parents[2]
BROKEN = Path(__file__).parent / "broken"


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    clear_cache()
    return tmp_path


def validate(capsys: pytest.CaptureFixture[str], *paths: str) -> tuple[int, list[str]]:
    status = main(["validate", *paths])
    return status, capsys.readouterr().out.splitlines()


def test_a_binary_file_with_nul_bytes_is_reported_at_the_first_nul(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "image.yaml").write_bytes(b"language: 1\nexam:\x00\x00\x01PNG\n")
    status, lines = validate(capsys, "image.yaml")
    assert status == 1
    assert lines == [
        "image.yaml:2:6: error E001 $: YAML mal formé : le caractère de contrôle #x0000 n'a pas "
        "sa place dans un fichier YAML (est-ce un fichier binaire ?)",
        "1 problem (1 error, 0 warnings)",
    ]


def test_a_binary_file_that_is_not_utf8_is_reported_at_its_first_bad_byte(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "archive.yaml").write_bytes(b"PK\x03\x04\n\x14\x00\xff\xfe")
    status, lines = validate(capsys, "archive.yaml")
    assert status == 1
    assert lines[0] == "archive.yaml:2:3: error E003 $: the file is not UTF-8 text (byte 0xff)"


def test_a_folder_named_like_a_spec_is_reported_as_a_folder(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "cap.yaml").mkdir()
    status, lines = validate(capsys, "cap.yaml")
    assert status == 1
    assert lines[0] == (
        "cap.yaml:1:1: error E008 $: cannot read 'cap.yaml': it is a folder, not a spec file "
        "(*.yaml)"
    )


def test_a_folder_holding_no_spec_fails_instead_of_passing_silently(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "exams").mkdir()
    status, lines = validate(capsys, "exams")
    assert status == 1
    assert lines[0].startswith("exams:1:1: error E008 $: cannot read 'exams': it is a folder")


def test_a_loop_of_symbolic_links_is_a_problem_not_a_crash(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.symlink("loop.yaml", folder / "loop.yaml")
    status, lines = validate(capsys, "loop.yaml")
    assert status == 1
    assert lines[0].startswith("loop.yaml:1:1: error E008 $: cannot read 'loop.yaml': ")


def test_a_fragment_that_loops_on_itself_through_a_link_is_not_found(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "common").mkdir()
    os.symlink("ids.yaml", folder / "common" / "ids.yaml")
    (folder / "mini.yaml").write_text(
        "language: 1\ntabs:\n  - include: common/ids.yaml\n", encoding="utf-8"
    )
    status, lines = validate(capsys, "mini.yaml")
    assert status == 1
    assert lines[0].startswith(
        "mini.yaml:3:14: error E004 $.tabs[0]: included file 'common/ids.yaml' not found"
    )


def test_every_kind_of_unreadable_file_gives_located_messages_and_no_traceback(
    tmp_path: Path,
) -> None:
    (tmp_path / "binary.yaml").write_bytes(bytes(range(256)))
    (tmp_path / "empty.yaml").write_bytes(b"")
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "latin1.yaml").write_bytes("exam:\n  label: café\n".encode("latin-1"))
    os.symlink("loop.yaml", tmp_path / "loop.yaml")
    broken = [str(BROKEN / n) for n in (
        "malformed_yaml.yaml", "wrong_type.yaml", "include_missing.yaml", "include_cycle.yaml",
    )]
    names = ["binary.yaml", "empty.yaml", "folder.yaml", "latin1.yaml", "loop.yaml", "gone.yaml"]
    done = subprocess.run(
        [sys.executable, "-m", "engine", "validate", *names, *broken],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO)},
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    located = [line for line in lines[:-1] if ": error E" in line]
    assert located == lines[:-1]
    files_reported = {Path(line.split(":", 1)[0]).name for line in located}
    # A cycle is reported where it closes, in a fragment, with the chain that leads there.
    assert {*names, *(Path(b).name for b in broken[:3])} <= files_reported
    assert any(" E005 " in line and "include_cycle.yaml → " in line for line in located)
    assert lines[-1].endswith("errors, 0 warnings)")


def test_a_bracket_never_closed_is_reported_where_it_opens_not_at_the_end_of_the_file(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "mini.yaml").write_text("language: 1\nexam:\n  code: [cap\n\n", encoding="utf-8")
    status, lines = validate(capsys, "mini.yaml")
    assert status == 1
    assert lines[0] == (
        "mini.yaml:3:9: error E001 $: YAML mal formé : le « [ » ouvert à la ligne 3 n'est "
        "jamais fermé, ou il manque une virgule entre deux éléments"
    )
