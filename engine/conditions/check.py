"""Type-check a parsed condition against the exam: names resolve, order holds, values fit types."""

from __future__ import annotations

import datetime as dt

from engine.conditions.codes import show, suggest, value_error
from engine.conditions.nodes import (
    AGE_OPS,
    BOOLEAN_TYPES,
    ORDER_OPS,
    AcquisDeclared,
    Age,
    All,
    AnyOf,
    Compare,
    Condition,
    IsSet,
    Not,
    RelativeDate,
    Scalar,
    TypeEnv,
    UnitStatus,
)
from engine.errors import Path, SourceMap, SpecError
from engine.spec.model import Field

_MAX_LISTED_CHOICES = 8


def check_condition(cond: Condition, path: Path, env: TypeEnv, marks: SourceMap) -> list[SpecError]:
    """Type-check: names resolve, fields come earlier, values match field types and choices.

    `path` is where `cond` was parsed from: nested nodes are located by the same keys
    (`all`/`any` + index, `not`, the operator) so each error points at the node at fault.
    """
    errors: list[SpecError] = []
    _Checker(env, marks, errors).visit(cond, tuple(path))
    return errors


class _Checker:
    def __init__(self, env: TypeEnv, marks: SourceMap, errors: list[SpecError]) -> None:
        self.env = env
        self.marks = marks
        self.errors = errors

    def fail(self, code: str, message: str, path: Path) -> None:
        self.errors.append(value_error(code, message, self.marks, path))

    def visit(self, cond: Condition, path: Path) -> None:
        if isinstance(cond, All | AnyOf):
            key = "all" if isinstance(cond, All) else "any"
            for i, item in enumerate(cond.items):
                self.visit(item, (*path, key, i))
        elif isinstance(cond, Not):
            self.visit(cond.item, (*path, "not"))
        elif isinstance(cond, Compare):
            fld = self.field(cond.field, (*path, "field"))
            if fld is not None:
                self.compare(fld, cond, path)
        elif isinstance(cond, IsSet):
            self.field(cond.field, (*path, "field"))
        elif isinstance(cond, Age):
            fld = self.field(cond.field, (*path, "age"))
            if fld is not None and fld.type != "date":
                self.fail("E326", f"age of '{fld.code}' which is a {fld.type} field, not a "
                          "date field", (*path, "age"))
        elif isinstance(cond, AcquisDeclared):
            if cond.diploma not in self.env.diplomas:
                self.fail("E327", f"unknown diploma '{cond.diploma}'"
                          f"{suggest(cond.diploma, self.env.diplomas)}", (*path, "acquis"))
        elif isinstance(cond, UnitStatus):
            if cond.unit not in self.env.units:
                self.fail("E328", f"unknown unit '{cond.unit}'{suggest(cond.unit, self.env.units)}",
                          (*path, "unit"))

    def field(self, code: str, path: Path) -> Field | None:
        fld = self.env.fields.get(code)
        if fld is None:
            self.fail("E320", f"unknown field '{code}'{suggest(code, self.env.fields)}", path)
            return None
        if code not in self.env.visible_before:
            if code == self.env.here:
                self.fail("E321", f"the condition of '{code}' depends on '{code}' itself", path)
            else:
                self.fail("E321", f"condition on '{code}' which comes later in the wizard "
                          f"(tab '{fld.tab}'); a condition may only use fields of earlier tabs "
                          "or earlier on the same tab", path)
        return fld

    def compare(self, fld: Field, cond: Compare, path: Path) -> None:
        op_path = (*path, cond.op)
        if cond.op in ORDER_OPS and fld.type not in ("integer", "date"):
            self.fail("E324", f"'{cond.op}' on '{fld.code}' which is a {fld.type} field: lt, le, "
                      "gt and ge work on integer and date fields", op_path)
            return
        if isinstance(cond.value, tuple):
            for i, literal in enumerate(cond.value):
                self.literal(fld, cond.op, literal, (*op_path, i))
        else:
            self.literal(fld, cond.op, cond.value, op_path)

    def literal(self, fld: Field, op: str, value: Scalar, path: Path) -> None:
        kind = fld.type
        choices = self.env.choice_values.get(fld.code)
        if kind in BOOLEAN_TYPES:
            if not isinstance(value, bool):
                self.fail("E323", f"'{fld.code}' is a {kind} field: compare it with true or false, "
                          f"found {_shown(value)}", path)
        elif kind == "integer":
            if isinstance(value, bool) or not isinstance(value, int | float):
                self.fail("E325", f"'{fld.code}' is a number field, compared with "
                          f"{_shown(value)}", path)
        elif kind == "date":
            if not isinstance(value, dt.date | RelativeDate):
                extra = (f" (for an age, write {{age: {fld.code}, {op}: {value}}})"
                         if isinstance(value, int) and not isinstance(value, bool)
                         and op in AGE_OPS else "")
                self.fail("E325", f"'{fld.code}' is a date field, compared with "
                          f"{_shown(value)}{extra}", path)
        else:   # a choice, text or reference field: a text, or one of its known values
            self.choice(fld, value, choices, path)

    def choice(self, fld: Field, value: Scalar, choices: frozenset[str] | None, path: Path) -> None:
        if isinstance(value, dt.date):
            value = value.isoformat()
        if not isinstance(value, str):
            self.fail("E325", f"'{fld.code}' is a {fld.type} field, compared with {_shown(value)}"
                      f"{_quote_hint(value)}", path)
            return
        if choices is None or value in choices:
            return
        listed = ""
        if choices and len(choices) <= _MAX_LISTED_CHOICES:
            listed = "; its values are " + ", ".join(sorted(choices))
        self.fail("E322", f"'{value}' is not a value of '{fld.code}'{suggest(value, choices)}"
                  f"{listed}", path)


def _shown(value: Scalar) -> str:
    if isinstance(value, RelativeDate):
        return "a relative date"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return show(value)


def _quote_hint(value: Scalar) -> str:
    if isinstance(value, bool):
        return " (YAML reads unquoted yes/no/on/off as true/false: write the value in quotes)"
    if isinstance(value, int | float):
        return f" (write it in quotes: '{value}')"
    return ""
