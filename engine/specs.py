"""Public entry points to exam specs: load one (cached), load a folder, validate files.

TEMPORARY BODY: reads only the `exam:` identity block until the full loader lands.
The signatures are the contract the web side codes against.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from engine.errors import SpecError
from engine.spec.model import Exam


def spec_files(exams_dir: str | Path) -> list[Path]:
    """The exam specs of a folder: its *.yaml files (fragments live in common/, data in reference/)."""
    return sorted(Path(exams_dir).glob("*.yaml"))


def load_exam(path: str | Path) -> Exam:
    """Load, check and compile one spec; cached by path and content hash. Raises SpecLoadError."""
    raise NotImplementedError


def load_all(exams_dir: str | Path) -> dict[str, Exam]:
    """Every valid exam of a folder, by exam code. Raises SpecLoadError if one is invalid."""
    raise NotImplementedError


def validate_files(paths: list[str | Path]) -> list[SpecError]:
    """Every problem (errors and warnings) of the given spec files, sorted by file and line."""
    raise NotImplementedError


def exam_identities(exams_dir: str | Path) -> list[dict[str, str]]:
    """code, label, short_label, domain of each exam of a folder (cheap; for menus)."""
    out = []
    for p in spec_files(exams_dir):
        with open(p, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        ident = data.get("exam", {})
        out.append({k: str(ident.get(k, "")) for k in ("code", "label", "short_label", "domain")})
    return out
