"""The accessibility statement's facts (loi n° 2005-102 art. 47, décret n° 2019-768).

The RGAA audit grid is docs/accessibility.md; a test keeps the level, the rate and the list of
non-conformities below in step with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engine.confirmation.french import MONTHS

RGAA_VERSION = "4.1"
STATEMENT_DATE = date(2026, 12, 1)
LEVEL = "partiellement conforme"
# Verified criteria of the grid: conform and not conform (NA and not verified left out).
CONFORM = 63
NOT_CONFORM = 0


@dataclass(frozen=True)
class NonConformity:
    criterion: str
    text: str


NON_CONFORMITIES: tuple[NonConformity, ...] = ()


def statement_date() -> str:
    """The statement's date as the official model writes it: "1er décembre 2026"."""
    day = "1er" if STATEMENT_DATE.day == 1 else str(STATEMENT_DATE.day)
    return f"{day} {MONTHS[STATEMENT_DATE.month - 1]} {STATEMENT_DATE.year}"


def conformity_rate() -> int:
    """The percentage of the verified RGAA criteria that are met, rounded."""
    return round(100 * CONFORM / (CONFORM + NOT_CONFORM))
