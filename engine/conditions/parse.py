"""Build the condition AST from its YAML form, reporting every shape problem with its place."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import cast

from engine.conditions.codes import (
    ALL_KEYS,
    COMBINATOR_KEYS,
    FIELD_OPS,
    OPERATOR_KEYS,
    SUBJECT_KEYS,
    key_error,
    show,
    suggest,
    value_error,
)
from engine.conditions.nodes import (
    AGE_ATS,
    AGE_OPS,
    ORDER_OPS,
    SESSION_BASES,
    UNIT_STATUSES,
    AcquisDeclared,
    Age,
    AgeAt,
    All,
    AnyOf,
    Compare,
    CompareOp,
    Condition,
    Const,
    IsSet,
    Not,
    RelativeDate,
    Scalar,
    SessionBase,
    UnitStatus,
)
from engine.errors import Path, SourceMap, SpecError

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_RELATIVE_KEYS = ("session", "years", "months", "days")
_OPS_OF: dict[str, tuple[str, ...]] = {
    "field": FIELD_OPS,
    "age": AGE_OPS,
    "acquis": (),
    "unit": ("status",),
}


def parse_condition(
    node: object, path: Path, marks: SourceMap
) -> tuple[Condition | None, list[SpecError]]:
    """Build the AST of the condition written at `path`; return every shape problem found."""
    errors: list[SpecError] = []
    cond = _Parser(marks, errors).condition(node, tuple(path))
    return (None, errors) if errors else (cond, errors)


def parse_date(
    node: object, path: Path, marks: SourceMap
) -> tuple[dt.date | RelativeDate | None, list[SpecError]]:
    """A date written in a spec outside conditions (a date field's `min`/`max`), same rules.

    `2024-12-31` (or a quoted ISO text) or `{session: year_end, years: -5}`; errors E314/E315.
    """
    errors: list[SpecError] = []
    parser = _Parser(marks, errors)
    if isinstance(node, Mapping):
        relative = parser.relative_date(node, tuple(path))
        return (None, errors) if errors else (relative, errors)
    found = parser.text_or_date(node, tuple(path)) if isinstance(node, str) else node
    if isinstance(found, dt.datetime):
        return found.date(), errors
    if isinstance(found, dt.date):
        return found, errors
    if not errors:   # a real date's own error (E314) is already said
        parser.fail_value("E314", f"a date is written 2024-12-31 or {{session: year_end, "
                          f"years: -5}}, found {show(node)}", tuple(path))
    return None, errors


class _Parser:
    """Every problem goes to `errors`; a node built from a part in error is thrown away with
    the whole condition (parse_condition and parse_date return None when any was found)."""

    def __init__(self, marks: SourceMap, errors: list[SpecError]) -> None:
        self.marks = marks
        self.errors = errors

    def fail_key(self, code: str, message: str, path: Path) -> None:
        self.errors.append(key_error(code, message, self.marks, path))

    def fail_value(self, code: str, message: str, path: Path) -> None:
        self.errors.append(value_error(code, message, self.marks, path))

    # ------------------------------------------------------------------ conditions

    def condition(self, node: object, path: Path) -> Condition | None:
        if isinstance(node, bool):
            return Const(node)
        if not isinstance(node, Mapping):
            self.fail_value("E301", _not_a_condition(node), path)
            return None
        if not node:
            self.fail_value("E302", "empty condition {}: it names no field and no operator", path)
            return None
        keys = [str(k) for k in node]
        values = {str(k): v for k, v in node.items()}
        has_subject = any(k in SUBJECT_KEYS for k in keys)
        unknown = [k for k in keys if k not in ALL_KEYS]
        for raw in node:
            if isinstance(raw, bool):
                self.fail_key("E303", f"unknown key {show(raw)} (YAML reads an unquoted yes, no, "
                              "on or off as true or false)", (*path, str(raw)))
        for k in (k for k, raw in zip(keys, node, strict=True) if not isinstance(raw, bool)):
            if k in ALL_KEYS:
                continue
            hint = suggest(k, ALL_KEYS)
            is_op = has_subject and not suggest(k, (*SUBJECT_KEYS, *COMBINATOR_KEYS))
            kind = "operator" if is_op or suggest(k, OPERATOR_KEYS) else "key"
            self.fail_key("E303", f"unknown {kind} '{k}'{hint}", (*path, k))
        known = [k for k in keys if k in ALL_KEYS]
        combinators = [k for k in known if k in COMBINATOR_KEYS]
        if combinators:
            return self.combinator(combinators[0], keys, values, path)
        return self.simple(known, values, path, bool(unknown))

    def combinator(
        self, key: str, keys: list[str], values: dict[str, object], path: Path
    ) -> Condition | None:
        others = [k for k in keys if k != key and k in ALL_KEYS]
        if others:
            listed = " and ".join(f"'{k}'" for k in others)
            self.fail_key("E304", f"'{key}' cannot be combined with {listed} in one mapping",
                          (*path, others[0]))
        content = values[key]
        sub = (*path, key)
        if key == "not":
            if isinstance(content, list):
                self.fail_value("E305", "'not' takes one condition, found a list "
                                "(write not: {any: [...]} or not: {all: [...]})", sub)
                return None
            item = self.condition(content, sub)
            return Not(item) if item is not None else None
        if not isinstance(content, list):
            extra = " (write it inside a list: [ … ])" if isinstance(content, Mapping) else ""
            self.fail_value("E305", f"'{key}' takes a list of conditions, found {show(content)}"
                            f"{extra}", sub)
            return None
        items = [self.condition(item, (*sub, i)) for i, item in enumerate(content)]
        if any(item is None for item in items):
            return None
        conds = tuple(cast(Condition, item) for item in items)
        return All(conds) if key == "all" else AnyOf(conds)

    def simple(
        self, known: list[str], values: dict[str, object], path: Path, had_unknown: bool
    ) -> Condition | None:
        subjects = [k for k in known if k in SUBJECT_KEYS]
        operators = [k for k in known if k in OPERATOR_KEYS]
        if not subjects:
            if not had_unknown:
                found = " and ".join(f"'{k}'" for k in known)
                self.fail_value("E306", "a condition needs a subject (field, age, acquis or "
                                f"unit), found only {found}", path)
            return None
        if len(subjects) > 1:
            self.fail_key("E307", f"a condition has one subject, found '{subjects[0]}' and "
                          f"'{subjects[1]}'", (*path, subjects[1]))
            return None
        subject = subjects[0]
        allowed = _OPS_OF[subject]
        misplaced = [k for k in operators if k not in allowed]
        if "at" in known and subject != "age":
            misplaced.append("at")
        for k in misplaced:
            self.fail_key("E310", _misplaced(k, subject), (*path, k))
        ops = [k for k in operators if k in allowed]
        if len(ops) > 1:
            self.fail_key("E309", f"a condition needs one operator, found '{ops[0]}' and "
                          f"'{ops[1]}'", (*path, ops[1]))
            return None
        name = self.name(subject, values[subject], (*path, subject))
        if not ops and subject != "acquis":
            if not had_unknown and not misplaced:
                need = "'status: …'" if subject == "unit" else "an operator: " + ", ".join(allowed)
                self.fail_value("E308", f"the condition on {subject} '{values[subject]}' needs "
                                f"{need}", path)
            return None
        if name is None or misplaced:
            return None
        if subject == "acquis":
            return AcquisDeclared(name)
        op = ops[0]
        operand, opath = values[op], (*path, op)
        if subject == "unit":
            return self.unit(name, operand, opath)
        if subject == "age":
            return self.age(name, op, operand, values.get("at"), path)
        return self.field(name, op, operand, opath)

    def name(self, subject: str, value: object, path: Path) -> str | None:
        if isinstance(value, str) and value.strip():
            return value
        what = {"field": "a field", "age": "a date field", "acquis": "a diploma",
                "unit": "a unit"}[subject]
        quote = " (write it in quotes)" if isinstance(value, int | float) else ""
        self.fail_value("E311", f"'{subject}' takes the code of {what}, found {show(value)}"
                        f"{quote}", path)
        return None

    # ------------------------------------------------------------------ subjects

    def field(self, name: str, op: str, operand: object, path: Path) -> Condition | None:
        if op == "set":
            if isinstance(operand, bool):
                return IsSet(name, operand)
            self.fail_value("E313", f"'set' takes true or false, found {show(operand)}", path)
            return None
        if op in ("in", "not_in"):
            if not isinstance(operand, list):
                self.fail_value("E312", f"'{op}' takes a list of values, found {show(operand)}"
                                f" (write {op}: [{_plain(operand)}])", path)
                return None
            if not operand:
                self.fail_value("E312", f"'{op}' needs at least one value, found an empty list",
                                path)
                return None
            items = [self.scalar(op, v, (*path, i), in_list=True) for i, v in enumerate(operand)]
            if any(v is None for v in items):
                return None
            return Compare(name, cast(CompareOp, op), tuple(cast(Scalar, v) for v in items))
        value = self.scalar(op, operand, path)
        if value is None:
            return None
        if op in ORDER_OPS and not _orderable(value):
            self.fail_value("E314", f"'{op}' compares with a number or a date, found "
                            f"{show(value)}", path)
            return None
        return Compare(name, cast(CompareOp, op), value)

    def age(
        self, name: str, op: str, operand: object, at: object, path: Path
    ) -> Condition | None:
        if isinstance(operand, bool) or not isinstance(operand, int):
            self.fail_value("E316", f"an age is compared with a whole number of years, found "
                            f"{show(operand)}", (*path, op))
        if at is not None and at not in AGE_ATS:
            label = f"'{at}'" if isinstance(at, str) else show(at)
            self.fail_value("E316", f"unknown age date {label}{suggest(str(at), AGE_ATS)}; "
                            "at: is session_start, session_year_end or registration_close",
                            (*path, "at"))
        when = cast(AgeAt, at) if at is not None else "session_year_end"
        return Age(name, cast(CompareOp, op), cast(int, operand), when)

    def unit(self, name: str, status: object, path: Path) -> Condition | None:
        if isinstance(status, str) and status in UNIT_STATUSES:
            return UnitStatus(name, status)
        label = f"'{status}'" if isinstance(status, str) else show(status)
        self.fail_value("E317", f"unknown unit status {label}{suggest(str(status), UNIT_STATUSES)}"
                        "; status is inscrit, dispense, benefice, non_choisi or non_presente",
                        path)
        return None

    # ------------------------------------------------------------------ values

    def scalar(self, op: str, value: object, path: Path, in_list: bool = False) -> Scalar | None:
        if isinstance(value, bool | str):
            return self.text_or_date(value, path) if isinstance(value, str) else value
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            if math.isfinite(value):
                return value
            self.fail_value("E314", f"'{op}' needs a finite number, found {value}", path)
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, Mapping):
            return self.relative_date(value, path)
        extra = " (use 'in' for several values)" if isinstance(value, list) and op in (
            "equals", "not_equals") else ""
        what = (f"the values of '{op}' are plain values" if in_list
                else f"'{op}' takes one plain value")
        self.fail_value("E314", f"{what}, found {show(value)}{extra}", path)
        return None

    def text_or_date(self, value: str, path: Path) -> Scalar | None:
        if not _ISO_DATE.fullmatch(value):
            return value
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail_value("E314", f"'{value}' is not a real date", path)
            return None

    def relative_date(self, node: Mapping[object, object], path: Path) -> RelativeDate:
        values = {str(k): v for k, v in node.items()}
        for k in values:
            if k not in _RELATIVE_KEYS:
                self.fail_key("E315", f"unknown key '{k}' in a relative date"
                              f"{suggest(k, _RELATIVE_KEYS)}", (*path, k))
        session = values.get("session")
        if session is None:
            self.fail_value("E315", "a relative date needs 'session: start', 'session: "
                            "year_end' or 'session: registration_close'", path)
        elif session not in SESSION_BASES:
            label = f"'{session}'" if isinstance(session, str) else show(session)
            self.fail_value("E315", f"unknown session date {label}"
                            f"{suggest(str(session), SESSION_BASES)}", (*path, "session"))
        amounts: dict[str, int] = {}
        for k in ("years", "months", "days"):
            v = values.get(k, 0)
            if isinstance(v, bool) or not isinstance(v, int):
                self.fail_value("E315", f"'{k}' takes a whole number, found {show(v)}", (*path, k))
            else:
                amounts[k] = v
        return RelativeDate(cast(SessionBase, session), **amounts)


def _orderable(value: Scalar) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int | float | dt.date | RelativeDate)


def _plain(value: object) -> str:
    return str(value) if isinstance(value, str | int | float) else "…"


def _not_a_condition(node: object) -> str:
    if node is None:
        return "a condition is missing here (found nothing)"
    if isinstance(node, str):
        return (f"a condition is a mapping such as {{field: code, equals: value}}, not the "
                f"text '{node}'")
    if isinstance(node, list):
        return "a condition is a mapping, found a list (combine conditions with all: or any:)"
    return f"a condition is a mapping such as {{field: code, equals: value}}, found {show(node)}"


def _misplaced(key: str, subject: str) -> str:
    if key == "at":
        return f"'at' goes with 'age', not with '{subject}'"
    if key == "status":
        return f"'status' goes with 'unit', not with '{subject}'"
    if subject == "acquis":
        return f"'acquis' stands alone: remove '{key}' (use not: {{acquis: …}} for the opposite)"
    return f"operator '{key}' cannot be used with '{subject}'"
