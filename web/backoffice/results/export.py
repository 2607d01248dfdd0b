"""The results of a session part as CSV or XLSX, from the stored results' columns (never
their ORM rows), streamed with the candidatures export's writers: a cell a spreadsheet would
read as a formula stays text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from engine.results import STATUS_LABELS, fr
from engine.spec.model import Exam
from web.backoffice.candidatures.export import unit_columns
from web.backoffice.results.listing import ExportRow
from web.results.grades import shown

FIXED = ("N° inscription", "N° candidat", "Nom de naissance", "Prénoms", "Spécialité")
RESULT = ("Moyenne", "Résultat", "Mention", "Épreuve de contrôle", "Explication", "À jour")
MSG_NOT_COMPUTED = "Non calculé"


def headers(exam: Exam) -> tuple[str, ...]:
    return (*FIXED, *(c.header for c in unit_columns([exam])), *RESULT)


def _hundredths(value: int | None) -> str:
    return fr(Decimal(value) / 100, 2) if value is not None else ""


def _result(row: ExportRow) -> list[str]:
    if not row.computed or row.status is None:
        return ["", MSG_NOT_COMPUTED, "", "", "", "non"]
    return [
        _hundredths(row.average_hundredths),
        STATUS_LABELS[row.status],
        row.mention or "",
        _hundredths(row.control_hundredths),
        row.explanation or "",
        "non" if row.stale else "oui",
    ]


def lines(
    exam: Exam, rows: Iterable[ExportRow], specialities: dict[str, str]
) -> Iterator[list[Any]]:
    codes = [c.unit_code for c in unit_columns([exam])]
    for row in rows:
        kept = row.benefices
        yield [
            row.inscription_number or "",
            row.candidate_number or "",
            row.nom_naissance,
            row.prenoms,
            specialities.get(row.speciality_code, row.speciality_code),
            *(
                shown(row.grades.get(code)) or (f"Bénéfice {kept[code]}" if code in kept else "")
                for code in codes
            ),
            *_result(row),
        ]
