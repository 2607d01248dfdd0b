"""A spec to preview in a folder of its own (edits never touch exams/), for the preview's
tests and benchmark."""

from __future__ import annotations

import shutil
from pathlib import Path

EXAMS = Path(__file__).resolve().parents[1] / "exams"


def spec_copy(folder: Path, name: str = "cap") -> Path:
    """exams/<name>.yaml and exams/common/ copied into `folder`: its fragments are the copies."""
    shutil.copytree(EXAMS / "common", folder / "common")
    target = folder / f"{name}.yaml"
    shutil.copy(EXAMS / f"{name}.yaml", target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
