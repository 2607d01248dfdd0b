"""Importing a session's grades from a CSV file: every line checked, then all stored or none.

The file has a header line naming its columns (N° inscription, épreuve, note, in any order),
then one grade per line. It may be UTF-8 (with or without the BOM a spreadsheet writes) or
Windows-1252, with ';', ',' or tabs between the cells. A refused line refuses the whole file;
the page lists every refused line with its number and its reason, so the office corrects
them all at once.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import csvtext
from engine.spec.model import Exam
from web.backoffice.results.entry import ACTION_IMPORTED, MSG_NOT_REGISTERED, store_grades
from web.core.candidature_states import state_label
from web.core.models import (
    CANDIDATURE_PREREGISTERED,
    INACTIVE_STATES,
    Account,
    Candidature,
    ExamSession,
)
from web.results.grades import (
    GradeRefused,
    TypedGrade,
    graded_units,
    parse_grade,
    part_calendar,
    unit_lines,
)
from web.results.outcome import Bounds, bounds_of
from web.results.records import store_for

MAX_BYTES = 2 * 1024 * 1024
MAX_LINES = 20_000

MSG_EMPTY = csvtext.MSG_EMPTY
MSG_COLUMNS = (
    "La ligne d'en-tête doit nommer les colonnes « N° inscription », « Épreuve » et « Note » "
    "(il manque : {missing})."
)
MSG_NO_LINE = "Le fichier ne contient aucune note sous sa ligne d'en-tête."
# A cell a spreadsheet would run as a formula: refused, never stored nor echoed as typed.
FORMULA_STARTS = (*csvtext.FORMULA_STARTS, "|")
DELIMITERS = (";", "\t", ",")

COLUMN_NAMES = {
    "number": (
        "n inscription",
        "numero",
        "no inscription",
        "numero inscription",
        "numero d inscription",
        "n d inscription",
        "inscription",
        "n",
    ),
    "unit": ("epreuve", "code epreuve", "unite", "code unite", "unit", "code"),
    "grade": ("note", "note sur 20", "notes", "grade"),
}
COLUMN_LABELS = {"number": "N° inscription", "unit": "Épreuve", "grade": "Note"}


class ImportRefused(csvtext.CsvRefused):
    """A file that cannot be read at all, with the French reason."""


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (BOM or not), else Windows-1252 (what French Excel writes)."""
    try:
        return csvtext.decode(data, MAX_BYTES, MAX_LINES, csvtext.UTF8_OR_CP1252,
                              text_only=True)
    except csvtext.CsvRefused as refused:
        raise ImportRefused(refused.message) from None


def delimiter_of(header: str) -> str:
    """';', ',' or a tab: the one the header line uses most (';' on a tie)."""
    return csvtext.delimiter_of(header, DELIMITERS)


def _key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _key(name)
        for column, names in COLUMN_NAMES.items():
            if key in names and column not in found:
                found[column] = index
    missing = [COLUMN_LABELS[c] for c in COLUMN_NAMES if c not in found]
    if missing:
        raise ImportRefused(MSG_COLUMNS.format(missing=", ".join(missing)))
    return found


def _excerpt(cell: str) -> str:
    """A refused cell as the message quotes it: short, without its formula character."""
    text = cell.strip().lstrip("".join(FORMULA_STARTS)).strip()
    return text[:20] + ("…" if len(text) > 20 else "")


def is_formula(cell: str) -> bool:
    if not csvtext.formula_start(cell, FORMULA_STARTS):
        return False
    # "-3" is a (refused) grade, not a formula: its own message says why.
    return not re.fullmatch(r"-\d+([.,]\d+)?", cell.strip())


@dataclass(frozen=True)
class PlannedGrade:
    line: int
    candidature_id: int
    number: str
    unit: str
    grade: TypedGrade


@dataclass(frozen=True)
class GradeImport:
    grades: tuple[PlannedGrade, ...]
    refused: tuple[str, ...]

    @property
    def accepted(self) -> bool:
        return not self.refused and bool(self.grades)


def _candidatures(db: Session, session_id: int, academy_code: str) -> dict[str, Candidature]:
    return {
        c.inscription_number or "": c
        for c in db.scalars(
            select(Candidature).where(
                Candidature.session_id == session_id, Candidature.academy_code == academy_code
            )
        )
    }


def _number_key(text: str) -> str:
    """ "3", "03" and "003" name the same inscription number ("003")."""
    digits = text.strip()
    return digits.zfill(3) if digits.isdigit() else digits


def plan(db: Session, exam: Exam, session_id: int, academy_code: str, text: str) -> GradeImport:
    """Every line of the file checked: the grades it gives, or the refused lines' reasons."""
    lines = text.splitlines()
    header_at = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_at is None:
        raise ImportRefused(MSG_EMPTY)
    delimiter = delimiter_of(lines[header_at])
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = list(enumerate(reader, 1))
    columns = _columns(next(r for _, r in rows if any(c.strip() for c in r)))
    known = _candidatures(db, session_id, academy_code)
    session = db.get(ExamSession, session_id)
    assert session is not None, "the page's session part exists"
    calendar = part_calendar(db, session, academy_code)
    units_of: dict[int, dict[str, str]] = {}
    bounds: dict[int, Callable[[str], Bounds]] = {}
    seen: dict[tuple[str, str], int] = {}
    planned: list[PlannedGrade] = []
    refused: list[str] = []
    for n, row in rows[header_at + 1 :]:
        if not any(cell.strip() for cell in row):
            continue
        cells = {c: (row[i] if i < len(row) else "") for c, i in columns.items()}
        formula = next((c for c in row if is_formula(c)), None)
        if formula is not None:
            refused.append(
                f"Ligne {n} : la cellule « {_excerpt(formula)} » commence par "
                f"« {formula[0] if formula[0].isprintable() else 'une tabulation'} »"
                " : les formules ne sont pas acceptées, saisissez la valeur seule."
            )
            continue
        number, unit = _number_key(cells["number"]), cells["unit"].strip().upper()
        if not number:
            refused.append(f"Ligne {n} : le N° inscription est vide.")
            continue
        candidature = known.get(number)
        if candidature is None:
            refused.append(
                f"Ligne {n} : aucune candidature n° {number[:20]} dans cette session "
                "pour votre académie."
            )
            continue
        if candidature.state == CANDIDATURE_PREREGISTERED:
            who = f"Ligne {n} : le candidat de la candidature n° {number}"
            refused.append(MSG_NOT_REGISTERED.format(who=who))
            continue
        if candidature.state in INACTIVE_STATES:
            refused.append(
                f"Ligne {n} : la candidature n° {number} est à l'état "
                f"« {state_label(candidature.state)} » : elle ne reçoit pas de note."
            )
            continue
        if candidature.id not in units_of:
            units_of[candidature.id] = {
                u.code.upper(): u.code
                for u in graded_units(unit_lines(db, exam, candidature, calendar))
            }
            bounds[candidature.id] = bounds_of(exam, candidature)
        graded = units_of[candidature.id]
        if unit not in graded:
            listed = ", ".join(graded.values()) or "aucune"
            refused.append(
                f"Ligne {n} : « {unit[:20] or '(vide)'} » n'est pas une épreuve que "
                f"passe le candidat n° {number} (épreuves notées : {listed})."
            )
            continue
        try:
            unit_bounds = bounds[candidature.id](graded[unit])
            typed = parse_grade(cells["grade"], unit_bounds.out_of, unit_bounds.scale)
        except GradeRefused as problem:
            refused.append(
                f"Ligne {n} : note « {cells['grade'].strip()[:20]} » refusée. {problem.message}"
            )
            continue
        if typed is None:
            refused.append(f"Ligne {n} : la note est vide (saisissez une note, ABS ou DISP).")
            continue
        first = seen.get((number, graded[unit]))
        if first is not None:
            refused.append(
                f"Ligne {n} : la note de l'épreuve {graded[unit]} du candidat "
                f"n° {number} figure déjà ligne {first}."
            )
            continue
        seen[(number, graded[unit])] = n
        planned.append(PlannedGrade(n, candidature.id, number, graded[unit], typed))
    if not planned and not refused:
        refused.append(MSG_NO_LINE)
    return GradeImport(tuple(planned), tuple(refused))


def apply(db: Session, actor: Account | None, exam: Exam, planned: GradeImport) -> tuple[int, int]:
    """Store every planned grade and the results they give (the caller commits, or rolls
    back on failure: nothing is half-saved); how many grades changed and in how many
    candidatures."""
    by_candidature: dict[int, dict[str, TypedGrade | None]] = {}
    for g in planned.grades:
        by_candidature.setdefault(g.candidature_id, {})[g.unit] = g.grade
    changed = touched = 0
    imported = []
    for candidature_id, wanted in by_candidature.items():
        candidature = db.get(Candidature, candidature_id)
        assert candidature is not None
        imported.append(candidature)
        count = store_grades(
            db,
            actor,
            candidature,
            wanted,
            action=ACTION_IMPORTED,
            summary=f"Import CSV des notes : candidature n° {candidature.inscription_number}",
        )
        changed += count
        touched += 1 if count else 0
    store_for(db, exam, imported)
    return changed, touched
