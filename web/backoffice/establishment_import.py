"""Importing establishments from a CSV: read the file, preview what it changes, apply it.

The preview and the application run the same `plan`: the application re-reads the file,
plans again and refuses to go on if the plan differs from the one previewed (someone changed
the list meanwhile), so what is applied is exactly what was shown. An import adds
establishments, corrects labels and reactivates deactivated ones; it never removes or
deactivates one that the file does not list.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from engine import csvtext
from engine.csvtext import CsvRefused
from engine.establishments import NATIONAL, Establishment, parse_csv_lines
from web.backoffice import audit
from web.backoffice.establishments import (
    EstablishmentRefused,
    academy_phrase,
    check_departement,
    check_label,
    find,
    normalized_label,
    row_of,
)
from web.backoffice.scope import Scope
from web.core import establishments as source
from web.core.models import Account, EstablishmentEntry, utcnow

MAX_BYTES = 2 * 1024 * 1024
MAX_LINES = 20_000

MSG_NOT_YOURS = (
    "Ligne {n} : l'établissement est de {academy} ; vous ne pouvez importer que ceux de "
    "{own}."
)
MSG_NO_ACADEMY = "Ligne {n} : la colonne academie est vide ; indiquez {example}."
MSG_OTHER_ACADEMY = "Ligne {n} : l'UAI {uai} est celui d'un établissement de {academy} : {label}."

ADDED, CORRECTED, REACTIVATED, UNCHANGED = "ajout", "correction", "reactivation", "inchange"
KIND_LABELS = {  # as the preview says them: nothing is done yet
    ADDED: "À ajouter", CORRECTED: "Libellé à corriger", REACTIVATED: "À réactiver",
    UNCHANGED: "Déjà dans la liste",
}


# A file the import cannot read at all (encoding, size), with the French reason.
ImportRefused = CsvRefused


def decode(data: bytes, max_bytes: int = MAX_BYTES, max_lines: int = MAX_LINES) -> str:
    """The file's text (UTF-8, with or without the BOM a spreadsheet writes), or why not."""
    return csvtext.decode(data, max_bytes, max_lines)


@dataclass(frozen=True)
class PlannedLine:
    """One line of the file, accepted: what it does to the list."""

    number: int
    kind: str
    establishment: Establishment          # as the file gives it (label normalized)
    current: Establishment | None = None  # as the list has it now, if it does

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class ImportPlan:
    lines: tuple[PlannedLine, ...]
    refused: tuple[str, ...]
    digest: str

    @property
    def changes(self) -> tuple[PlannedLine, ...]:
        return tuple(line for line in self.lines if line.kind != UNCHANGED)

    def count(self, kind: str) -> int:
        return sum(1 for line in self.lines if line.kind == kind)

    @property
    def academies(self) -> list[str]:
        return sorted({line.establishment.academy for line in self.changes})


def _line_number(message: str) -> int:
    found = re.match(r"Ligne (\d+)", message)
    return int(found[1]) if found else 0


def _own(scope: Scope) -> str:
    academies = sorted(scope.academies or ())
    return academy_phrase(academies[0]) if len(academies) == 1 else "vos académies"


def _plan_line(db: Session, scope: Scope, n: int, row: Establishment) -> PlannedLine | str:
    if not scope.allows(row.academy):
        if row.academy == NATIONAL:
            example = sorted(scope.academies or ("reims",))[0]
            return MSG_NO_ACADEMY.format(n=n, example=example)
        return MSG_NOT_YOURS.format(n=n, academy=academy_phrase(row.academy), own=_own(scope))
    try:
        label = check_label(row.label)
        departement = check_departement(row.academy, row.departement)
    except EstablishmentRefused as refused:
        return f"Ligne {n} : {refused.message[0].lower()}{refused.message[1:]}"
    wanted = Establishment(row.code, row.uai, label, row.academy, departement)
    found = find(db, row.code)
    if found is None:
        return PlannedLine(n, ADDED, wanted)
    current = found.establishment
    if current.academy != row.academy:
        return MSG_OTHER_ACADEMY.format(n=n, uai=row.uai, academy=academy_phrase(current.academy),
                                        label=current.label)
    kind = (REACTIVATED if not found.active else
            CORRECTED if label != normalized_label(current.label) else UNCHANGED)
    return PlannedLine(n, kind, wanted, current)


def plan(db: Session, scope: Scope, text: str) -> ImportPlan:
    """What the file would change, line by line, and every line refused with its reason."""
    rows, problems = parse_csv_lines(text)
    refused = [(_line_number(p), p) for p in problems]
    lines: list[PlannedLine] = []
    for n, row in rows:
        outcome = _plan_line(db, scope, n, row)
        if isinstance(outcome, str):
            refused.append((n, outcome))
        else:
            lines.append(outcome)
    refused.sort(key=lambda item: item[0])
    fingerprint = repr([(line.number, line.kind, line.establishment, line.current)
                        for line in lines] + refused)
    return ImportPlan(tuple(lines), tuple(p for _, p in refused),
                      hashlib.sha256(fingerprint.encode()).hexdigest())


def _who(actor: Account | None) -> str:
    return actor.email if actor is not None else "ligne de commande"


def apply(db: Session, actor: Account | None, planned: ImportPlan) -> dict[str, int]:
    """Apply the plan's changes, one audit entry per academy; how many lines of each kind."""
    now = utcnow()
    for academy in planned.academies:
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        lines = [line for line in planned.changes if line.establishment.academy == academy]
        for line in lines:
            e = line.establishment
            if line.current is None:
                db.add(EstablishmentEntry(
                    code=e.code, academy_code=academy, uai=e.uai, label=e.label,
                    departement=e.departement, active=True, created_at=now,
                    created_by=_who(actor), updated_at=now, updated_by=_who(actor)))
                after[e.code] = e.label
                continue
            listed = find(db, e.code)
            assert listed is not None, "planned from the list"
            row = row_of(db, listed, actor)
            shipped = source.shipped().get(e.code)
            row.label = "" if shipped is not None and e.label == shipped.label else e.label
            row.active, row.deactivated_at = True, None
            row.updated_at, row.updated_by = now, _who(actor)
            before[e.code] = line.current.label + ("" if listed.active else " (désactivé)")
            after[e.code] = e.label
        db.flush()
        source.touch(db, academy)
        counts = {k: sum(1 for line in lines if line.kind == k)
                  for k in (ADDED, CORRECTED, REACTIVATED)}
        audit.record(
            db, actor, "establishment.imported", academy_code=academy,
            summary=(f"Import CSV : {counts[ADDED]} ajout(s), {counts[CORRECTED]} libellé(s) "
                     f"corrigé(s), {counts[REACTIVATED]} réactivation(s)"),
            before=before, after=after,
        )
    return {k: planned.count(k) for k in (ADDED, CORRECTED, REACTIVATED, UNCHANGED)}
