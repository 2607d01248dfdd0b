"""Saved candidatures against a new version of their spec: which answers a change affects,
which breaking changes the new spec's `migrations:` rules cover, and the rewritten answers."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from engine.spec.changes import Change, Match
from engine.spec.model import Exam, Migration

K = TypeVar("K")

# The breaking kinds whose old value a `choices:` rule maps to a new one.
VALUE_KINDS = frozenset(
    {"choice_removed", "category_removed", "speciality_removed", "variant_removed", "forme_removed"}
)


def _answered(value: object) -> bool:
    return value not in (None, "", [], {})


def matches(match: Match, answers: Mapping[str, Any]) -> bool:
    """Whether saved answers (the stored shape, see engine.answers) are concerned by `match`."""
    fields = answers.get("fields") or {}
    units = answers.get("units") or {}
    for code, values in match.values:
        value = fields.get(code)
        held = set(value) if isinstance(value, list) else {value}
        if not held & set(values):
            return False
    if match.answered is not None and not _answered(fields.get(match.answered)):
        return False
    if match.unanswered is not None and _answered(fields.get(match.unanswered)):
        return False
    if match.chosen is not None and match.chosen not in (units.get("chosen") or []):
        return False
    if match.language is not None:
        unit, language = match.language
        if (units.get("languages") or {}).get(unit) != language:
            return False
    if match.acquis:
        acquis = answers.get("acquis") or {}
        named = {g.get("unit") for g in acquis.get("grades") or [] if isinstance(g, dict)}
        named |= set(acquis.get("renounced") or [])
        named |= {d.get("diploma") for d in acquis.get("diplomas") or [] if isinstance(d, dict)}
        if not named & set(match.acquis):
            return False
    return True


def affected(change: Change, saved: Mapping[K, Mapping[str, Any]]) -> list[K]:
    """The keys of the saved answers `change` concerns, in their order."""
    return [key for key, answers in saved.items() if matches(change.match, answers)]


@dataclass(frozen=True, slots=True)
class Verdict:
    """A breaking change and the migration rule that covers it, if one does."""

    change: Change
    rule: Migration | None

    @property
    def covered(self) -> bool:
        return self.rule is not None


def applies(rule: Migration, old_version: str, session_year: int | None) -> bool:
    """Whether `rule` carries candidatures saved under `old_version` (at a session of
    `session_year`, when known) over to the new version."""
    if rule.from_version is not None and rule.from_version != old_version:
        return False
    return not (
        session_year is not None
        and rule.sessions_from is not None
        and session_year < rule.sessions_from
    )


def covers(rule: Migration, change: Change) -> bool:
    if rule.choices and change.kind in VALUE_KINDS:
        return rule.field == change.field and change.code in dict(rule.choices)
    if rule.units and change.kind == "unit_removed":
        return change.code in dict(rule.units)
    if rule.accept and change.kind in rule.accept:
        return not rule.only or change.code in rule.only or change.old in rule.only
    return False


def verdicts(
    changes: Iterable[Change], new: Exam, old_version: str, session_year: int | None = None
) -> list[Verdict]:
    """Each breaking change with the first of the new spec's rules that covers it."""
    rules = [r for r in new.migrations if applies(r, old_version, session_year)]
    return [
        Verdict(c, next((r for r in rules if covers(r, c)), None))
        for c in changes
        if c.level == "breaking"
    ]


def uncovered(
    changes: Iterable[Change], new: Exam, old_version: str, session_year: int | None = None
) -> list[Change]:
    """The breaking changes no migration rule of `new` covers."""
    return [v.change for v in verdicts(changes, new, old_version, session_year) if not v.covered]


def _mapped(values: Sequence[Any], table: Mapping[str, str]) -> list[Any]:
    return [table.get(v, v) if isinstance(v, str) else v for v in values]


def migrate_answers(new: Exam, answers: Mapping[str, Any], old_version: str) -> dict[str, Any]:
    """Saved answers rewritten by the new spec's `choices:` and `units:` rules (a copy)."""
    out: dict[str, Any] = copy.deepcopy(dict(answers))
    fields = out.setdefault("fields", {})
    units = out.setdefault("units", {})
    acquis = out.setdefault("acquis", {})
    for rule in new.migrations:
        if not applies(rule, old_version, None):
            continue
        table = dict(rule.choices)
        if rule.field and table and rule.field in fields:
            value = fields[rule.field]
            fields[rule.field] = (
                _mapped(value, table) if isinstance(value, list) else table.get(value, value)
            )
        table = dict(rule.units)
        if not table:
            continue
        if "chosen" in units:
            units["chosen"] = list(dict.fromkeys(_mapped(units["chosen"], table)))
        if "languages" in units:
            units["languages"] = {table.get(k, k): v for k, v in units["languages"].items()}
        for grade in acquis.get("grades") or []:
            if isinstance(grade, dict) and grade.get("unit") in table:
                grade["unit"] = table[grade["unit"]]
        if "renounced" in acquis:
            acquis["renounced"] = _mapped(acquis["renounced"], table)
    return out
