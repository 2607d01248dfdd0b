"""Reference lists for the account forms: countries, départements, communes, academies.

Prefers engine.reference when it offers a list; otherwise reads the npm package
@etalab/decoupage-administratif (communes, départements) and pycountry (countries).
"""

from __future__ import annotations

import gettext
import json
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry

FRANCE = "FRA"

# The academies' official codes and names; used until engine.reference provides them.
_ACADEMIES = (
    ("02", "AIX-MARSEILLE"),
    ("20", "AMIENS"),
    ("03", "BESANÇON"),
    ("04", "BORDEAUX"),
    ("06", "CLERMONT-FERRAND"),
    ("27", "CORSE"),
    ("24", "CRÉTEIL"),
    ("07", "DIJON"),
    ("08", "GRENOBLE"),
    ("32", "GUADELOUPE"),
    ("33", "GUYANE"),
    ("28", "LA RÉUNION"),
    ("09", "LILLE"),
    ("22", "LIMOGES"),
    ("10", "LYON"),
    ("31", "MARTINIQUE"),
    ("43", "MAYOTTE"),
    ("11", "MONTPELLIER"),
    ("12", "NANCY-METZ"),
    ("17", "NANTES"),
    ("23", "NICE"),
    ("70", "NORMANDIE"),
    ("18", "ORLÉANS-TOURS"),
    ("01", "PARIS"),
    ("13", "POITIERS"),
    ("19", "REIMS"),
    ("14", "RENNES"),
    ("15", "STRASBOURG"),
    ("16", "TOULOUSE"),
    ("25", "VERSAILLES"),
)


def _fold(text: str) -> str:
    """Lower case without accents, for searching 'saint-etienne' in 'Saint-Étienne'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _engine_list(name: str) -> list[tuple[str, str]] | None:
    """(code, label) pairs from engine.reference.<name>() if that module and function exist."""
    try:
        from engine import reference  # type: ignore[attr-defined]
    except ImportError:
        return None
    fn = getattr(reference, name, None)
    if fn is None:
        return None
    try:
        items: Any = fn()
    except Exception:  # noqa: BLE001 - a half-written reference module must not break the portal
        return None
    pairs: list[tuple[str, str]] = []
    for item in items:
        if isinstance(item, tuple | list) and len(item) >= 2:
            pairs.append((str(item[0]), str(item[1])))
        elif isinstance(item, dict) and "code" in item:
            pairs.append((str(item["code"]), str(item.get("label") or item.get("nom", ""))))
        else:
            code = getattr(item, "code", None)
            if code is None:
                return None
            pairs.append((str(code), str(getattr(item, "label", code))))
    return pairs or None


def academies() -> list[tuple[str, str]]:
    """(code, name) of every academy, sorted by name."""
    return sorted(_engine_list("academies") or list(_ACADEMIES), key=lambda p: _fold(p[1]))


def academy_label(code: str) -> str:
    name = dict(academies()).get(code, code)
    return f"ACADÉMIE {'D' + chr(39) if _fold(name)[:1] in 'aeiou' else 'DE '}{name}"


@lru_cache(maxsize=1)
def countries() -> tuple[tuple[str, str], ...]:
    """(alpha-3 code, French name) of every country, France first then alphabetical."""
    try:
        fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
        tr = fr.gettext
    except OSError:

        def tr(message: str) -> str:
            return message

    pairs = [(c.alpha_3, tr(c.name)) for c in pycountry.countries if c.alpha_3 != FRANCE]
    pairs.sort(key=lambda p: _fold(p[1]))
    return ((FRANCE, "France"), *pairs)


def country_label(code: str) -> str:
    return dict(countries()).get(code, code)


@lru_cache(maxsize=4)
def departements(data_dir: str) -> tuple[tuple[str, str], ...]:
    """(code, 'code - name') of départements, DOM and COM."""
    path = Path(data_dir) / "departements.json"
    if not path.exists():
        return ()
    rows = json.loads(path.read_text(encoding="utf-8"))
    return tuple((r["code"], f"{r['code']} - {r['nom']}") for r in rows)


@lru_cache(maxsize=4)
def _communes_by_departement(data_dir: str) -> dict[str, tuple[tuple[str, str], ...]]:
    path = Path(data_dir) / "communes.json"
    if not path.exists():
        return {}
    by_dept: dict[str, dict[str, str]] = {}
    kinds = ("commune-actuelle", "commune-deleguee", "commune-associee")
    for row in json.loads(path.read_text(encoding="utf-8")):
        if row.get("type") not in kinds or not row.get("departement"):
            continue
        # Former communes stay listed: an identity card shows the commune of the time.
        by_dept.setdefault(row["departement"], {}).setdefault(row["code"], row["nom"])
    return {d: tuple(sorted(c.items(), key=lambda p: _fold(p[1]))) for d, c in by_dept.items()}


def communes(data_dir: str, departement: str, query: str = "") -> list[tuple[str, str]]:
    """(INSEE code, name) of the communes of a département, filtered by a name fragment."""
    rows = _communes_by_departement(data_dir).get(departement, ())
    if query:
        q = _fold(query.strip())
        rows = tuple(r for r in rows if q in _fold(r[1]))
    return list(rows)


def commune_label(data_dir: str, departement: str, code: str) -> str | None:
    return dict(_communes_by_departement(data_dir).get(departement, ())).get(code)
