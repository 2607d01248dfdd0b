"""A decision stored as JSON reads back equal to the one computed."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from engine.results import decision_from_json, decision_json
from tests.engine.test_results_properties import AEPE_CODES, AGORA_CODES, GRADE, bacpro, cap

ENTRY = st.one_of(GRADE, st.sampled_from(["ABS", "DISP", None]))


def _again(decision: object) -> object:
    return decision_from_json(json.loads(json.dumps(decision_json(decision))))  # type: ignore[arg-type]


@given(st.lists(ENTRY, min_size=12, max_size=12), st.one_of(GRADE, st.none()))
def test_a_bac_pro_decision_reads_back_equal_from_its_json(
    grades: list[Decimal | str | None], control: Decimal | None
) -> None:
    d = bacpro(dict(zip(AGORA_CODES, grades, strict=True)), control)
    assert _again(d) == d


@given(st.lists(GRADE, min_size=7, max_size=7))
def test_a_cap_decision_with_its_kept_grades_and_mention_reads_back_equal(
    grades: list[Decimal],
) -> None:
    d = cap(dict(zip(AEPE_CODES, grades, strict=True)))
    assert _again(d) == d
