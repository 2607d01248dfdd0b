"""Importing an épreuves timetable from CSV: every line is checked first, and the file is
applied only when none is refused (all or nothing), each refused line named with its reason.

Files come from spreadsheets: UTF-8 with or without its BOM, or Windows-1252; separated by
semicolons or commas; a cell that starts like a formula (=, +, -, @) is refused, so that the
timetable never carries a formula back into someone's spreadsheet.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy.orm import Session

from engine import csvtext
from web.documents import timetable
from web.documents.timetable import EntryFields
from web.documents.timetable_rows import RawEntry, check_entry

MAX_BYTES = 1024 * 1024
MAX_LINES = 5000
COLUMNS = ("epreuve", "specialite", "date", "heure", "duree", "centre", "adresse")
REQUIRED = ("epreuve", "date", "heure", "duree", "centre")

MSG_EMPTY = csvtext.MSG_EMPTY
MSG_HEADER = (
    "La première ligne doit nommer les colonnes {columns} (séparées par des points-virgules) ; "
    "il manque : {missing}."
)
MSG_LINE = "Ligne {n} : {problem}."
MSG_DUPLICATE = "Ligne {n} : l'épreuve {unit}{speciality} figure déjà ligne {first}."
MSG_NO_LINE = "Le fichier ne contient aucune épreuve après la ligne d'en-tête."
MSG_UNREADABLE = "Ligne {n} : la ligne n'est pas lisible ({detail})."


class TimetableImportRefused(Exception):
    """The file as a whole, refused: the French reasons, one per refused line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def decode(data: bytes) -> str:
    try:
        # A spreadsheet of Windows saves "CSV" in Windows-1252: every byte decodes.
        return csvtext.decode(data, MAX_BYTES, MAX_LINES, csvtext.UTF8_OR_CP1252, lenient=True)
    except csvtext.CsvRefused as refused:
        raise TimetableImportRefused([refused.message]) from None


@dataclass(frozen=True)
class TimetablePlan:
    entries: tuple[EntryFields, ...]


def plan(text: str, units: dict[str, str], specialities: set[str]) -> TimetablePlan:
    """Every line checked; raises TimetableImportRefused listing each refused line."""
    lines = text.splitlines()
    delimiter = csvtext.delimiter_of(lines[0] if lines else "")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    problems: list[str] = []
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error):
        raise TimetableImportRefused([MSG_EMPTY]) from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise TimetableImportRefused(
            [MSG_HEADER.format(columns=";".join(COLUMNS), missing=", ".join(missing))]
        )
    at = {name: header.index(name) for name in COLUMNS if name in header}
    entries: list[EntryFields] = []
    first_line: dict[tuple[str, str], int] = {}
    number = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(MSG_UNREADABLE.format(n=reader.line_num, detail=exc))
            break
        number = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        values = {name: row[i] if i < len(row) else "" for name, i in at.items()}
        raw = RawEntry(*(values.get(name, "") for name in COLUMNS))
        entry, found = check_entry(raw, units, specialities)
        problems.extend(MSG_LINE.format(n=number, problem=p) for p in found)
        if entry is None:
            continue
        key = (entry.unit_code, entry.speciality_code)
        if key in first_line:
            problems.append(
                MSG_DUPLICATE.format(
                    n=number,
                    unit=entry.unit_code,
                    speciality=f" ({entry.speciality_code})" if entry.speciality_code else "",
                    first=first_line[key],
                )
            )
            continue
        first_line[key] = number
        entries.append(entry)
    if problems:
        raise TimetableImportRefused(problems)
    if not entries:
        raise TimetableImportRefused([MSG_NO_LINE])
    return TimetablePlan(tuple(entries))


def apply(db: Session, session_id: int, academy_code: str, planned: TimetablePlan) -> int:
    """Create or replace the entry of each line (the caller commits); returns the count."""
    for entry in planned.entries:
        timetable.put(db, session_id, academy_code, entry)
    return len(planned.entries)
