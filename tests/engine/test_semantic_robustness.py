"""A spec error is never a traceback: real specs broken at random (lines dropped, duplicated,
values replaced) always give problems with a place, or a clean exam, and never an exception."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.specs import check_source

REPO = Path(__file__).resolve().parents[2]
LINES = {
    name: (REPO / "exams" / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
    for name in ("cap", "cfg")
}
VALUES = st.sampled_from(
    [
        "",
        "[]",
        "{}",
        "true",
        "12",
        "-1",
        "x",
        "EP9",
        "[EP1, EP1]",
        "{field: x}",
        "'",
        "- a",
        "!!binary aGk=",
        "{all: []}",
        "2024-13-45",
        "null",
        "\t",
        "include: common/x.yaml",
    ]
)


def check_text(text: str) -> None:
    # Checked as an unsaved draft of the exams folder: its includes resolve to the real
    # fragments, so the broken spec goes as far as the semantic checks (no file written).
    checked = check_source(text, REPO / "exams" / "draft.yaml")
    for problem in checked.problems:
        assert problem.line >= 1 and problem.col >= 1 and problem.code[0] in "EW"
        assert problem.message and problem.hint
    assert (checked.exam is None) == any(p.severity == "error" for p in checked.problems)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(LINES)), st.lists(st.integers(0, 10_000), min_size=1, max_size=4))
def test_dropping_lines_of_a_real_spec_never_raises(name: str, drops: list[int]) -> None:
    lines = list(LINES[name])
    for d in drops:
        del lines[d % len(lines)]
    check_text("\n".join(lines))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(LINES)), st.integers(0, 10_000), VALUES)
def test_replacing_a_value_of_a_real_spec_never_raises(name: str, at: int, value: str) -> None:
    lines = list(LINES[name])
    candidates = [
        i for i, line in enumerate(lines) if ": " in line and not line.lstrip().startswith("#")
    ]
    i = candidates[at % len(candidates)]
    key = lines[i].split(": ", 1)[0]
    lines[i] = f"{key}: {value}"
    check_text("\n".join(lines))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(LINES)), st.integers(0, 10_000))
def test_duplicating_a_line_of_a_real_spec_never_raises(name: str, at: int) -> None:
    lines = list(LINES[name])
    i = at % len(lines)
    lines.insert(i, lines[i])
    check_text("\n".join(lines))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(LINES)), st.lists(st.integers(0, 10_000), min_size=1, max_size=3))
def test_misspelling_keys_of_a_real_spec_never_raises(name: str, picks: list[int]) -> None:
    # Misspelt keys send the spec through the repaired pass (keys read as the close ones).
    lines = list(LINES[name])
    keyed = [
        i for i, line in enumerate(lines) if ": " in line and not line.lstrip().startswith("#")
    ]
    for pick in picks:
        i = keyed[pick % len(keyed)]
        key, rest = lines[i].split(": ", 1)
        stem = key.rstrip()
        lines[i] = f"{stem[:-1] + stem[-1] * 2}: {rest}"
    check_text("\n".join(lines))
