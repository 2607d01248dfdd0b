"""The filtered list as CSV or XLSX, streamed row by row so memory stays flat at any size.

Rows are read in batches on a server-side cursor (stream_results) as plain tuples, never as
ORM objects; each row's units and statuses are worked out by the engine from its answers.
CSV goes out as it is written; XLSX is written by XlsxWriter in constant-memory mode to a
temporary file, then streamed and deleted.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import xlsxwriter
from sqlalchemy import Engine, Select
from sqlalchemy.orm import Session

from engine import csvtext
from engine.answers import coerce_answers
from engine.conditions import SessionCalendar
from engine.decisions import STATUS_LABELS
from engine.rules import compute_units
from engine.spec.model import Exam
from web.backoffice.candidatures.filters import PIECES_LABELS, Filters
from web.backoffice.candidatures.labels import ExamLabels, exam_labels, state_label, yes_no
from web.backoffice.candidatures.listing import filter_criteria, scope_sessions, selected
from web.backoffice.scope import Scope
from web.core import reference
from web.core.catalogue import paris
from web.core.models import Account, Candidature, ExamSession
from web.core.session_calendar import calendar_of, current_or_last_period
from web.registration.context import exam_of

BATCH = 1000
CSV_FLUSH_ROWS = 200
CHUNK = 64 * 1024
FIXED_HEADERS = (
    "N° inscription", "N° candidat", "Nom de naissance", "Nom d'usage", "Prénoms", "Sexe",
    "Date de naissance", "Adresse mail", "Examen", "Session", "Académie", "Spécialité",
    "Catégorie", "Aménagement demandé", "État", "Pièces justificatives", "Version",
    "Inscrit(e) le", "Dernier enregistrement",
)
COLUMNS = (
    Candidature.inscription_number, Account.candidate_number, Account.nom_naissance,
    Account.nom_usage, Account.prenoms, Account.sexe, Account.date_naissance, Account.email,
    Candidature.exam_code, ExamSession.label, Candidature.academy_code,
    Candidature.speciality_code, Candidature.category_code, Candidature.accommodation_requested,
    Candidature.state, Candidature.pieces_status, Candidature.version, Candidature.created_at,
    Candidature.updated_at, Candidature.session_id, Candidature.answers,
)


@dataclass(frozen=True)
class UnitColumn:
    exam_code: str
    unit_code: str
    header: str


def unit_columns(exams: Sequence[Exam]) -> tuple[UnitColumn, ...]:
    """One column per unit code of each exam (every speciality's, in spec order)."""
    out: list[UnitColumn] = []
    for exam in exams:
        seen: set[str] = set()
        prefix = f"{exam.short_label} " if len(exams) > 1 else ""
        for speciality in (*exam.specialities, None):
            units = speciality.units if speciality is not None else exam.common_units
            for unit in units:
                if unit.code not in seen:
                    seen.add(unit.code)
                    out.append(UnitColumn(exam.code, unit.code, f"{prefix}{unit.code}"))
    return tuple(out)


@dataclass(frozen=True)
class Export:
    """What one export writes: the query, its unit columns, the sessions' calendars."""

    query: Select[Any]
    units: tuple[UnitColumn, ...]
    calendars: dict[tuple[int, str], SessionCalendar]
    exams: dict[str, Exam]
    labels: dict[str, ExamLabels]

    @property
    def headers(self) -> tuple[str, ...]:
        return (*FIXED_HEADERS, *(c.header for c in self.units))


def prepare(db: Session, scope: Scope, filters: Filters) -> Export | None:
    """The export of the list as `filters` select it (None when nothing can match)."""
    found = filter_criteria(db, filters)
    if found.impossible:
        return None
    sessions = [s for s in scope_sessions(db, scope)
                if (not filters.examen or s.exam_code == filters.examen)
                and (filters.session is None or s.id == filters.session)]
    exams = [e for e in (exam_of(c) for c in sorted({s.exam_code for s in sessions}))
             if e is not None]
    calendars = {}
    for session in sessions:
        for part in session.academies:
            period = current_or_last_period(db, session, part.academy_code)
            calendars[(session.id, part.academy_code)] = calendar_of(
                session, period, part.academy_code)
        for period in session.periods:
            key = (session.id, period.academy_code)
            if key not in calendars:
                last = current_or_last_period(db, session, period.academy_code)
                calendars[key] = calendar_of(session, last, period.academy_code)
    query = selected(scope, found, *COLUMNS).order_by(Candidature.id)
    # Looked up once here, not per row (finding a spec checks its files).
    codes = {s.exam_code for s in sessions}
    return Export(query, unit_columns(exams), calendars, {e.code: e for e in exams},
                  {code: exam_labels(code) for code in codes})


def _moment(value: datetime | None) -> datetime | None:
    return paris(value).replace(tzinfo=None) if value is not None else None


def _unit_values(export: Export, exam: Exam | None, calendar: SessionCalendar | None,
                 answers: Any, exam_code: str) -> list[str]:
    if exam is None or calendar is None:
        return ["" for _ in export.units]
    statuses = {u.code: STATUS_LABELS[u.status] + (f" ({u.language})" if u.language else "")
                for u in compute_units(exam, coerce_answers(answers), calendar)}
    return [statuses.get(c.unit_code, "") if c.exam_code == exam_code else ""
            for c in export.units]


def _calendar(engine: Engine, export: Export, session_id: int, academy: str
              ) -> SessionCalendar | None:
    """A session's calendar not prepared (a row outside the scope's listed sessions)."""
    with Session(engine) as db:
        session = db.get(ExamSession, session_id)
        if session is None:
            return None
        found = calendar_of(session, current_or_last_period(db, session, academy), academy)
    export.calendars[(session_id, academy)] = found
    return found


def rows(engine: Engine, export: Export) -> Iterator[list[Any]]:
    """The export's rows in order, values in French (dates as dates), read BATCH at a time."""
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(
            export.query)
        for row in result:
            (number, candidate, birth_name, usage_name, first_names, sexe, born, email,
             exam_code, session_label, academy, speciality, category, accommodation, state,
             pieces, version, created, updated, session_id, answers) = row
            labels = export.labels.get(exam_code) or exam_labels(exam_code)
            calendar = export.calendars.get((session_id, academy)) or _calendar(
                engine, export, session_id, academy)
            yield [
                number or "", candidate or "", birth_name, usage_name, first_names, sexe,
                born, email, labels.short_label, session_label,
                reference.academy_label(academy), labels.speciality(speciality),
                labels.category(category), yes_no(accommodation), state_label(state),
                PIECES_LABELS.get(pieces, pieces), version, _moment(created), _moment(updated),
                *_unit_values(export, export.exams.get(exam_code), calendar, answers, exam_code),
            ]


def _csv_text(value: Any) -> str:
    """A cell as text; one a spreadsheet would run as a formula (csvtext.FORMULA_STARTS:
    what a candidate typed, a name, an address) is kept text."""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return csvtext.escape_formula("" if value is None else str(value))


def csv_chunks(headers: Sequence[str], lines: Iterable[list[Any]]) -> Iterator[bytes]:
    """UTF-8 with a BOM and semicolons: what a spreadsheet opens as-is in French settings."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(headers)
    for index, line in enumerate(lines, 1):
        writer.writerow([_csv_text(v) for v in line])
        if index % CSV_FLUSH_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def xlsx_chunks(headers: Sequence[str], lines: Iterable[list[Any]]) -> Iterator[bytes]:
    """The workbook written row by row (constant memory) to a temporary file, then read out."""
    handle, path = tempfile.mkstemp(prefix="export-", suffix=".xlsx")
    os.close(handle)
    try:
        workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "tmpdir":
                                              os.path.dirname(path)})
        sheet = workbook.add_worksheet("Candidatures")
        bold = workbook.add_format({"bold": True})
        day = workbook.add_format({"num_format": "dd/mm/yyyy"})
        moment = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})
        sheet.write_row(0, 0, headers, bold)
        sheet.freeze_panes(1, 0)
        for index, line in enumerate(lines, 1):
            for column, value in enumerate(line):
                if isinstance(value, datetime):
                    sheet.write_datetime(index, column, value, moment)
                elif isinstance(value, date):
                    sheet.write_datetime(index, column, value, day)
                elif isinstance(value, str):
                    if value:
                        sheet.write_string(index, column, value)  # never a formula
                elif value is not None:
                    sheet.write_number(index, column, value)
        workbook.close()
        with open(path, "rb") as stored:
            while chunk := stored.read(CHUNK):
                yield chunk
    finally:
        os.unlink(path)
