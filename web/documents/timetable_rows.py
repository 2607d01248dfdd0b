"""One timetable entry from what the office typed or a CSV line gave: each value checked,
each problem said in French (the form's field, or the line's number)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.csvtext import formula_start
from web.core.forms import parse_date, parse_time
from web.documents.timetable import ALL_SPECIALITIES, MAX_DURATION_MINUTES, EntryFields

MSG_UNIT = "l'épreuve {value!r} n'est pas une épreuve de l'examen (codes : {known})"
MSG_SPECIALITY = "la spécialité {value!r} n'est pas une spécialité de l'examen"
MSG_DATE = "la date {value!r} n'est pas au format JJ/MM/AAAA (par exemple 12/06/2027)"
MSG_TIME = "l'heure {value!r} n'est pas au format HH:MM (par exemple 08:30)"
MSG_DURATION = "la durée {value!r} n'est pas une durée comme 2h, 1h30, 90 (minutes) ou 01:30"
MSG_DURATION_RANGE = "la durée doit être comprise entre 1 minute et 24 heures"
MSG_CENTRE = "le centre d'examen est obligatoire"
MSG_FORMULA = (
    "la valeur de la colonne {column} commence par « {char} » : une formule de tableur "
    "n'est pas acceptée"
)
MSG_TOO_LONG = "la colonne {column} dépasse {limit} caractères"
CENTRE_MAX = 200
ADDRESS_MAX = 500

_DURATION = re.compile(
    r"^(?:(\d{1,2})\s*h\s*(?:(\d{1,2})\s*(?:min)?)?|(\d{1,4})\s*(?:min)?|(\d{1,2}):([0-5]\d))$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class RawEntry:
    unit: str
    speciality: str
    day: str
    starts_at: str
    duration: str
    centre: str
    address: str


def parse_duration(text: str) -> int | None:
    found = _DURATION.match(text.strip())
    if not found:
        return None
    if found[1] is not None:
        rest = int(found[2] or 0)
        return int(found[1]) * 60 + rest if rest < 60 else None
    if found[3] is not None:
        return int(found[3])
    return int(found[4]) * 60 + int(found[5])


def _text(value: str, column: str, limit: int, problems: list[str]) -> str:
    value = value.strip()
    if start := formula_start(value):
        problems.append(MSG_FORMULA.format(column=column, char=start))
    elif len(value) > limit:
        problems.append(MSG_TOO_LONG.format(column=column, limit=limit))
    return value


def check_entry(
    raw: RawEntry, units: dict[str, str], specialities: set[str]
) -> tuple[EntryFields | None, list[str]]:
    """The entry, or the problems (French, without a capital: "Ligne 3 : …" goes before)."""
    problems: list[str] = []
    unit = raw.unit.strip().upper()
    if unit not in units:
        problems.append(MSG_UNIT.format(value=raw.unit.strip(), known=", ".join(units)))
    speciality = raw.speciality.strip().lower()
    if speciality and speciality not in specialities:
        problems.append(MSG_SPECIALITY.format(value=raw.speciality.strip()))
    day = parse_date(raw.day)
    if day is None:
        problems.append(MSG_DATE.format(value=raw.day.strip()))
    starts = parse_time(raw.starts_at)
    if starts is None:
        problems.append(MSG_TIME.format(value=raw.starts_at.strip()))
    minutes = parse_duration(raw.duration)
    if minutes is None:
        problems.append(MSG_DURATION.format(value=raw.duration.strip()))
    elif not 0 < minutes <= MAX_DURATION_MINUTES:
        problems.append(MSG_DURATION_RANGE)
    centre = _text(raw.centre, "centre", CENTRE_MAX, problems)
    if not centre:
        problems.append(MSG_CENTRE)
    address = _text(raw.address, "adresse", ADDRESS_MAX, problems)
    if problems or day is None or starts is None or minutes is None:
        return None, problems
    return EntryFields(
        unit, speciality or ALL_SPECIALITIES, day, starts, minutes, centre, address
    ), []
