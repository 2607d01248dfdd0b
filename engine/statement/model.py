"""The input of a relevé de notes: everything the document prints, as frozen data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engine.confirmation.model import AcademyBlock

STATEMENT_TITLE = "RELEVÉ DE NOTES"


@dataclass(frozen=True, slots=True)
class StatementLine:
    """One unit of the relevé: its grade (or ABS, Dispensé…) and what the rules said of it."""

    code: str
    label: str
    coefficient: str  # "3", "1,5" or ""
    grade: str  # "12,5/20", "ABS", "Dispensé", "Bénéfice 14/20"
    note: str = ""  # "Note conservée pour les sessions suivantes"


@dataclass(frozen=True, slots=True)
class StatementData:
    academy: AcademyBlock
    exam_label: str
    session_label: str
    speciality: str
    candidate_name: str  # "MONSIEUR LAMY Paul"
    birth_date: date
    candidate_number: str
    inscription_number: str
    lines: tuple[StatementLine, ...]
    decision: str  # "ADMIS", "AJOURNÉ", "ADMIS À L'ÉPREUVE DE CONTRÔLE"…
    average: str = ""  # "12,35/20"
    mention: str = ""
    explanation: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()  # the grades kept for the next sessions, one sentence each
    published_on: date | None = None
    version: int = 1

    @property
    def title(self) -> str:
        return STATEMENT_TITLE
