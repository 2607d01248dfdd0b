"""`python -m engine diff OLD NEW` and `diff --git REV FILE`: what changes for candidates.

The report lists each change under its class (breaking, needs the candidate's action,
safe), the saved answers it concerns, and for a breaking change the new spec's migration
rule that covers it. With `--answers FILE.json` ({key: answers}), it names the saved
candidatures each change affects.
"""

from __future__ import annotations

import argparse
import json
import subprocess  # nosec B404
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from engine.spec.changes import LEVEL_TITLES, LEVELS, Change, Match
from engine.spec.diff import diff_exams
from engine.spec.loader import PROJECT_EXAMS_DIR
from engine.spec.migrate import affected, verdicts
from engine.spec.model import Exam, Migration
from engine.specs import CheckedSpec, check_in, check_spec


class DiffRefused(Exception):
    """A spec that cannot be compared (not found at the revision, or with errors)."""


def add_parser(sub: Any) -> None:
    d = sub.add_parser("diff", help="what changes for candidates between two versions of a spec")
    d.add_argument("files", nargs="+", help="OLD NEW, or with --git the one spec file")
    d.add_argument(
        "--git",
        metavar="REV",
        help="compare FILE with its version at the git "
        "revision REV (its fragments of exams/common/ at that revision too)",
    )
    d.add_argument(
        "--answers",
        metavar="FILE",
        help="a JSON object of saved answers by candidature: name the ones each change affects",
    )
    d.add_argument(
        "--strict", action="store_true", help="fail when a breaking change has no migration rule"
    )


def run(args: argparse.Namespace, out: list[str]) -> int:
    """Append the report to `out`; 1 on a spec that cannot be compared (or, strict, on an
    uncovered breaking change), else 0."""
    try:
        if args.git:
            if len(args.files) != 1:
                raise DiffRefused("with --git, name one spec file")
            with revision_spec(args.git, Path(args.files[0])) as old:
                new = _exam(check_spec(args.files[0]), args.files[0])
                old_exam = _exam(old, f"{args.git}:{args.files[0]}")
                names = (f"{args.git}:{args.files[0]}", args.files[0])
                return report(old_exam, new, names, _saved(args.answers), args.strict, out)
        if len(args.files) != 2:
            raise DiffRefused("name two spec files: OLD NEW (or --git REV FILE)")
        old_exam, new = (_exam(check_spec(f), f) for f in args.files)
        return report(old_exam, new, tuple(args.files), _saved(args.answers), args.strict, out)
    except DiffRefused as refused:
        out.append(f"cannot compare: {refused}")
        return 1


def _exam(checked: CheckedSpec, name: str) -> Exam:
    if checked.exam is None:
        lines = "\n".join(str(p) for p in checked.errors)
        raise DiffRefused(f"{name} has errors (python -m engine validate):\n{lines}")
    return checked.exam


def _saved(path: str | None) -> dict[str, Mapping[str, Any]]:
    if path is None:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DiffRefused(f"cannot read the answers of {path}: {error}") from error
    if isinstance(data, list):
        data = {str(i + 1): a for i, a in enumerate(data)}
    if not isinstance(data, dict) or not all(isinstance(a, dict) for a in data.values()):
        raise DiffRefused(f"{path} must hold a JSON object {{key: answers}} or a list of answers")
    return {str(k): v for k, v in data.items()}


# ---------------------------------------------------------------------- git


def _git(cwd: Path, *args: str) -> bytes:
    """git with fixed arguments, never through a shell."""
    try:
        done = subprocess.run(  # nosec B603 B607
            ["git", *args], cwd=cwd, capture_output=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise DiffRefused(f"cannot run git: {error}") from error
    if done.returncode != 0:
        raise DiffRefused(done.stderr.decode("utf-8", "replace").strip() or "git failed")
    return done.stdout


@contextmanager
def revision_spec(rev: str, path: Path) -> Iterator[CheckedSpec]:
    """The spec `path` as committed at `rev`, checked with the fragments of that revision:
    its folder at `rev` (exams/, with common/), and the project's exams folder for a spec
    kept elsewhere, are extracted to a temporary folder."""
    if rev.startswith("-"):
        raise DiffRefused(f"not a revision: {rev!r}")
    folder = path.resolve().parent
    top = Path(_git(folder, "rev-parse", "--show-toplevel").decode().strip()).resolve()
    rel = path.resolve().relative_to(top).as_posix()
    rel_dir = Path(rel).parent.as_posix()
    try:
        _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except DiffRefused as error:
        raise DiffRefused(f"unknown git revision: {rev}") from error
    if Path(rel).name not in _listed(top, rev, rel_dir):
        raise DiffRefused(f"{rel} does not exist at {rev}")
    folders = [rel_dir]
    project = PROJECT_EXAMS_DIR.resolve()
    if project != folder and project.is_relative_to(top):
        shared = project.relative_to(top).as_posix()
        if "common" in _listed(top, rev, shared):
            folders.append(shared)
    archive = _git(top, "archive", "--format=tar", rev, "--", *folders)
    with tempfile.TemporaryDirectory(prefix="examforms-rev-") as tmp:
        tar_path = Path(tmp) / "rev.tar"
        tar_path.write_bytes(archive)
        with tarfile.open(tar_path) as tar:
            tar.extractall(Path(tmp) / "tree", filter="data")
        dirs = [Path(tmp) / "tree" / f for f in folders]
        yield check_in(dirs[0] / Path(rel).name, dirs)


def _listed(top: Path, rev: str, folder: str) -> list[str]:
    """The names in `folder` at `rev` (none when it does not exist there)."""
    try:
        listed = _git(top, "ls-tree", "--name-only", f"{rev}:{folder}" if folder != "." else rev)
    except DiffRefused:
        if folder == ".":
            raise
        return []
    return listed.decode("utf-8", "replace").split("\n")


# ---------------------------------------------------------------------- report


def describe_match(match: Match) -> str:
    """Which saved candidatures the change concerns, in words."""
    parts = [f"{code} is {' or '.join(values)}" for code, values in match.values]
    if match.answered:
        parts.append(f"{match.answered} answered")
    if match.unanswered:
        parts.append(f"{match.unanswered} not answered")
    if match.chosen:
        parts.append(f"unit {match.chosen} chosen")
    if match.language:
        parts.append(f"{match.language[1]} chosen for unit {match.language[0]}")
    if match.acquis:
        parts.append(f"acquis naming {', '.join(match.acquis)}")
    return " and ".join(parts) if parts else "every saved candidature"


def _rule_line(rule: Migration | None, new: Exam) -> str:
    if rule is None:
        return (
            "no migration rule: the portal keeps the previous version while an open "
            "session has candidatures it affects"
        )
    number = new.migrations.index(rule) + 1
    when = f" for sessions from {rule.sessions_from}" if rule.sessions_from else ""
    why = f" ({rule.reason})" if rule.reason else ""
    return f"covered by migration rule {number}{when}{why}"


def report(
    old: Exam,
    new: Exam,
    names: tuple[str, str],
    saved: Mapping[str, Mapping[str, Any]],
    strict: bool,
    out: list[str],
) -> int:
    changes = diff_exams(old, new)
    rules = {id(v.change): v.rule for v in verdicts(changes, new, old.version)}
    counts = {level: sum(1 for c in changes if c.level == level) for level in LEVELS}
    out.append(f"{names[0]} (version {old.version}) → {names[1]} (version {new.version})")
    if not changes:
        out.append("no change for candidates")
        return 0
    out.append(
        f"{len(changes)} change{'s' if len(changes) > 1 else ''}: "
        f"{counts['breaking']} breaking, {counts['action']} needing the candidate's "
        f"action, {counts['safe']} safe"
    )
    for level in LEVELS:
        listed = [c for c in changes if c.level == level]
        if not listed:
            continue
        out += ["", f"{LEVEL_TITLES[level]} ({len(listed)})"]
        for change in listed:
            out.extend(_change_lines(change, level, rules, new, saved))
    uncovered = [c for c in changes if c.level == "breaking" and rules.get(id(c)) is None]
    return 1 if strict and uncovered else 0


def _change_lines(
    change: Change,
    level: str,
    rules: Mapping[int, Migration | None],
    new: Exam,
    saved: Mapping[str, Mapping[str, Any]],
) -> list[str]:
    lines = [f"  - {change}"]
    if level == "safe":
        return lines
    lines.append(f"      affects: {describe_match(change.match)}")
    if saved:
        keys = affected(change, saved)
        lines.append(f"      saved answers affected: {', '.join(keys) if keys else 'none'}")
    if level == "breaking":
        lines.append(f"      {_rule_line(rules.get(id(change)), new)}")
    return lines
