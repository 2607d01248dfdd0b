"""A wizard tab's POST as engine.submission.submit_tab takes it, by the tab's role."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from engine.forms import field_name
from engine.wizard import TabView

MAX_ROWS = 30  # rows of a posted Acquis list read at most (a page never shows more)
# A posted value is cut there before it reaches the draft: longer than any field allows, so
# the tab's check still refuses it, but a 300,000-character post is never stored.
MAX_VALUE = 4000


def field_values(view: TabView, form: MultiDict[str, str]) -> dict[str, Any]:
    """Raw values of the tab's fields; from_account and hidden ones are dropped by the engine."""
    out: dict[str, Any] = {}
    for section in view.tab.sections:
        for f in section.fields:
            value = form.get(field_name(f.code, FlaskForm))
            if value is not None:
                out[f.code] = value[:MAX_VALUE]
    return out


DIPLOMA_KEYS = ("diploma", "year", "academy")
GRADE_KEYS = ("unit", "grade", "year", "academy", "speciality")
# The speciality select of a grade row is preset: a row with nothing else is a blank row.
TYPED_GRADE_KEYS = ("unit", "grade", "year", "academy")


def _rows(form: MultiDict[str, str], prefix: str, keys: tuple[str, ...],
          removed: int | None, typed: tuple[str, ...]) -> list[dict[str, str]]:
    """The posted rows, blank ones left out: the messages then name the rows as the page
    shows them again (each row at its index, then one blank row)."""
    count = min(form.get(f"{prefix}-count", type=int) or 0, MAX_ROWS)
    rows = []
    for i in range(count):
        if i == removed:
            continue
        row = {k: form.get(f"{prefix}-{i}-{k}", "")[:MAX_VALUE] for k in keys}
        if any(row[k].strip() for k in typed):
            rows.append(row)
    return rows


def acquis_values(form: MultiDict[str, str], action: str) -> dict[str, Any]:
    """Declared diplomas and grades, and the units whose dispense or bénéfice was unticked."""
    removed_diploma = _index(action, "retirer-diplome-")
    removed_grade = _index(action, "retirer-note-")
    offered = form.getlist("offert")
    kept = set(form.getlist("conserve"))
    return {
        "diplomas": _rows(form, "diplomes", DIPLOMA_KEYS, removed_diploma, DIPLOMA_KEYS),
        "grades": _rows(form, "notes", GRADE_KEYS, removed_grade, TYPED_GRADE_KEYS),
        "renounced": [code for code in offered if code not in kept],
    }


def shown_rows(acquis: Mapping[str, Any]) -> dict[str, list[dict[str, str]]]:
    """The Acquis rows as the page shows them (text as typed): the stored rows, or the posted
    ones when the tab is shown again with its messages (a refused row keeps what was typed)."""
    def text(value: Any) -> str:
        if isinstance(value, float):
            return f"{value:g}".replace(".", ",")
        return "" if value is None else str(value)

    return {
        part: [{k: text(row.get(k)) for k in keys} for row in acquis.get(part) or []]
        for part, keys in (("diplomas", DIPLOMA_KEYS), ("grades", GRADE_KEYS))
    }


def unit_values(form: MultiDict[str, str]) -> dict[str, Any]:
    languages = {
        key.removeprefix("langue-"): value
        for key, value in form.items()
        if key.startswith("langue-") and value
    }
    return {"chosen": form.getlist("epreuve"), "languages": languages}


def _index(action: str, prefix: str) -> int | None:
    if action.startswith(prefix) and action[len(prefix):].isdigit():
        return int(action[len(prefix):])
    return None


def posted_for(view: TabView, form: MultiDict[str, str], action: str) -> dict[str, Any]:
    if view.role == "acquis":
        return acquis_values(form, action)
    if view.role == "units":
        return unit_values(form)
    return field_values(view, form)
