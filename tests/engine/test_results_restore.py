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


def test_a_second_group_admission_with_its_mention_groups_and_control_reads_back_equal() -> None:
    import dataclasses

    from tests.engine.test_results_whole import (
        BACPRO,
        GENERAL_9,
        agora_with,
        practice,
        with_agora_rules,
    )

    r = BACPRO.results
    assert r is not None and r.mentions is not None
    e = with_agora_rules(mentions=dataclasses.replace(r.mentions, first_group_only=False))
    d = agora_with(e, {**GENERAL_9, **practice(11)}, control="16")
    assert d.mention is not None and d.control is not None and d.groups
    assert _again(d) == d


def test_a_refusal_with_its_groups_met_or_not_and_its_kept_grades_reads_back_equal() -> None:
    from tests.engine.test_results_whole import aepe

    d = aepe(
        {"EP1": "8", "EP2": "9", "EP3": "9,5", "EG1": "16", "EG2": "15", "EG3": "9", "EG4": "14"}
    )
    assert d.kept and d.groups and d.mention is None
    assert _again(d) == d


def test_a_benefice_line_s_year_and_rule_and_the_rules_note_read_back_equal() -> None:
    import dataclasses

    from tests.engine.test_results_whole import aepe

    d = aepe(
        {"EP1": "8", "EP2": "9", "EP3": "9,5", "EG1": "16", "EG2": "15", "EG3": "9", "EG4": "14"}
    )
    first = dataclasses.replace(d.lines[0], kept_from=(2024, "notes_conservees"))
    d = dataclasses.replace(d, lines=(first, *d.lines[1:]), note="Note des règles")
    again = _again(d)
    assert again == d
    assert again.lines[0].kept_from == (2024, "notes_conservees")
    assert again.note == "Note des règles"
