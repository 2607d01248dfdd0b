"""First pass over a spec: its JSON Schema, each violation as an author's message at its place."""

from __future__ import annotations

import copy
import difflib
import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from engine.errors import Path, SourceMap, SpecError, make_error

_TYPE_NAMES = {
    "object": "a mapping (key: value)",
    "array": "a list",
    "string": "a text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}

_PATTERN_NAMES = {
    "^[a-z][a-z0-9_]*$": "a code in lowercase letters, digits and _ starting with a letter "
    "(e.g. date_naissance)",
    "^[A-Z0-9][A-Z0-9_]*$": "a unit code in capitals, digits and _ (e.g. EP1, UF_LV)",
}


@cache
def schema() -> dict[str, Any]:
    """The spec's JSON Schema, read once from the package."""
    text = resources.files("engine.spec").joinpath("schema.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with every `$ref` to `#/$defs/…` replaced by its target (none is recursive):
    resolving references dominates validation time otherwise."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            target = _inline(defs[ref.removeprefix("#/$defs/")], defs)
            rest = {k: _inline(v, defs) for k, v in node.items() if k != "$ref"}
            return {**target, **rest} if rest else target
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    return node


@cache
def validator() -> Draft202012Validator:
    """The compiled validator, built once per process (tests check the schema itself)."""
    return Draft202012Validator(_inline(schema(), schema()["$defs"]))


def suggest(name: str, known: Iterable[str]) -> str:
    """` (did you mean 'x'?)` when a known name is close to `name`, else ``."""
    close = difflib.get_close_matches(str(name), list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {value}"
    if value is None:
        return "nothing"
    return f"'{value}'"


def _name(path: Path) -> str:
    """The key the author wrote for the node at `path` (the nearest key above list items)."""
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return "spec"


_SINGULAR = {
    "tabs": "tab",
    "sections": "section",
    "fields": "field",
    "choices": "choice",
    "categories": "category",
    "unit_groups": "unit group",
    "common_units": "unit",
    "units": "unit",
    "specialities": "speciality",
    "variants": "variant",
    "choice_groups": "choice group",
    "diplomas": "diploma",
    "rules": "acquis rule",
    "pieces": "piece",
    "migrations": "migration rule",
}


def _item(path: Path, inst: dict[str, Any]) -> str:
    """How to name the mapping at `path`: `field 'telephone'`, `exam`, `the spec`."""
    if not path:
        return "the spec"
    if isinstance(path[-1], int) and len(path) > 1:
        kind = _SINGULAR.get(str(path[-2]), str(path[-2]))
        code = inst.get("code", inst.get("value"))
        return f"{kind} '{code}'" if isinstance(code, str | int) else f"{kind} {path[-1] + 1}"
    return f"'{path[-1]}'"


Fix = tuple[Path, str, str]  # (path of a mapping, unknown key in it, close known key or "")


def _describe(error: ValidationError, marks: SourceMap, fixes: list[Fix]) -> list[SpecError]:
    path: Path = tuple(error.absolute_path)
    v, inst, sch = error.validator, error.instance, error.schema
    name = _name(path)
    where = marks.value(path)
    if "propertyNames" in error.absolute_schema_path:
        key_path = (*path, str(inst))
        return [
            make_error(
                "E105",
                f"'{inst}' is not a valid key under '{name}': keys are codes in lowercase "
                "letters, digits and _ starting with a letter",
                marks.key(key_path),
                key_path,
            )
        ]
    if v == "additionalProperties" and isinstance(inst, dict):
        known = list(sch.get("properties", {}))
        out = []
        for key in inst:
            if key in known:
                continue
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            fixes.append((path, key, close[0] if close else ""))
            out.append(
                make_error(
                    "E101",
                    f"unknown key '{key}'{suggest(key, known)}",
                    marks.key(path + (key,)),
                    path + (key,),
                    hint=f"Allowed here: {', '.join(known)}.",
                )
            )
        return out
    if v == "required" and isinstance(inst, dict):
        missing = [p for p in error.validator_value if p not in inst and repr(p) in error.message]
        key = missing[0] if missing else str(error.message).split("'")[1]
        return [make_error("E103", f"{_item(path, inst)} has no '{key}'", where, path)]
    if v == "type":
        expected = error.validator_value
        wanted = " or ".join(
            _TYPE_NAMES.get(str(t), str(t))
            for t in (expected if isinstance(expected, list) else [expected])
        )
        return [make_error("E102", f"'{name}' must be {wanted}, not {_kind(inst)}", where, path)]
    if v in ("enum", "const"):
        allowed = [
            str(x) for x in (error.validator_value if v == "enum" else [error.validator_value])
        ]
        return [
            make_error(
                "E104",
                f"'{name}' cannot be {_kind(inst)}: allowed {', '.join(allowed)}"
                f"{suggest(str(inst), allowed)}",
                where,
                path,
            )
        ]
    if v == "pattern":
        want = _PATTERN_NAMES.get(error.validator_value, f"text matching {error.validator_value}")
        return [make_error("E105", f"'{name}' must be {want}, not {_kind(inst)}", where, path)]
    if v == "propertyNames":
        return [
            make_error(
                "E105",
                f"'{inst}' is not a valid key under '{name}': keys are codes "
                "in lowercase letters, digits and _",
                marks.key(path + (inst,)),
                path + (inst,),
            )
        ]
    if v in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        limit = error.validator_value
        rel = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "more than",
            "exclusiveMaximum": "less than",
        }[v]
        return [make_error("E106", f"'{name}' must be {rel} {limit}, not {inst}", where, path)]
    if v in ("minItems", "minLength"):
        return [make_error("E106", f"'{name}' must not be empty", where, path)]
    return [make_error("E108", f"'{name}': {error.message}", where, path)]


def check_shape(data: object, marks: SourceMap) -> list[SpecError]:
    """Every schema violation of the merged spec data, mapped to where it was written."""
    return shape_pass(data, marks)[0]


def shape_pass(data: object, marks: SourceMap) -> tuple[list[SpecError], dict[str, Any] | None]:
    """The schema violations, and the data to run the later passes on: the data itself when
    it is valid; when its only faults are unknown keys, a copy with each misspelt key renamed
    to the close known one (others dropped), so one typo does not hide every other problem;
    otherwise None."""
    out: list[SpecError] = []
    fixes: list[Fix] = []
    for error in validator().iter_errors(data):
        out.extend(_describe(error, marks, fixes))
    # A misspelt key also makes the right key missing: report the misspelling only.
    misspelt = {
        (e.path.rsplit(".", 1)[0], e.message.split("did you mean '")[1].split("'")[0])
        for e in out
        if e.code == "E101" and "did you mean" in e.message
    }
    out = [
        e
        for e in out
        if not (e.code == "E103" and (e.path, e.message.rsplit("'", 2)[-2]) in misspelt)
    ]
    if not isinstance(data, dict):
        return out, None
    if not out:
        return out, data
    if any(e.code != "E101" for e in out):
        return out, None
    fixed = copy.deepcopy(data)
    for path, key, close in fixes:
        holder: Any = fixed
        for part in path:
            holder = holder[part]
        value = holder.pop(key)
        if close and close not in holder:
            holder[close] = value
            _alias_marks(marks, (*path, key), (*path, close))
    if any(True for _ in validator().iter_errors(fixed)):
        return out, None
    return out, fixed


def _alias_marks(marks: SourceMap, old: Path, new: Path) -> None:
    """Give the renamed key's subtree the marks of what the author wrote."""
    n = len(old)
    for table in (marks.values, marks.keys):
        for p in [p for p in table if p[:n] == old]:
            table.setdefault((*new, *p[n:]), table[p])
