"""A date field's bounds as the compiler writes them (a date, a date relative to the session)
and as a hand-built field may give them (an ISO text, a `{session: …}` mapping)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from engine.answers import bound_date
from engine.conditions import RelativeDate
from tests.engine.factories import SESSION_2025


@pytest.mark.parametrize(
    ("bound", "date"),
    [
        (dt.date(2000, 1, 1), dt.date(2000, 1, 1)),
        ("2000-02-29", dt.date(2000, 2, 29)),
        (RelativeDate("start", years=-16), dt.date(2009, 6, 2)),
        ({"session": "start", "years": -16}, dt.date(2009, 6, 2)),
        ({"session": "start", "months": -2}, dt.date(2025, 4, 2)),
        ({"session": "start", "days": 3}, dt.date(2025, 6, 5)),
        ({"session": "start", "years": "-1", "months": "1", "days": "1"}, dt.date(2024, 7, 3)),
        ({"session": "year_end"}, dt.date(2025, 12, 31)),
        (None, None),
        (16, None),
    ],
)
def test_a_date_bound_is_read_from_a_date_a_text_or_the_session_calendar(
    bound: Any, date: dt.date | None
) -> None:
    assert bound_date(bound, SESSION_2025) == date


def test_a_bound_relative_to_the_session_has_no_date_without_a_calendar() -> None:
    assert bound_date(RelativeDate("start", years=-16), None) is None
    assert bound_date({"session": "start", "years": -16}, None) is None
    assert bound_date("2000-01-01", None) == dt.date(2000, 1, 1)
