"""The documentation covers the language: every schema key in docs/spec-language.md, every
error code of the catalogue in docs/errors.md (and no code there that the catalogue lacks)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.errors import full_catalogue

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "engine" / "spec" / "schema.json").read_text(encoding="utf-8"))
LANGUAGE_DOC = (REPO / "docs" / "spec-language.md").read_text(encoding="utf-8")
ERRORS_DOC = (REPO / "docs" / "errors.md").read_text(encoding="utf-8")


def schema_keys(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties":
                yield from value
            yield from schema_keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from schema_keys(item)


@pytest.mark.parametrize("key", sorted(set(schema_keys(SCHEMA))))
def test_every_key_of_the_schema_is_documented_in_the_spec_language(key: str) -> None:
    assert re.search(rf"`{key}`|\b{key}:", LANGUAGE_DOC), f"docs/spec-language.md lacks `{key}`"


@pytest.mark.parametrize("code", sorted(full_catalogue()))
def test_every_error_code_has_a_section_with_an_example_and_its_fix(code: str) -> None:
    section = ERRORS_DOC.split(f"\n## {code} — ", 1)
    assert len(section) == 2, f"docs/errors.md has no section for {code}"
    body = section[1].split("\n## ", 1)[0]
    assert f" {code} " in body.split("```")[1], f"the example of {code} shows another code"
    assert f"**Fix:** {full_catalogue()[code].hint}" in body


def test_the_error_doc_lists_no_code_the_catalogue_does_not_know() -> None:
    documented = set(re.findall(r"^## ([EW]\d{3}) — ", ERRORS_DOC, flags=re.M))
    assert documented == set(full_catalogue())


def test_every_code_the_engine_can_emit_is_in_the_catalogue() -> None:
    sources = [*(REPO / "engine" / "spec").glob("*.py"), REPO / "engine" / "errors.py"]
    emitted = {
        code
        for src in sources
        for code in re.findall(r'"([EW][0-9]{3})"', src.read_text(encoding="utf-8"))
    }
    assert emitted <= set(full_catalogue())
