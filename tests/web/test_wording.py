"""French counts agree with their number (web.core.wording)."""

from __future__ import annotations

from web.core.wording import counted


def test_zero_and_one_take_the_singular_two_and_more_the_plural() -> None:
    words = ("note enregistrée", "notes enregistrées")
    assert [counted(n, *words) for n in (0, 1, 2, 10)] == [
        "0 note enregistrée", "1 note enregistrée", "2 notes enregistrées",
        "10 notes enregistrées"]
