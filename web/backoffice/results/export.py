"""The results of a session part as CSV or XLSX (the candidatures export's writers: a cell a
spreadsheet would read as a formula stays text)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from engine.results import fr
from engine.spec.model import Exam
from web.backoffice.candidatures.export import unit_columns
from web.backoffice.results.listing import ResultRow
from web.results.grades import shown

FIXED = ("N° inscription", "N° candidat", "Nom de naissance", "Prénoms", "Spécialité")
RESULT = ("Moyenne", "Résultat", "Mention", "Épreuve de contrôle", "Explication")


def headers(exam: Exam) -> tuple[str, ...]:
    return (*FIXED, *(c.header for c in unit_columns([exam])), *RESULT)


def lines(exam: Exam, rows: list[ResultRow], specialities: dict[str, str]) -> Iterator[list[Any]]:
    codes = [c.unit_code for c in unit_columns([exam])]
    for row in rows:
        c, a, d = row.candidature, row.account, row.decision
        kept = {line.code: line.grade_text for line in d.lines if line.source == "benefice"}
        control = d.control.grade if d.control is not None else None
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
            fr(d.average, 2) if d.average is not None else "",
            d.status_label,
            d.mention_label,
            fr(control, 2) if control is not None else "",
            d.explanation,
        ]
