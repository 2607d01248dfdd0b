"""The épreuves timetable of a session in an academy: when and where each unit takes place.

The office enters it unit by unit or imports it as CSV (web.documents.timetable_import); the
convocation of each candidature prints, for every unit the candidate takes, its entry: the
one of the candidature's speciality when there is one, else the unit's entry for all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.spec.model import Exam
from web.core.models import TimetableEntry, utcnow

MAX_DURATION_MINUTES = 24 * 60
ALL_SPECIALITIES = ""


@dataclass(frozen=True)
class EntryFields:
    """One entry as the form or a CSV line gives it, checked."""

    unit_code: str
    speciality_code: str
    day: date
    starts_at: time
    duration_minutes: int
    centre: str
    address: str


def exam_units(exam: Exam) -> list[tuple[str, str]]:
    """(code, "code - label") of every unit of the exam, each once, in the spec's order; a
    code whose label differs between specialities (EP1 of each CAP) says so instead."""
    seen: dict[str, str] = {}
    units = [*exam.common_units, *(u for s in exam.specialities for u in s.units)]
    for unit in units:
        label = f"{unit.official_code or unit.code} - {unit.label}"
        if seen.setdefault(unit.code, label) != label:
            seen[unit.code] = f"{unit.official_code or unit.code} - intitulé selon la spécialité"
    return list(seen.items())


def entry_label(exam: Exam, unit_code: str, speciality_code: str) -> str:
    """The unit of an entry as its speciality names it, else as exam_units does."""
    for speciality in exam.specialities:
        if speciality.code == speciality_code:
            for unit in speciality.units:
                if unit.code == unit_code:
                    return f"{unit.official_code or unit.code} - {unit.label}"
    return dict(exam_units(exam)).get(unit_code, unit_code)


def speciality_choices(exam: Exam) -> list[tuple[str, str]]:
    return [(ALL_SPECIALITIES, "Toutes les spécialités")] + [
        (s.code, s.label) for s in exam.specialities
    ]


def entries(db: Session, session_id: int, academy_code: str) -> list[TimetableEntry]:
    return list(
        db.scalars(
            select(TimetableEntry)
            .where(
                TimetableEntry.session_id == session_id, TimetableEntry.academy_code == academy_code
            )
            .order_by(
                TimetableEntry.day,
                TimetableEntry.starts_at,
                TimetableEntry.unit_code,
                TimetableEntry.speciality_code,
            )
        )
    )


def find(
    db: Session, session_id: int, academy_code: str, unit_code: str, speciality_code: str
) -> TimetableEntry | None:
    return db.scalar(
        select(TimetableEntry).where(
            TimetableEntry.session_id == session_id,
            TimetableEntry.academy_code == academy_code,
            TimetableEntry.unit_code == unit_code,
            TimetableEntry.speciality_code == speciality_code,
        )
    )


def put(
    db: Session,
    session_id: int,
    academy_code: str,
    fields: EntryFields,
    entry: TimetableEntry | None = None,
) -> TimetableEntry:
    """Create the entry of its unit and speciality, or replace it (the caller commits)."""
    entry = entry or find(db, session_id, academy_code, fields.unit_code, fields.speciality_code)
    if entry is None:
        entry = TimetableEntry(session_id=session_id, academy_code=academy_code)
        db.add(entry)
    entry.unit_code = fields.unit_code
    entry.speciality_code = fields.speciality_code
    entry.day = fields.day
    entry.starts_at = fields.starts_at
    entry.duration_minutes = fields.duration_minutes
    entry.centre = fields.centre
    entry.address = fields.address
    entry.updated_at = utcnow()
    return entry


def lookup(
    db: Session, session_id: int, academy_code: str
) -> dict[tuple[str, str], TimetableEntry]:
    """Every entry of the session and academy by (unit, speciality)."""
    return {(e.unit_code, e.speciality_code): e for e in entries(db, session_id, academy_code)}


def entry_for(
    table: dict[tuple[str, str], TimetableEntry], unit_code: str, speciality_code: str
) -> TimetableEntry | None:
    return table.get((unit_code, speciality_code)) or table.get((unit_code, ALL_SPECIALITIES))


def shown_duration(minutes: int) -> str:
    """90 → "1 h 30", 120 → "2 h", 45 → "45 min"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def snapshot(entry: TimetableEntry) -> dict[str, str]:
    """The entry as the audit journal keeps it."""
    return {
        "unit_code": entry.unit_code,
        "speciality_code": entry.speciality_code,
        "day": entry.day.strftime("%d/%m/%Y"),
        "starts_at": entry.starts_at.strftime("%H:%M"),
        "duration": shown_duration(entry.duration_minutes),
        "centre": entry.centre,
        "address": entry.address,
    }
