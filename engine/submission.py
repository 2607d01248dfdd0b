"""A tab posted by the candidate: posted values merged into the answers, pruned, and checked."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engine.answers import coerce_answers, normalize_fields
from engine.conditions import SessionCalendar
from engine.spec.model import Exam
from engine.wizard import (
    MSG_GRADE_RANGE,
    MSG_LANGUAGE_UNCHOSEN,
    MSG_NO_BENEFICE,
    ReferenceCheck,
    WizardState,
    build_state,
    reference_check,
    validate_tab,
)

MSG_DIPLOMA_UNCHOSEN = "Sélectionnez le diplôme obtenu."
MSG_UNIT_UNCHOSEN = "Sélectionnez l'épreuve de cette note."


@dataclass(frozen=True, slots=True)
class Submission:
    """A tab posted: the new (pruned) state and the French messages keyed by field code."""

    state: WizardState
    errors: dict[str, str]

    @property
    def ok(self) -> bool:
        return not self.errors


def submit_tab(
    exam: Exam,
    answers: Mapping[str, Any] | None,
    tab_code: str,
    posted: Mapping[str, Any],
    calendar: SessionCalendar,
    account: Mapping[str, Any] | None = None,
    references: ReferenceCheck | None = reference_check,
    before: WizardState | None = None,
) -> Submission:
    """Merge one tab's posted values into the answers, prune, and check that tab.

    Fields and acceptance tabs take the form's raw values (text, as posted); the Acquis tab
    takes {"diplomas", "grades", "renounced"} and the Épreuves tab {"chosen", "languages"}.
    Posted values for `from_account` fields, hidden fields or units not offered are ignored.
    `before` is the state of `answers` when the caller has built it already.
    """
    tab = next((t for t in exam.tabs if t.code == tab_code), None)
    if tab is None:
        raise KeyError(tab_code)
    new = coerce_answers(answers)
    format_errors: dict[str, str] = {}
    if tab.role == "acquis":
        new["acquis"], format_errors, origin = parse_acquis(posted)
    elif tab.role == "units":
        chosen = [str(c) for c in posted.get("chosen") or []]
        if before is None:
            before = build_state(exam, new, calendar, account)
        allowed = before.choosable
        refused = [c for c in chosen if c not in allowed]
        if refused:
            format_errors["units.chosen"] = (
                "Épreuve non proposée pour votre spécialité : " + ", ".join(refused) + "."
            )
        new["units"] = {
            "chosen": [c for c in chosen if c in allowed],
            "languages": {str(k): str(v) for k, v in (posted.get("languages") or {}).items() if v},
        }
    else:
        editable = [f for f in tab.fields if not f.from_account]
        values, format_errors = normalize_fields(editable, posted)
        for f in editable:
            new["fields"].pop(f.code, None)
        new["fields"].update(values)
    state = build_state(exam, new, calendar, account)
    if tab.role == "units":
        # A language posted for an optional unit left unticked is not silently dropped.
        taken = {u.code for u in state.units if u.taken}
        for code in new["units"]["languages"]:
            if code not in taken and any(u.code == code for u in state.units):
                format_errors[f"units.languages.{code}"] = MSG_LANGUAGE_UNCHOSEN
    errors = validate_tab(state, tab_code, references)
    if tab.role == "acquis":
        errors = _to_posted_rows(errors, state.answers["acquis"], new["acquis"], origin)
    for key, message in format_errors.items():
        if key.startswith(("acquis.", "units.")) or state.field(key) is not None:
            errors[key] = message
    return Submission(state, errors)


def parse_acquis(
    posted: Mapping[str, Any],
) -> tuple[dict[str, Any], dict[str, str], dict[str, list[int]]]:
    """The Acquis tab's posted rows in stored form (blank rows skipped), format messages, and
    for each stored row the index of the posted row it came from (messages name posted rows)."""
    errors: dict[str, str] = {}
    origin: dict[str, list[int]] = {"diplomas": [], "grades": []}
    diplomas: list[dict[str, Any]] = []
    for i, row in enumerate(posted.get("diplomas") or []):
        code = str(row.get("diploma") or "").strip()
        if not code:
            if _typed(row, ("year", "academy")):
                errors[f"acquis.diplomas[{i}].diploma"] = MSG_DIPLOMA_UNCHOSEN
            continue
        year = _as_int(row.get("year"))
        if year is None:
            errors[f"acquis.diplomas[{i}].year"] = "Indiquez l'année d'obtention (4 chiffres)."
            continue
        diplomas.append({"diploma": code, "year": year,
                         "academy": str(row.get("academy") or "").strip()})
        origin["diplomas"].append(i)
    grades: list[dict[str, Any]] = []
    for i, row in enumerate(posted.get("grades") or []):
        unit = str(row.get("unit") or "").strip()
        if not unit:
            # The speciality is preset on every row: only what the candidate typed counts.
            if _typed(row, ("grade", "year", "academy")):
                errors[f"acquis.grades[{i}].unit"] = MSG_UNIT_UNCHOSEN
            continue
        year, grade = _as_int(row.get("year")), _as_float(row.get("grade"))
        if grade is None:
            errors[f"acquis.grades[{i}].grade"] = MSG_GRADE_RANGE
        if year is None:
            errors[f"acquis.grades[{i}].year"] = "Indiquez l'année de la note (4 chiffres)."
        if grade is not None and year is not None:
            row_out: dict[str, Any] = {"unit": unit, "grade": grade, "year": year}
            for key in ("academy", "speciality"):  # where the grade was obtained (seeds/001)
                value = str(row.get(key) or "").strip()
                if value:
                    row_out[key] = value
            grades.append(row_out)
            origin["grades"].append(i)
    renounced = [str(c) for c in posted.get("renounced") or []]
    return {"diplomas": diplomas, "grades": grades, "renounced": renounced}, errors, origin


# A message of an Acquis row: `acquis.<part>[<stored index>]<what in the row>`.
_ROW_KEY = re.compile(r"acquis\.(diplomas|grades)\[([0-9]+)\](.*)")


def _to_posted_rows(
    errors: dict[str, str], kept: Mapping[str, Any], parsed: Mapping[str, Any],
    origin: Mapping[str, list[int]],
) -> dict[str, str]:
    """Rename `acquis.<part>[i]` messages after the posted rows; a parsed row that pruning
    dropped (a grade for a unit outside the speciality) gets its own message."""
    out: dict[str, str] = {k: v for k, v in errors.items() if not k.startswith("acquis.")}
    for part in ("diplomas", "grades"):
        free = list(range(len(parsed[part])))
        stored_to_posted: dict[int, int] = {}
        for i, row in enumerate(kept[part]):
            j = next(j for j in free if parsed[part][j] == row)
            free.remove(j)
            stored_to_posted[i] = origin[part][j]
        for key, message in errors.items():
            found = _ROW_KEY.fullmatch(key)
            if found and found[1] == part:
                out[f"acquis.{part}[{stored_to_posted[int(found[2])]}]{found[3]}"] = message
        for j in free:
            out[f"acquis.{part}[{origin[part][j]}].unit"] = MSG_NO_BENEFICE
    return out


def _typed(row: Mapping[str, Any], keys: tuple[str, ...]) -> bool:
    return any(str(row.get(k) or "").strip() for k in keys)


def _as_int(raw: object) -> int | None:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    text = str(raw).strip()
    return int(text) if text.isdigit() else None


_DECIMAL = re.compile(r"[+-]?[0-9]{1,15}([.,][0-9]{1,15})?")


def _as_float(raw: object) -> float | None:
    """A posted grade: a finite number, or a decimal text ('12', '12,5', '12.5'); never 'nan',
    'inf' or '1e3', which float() would read (a NaN could not even be stored as JSON)."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw) if math.isfinite(raw) else None
    text = str(raw).strip()
    return float(text.replace(",", ".")) if _DECIMAL.fullmatch(text) else None
