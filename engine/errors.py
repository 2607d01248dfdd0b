"""Spec problems as values: SpecError (code, place, message, hint) and where nodes were written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from engine.spec.model import Mark

Path = tuple[str | int, ...]
Severity = Literal["error", "warning"]


def json_path(path: Path) -> str:
    """`('tabs', 3, 'fields')` → `$.tabs[3].fields`."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


@dataclass
class SourceMap:
    """Line/column of every node of a loaded spec, by its path in the merged document.

    Nodes that came from an included fragment carry the fragment's file name.
    """

    values: dict[Path, Mark] = field(default_factory=dict)
    keys: dict[Path, Mark] = field(default_factory=dict)
    default: Mark = field(default_factory=lambda: Mark("<unknown>", 1, 1))

    def value(self, path: Path) -> Mark:
        """Mark of the value at `path`, or of its nearest marked ancestor."""
        p = tuple(path)
        while p:
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), self.default)

    def key(self, path: Path) -> Mark:
        """Mark of the key naming `path` (for unknown-key errors), else of its value."""
        p = tuple(path)
        if p in self.keys:
            return self.keys[p]
        return self.value(p)


@dataclass(frozen=True, slots=True)
class SpecError:
    code: str                 # stable code, e.g. "E203"; "W…" for warnings
    message: str              # French or plain English for spec authors, names what they wrote
    file: str
    line: int
    col: int
    path: str = "$"           # JSON path in the spec, e.g. $.specialities[3].units[1]
    hint: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity} {self.code} {self.path}: {self.message}"

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.col, self.code)


def make_error(
    code: str, message: str, mark: Mark, path: Path, hint: str = "", severity: Severity | None = None
) -> SpecError:
    sev: Severity = severity or ("warning" if code.startswith("W") else "error")
    return SpecError(code, message, mark.file, mark.line, mark.col, json_path(path), hint, sev)


class SpecLoadError(Exception):
    """Raised when a spec cannot be used; carries every problem found."""

    def __init__(self, errors: list[SpecError]):
        self.errors = sorted(errors, key=lambda e: e.sort_key)
        super().__init__("\n".join(str(e) for e in self.errors))
