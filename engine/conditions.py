"""The condition language: parse YAML mappings, type-check them against the spec, evaluate them.

INTERFACE STUB — to be implemented (see docs/spec-language.md, section Conditions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.errors import Path, SourceMap, SpecError
from engine.spec.model import Field


class Condition:
    """Base of the condition AST (frozen dataclasses: All, Any, Not, Compare, Age, …)."""


@dataclass(frozen=True)
class TypeEnv:
    """What a condition may refer to at the place it is written."""

    fields: Mapping[str, Field]              # every field of the exam, by code
    visible_before: frozenset[str]           # codes that come earlier in the wizard than here
    choice_values: Mapping[str, frozenset[str]]  # allowed values of select/radio/category/
                                             # speciality/forme fields (computed by the compiler)
    diplomas: frozenset[str] = frozenset()   # acquis diploma codes
    units: frozenset[str] = frozenset()      # every unit code of the exam
    here: str = ""                           # what holds the condition, for messages


@dataclass(frozen=True)
class SessionCalendar:
    """Dates of the session the candidature belongs to; every relative date uses them."""

    year: int
    start: dt.date
    registration_close: dt.date

    @property
    def year_end(self) -> dt.date:
        return dt.date(self.year, 12, 31)


@dataclass(frozen=True)
class EvalContext:
    answers: Mapping[str, Any]               # field code → value (None/absent = not answered)
    calendar: SessionCalendar
    diplomas: frozenset[str] = frozenset()   # declared acquis diploma codes
    unit_statuses: Mapping[str, str] = field(default_factory=dict)  # unit code → status


def parse_condition(node: object, path: Path, marks: SourceMap) -> tuple[Condition | None, list[SpecError]]:
    """Build the AST of the condition written at `path`; return every shape problem found."""
    raise NotImplementedError


def check_condition(cond: Condition, path: Path, env: TypeEnv, marks: SourceMap) -> list[SpecError]:
    """Type-check: names resolve, fields come earlier, values match field types and choices."""
    raise NotImplementedError


def evaluate(cond: Condition | None, ctx: EvalContext) -> bool:
    """The one authority: True when the condition holds (None holds)."""
    raise NotImplementedError


def referenced_fields(cond: Condition | None) -> frozenset[str]:
    """Field codes the condition reads (for ordering checks and the browser mirror)."""
    raise NotImplementedError


def is_constant(cond: Condition) -> bool | None:
    """True/False when the condition is constant whatever the answers, else None."""
    raise NotImplementedError


def to_json(cond: Condition | None) -> object:
    """A JSON form of the condition, for the browser's comfort mirror of visibility."""
    raise NotImplementedError
