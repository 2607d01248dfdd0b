"""Public entry points to exam specs: load one (cached), load a folder, validate files."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from engine.errors import SpecError, SpecLoadError, make_error
from engine.spec.compile import compile_exam
from engine.spec.loader import load_spec, source_hash
from engine.spec.model import Exam, Mark
from engine.spec.semantic import check_semantics
from engine.spec.shape import shape_pass


@dataclass(frozen=True)
class CheckedSpec:
    """The outcome of checking one spec file: its problems, and its Exam when it has no error."""

    path: Path
    source_hash: str
    files: tuple[Path, ...]  # the spec then each fragment it includes
    exam: Exam | None
    problems: tuple[SpecError, ...]  # errors and warnings, sorted by file, line, column
    code_mark: Mark | None = None  # where exam.code was written

    @property
    def errors(self) -> list[SpecError]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[SpecError]:
        return [p for p in self.problems if p.severity == "warning"]


Stamp = tuple[tuple[int, int], ...]

# (spec path as written, working folder) → (stat stamp of its files, its last check).
# Messages name files as the caller wrote them, hence that key. A hit needs the same
# hash of the current bytes of the spec and every fragment (an edited fragment is a
# miss); the files' stat stamp spares re-reading them while nothing was touched.
_cache: dict[tuple[str, str], tuple[Stamp | None, CheckedSpec]] = {}
_lock = threading.Lock()


_RACY_NS = 2_000_000_000


def _stamp(files: tuple[Path, ...]) -> Stamp | None:
    """mtime and size of each file; None while one was modified too recently to trust it
    (an edit within the clock's granularity keeps the mtime: git's "racy clean" problem)."""
    try:
        stats = [os.stat(f) for f in files]
    except OSError:
        return None
    recent = time.time_ns() - _RACY_NS
    if any(st.st_mtime_ns > recent for st in stats):
        return None
    return tuple((st.st_mtime_ns, st.st_size) for st in stats)


def check_spec(path: str | Path) -> CheckedSpec:
    """Load, check and compile one spec, reusing the last result while no file changed."""
    key = (str(path), os.getcwd())
    entry = _cache.get(key)
    if entry is not None:
        stamp, cached = entry
        now = _stamp(cached.files)
        if stamp is not None and now == stamp:
            return cached
        if source_hash(list(cached.files)) == cached.source_hash:
            with _lock:
                _cache[key] = (now, cached)
            return cached
    checked = _check_uncached(path)
    with _lock:
        _cache[key] = (_stamp(checked.files), checked)
    return checked


def check_source(text: str | bytes, name: str | Path = "exams/draft.yaml") -> CheckedSpec:
    """Check a spec that is not saved (the preview page): `name` names it in messages and
    its folder is where its fragments are looked for. Never cached."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return _check_uncached(name, raw)


def check_in(path: str | Path, search: list[Path]) -> CheckedSpec:
    """Check a spec whose fragments are looked for in `search` only (a spec extracted from
    an earlier revision finds the fragments of that revision). Never cached."""
    return _check_uncached(path, search=search)


def _check_uncached(
    path: str | Path, text: bytes | None = None, search: list[Path] | None = None
) -> CheckedSpec:
    loaded = load_spec(path, search=search, text=text)
    problems = list(loaded.errors)
    exam: Exam | None = None
    if loaded.data is not None and not problems:
        problems, data = shape_pass(loaded.data, loaded.marks)
        if data is not None:
            compiled = compile_exam(data, loaded.marks, str(loaded.path), loaded.source_hash)
            problems += compiled.errors
            if not compiled.errors:
                problems += check_semantics(data, compiled, loaded.marks)
            if not any(p.severity == "error" for p in problems):
                exam = compiled.exam
    code_mark = loaded.marks.value(("exam", "code")) if loaded.data is not None else None
    return CheckedSpec(
        code_mark=code_mark,
        path=loaded.path,
        source_hash=loaded.source_hash,
        files=tuple(loaded.files),
        exam=exam,
        problems=tuple(sorted(set(problems), key=lambda e: (*e.sort_key, e.message))),
    )


def clear_cache() -> None:
    """Forget every compiled spec (tests; a long-lived process never needs it)."""
    with _lock:
        _cache.clear()


def spec_files(exams_dir: str | Path) -> list[Path]:
    """The exam specs of a folder: its *.yaml (fragments live in common/, data in reference/)."""
    return sorted(Path(exams_dir).glob("*.yaml"))


def load_exam(path: str | Path) -> Exam:
    """Load, check and compile one spec; cached by path and content hash. Raises SpecLoadError."""
    checked = check_spec(path)
    if checked.exam is None:
        raise SpecLoadError(checked.errors)
    return checked.exam


def same_exam_codes(checked: list[CheckedSpec]) -> list[tuple[int, SpecError]]:
    """E230 for each spec whose exam code an earlier one of the list already has, with the
    index of the spec in the list."""
    first: dict[str, CheckedSpec] = {}
    out: list[tuple[int, SpecError]] = []
    for i, c in enumerate(checked):
        if c.exam is None or c.code_mark is None:
            continue
        code = c.exam.code
        if code in first:
            other = first[code].code_mark
            where = other.file if other is not None else str(first[code].path)
            out.append(
                (
                    i,
                    make_error(
                        "E230",
                        f"exam code '{code}' is already the code of {where}",
                        c.code_mark,
                        ("exam", "code"),
                    ),
                )
            )
        else:
            first[code] = c
    return out


def load_all(exams_dir: str | Path) -> dict[str, Exam]:
    """Every valid exam of a folder, by exam code. Raises SpecLoadError if one is invalid."""
    exams: dict[str, Exam] = {}
    checked = [check_spec(p) for p in spec_files(exams_dir)]
    errors: list[SpecError] = [e for _, e in same_exam_codes(checked)]
    for c in checked:
        if c.exam is None:
            errors.extend(c.errors)
        else:
            exams.setdefault(c.exam.code, c.exam)
    if errors:
        raise SpecLoadError(errors)
    return exams


def check_folder(exams_dir: str | Path) -> list[CheckedSpec]:
    """Each spec of a folder checked on its own, as a portal serving the folder sees them.

    A spec whose exam code an earlier spec of the folder already has gets that E230 error
    and no Exam: one broken or duplicated spec leaves the others usable."""
    checked = [check_spec(p) for p in spec_files(exams_dir)]
    for i, error in same_exam_codes(checked):
        found = checked[i]
        problems = sorted({*found.problems, error}, key=lambda e: (*e.sort_key, e.message))
        checked[i] = replace(found, exam=None, problems=tuple(problems))
    return checked


def usable_exams(exams_dir: str | Path) -> dict[str, Exam]:
    """The exams of a folder whose spec has no error, by exam code (the broken ones left out)."""
    return {c.exam.code: c.exam for c in check_folder(exams_dir) if c.exam is not None}


def validate_files(paths: list[str | Path]) -> list[SpecError]:
    """Every problem (errors and warnings) of the given spec files, sorted by file and line."""
    checked = [check_spec(path) for path in paths]
    problems = [p for c in checked for p in c.problems]
    problems += [e for _, e in same_exam_codes(checked)]
    return sorted(problems, key=lambda e: (*e.sort_key, e.message))


# spec file → (stat stamp, sha256 of its bytes, its identity or None): the menus ask for the
# identities on every request; a file is parsed again only when its bytes changed.
_identities: dict[str, tuple[Stamp | None, str, dict[str, str] | None]] = {}


def _identity_of(path: Path) -> dict[str, str] | None:
    key = str(path)
    stamp = _stamp((path,))
    entry = _identities.get(key)
    if entry is not None and stamp is not None and entry[0] == stamp:
        return entry[2]
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(raw).hexdigest()
    if entry is not None and entry[1] == digest:
        ident = entry[2]
    else:
        ident = _parse_identity(raw)
    with _lock:
        _identities[key] = (stamp, digest, ident)
    return ident


def _parse_identity(raw: bytes) -> dict[str, str] | None:
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError):
        return None
    ident = data.get("exam") if isinstance(data, dict) else None
    if not isinstance(ident, dict):
        return None
    return {k: str(ident.get(k, "")) for k in ("code", "label", "short_label", "domain")}


def exam_identities(exams_dir: str | Path) -> list[dict[str, str]]:
    """code, label, short_label, domain of each exam of a folder (cheap; for menus).

    Reads only the `exam:` block, once per version of each file; a file that is not even
    YAML is left out (the validator reports it), so a menu never fails on a spec being
    written."""
    found = (_identity_of(Path(p)) for p in spec_files(exams_dir))
    return [dict(ident) for ident in found if ident is not None]
