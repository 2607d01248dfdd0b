"""Reference lists of the account forms, read from engine.reference (one source of codes).

Accounts store the same codes as the exam specs' reference fields: ISO alpha-2 countries
('FR'), INSEE départements ('35', '2A') and communes ('35238'), academy slugs ('rennes').
"""

from __future__ import annotations

from engine import reference as ref

FRANCE = ref.FRANCE
ALL = 100_000  # "no limit" for the full commune list of the no-JavaScript select


def academies() -> list[tuple[str, str]]:
    """(code, 'ACADÉMIE DE …') of every academy, in name order."""
    return ref.choices("academies")


def academy_label(code: str) -> str:
    found = ref.academy(code)
    return found.label if found else code


def countries() -> list[tuple[str, str]]:
    """(code, label) of the countries, France first."""
    return ref.choices("countries")


def country_label(code: str) -> str:
    return ref.label("countries", code) or code


def departements() -> list[tuple[str, str]]:
    """(code, '035 - ILLE ET VILAINE') of départements, DOM and COM."""
    return ref.choices("departements")


def departement_label(code: str) -> str:
    return ref.label("departements", code) or code if code else ""


def communes(departement: str, query: str = "", limit: int = ALL) -> list[tuple[str, str]]:
    """(INSEE code, name) of the communes of a département, best matches first for a query."""
    if not departement or ref.departement(departement) is None:
        return []
    return [(c.code, c.name) for c in ref.communes(departement, query, limit)]


def commune_name(departement: str, code: str) -> str | None:
    """The commune's name if `code` is a commune of `departement`, else None."""
    found = ref.commune(code) if code else None
    if found is None or found.departement != ref.normalize_departement(departement):
        return None
    return found.name
