"""What the semantic checks share: the spec's data and marks, and how they report problems."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from engine.errors import Path, SourceMap, SpecError, make_error
from engine.spec.compile import Compiled
from engine.spec.shape import suggest


def path_value(data: Any, path: Path) -> Any:
    """The node of the spec's data at `path`."""
    for part in path:
        data = data[part]
    return data


class Checks:
    """Collects problems about one spec; subclasses hold the checks of one area."""

    def __init__(self, data: dict[str, Any], compiled: Compiled, marks: SourceMap):
        self.data = data
        self.compiled = compiled
        self.marks = marks
        self.out: list[SpecError] = []

    def add(
        self, code: str, message: str, path: Path, hint: str = "", at_key: bool = False
    ) -> None:
        mark = self.marks.key(path) if at_key else self.marks.value(path)
        self.out.append(make_error(code, message, mark, path, hint))

    def where(self, path: Path, seen_from: Path) -> str:
        """`line 12`, or `common/x.yaml:12` when the first place is in another file."""
        m = self.marks.value(path)
        here = self.marks.value(seen_from)
        if m == here:  # one fragment included twice: both copies have the same place
            return "the same lines, included twice"
        return f"line {m.line}" if m.file == here.file else f"{m.file}:{m.line}"

    def unique(self, what: str, items: Iterable[tuple[str, Path]]) -> None:
        """E201 on every repeat of a code, pointing back at the first."""
        seen: dict[str, Path] = {}
        for code, path in items:
            if code in seen:
                self.add(
                    "E201",
                    f"duplicate {what} '{code}' (first at {self.where(seen[code], path)})",
                    path,
                )
            else:
                seen[code] = path

    def unknown(
        self, code: str, what: str, known: Iterable[str], path: Path, extra: str = ""
    ) -> None:
        name = str(path_value(self.data, path))
        self.add(code, f"unknown {what} '{name}'{suggest(name, known)}{extra}", path)

    # ------------------------------------------------------------------ wizard
