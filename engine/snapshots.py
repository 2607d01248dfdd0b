"""A spec and its fragments as text, to keep a version after its files changed.

`snapshot(checked)` gives the spec's files by name (the spec first, its fragments by their
path under the exams folder, `common/texts.yaml`); `restore(files)` checks them again,
from a temporary folder, into the same Exam (same bytes, same source hash).
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from engine.spec.loader import PROJECT_EXAMS_DIR
from engine.specs import CheckedSpec, check_in


class SnapshotError(ValueError):
    """Files that cannot be a snapshot (a name leaving its folder, no spec)."""


def _name(path: Path, folder: Path) -> str:
    for base in (folder, PROJECT_EXAMS_DIR.resolve()):
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return path.name


def snapshot(checked: CheckedSpec) -> dict[str, str]:
    """The spec's files as text by name, the spec first; the names are those its includes
    resolve to under its folder."""
    folder = checked.path.resolve().parent
    out: dict[str, str] = {}
    for path in checked.files:
        resolved = path.resolve()
        out.setdefault(_name(resolved, folder), resolved.read_bytes().decode("utf-8"))
    return out


def restore(files: Mapping[str, str]) -> CheckedSpec:
    """The files of `snapshot()` checked again (the first one is the spec)."""
    if not files:
        raise SnapshotError("a snapshot holds at least its spec")
    names = list(files)
    for name in names:
        pure = PurePosixPath(name)
        if pure.is_absolute() or ".." in pure.parts or not pure.parts:
            raise SnapshotError(f"not a file name of an exams folder: {name!r}")
    with tempfile.TemporaryDirectory(prefix="examforms-spec-") as tmp:
        root = Path(tmp) / "exams"
        for name, text in files.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
        return check_in(root / names[0], [root])
