"""The spec versions the portal does not serve, in French for the Sessions page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from web.registration.spec_guard import refusals

_REMOVED = {
    "field_removed": "Champ {code} supprimé",
    "choice_removed": "Choix {code} supprimé",
    "category_removed": "Catégorie {code} supprimée",
    "forme_removed": "Forme {code} retirée",
    "speciality_removed": "Spécialité {code} supprimée",
    "variant_removed": "Variante {code} supprimée",
    "unit_removed": "Épreuve {code} supprimée",
    "language_removed": "Langue ou activité {code} retirée",
    "acquis_removed": "Diplôme ou règle d'acquis {code} supprimé",
}
_RENAMED = "Code {code} renommé en {new}"
_CHANGED = {
    "coefficient": "Coefficient de l'épreuve {code} modifié : {old} → {new}",
    "mode": "Mode d'évaluation de l'épreuve {code} modifié : {old} → {new}",
    "unit_kind": "Nature de l'épreuve {code} modifiée : {old} → {new}",
    "category_mode": "Mode d'évaluation de la catégorie {code} modifié : {old} → {new}",
    "field_type": "Type du champ {code} modifié : {old} → {new}",
}


def change_label(change: dict[str, Any]) -> str:
    """One breaking change of a refused version, as the exam office reads it."""
    kind, values = change.get("kind", ""), {k: change.get(k, "") for k in ("code", "old", "new")}
    if kind in _CHANGED:
        text = _CHANGED[kind].format(**values)
    elif values["new"]:
        text = _RENAMED.format(**values)
    else:
        text = _REMOVED.get(kind, "Modification de {code}").format(**values)
    within = change.get("within")
    return f"{text} (spécialité {within})" if within else text


@dataclass(frozen=True)
class RefusalNotice:
    exam_code: str
    exam_label: str
    served_version: str
    refused_version: str
    lines: tuple[tuple[str, int], ...]  # (change, candidatures it breaks)
    affected: int
    absent: bool = False  # the spec left the folder or has errors


def refusal_notices(db: Session, labels: dict[str, str]) -> list[RefusalNotice]:
    return [
        RefusalNotice(
            r.exam_code,
            labels.get(r.exam_code, r.exam_code.upper()),
            r.served_version,
            r.refused_version,
            tuple((change_label(c), int(c.get("count", 0))) for c in r.changes),
            r.affected,
            r.absent,
        )
        for r in refusals(db)
    ]
