"""A wizard tab's POST as engine.submission.submit_tab takes it, by the tab's role."""

from __future__ import annotations

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


def _rows(form: MultiDict[str, str], prefix: str, keys: tuple[str, ...],
          removed: int | None) -> list[dict[str, str]]:
    count = min(form.get(f"{prefix}-count", type=int) or 0, MAX_ROWS)
    rows = []
    for i in range(count):
        if i == removed:
            continue
        rows.append({k: form.get(f"{prefix}-{i}-{k}", "")[:MAX_VALUE] for k in keys})
    return rows


def acquis_values(form: MultiDict[str, str], action: str) -> dict[str, Any]:
    """Declared diplomas and grades, and the units whose dispense or bénéfice was unticked."""
    removed_diploma = _index(action, "retirer-diplome-")
    removed_grade = _index(action, "retirer-note-")
    offered = form.getlist("offert")
    kept = set(form.getlist("conserve"))
    return {
        "diplomas": _rows(form, "diplomes", ("diploma", "year", "academy"), removed_diploma),
        "grades": _rows(form, "notes", ("unit", "grade", "year", "academy", "speciality"),
                        removed_grade),
        "renounced": [code for code in offered if code not in kept],
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
