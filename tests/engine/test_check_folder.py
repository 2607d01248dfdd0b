"""A folder of specs as the portal serves it: a broken or duplicated spec leaves the rest usable."""

from __future__ import annotations

import shutil
from pathlib import Path

from engine.specs import check_folder, usable_exams

REPO = Path(__file__).resolve().parents[2]


def _folder(tmp_path: Path, *specs: str) -> Path:
    folder = tmp_path / "exams"
    folder.mkdir()
    for name in specs:
        shutil.copy(REPO / "exams" / name, folder / name)
    return folder


def test_a_broken_spec_is_reported_and_the_others_stay_usable(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "cfg.yaml")
    (folder / "brouillon.yaml").write_text("language: 1\nexam:\n  code: [\n", encoding="utf-8")
    checked = {c.path.name: c for c in check_folder(folder)}
    assert checked["cfg.yaml"].exam is not None and not checked["cfg.yaml"].errors
    broken = checked["brouillon.yaml"]
    assert broken.exam is None
    assert [e.code for e in broken.errors] == ["E001"]
    assert sorted(usable_exams(folder)) == ["cfg"]


def test_a_second_spec_with_the_same_exam_code_gets_e230_and_no_exam(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "cfg.yaml")
    shutil.copy(folder / "cfg.yaml", folder / "cfg_copie.yaml")
    checked = {c.path.name: c for c in check_folder(folder)}
    assert checked["cfg.yaml"].exam is not None
    copy = checked["cfg_copie.yaml"]
    assert copy.exam is None
    assert [e.code for e in copy.errors] == ["E230"]
    assert list(usable_exams(folder)) == ["cfg"]


def test_the_shipped_folder_has_its_three_exams_usable() -> None:
    assert sorted(usable_exams(REPO / "exams")) == ["bacpro", "cap", "cfg"]
