"""Checks of the civil-status data an account holds: names as written on an ID, birth date."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

# Apostrophes as keyboards type them: straight, typographic, and the modifier letter.
APOSTROPHES = "'\u2019\u02bc"
NAME_PUNCTUATION = " -" + APOSTROPHES
NAME_RULE = "que des lettres, des espaces, des traits d'union (-) et des apostrophes (')"

# The youngest account holder the portal accepts. It is not an exam's age rule (each spec
# checks those against its session's calendar); it refuses an impossible birth date such
# as one in 2020. Candidates younger than this are scolaires, registered by their school.
MIN_ACCOUNT_AGE = 14
OLDEST_YEAR = 1900
DATE_SHAPE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def _allowed(char: str) -> bool:
    # Letters of every script, and combining accents (a name typed in decomposed form).
    return char in NAME_PUNCTUATION or unicodedata.category(char)[0] in ("L", "M")


def name_problem(value: str, what: str) -> str | None:
    """Why `value` cannot be a name (`what`: « Le nom de naissance », « Les prénoms »), or None."""
    plural = what.startswith("Les ")
    refused = list(dict.fromkeys(c for c in value if not _allowed(c)))
    if refused:
        shown = ", ".join(f"« {_visible(c)} »" for c in refused)
        verb = "n'est pas accepté" if len(refused) == 1 else "ne sont pas acceptés"
        can = "peuvent" if plural else "peut"
        return f"{what} ne {can} contenir {NAME_RULE} : {shown} {verb}."
    if value and not any(unicodedata.category(c)[0] == "L" for c in value):
        return f"{what} {'doivent' if plural else 'doit'} contenir au moins une lettre."
    return None


def _visible(char: str) -> str:
    return char if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"


def birth_date_problem(text: str, today: date) -> str | None:
    """Why `text` (JJ/MM/AAAA) cannot be the birth date of an account holder, or None."""
    shape = DATE_SHAPE.match(text)
    if shape is None:
        return "La date de naissance doit être au format JJ/MM/AAAA. Exemple: 30/05/1998"
    day, month, year = (int(part) for part in shape.groups())
    try:
        born = date(year, month, day)
    except ValueError:
        return (
            f"La date de naissance {text.strip()} n'est pas valide : cette date n'existe pas "
            "dans le calendrier. Vérifiez le jour et le mois."
        )
    if born > today:
        return "La date de naissance ne peut pas être postérieure à la date du jour."
    if born.year < OLDEST_YEAR:
        return f"La date de naissance doit être postérieure au 01/01/{OLDEST_YEAR}."
    if age_on(born, today) < MIN_ACCOUNT_AGE:
        return (
            f"Avec cette date de naissance, vous auriez moins de {MIN_ACCOUNT_AGE} ans : "
            "vérifiez-la. Un élève plus jeune est inscrit par son établissement et ne crée "
            "pas de compte."
        )
    return None


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
