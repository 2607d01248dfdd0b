"""Each spec under tests/engine/broken/ lists, in `# expect:` lines at its end, exactly the
problems the validator must report: file, line, column, severity, code, path and message."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.specs import check_spec

BROKEN = Path(__file__).parent / "broken"
SPECS = sorted(BROKEN.glob("*.yaml"))


def expected_problems(spec: Path) -> list[str]:
    return [
        line.removeprefix("# expect: ")
        for line in spec.read_text(encoding="utf-8").splitlines()
        if line.startswith("# expect: ")
    ]


def test_there_are_at_least_thirty_broken_specs_each_with_expectations() -> None:
    assert len(SPECS) >= 30
    assert all(expected_problems(spec) for spec in SPECS)


@pytest.mark.parametrize("spec", SPECS, ids=[s.stem for s in SPECS])
def test_a_broken_spec_reports_exactly_its_problems_at_their_line_and_column(
    spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # File names in messages are shown relative to the working folder.
    monkeypatch.chdir(BROKEN)
    problems = check_spec(spec.name).problems
    assert [str(p) for p in problems] == expected_problems(spec)
    assert all(p.hint for p in problems), "every problem carries a fix hint"


@pytest.mark.parametrize("spec", SPECS, ids=[s.stem for s in SPECS])
def test_a_spec_with_an_error_gives_no_exam(spec: Path) -> None:
    checked = check_spec(spec)
    has_error = any(line.split(": ", 1)[1].startswith("error") for line in expected_problems(spec))
    assert (checked.exam is None) == has_error
