"""Establishments of registration, per academy, with their UAI: the `etablissements` list.

The portal prints an establishment as `LABEL (UAI)` ("CLG DU MAZELOT - ANGLURE (0510001Z)",
seeds/004). The list shipped in exams/reference/etablissements.json is built by
tools/build_establishments.py; an exam office maintains its own through the back office,
which plugs its store in with `use_source` (the engine never reads a database itself):

    class DatabaseSource:                          # web side, backed by its own table
        def of_academy(self, academy: str) -> Sequence[Establishment]: ...
        def get(self, code: str) -> Establishment | None: ...
    engine.establishments.use_source(DatabaseSource())

and checks an uploaded CSV with `parse_csv` before storing it. Every process plugs the same
source in at start-up: the list itself lives in the shared store, not in process memory.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from engine.csvtext import read_table

DATA_FILE = Path(__file__).resolve().parent.parent / "exams" / "reference" / "etablissements.json"
NATIONAL = ""                    # the academy of establishments offered everywhere (CNED)
UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_UAI = re.compile(r"^\d{7}[A-Z]$")
CSV_COLUMNS = ("uai", "libelle", "academie", "departement")


@dataclass(frozen=True, slots=True)
class Establishment:
    code: str                    # the stored answer: the UAI, or a slug for an entry without one
    uai: str                     # "0510001Z"; "" for the portal's "INDIVIDUELS 051" entries
    label: str                   # "CLG DU MAZELOT - ANGLURE"
    academy: str                 # academy slug ("reims"); NATIONAL for the CNED
    departement: str = ""        # INSEE code of its département

    @property
    def printed_label(self) -> str:
        return f"{self.label} ({self.uai})" if self.uai else self.label


class EstablishmentSource(Protocol):
    def of_academy(self, academy: str) -> Sequence[Establishment]: ...
    def get(self, code: str) -> Establishment | None: ...


def uai_is_valid(uai: str) -> bool:
    """Seven digits and the control letter: the letters without I, O and Q, at the rank
    of the number modulo 23 (every UAI of the shipped list follows it)."""
    return bool(_UAI.match(uai)) and UAI_LETTERS[int(uai[:7]) % 23] == uai[7]


class FileSource:
    """The list shipped with the engine (exams/reference/etablissements.json)."""

    def __init__(self, path: Path = DATA_FILE) -> None:
        self.path = path
        self._loaded: tuple[dict[str, Establishment], dict[str, tuple[Establishment, ...]]] | None
        self._loaded = None

    def _rows(self) -> tuple[dict[str, Establishment], dict[str, tuple[Establishment, ...]]]:
        if self._loaded is None:  # read once, on first use
            items = json.loads(self.path.read_text(encoding="utf-8"))["items"]
            rows = [Establishment(*item) for item in items]
            by_academy: dict[str, list[Establishment]] = {}
            for row in rows:
                by_academy.setdefault(row.academy, []).append(row)
            self._loaded = ({r.code: r for r in rows},
                            {k: tuple(v) for k, v in by_academy.items()})
        return self._loaded

    def of_academy(self, academy: str) -> Sequence[Establishment]:
        return self._rows()[1].get(academy, ())

    def get(self, code: str) -> Establishment | None:
        return self._rows()[0].get(code)


_source: list[EstablishmentSource] = [FileSource()]


def use_source(source: EstablishmentSource | None) -> None:
    """Plug in the exam offices' list (the back office's store); None restores the file."""
    _source[0] = source if source is not None else FileSource()


# academy → (its list, the national list, both joined) as the source last gave them.
_joined: dict[str, tuple[Sequence[Establishment], Sequence[Establishment],
                         tuple[Establishment, ...]]] = {}


def establishments(academy: str) -> tuple[Establishment, ...]:
    """What a candidate of `academy` may choose: the academy's, then the national ones.

    The same tuple while the source gives the same lists (the file's, or the office's list
    of one version token): what is built from it can be kept by identity."""
    src = _source[0]
    own = src.of_academy(academy) if academy else ()
    national = src.of_academy(NATIONAL)
    found = _joined.get(academy)
    if found is not None and found[0] is own and found[1] is national:
        return found[2]
    joined = tuple(own) + tuple(national)
    _joined[academy] = (own, national, joined)
    return joined


def establishment(code: str) -> Establishment | None:
    return _source[0].get(code)


def printed_label(code: str) -> str | None:
    found = establishment(code)
    return found.printed_label if found else None


def parse_csv(text: str) -> tuple[list[Establishment], list[str]]:
    """An exam office's CSV (`uai;libelle;academie;departement`, a header line first) as
    establishments, and a French message for every line refused (bad UAI, duplicate)."""
    rows, problems = parse_csv_lines(text)
    return [row for _, row in rows], problems


def parse_csv_lines(text: str) -> tuple[list[tuple[int, Establishment]], list[str]]:
    """parse_csv's rows with the number of the line each comes from (the header is line 1)."""
    from engine import reference

    rows: list[tuple[int, Establishment]] = []
    table = read_table(text, CSV_COLUMNS)
    problems = table.problems
    seen: set[str] = set()
    for n, line in table.rows():
        uai = line["uai"].upper()
        label = line["libelle"]
        academy = line["academie"]
        if not uai:
            problems.append(f"Ligne {n} : l'UAI manque.")
        elif not uai_is_valid(uai):
            problems.append(f"Ligne {n} : l'UAI « {uai} » n'est pas valide.")
        elif uai in seen:
            problems.append(f"Ligne {n} : l'UAI {uai} figure déjà plus haut.")
        elif not label:
            problems.append(f"Ligne {n} : le libellé manque.")
        elif academy != NATIONAL and reference.academy(academy) is None:
            problems.append(f"Ligne {n} : l'académie « {academy} » est inconnue.")
        else:
            seen.add(uai)
            rows.append((n, Establishment(uai, uai, label, academy, line["departement"])))
    return rows, problems
