"""What the browser's mirror evaluates conditions with: the same context as the server's."""

from __future__ import annotations

from engine.wizard import build_state
from tests.engine.factories import ACCOUNT_FR, SESSION_2025, cap_like, complete_answers
from web.registration.mirror import context_json


def test_the_mirror_sees_the_diplomas_the_acquis_tab_accepts_and_only_those() -> None:
    answers = complete_answers()
    answers["acquis"]["diplomas"] = [
        {"diploma": "cap", "year": 2020, "academy": ""},
        {"diploma": "bac", "year": 2035, "academy": ""},
    ]
    state = build_state(cap_like(), answers, SESSION_2025, ACCOUNT_FR)
    view = state.tab("qualification")
    assert view is not None
    others = {k: v for k, v in state.answers["fields"].items() if k not in ("specialite", "forme")}
    assert context_json(state, view) == {
        "answers": others,
        "calendar": {"start": "2025-06-02", "year_end": "2025-12-31",
                     "registration_close": "2024-11-20"},
        "diplomas": ["cap"],
        "unit_statuses": {u.code: u.status for u in state.units},
    }
    assert {u.code: u.status for u in state.units}["EG1"] == "dispense"
