"""`python -m engine validate|show|diff|doc FILES…`: check specs for CI, summarise and compare them
for their authors; `python -m engine preview FILE`: the live preview of one spec
(engine.spec.preview)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from engine import diff_cli
from engine.doc import render as doc
from engine.errors import SpecError
from engine.spec.preview import launch_preview
from engine.spec.show import render_exam
from engine.specs import check_spec, same_exam_codes, spec_files


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def count_line(problems: Sequence[SpecError]) -> str:
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    return (
        f"{_plural(len(problems), 'problem')} "
        f"({_plural(errors, 'error')}, {_plural(warnings, 'warning')})"
    )


def validate(
    paths: list[str], strict: bool, hints: bool, out: list[str], ci: bool = False
) -> int:
    """Append the report lines to `out`; the exit status: 1 on an error (or warning if strict)."""
    problems: list[SpecError] = []
    clean: list[str] = []
    checked = [check_spec(path) for path in paths]
    across = same_exam_codes(checked)
    for i, path in enumerate(paths):
        found = [*checked[i].problems, *(e for j, e in across if j == i)]
        problems.extend(found)
        if not found:
            clean.append(path)
    for p in sorted(problems, key=lambda e: (*e.sort_key, e.message)):
        out.append(p.annotation() if ci else str(p))
        if hints and p.hint:
            out.append(f"    hint: {p.hint}")
    out.extend(f"{path}: OK" for path in sorted(clean))
    if problems:
        out.append(count_line(problems))
    failing = [p for p in problems if p.severity == "error" or strict]
    return 1 if failing else 0


def show(paths: list[str], out: list[str]) -> int:
    status = 0
    for path in paths:
        checked = check_spec(path)
        if checked.exam is None:
            out.extend(str(p) for p in checked.problems)
            out.append(
                f"{path}: cannot be shown, fix the errors above ({count_line(checked.problems)})"
            )
            status = 1
            continue
        out.append(render_exam(checked.exam))
        out.extend(str(p) for p in checked.warnings)
    return status


def expand(paths: list[str]) -> list[str]:
    """A folder stands for the specs it holds (`exams/` → its *.yaml, not common/); one that
    holds none stays itself, so that it is reported instead of silently passing."""
    out: list[str] = []
    for path in paths:
        specs = spec_files(path) if Path(path).is_dir() else []
        if specs:
            out.extend(str(p) for p in specs)
        else:
            out.append(path)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m engine", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="report every problem of the given specs")
    v.add_argument("files", nargs="+", type=str, help="spec files, or folders of specs")
    v.add_argument("--strict", action="store_true", help="fail on warnings too")
    v.add_argument("--hints", action="store_true", help="print the fix hint under each problem")
    v.add_argument("--format", choices=("text", "ci"), default="text",
                   help="ci: `file:line:col: error CODE: message` lines (make lint-specs)")
    s = sub.add_parser("show", help="print a readable summary of the given specs")
    s.add_argument("files", nargs="+", type=str)
    diff_cli.add_parser(sub)
    doc.add_parser(sub)
    p = sub.add_parser("preview", help="serve the live preview of one spec on 127.0.0.1")
    p.add_argument("files", nargs=1, metavar="file", help="the spec file")
    p.add_argument("--port", type=int, default=5050, help="0 picks a free port")
    args = parser.parse_args(argv)
    if args.command == "preview":
        return launch_preview(args.files[0], args.port)
    out: list[str] = []
    if args.command == "diff":
        status = diff_cli.run(args, out)
        print("\n".join(out))
        return status
    files = expand(args.files)
    if args.command == "doc":
        status = doc.run(files, args.out, out)
    elif args.command == "validate":
        status = validate(files, args.strict, args.hints, out, args.format == "ci")
    else:
        status = show(files, out)
    print("\n".join(out))
    return status


if __name__ == "__main__":
    sys.exit(main())
