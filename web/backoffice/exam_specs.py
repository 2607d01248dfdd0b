"""The exams a session can be opened for: every spec of EXAMS_DIR, checked, with its errors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from engine.errors import SpecError
from engine.spec.yaml_nodes import display_name
from engine.specs import check_folder


@dataclass(frozen=True)
class SpecStatus:
    """One spec file of the exams folder: its exam, or the errors that keep it closed."""

    path: Path
    file: str  # as its author reads it, relative to the working folder when inside it
    code: str
    label: str
    errors: tuple[SpecError, ...]

    @property
    def usable(self) -> bool:
        return not self.errors

    def error_lines(self) -> list[str]:
        """`file:line:col: error CODE path: message`, as `python -m engine validate` prints."""
        return [str(e) for e in self.errors]


def _written_identity(path: Path) -> tuple[str, str]:
    """The code and label written in a broken spec's `exam:` block, when it is readable."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return "", ""
    ident = data.get("exam") if isinstance(data, dict) else None
    if not isinstance(ident, dict):
        return "", ""
    return str(ident.get("code") or ""), str(ident.get("label") or "")


def spec_statuses(exams_dir: str | Path) -> list[SpecStatus]:
    """Every spec of the folder, usable ones first then by exam label."""
    out = []
    for checked in check_folder(exams_dir):
        exam = checked.exam
        code, label = (exam.code, exam.label) if exam is not None else _written_identity(
            checked.path
        )
        out.append(SpecStatus(checked.path, display_name(checked.path), code, label,
                              tuple(checked.errors)))
    return sorted(out, key=lambda s: (not s.usable, s.label or s.file))


def usable_spec(exams_dir: str | Path, exam_code: str) -> SpecStatus | None:
    """The usable spec of this exam code in the folder, if there is one."""
    return next((s for s in spec_statuses(exams_dir) if s.usable and s.code == exam_code), None)


def spec_of_file(exams_dir: str | Path, path: str | Path) -> SpecStatus | None:
    """The status of the spec file `path` if it is one of the folder's specs, else None."""
    target = Path(path).resolve()
    return next((s for s in spec_statuses(exams_dir) if s.path.resolve() == target), None)
