"""The browser mirror (engine/conditions/static/conditions.js) agrees with the server evaluator."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_conditions_properties import FIELDS, calendars, conditions, leaves

from engine.conditions import (
    AGE_ATS,
    UNIT_STATUSES,
    Age,
    Condition,
    EvalContext,
    SessionCalendar,
    calendar_json,
    evaluate,
    mirror_script,
    to_json,
)

RUNNER = """
const mirror = require(process.argv[1]);
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const cases = JSON.parse(input);
  process.stdout.write(JSON.stringify(cases.map((c) => mirror.evaluate(c.cond, c.ctx))));
});
"""


def run_mirror(cases: list[dict[str, Any]]) -> list[bool]:
    node = shutil.which("node")
    assert node is not None, "the browser mirror tests need Node.js (installed with npm)"
    done = subprocess.run(
        [node, "-e", RUNNER, str(mirror_script())], input=json.dumps(cases),
        capture_output=True, text=True, timeout=60, check=True,
    )
    result: list[bool] = json.loads(done.stdout)
    return result


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


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.data_too_large])
@given(st.lists(cases(), min_size=10, max_size=30))
def test_the_browser_mirror_agrees_with_the_server_on_any_condition_and_form_answers(
        batch: list[tuple[Condition, EvalContext]]) -> None:
    expected = [evaluate(cond, ctx) for cond, ctx in batch]
    assert run_mirror([as_case(cond, ctx) for cond, ctx in batch]) == expected


relaxed = settings(max_examples=15, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@relaxed
@given(st.lists(st.tuples(leaves, form_answers, calendars()), min_size=30, max_size=80))
def test_the_browser_mirror_reads_every_form_answer_as_the_server_does(
        batch: list[tuple[Condition, Any, SessionCalendar]]) -> None:
    contexts = [EvalContext(dict.fromkeys(FIELDS, answer), calendar)
                for _, answer, calendar in batch]
    conds = [cond for cond, _, _ in batch]
    expected = [evaluate(cond, ctx) for cond, ctx in zip(conds, contexts, strict=True)]
    assert run_mirror([as_case(c, ctx) for c, ctx in zip(conds, contexts, strict=True)]) == expected


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
@given(st.lists(birthdays_near_the_session(), min_size=30, max_size=80))
def test_the_browser_mirror_counts_birthdays_as_the_server_does(
        batch: list[tuple[Condition, EvalContext]]) -> None:
    expected = [evaluate(cond, ctx) for cond, ctx in batch]
    assert run_mirror([as_case(cond, ctx) for cond, ctx in batch]) == expected


def test_the_browser_mirror_shows_the_parents_names_only_for_a_candidate_born_abroad() -> None:
    calendar = calendar_json(SessionCalendar(2025, dt.date(2025, 6, 2), dt.date(2024, 11, 15)))
    cond = {"field": "pays_naissance", "not_equals": "FR"}
    results = run_mirror([
        {"cond": cond, "ctx": {"answers": {"pays_naissance": answer}, "calendar": calendar}}
        for answer in ("BE", "FR", "", None)
    ])
    assert results == [True, False, False, False]


def test_the_browser_mirror_computes_ages_and_relative_dates_from_the_session() -> None:
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
