"""`make lint-specs`: every problem as `file:line:col: error CODE: message`, the line CI
systems annotate, run by .ci/run before the tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.__main__ import main

REPO = Path(__file__).resolve().parents[2]
BROKEN = Path(__file__).parent / "broken"
ANNOTATION = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (error|warning) "
    r"(?P<code>[EW]\d{3}): (?P<message>.+)$"
)


def test_the_ci_format_prints_one_annotation_per_problem(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BROKEN)
    status = main(["validate", "--format", "ci", "min_above_max.yaml", "formats_listed_twice.yaml"])
    lines = capsys.readouterr().out.splitlines()
    assert status == 1
    assert lines[:2] == [
        "formats_listed_twice.yaml:25:14: warning W211: formats ['pdf', 'jpg', 'jpeg'] name one "
        "type twice: jpg and jpeg are the same type (JPEG); the piece accepts ['pdf', 'jpeg'] "
        "($.pieces[0].formats)",
        "min_above_max.yaml:19:18: error E228: min 10 is above max 2 "
        "($.tabs[0].sections[0].fields[0].min)",
    ]
    assert all(ANNOTATION.match(line) for line in lines[:2])
    assert lines[-1] == "2 problems (1 error, 1 warning)"


def test_the_shipped_specs_pass_and_the_target_runs_before_the_tests() -> None:
    assert main(["validate", "--format", "ci", str(REPO / "exams")]) == 0
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "lint-specs: setup\n\t$(PY) -m engine validate --format ci exams" in makefile
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.index("make lint-specs") < ci.index("exec make test")
