"""docs/conditions.md covers every error code, key and keyword of the condition language."""

from __future__ import annotations

from pathlib import Path

from engine.conditions import AGE_ATS, CONDITION_ERRORS, SESSION_BASES, UNIT_STATUSES
from engine.conditions.codes import ALL_KEYS

DOC = (Path(__file__).parents[2] / "docs" / "conditions.md").read_text(encoding="utf-8")


def test_every_condition_error_code_is_documented_with_its_row() -> None:
    missing = [code for code in CONDITION_ERRORS if f"| {code} |" not in DOC]
    assert missing == []


def test_every_key_and_keyword_of_the_language_is_documented() -> None:
    words = (*ALL_KEYS, *SESSION_BASES, *AGE_ATS, *UNIT_STATUSES)
    missing = [w for w in words if f"`{w}" not in DOC and f'"{w}"' not in DOC]
    assert missing == []
