"""Error codes of the condition language (E3xx, W3xx): title and fix hint, for the catalogue."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from engine.errors import Path, SourceMap, SpecError, make_error
from engine.spec.model import Mark

CONDITION_ERRORS: dict[str, tuple[str, str]] = {
    # Shape (parse_condition)
    "E301": ("not a condition",
             "Write a condition as a mapping such as {field: pays_naissance, equals: FR}, "
             "or combine conditions with all/any/not; true and false are also allowed."),
    "E302": ("empty condition",
             "An empty mapping says nothing: write {field: code, set: true} or remove the key."),
    "E303": ("unknown key in a condition",
             "Keys of a condition are all, any, not, field, age, acquis, unit, the operators "
             "equals, not_equals, in, not_in, lt, le, gt, ge, set, and at (age) or status (unit)."),
    "E304": ("all/any/not mixed with other keys",
             "all, any and not stand alone in their mapping: nest the other condition inside "
             "them, e.g. all: [{field: a, set: true}, {field: b, equals: x}]."),
    "E305": ("all/any/not with the wrong content",
             "all and any take a list of conditions; not takes one condition (a mapping)."),
    "E306": ("condition without a subject",
             "Say what the condition is about: field, age, acquis or unit."),
    "E307": ("condition with several subjects",
             "One condition has one subject; combine several with all: [...] or any: [...]."),
    "E308": ("condition without an operator",
             "Add one operator: equals, not_equals, in, not_in, lt, le, gt, ge or set "
             "(age: equals, not_equals, lt, le, gt, ge; unit: status)."),
    "E309": ("condition with several operators",
             "One condition has one operator; combine several with all: [...] or any: [...]."),
    "E310": ("operator not allowed on this subject",
             "field takes equals/not_equals/in/not_in/lt/le/gt/ge/set; age takes "
             "equals/not_equals/lt/le/gt/ge and at; acquis stands alone; unit takes status."),
    "E311": ("bad name after field/age/acquis/unit",
             "Name a field, diploma or unit by its code, e.g. field: pays_naissance."),
    "E312": ("bad list after in/not_in",
             "in and not_in take a non-empty list of plain values, e.g. in: [FR, BE]."),
    "E313": ("bad value after set",
             "set takes true (answered) or false (not answered)."),
    "E314": ("bad value to compare with",
             "Compare with one plain value: a text, a number, true/false, a date written "
             "2024-12-31, or a relative date such as {session: year_end, years: -5}."),
    "E315": ("bad relative date",
             "A relative date is {session: start|year_end|registration_close, years: N, "
             "months: N, days: N}; years, months and days are optional whole numbers."),
    "E316": ("bad age condition",
             "An age is compared with a whole number of years, e.g. {age: date_naissance, "
             "ge: 18}; at: is session_start, session_year_end (default) or registration_close."),
    "E317": ("bad unit status",
             "status is one of inscrit, dispense, benefice, non_choisi, non_presente."),
    # Types (check_condition)
    "E320": ("condition on an unknown field",
             "Use the permanent code of a field of this exam (its code: key)."),
    "E321": ("condition on a field that comes later in the wizard",
             "A condition may only use fields of earlier tabs, or fields placed before it on "
             "the same tab: move the field earlier, or the condition later."),
    "E322": ("value that is not one of the field's choices",
             "equals/in on a select, radio, category, speciality or forme field names one of "
             "its values (the value: key of a choice, or a category/speciality/forme code)."),
    "E323": ("yes/no field compared with something else than true/false",
             "A checkbox or yes/no field is compared with true or false, e.g. equals: true."),
    "E324": ("ordering comparison on a field that is not a number or a date",
             "lt, le, gt and ge work on integer and date fields only; use equals or in."),
    "E325": ("value of the wrong type for the field",
             "Compare a number field with a number, a date field with a date (2024-12-31 or "
             "{session: …}), a text field with a text in quotes."),
    "E326": ("age of a field that is not a date",
             "age: names a date field, usually the birth date (date_naissance)."),
    "E327": ("unknown diploma",
             "acquis: names the code of a diploma listed under acquis.diplomas."),
    "E328": ("unknown unit",
             "unit: names the code of a unit of this exam (common_units or specialities)."),
    # Warnings, for the spec checker (see constant_warning)
    "W301": ("condition always true or always false",
             "A constant condition is probably a mistake: remove it, or write the real rule."),
}

SUBJECT_KEYS: tuple[str, ...] = ("field", "age", "acquis", "unit")
COMBINATOR_KEYS: tuple[str, ...] = ("all", "any", "not")
FIELD_OPS: tuple[str, ...] = (
    "equals", "not_equals", "in", "not_in", "lt", "le", "gt", "ge", "set",
)
OPERATOR_KEYS: tuple[str, ...] = (*FIELD_OPS, "status")
EXTRA_KEYS: tuple[str, ...] = ("at",)
ALL_KEYS: tuple[str, ...] = (*COMBINATOR_KEYS, *SUBJECT_KEYS, *OPERATOR_KEYS, *EXTRA_KEYS)


def suggest(word: str, candidates: Iterable[str]) -> str:
    """` (did you mean 'x'?)` when a candidate is close to `word`, else ``."""
    close = difflib.get_close_matches(word, sorted(candidates))   # best first, cutoff 0.6
    return f" (did you mean '{close[0]}'?)" if close else ""


def show(value: object) -> str:
    """How a value the author wrote is named in a message (never a Python type name)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the text '{value}'"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


def error(code: str, message: str, mark: Mark, path: Path) -> SpecError:
    return make_error(code, message, mark, path, CONDITION_ERRORS[code][1])


def key_error(code: str, message: str, marks: SourceMap, path: Path) -> SpecError:
    return error(code, message, marks.key(path), path)


def value_error(code: str, message: str, marks: SourceMap, path: Path) -> SpecError:
    return error(code, message, marks.value(path), path)
