"""Reading spec files: bytes to YAML nodes (safe loader, limits, marks, errors), source hash."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path as FsPath
from typing import Any

import yaml

from engine.errors import SpecError, make_error
from engine.spec import yaml_messages as messages
from engine.spec.model import Mark

# The C parser is several times faster; both build the same nodes with the same marks.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Only the tags of plain JSON data: anything else (!!python/…, !!binary, !!set) is refused.
PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map")
)


STR_TAG = "tag:yaml.org,2002:str"
# Far beyond any real spec (depth ~15, ~2000 values): past them the file is a mistake or
# an attack (nested aliases multiply a small file into millions of values).
MAX_DEPTH = 64
MAX_NODES = 50_000


class MarkingLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader that keeps dates as strings, so a loaded spec is plain JSON data."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }


def display_name(path: FsPath) -> str:
    """The path as an author reads it: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path) if rel.startswith("..") else rel


def resolved(path: FsPath) -> FsPath | None:
    """The absolute path with links followed; None for a loop of symbolic links (Python
    3.11 raises RuntimeError there, later versions OSError)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def mark_of(file: str, node: yaml.Node) -> Mark:
    return Mark(file, node.start_mark.line + 1, node.start_mark.column + 1)


def yaml_error(exc: yaml.YAMLError, file: str, text: str) -> SpecError:
    """Malformed YAML: the parser's own mark, its problem in plain French with the likely
    cause (engine.spec.yaml_messages)."""
    if isinstance(exc, yaml.reader.ReaderError):
        # A control character (NUL of a binary file…): the reader gives an offset, not a mark.
        before = text[: exc.position]
        where = Mark(file, before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1)
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return make_error("E001", messages.control_character(char), where, ())
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    mark = problem_mark or context_mark
    # An unclosed quote or bracket is found at the end of the file: show where it opened.
    at_end = problem_mark is not None and not text[problem_mark.index :].strip()
    if context_mark is not None and ("end of stream" in problem or at_end):
        mark = context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    where = Mark(file, line, col)
    lines = text.splitlines()
    if 0 < line <= len(lines) and lines[line - 1][col - 1 : col] == "\t":
        return make_error("E002", messages.TAB_INDENT, where, ())
    if context and "quoted scalar" in context and "end of stream" in problem:
        return make_error("E001", messages.QUOTE_NEVER_CLOSED, where, ())
    opened = context_mark.line + 1 if context_mark is not None else None
    return make_error(
        "E001", messages.french_problem(problem, context or "", text, line, col, opened), where, ()
    )


def parse_yaml(raw: bytes, display: str) -> tuple[yaml.Node | None, Any, SpecError | None]:
    """One file's bytes as its YAML node (None for an empty file) with the loader that built
    it (it constructs the non-string scalars), or the error that stops the reading."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, None, make_error(
            "E003",
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
            Mark(display, line, col),
            (),
            hint="Save the file as UTF-8 (Unicode) in your editor.",
        )
    loader = MarkingLoader(text)
    try:
        return loader.get_single_node(), loader, None
    except yaml.YAMLError as exc:
        return None, None, yaml_error(exc, display, text)
    except RecursionError:  # the pure-Python parser on absurdly nested input
        return None, None, make_error(
            "E001",
            f"malformed YAML: nested more than {MAX_DEPTH} levels deep",
            Mark(display, 1, 1),
            (),
        )
    finally:
        loader.dispose()


def hash_chunk(raw: bytes) -> bytes:
    """What one file adds to a spec's source hash: its length then its bytes (not its name)."""
    return len(raw).to_bytes(8, "big") + raw


def source_hash(files: list[FsPath]) -> str | None:
    """The hash of these files' current bytes, in this order; None when one cannot be read."""
    hasher = hashlib.sha256()
    try:
        for f in files:
            hasher.update(hash_chunk(f.read_bytes()))
    except OSError:
        return None
    return hasher.hexdigest()
