"""Pupil logins of the form nom.prenomN (seeds/001, seeds/004: "du type nom.prenomX").

The birth name and the first given name, lower case, accents and every other sign folded
away ("Le Goff-Kérien" → "legoffkerien"), then the rank of the homonym, from 1
("dupont.marie1", "dupont.marie2"): ASCII letters, a dot, digits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from web.core.models import SchoolPupil

NAME_MAX = 30
FIRST_NAME_MAX = 20
PATTERN = re.compile(r"^[a-z]+\.[a-z]+[0-9]+$")
# Letters NFKD does not split into a base letter and accents.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d",
                            "þ": "th", "ð": "d", "ı": "i", "ŀ": "l", "ħ": "h"})
_FALLBACK_NAME, _FALLBACK_FIRST = "eleve", "prenom"
_BATCH = 500


def fold(text: str, limit: int) -> str:
    """Only the ASCII letters of `text`, lower case, accents removed; at most `limit`."""
    lowered = unicodedata.normalize("NFKC", text).lower().translate(_LIGATURES)
    bare = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in bare if "a" <= c <= "z")[:limit]


def first_name(prenoms: str) -> str:
    """The first of the given names ("Marie Claire" → "Marie"; "Jean-Pierre" stays whole)."""
    parts = prenoms.replace(",", " ").split()
    return parts[0] if parts else ""


def login_base(nom: str, prenoms: str) -> str:
    """'Dupont', 'Marie Claire' → 'dupont.marie' (the homonym's number comes after)."""
    name = fold(nom, NAME_MAX) or _FALLBACK_NAME
    first = fold(first_name(prenoms), FIRST_NAME_MAX) or _FALLBACK_FIRST
    return f"{name}.{first}"


def taken_numbers(db: Session, bases: Iterable[str]) -> dict[str, int]:
    """The highest number already given to each base (absent: none yet)."""
    wanted = sorted(set(bases))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), _BATCH):
        chunk = wanted[start:start + _BATCH]
        found.update((base, number) for base, number in db.execute(
            select(SchoolPupil.login_base, func.max(SchoolPupil.login_number))
            .where(SchoolPupil.login_base.in_(chunk))
            .group_by(SchoolPupil.login_base)).all())
    return found


class LoginAllocator:
    """Gives each base its next free number, after the `taken` ones (base → highest)."""

    def __init__(self, taken: dict[str, int]) -> None:
        self._last = dict(taken)

    @classmethod
    def of_database(cls, db: Session, bases: Iterable[str]) -> LoginAllocator:
        return cls(taken_numbers(db, bases))

    def next(self, base: str) -> tuple[str, int]:
        number = self._last.get(base, 0) + 1
        self._last[base] = number
        return f"{base}{number}", number
