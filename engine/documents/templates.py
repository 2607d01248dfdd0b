"""Where a spec's document templates are: the `documents:` paths, resolved like includes
(beside the spec, then the project's exams folder), never outside its common/ folder."""

from __future__ import annotations

from pathlib import Path

from engine.spec.loader import PROJECT_EXAMS_DIR
from engine.spec.model import Exam

COMMON = "common"


def resolve(spec_path: str | Path, name: str) -> Path | None:
    """The exams folder holding `name` (common/…) for the spec at `spec_path`, or None when
    no folder has it or the name leaves common/ (a `..` part, a link pointing elsewhere)."""
    for root in (Path(spec_path).resolve().parent, PROJECT_EXAMS_DIR):
        common = (root / COMMON).resolve()
        target = (root / name).resolve()
        if target.is_file() and target.is_relative_to(common):
            return root
    return None


def template_of(exam: Exam, kind: str) -> tuple[Path, str] | None:
    """(exams folder, template name) of the exam's template for `kind`, or None."""
    name = dict(exam.documents).get(kind)
    if name is None:
        return None
    root = resolve(exam.path, name)
    return (root, name) if root is not None else None
