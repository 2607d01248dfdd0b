"""The results of a session part as CSV or XLSX, from the stored results (the candidatures
export's writers: a cell a spreadsheet would read as a formula stays text)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from engine.results import STATUS_LABELS, fr
from engine.spec.model import Exam
from web.backoffice.candidatures.export import unit_columns
from web.backoffice.results.listing import ResultRow
from web.results.grades import shown

FIXED = ("N° inscription", "N° candidat", "Nom de naissance", "Prénoms", "Spécialité")
RESULT = ("Moyenne", "Résultat", "Mention", "Épreuve de contrôle", "Explication", "À jour")
MSG_NOT_COMPUTED = "Non calculé"


def headers(exam: Exam) -> tuple[str, ...]:
    return (*FIXED, *(c.header for c in unit_columns([exam])), *RESULT)


def _hundredths(value: int | None) -> str:
    return fr(Decimal(value) / 100, 2) if value is not None else ""


def _result(row: ResultRow) -> list[str]:
    record = row.record
    if record is None:
        return ["", MSG_NOT_COMPUTED, "", "", "", "non"]
    return [
        _hundredths(record.average_hundredths),
        STATUS_LABELS[record.status],
        record.mention,
        _hundredths(record.control_hundredths),
        record.explanation,
        "non" if row.stale else "oui",
    ]


def lines(
    exam: Exam, rows: Iterable[ResultRow], specialities: dict[str, str]
) -> Iterator[list[Any]]:
    codes = [c.unit_code for c in unit_columns([exam])]
    for row in rows:
        c, a = row.candidature, row.account
        kept = row.record.benefices if row.record is not None else {}
        yield [
            c.inscription_number or "",
            a.candidate_number or "",
            a.nom_naissance,
            a.prenoms,
            specialities.get(c.speciality_code, c.speciality_code),
            *(
                shown(row.grades.get(code)) or (f"Bénéfice {kept[code]}" if code in kept else "")
                for code in codes
            ),
            *_result(row),
        ]
