"""The browser mirror (engine/conditions/static/conditions.js) agrees with the server evaluator."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_conditions_properties import FIELDS, calendars, conditions, leaves

from engine.conditions import (
    AGE_ATS,
    UNIT_STATUSES,
    Age,
    Compare,
    Condition,
    EvalContext,
    IsSet,
    SessionCalendar,
    calendar_json,
    evaluate,
    mirror_script,
    to_json,
)

# One Node process serves every test of the module: one JSON batch per line in, one line of
# results out. Lines are read with a UTF-8 decoder: reading raw chunks and adding them to a
# string would cut a non-breaking space in two where the pipe splits the batch.
RUNNER = """
const mirror = require(process.argv[1]);
const lines = require("readline").createInterface({ input: process.stdin, terminal: false });
lines.on("line", (line) => {
  const cases = JSON.parse(line);
  process.stdout.write(JSON.stringify(cases.map((c) => mirror.evaluate(c.cond, c.ctx))) + "\\n");
});
"""


class Mirror:
    """The browser mirror running in Node, started on first use and kept for the module."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None

    def __call__(self, cases: list[dict[str, Any]]) -> list[bool]:
        if self.process is None:
            node = shutil.which("node")
            assert node is not None, "the browser mirror tests need Node.js (installed with npm)"
            self.process = subprocess.Popen(
                [node, "-e", RUNNER, str(mirror_script())], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, text=True, encoding="utf-8", bufsize=1,
            )
        assert self.process.stdin is not None and self.process.stdout is not None
        # ensure_ascii: the line holds no raw line separator that could split it.
        self.process.stdin.write(json.dumps(cases, ensure_ascii=True) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        assert answer, f"the Node mirror stopped (exit code {self.process.poll()})"
        result: list[bool] = json.loads(answer)
        return result

    def close(self) -> None:
        if self.process is not None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=30)
            self.process = None


@pytest.fixture(scope="module")
def run_mirror() -> Iterator[Mirror]:
    mirror = Mirror()
    yield mirror
    mirror.close()


# What a page sends: texts as typed (spaces, commas, dates), ticks, nothing, safe integers.
form_answers = st.one_of(
    st.none(), st.booleans(), st.integers(-10**9, 10**9),
    st.text(alphabet=" \t\u00a0\u202f0123456789-,.+aeinoOuyNTR", max_size=12),
    st.dates().map(dt.date.isoformat),
    st.tuples(st.dates(), st.sampled_from(("", " ", "T10:00", "x"))).map(
        lambda p: p[0].isoformat() + p[1]),
    st.integers(-99999, 99999).map(str),
    st.sampled_from(("oui", "NON", " on ", "2024-02-30", "12,5", "", "   ", "1e3")),
    st.lists(st.integers(0, 9), max_size=2),
)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Condition, EvalContext]:
    cond = draw(conditions)
    calendar: SessionCalendar = draw(calendars())
    ctx = EvalContext(
        draw(st.dictionaries(st.sampled_from(FIELDS), form_answers)), calendar,
        frozenset(draw(st.sets(st.sampled_from(("cap", "bac"))))),
        draw(st.dictionaries(st.sampled_from(("EP1", "EP2")), st.sampled_from(UNIT_STATUSES))),
    )
    return cond, ctx


def as_case(cond: Condition, ctx: EvalContext) -> dict[str, Any]:
    return {"cond": to_json(cond), "ctx": {
        "answers": dict(ctx.answers), "calendar": calendar_json(ctx.calendar),
        "diplomas": sorted(ctx.diplomas), "unit_statuses": dict(ctx.unit_statuses)}}


relaxed = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@relaxed
@given(st.lists(cases(), min_size=1, max_size=10))
def test_the_browser_mirror_agrees_with_the_server_on_any_condition_and_form_answers(
        run_mirror: Mirror, batch: list[tuple[Condition, EvalContext]]) -> None:
    expected = [evaluate(cond, ctx) for cond, ctx in batch]
    assert run_mirror([as_case(cond, ctx) for cond, ctx in batch]) == expected


@relaxed
@given(st.lists(st.tuples(leaves, form_answers, calendars()), min_size=5, max_size=30))
def test_the_browser_mirror_reads_every_form_answer_as_the_server_does(
        run_mirror: Mirror, batch: list[tuple[Condition, Any, SessionCalendar]]) -> None:
    contexts = [EvalContext(dict.fromkeys(FIELDS, answer), calendar)
                for _, answer, calendar in batch]
    conds = [cond for cond, _, _ in batch]
    expected = [evaluate(cond, ctx) for cond, ctx in zip(conds, contexts, strict=True)]
    assert run_mirror([as_case(c, ctx) for c, ctx in zip(conds, contexts, strict=True)]) == expected


# Explicit cases, checked on every run whatever the random examples draw: each spelling of a
# yes/no, numbers (signs, commas, 15 and 16 digits, exponents), the spaces a form may send
# around an answer and those only Python's str.strip() would remove, real and impossible dates.
EXPLICIT_ANSWERS: tuple[Any, ...] = (
    True, False, 0, 1, 2, -1, "true", "false", "1", "0", "oui", "non", "o", "n", "yes", "no",
    "y", "on", "off", " OUI ", "Non", "\u00a0oui\u202f", "vrai", "peut-être",
    12, -3, 10**15 - 1, " 12 ", "12,5", "12.5", "+3", "-3", "007", "1e3", "12 5", "1,5,5", ".5",
    "5.", "123456789012345", "1234567890123456", "0,000000000000001", "\u00a012\u202f", "\t7\n",
    "", " ", "\t\n\r\f\v", "\u00a0", "\u202f", "\u2003", "\u3000", "\x1f", "\u200312",
    "oui\u2003", "a", " a ",
    "2024-02-29", "2023-02-29", "2024-13-01", "2024-00-10", "2024-1-5", "05/01/2024", "20240105",
    " 2024-01-05 ", "\u00a02024-01-05\u202f", "2024-01-05T10:00", "2024-01-05 x",
    "\u20032024-01-05", "2024-01-04", "2024-01-06", None, [], ["a"],
)
EXPLICIT_CONDITIONS: tuple[Condition, ...] = (
    Compare("x", "equals", True), Compare("x", "equals", False), Compare("x", "not_equals", True),
    Compare("x", "not_equals", False), Compare("x", "equals", 12), Compare("x", "not_equals", 12),
    Compare("x", "lt", 12), Compare("x", "ge", 12.5), Compare("x", "gt", -3),
    Compare("x", "equals", "a"), Compare("x", "not_equals", "a"), Compare("x", "in", (1, "a")),
    Compare("x", "not_in", (0, 1)), Compare("x", "equals", dt.date(2024, 1, 5)),
    Compare("x", "lt", dt.date(2024, 1, 5)), Compare("x", "ge", dt.date(2024, 2, 29)),
    IsSet("x", True), IsSet("x", False),
)


def test_the_browser_mirror_reads_yes_no_numbers_spaces_and_dates_as_the_server_on_each_example(
        run_mirror: Mirror) -> None:
    calendar = SessionCalendar(2025, dt.date(2025, 6, 2), dt.date(2024, 11, 15))
    batch = [(cond, EvalContext({"x": answer}, calendar))
             for cond in EXPLICIT_CONDITIONS for answer in EXPLICIT_ANSWERS]
    expected = [evaluate(cond, ctx) for cond, ctx in batch]
    got = run_mirror([as_case(cond, ctx) for cond, ctx in batch])
    differ = [(to_json(cond), ctx.answers["x"], want) for (cond, ctx), want, mirror
              in zip(batch, expected, got, strict=True) if want != mirror]
    assert differ == []
    assert True in expected and False in expected


@st.composite
def birthdays_near_the_session(draw: st.DrawFn) -> tuple[Condition, EvalContext]:
    """Births a few days around the n-th birthday at the session date, 29 February included."""
    calendar: SessionCalendar = draw(calendars())
    at = draw(st.sampled_from(AGE_ATS))
    on = calendar.age_date(at)
    years = draw(st.integers(0, 30))
    birthday = dt.date(on.year - years, on.month, min(on.day, 28 if on.month == 2 else 31))
    born = draw(st.one_of(
        st.integers(-2, 2).map(lambda d: birthday + dt.timedelta(days=d)),
        st.sampled_from((dt.date(2004, 2, 29), dt.date(2008, 2, 29), dt.date(2000, 3, 1))),
    ))
    op = draw(st.sampled_from(("equals", "not_equals", "lt", "le", "gt", "ge")))
    return Age("a", op, years, at), EvalContext({"a": born.isoformat()}, calendar)


@relaxed
@given(st.lists(birthdays_near_the_session(), min_size=5, max_size=30))
def test_the_browser_mirror_counts_birthdays_as_the_server_does(
        run_mirror: Mirror, batch: list[tuple[Condition, EvalContext]]) -> None:
    expected = [evaluate(cond, ctx) for cond, ctx in batch]
    assert run_mirror([as_case(cond, ctx) for cond, ctx in batch]) == expected


def test_the_browser_mirror_shows_the_parents_names_only_for_a_candidate_born_abroad(
        run_mirror: Mirror) -> None:
    calendar = calendar_json(SessionCalendar(2025, dt.date(2025, 6, 2), dt.date(2024, 11, 15)))
    cond = {"field": "pays_naissance", "not_equals": "FR"}
    results = run_mirror([
        {"cond": cond, "ctx": {"answers": {"pays_naissance": answer}, "calendar": calendar}}
        for answer in ("BE", "FR", "", None)
    ])
    assert results == [True, False, False, False]


def test_the_browser_mirror_computes_ages_and_relative_dates_from_the_session(
        run_mirror: Mirror) -> None:
    calendar = calendar_json(SessionCalendar(2025, dt.date(2025, 6, 2), dt.date(2024, 11, 15)))
    adult = {"age": "date_naissance", "ge": 18, "at": "session_year_end"}
    recent = {"field": "date_obtention", "ge": {"session": "year_end", "years": -5}}
    results = run_mirror([
        {"cond": cond, "ctx": {"answers": {code: answer}, "calendar": calendar}}
        for cond, code, answer in (
            (adult, "date_naissance", "2007-12-31"), (adult, "date_naissance", "2008-01-01"),
            (recent, "date_obtention", "2020-12-31"), (recent, "date_obtention", "2020-12-30"),
        )
    ])
    assert results == [True, False, True, False]


def test_the_browser_mirror_counts_birthdays_as_the_server_does_on_every_day_of_a_leap_cycle(
        run_mirror: Mirror) -> None:
    # Every session date of four years (a 29 February included), births from the day before
    # to the day after the 18th birthday, and on 29 February of a leap year.
    first = dt.date(2023, 1, 1)
    batch = []
    for offset in range(4 * 365 + 1):
        on = first + dt.timedelta(days=offset)
        calendar = SessionCalendar(on.year, on, on)
        birthday = dt.date(on.year - 18, on.month, min(on.day, 28 if on.month == 2 else 31))
        births = [birthday + dt.timedelta(days=d) for d in range(-1, 2)] + [dt.date(2004, 2, 29)]
        batch += [(Age("a", "ge", 18, "session_start"), EvalContext({"a": b.isoformat()}, calendar))
                  for b in births]
    expected = [evaluate(cond, ctx) for cond, ctx in batch]
    assert True in expected and False in expected
    assert run_mirror([as_case(cond, ctx) for cond, ctx in batch]) == expected
