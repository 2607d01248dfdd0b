"""Storing the grades the office types or imports, each change written to the audit log."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from web.backoffice.audit import record
from web.core.models import Account, Candidature, Grade, utcnow
from web.results.grades import TypedGrade, grades_of, shown

ACTION_ENTERED = "results.grades_entered"
ACTION_IMPORTED = "results.grades_imported"
ACTION_PUBLICATION = "results.publication_set"
# A pré-inscription (a pupil or redoublant who has not completed it): no grade, no result.
MSG_NOT_REGISTERED = (
    "{who} n'a pas terminé son inscription : sa candidature est pré-inscrite, elle ne reçoit "
    "ni note ni résultat tant que l'inscription n'est pas enregistrée."
)


def store_grades(
    db: Session,
    actor: Account | None,
    candidature: Candidature,
    wanted: Mapping[str, TypedGrade | None],
    action: str = ACTION_ENTERED,
    summary: str = "",
) -> int:
    """Write the grades that differ from the stored ones (None removes one), with one audit
    entry naming each change; how many changed. The caller commits."""
    current = grades_of(db, candidature.id)
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    now = utcnow()
    for unit, typed in wanted.items():
        stored = current.get(unit)
        old = shown(stored)
        new = typed.shown if typed is not None else ""
        if old == new:
            continue
        before[unit], after[unit] = old, new
        if typed is None:
            assert stored is not None
            db.delete(stored)
            continue
        row = stored or Grade(candidature_id=candidature.id, unit_code=unit)
        row.status, row.hundredths = typed.status, typed.hundredths
        row.entered_by_id = actor.id if actor is not None else None
        row.entered_by = actor.email if actor is not None else "ligne de commande"
        row.entered_at = now
        if stored is None:
            db.add(row)
    if after:
        record(
            db,
            actor,
            action,
            academy_code=candidature.academy_code,
            target=("candidature", candidature.id),
            summary=summary
            or f"Notes de la candidature n° {candidature.inscription_number}"
            f" : {', '.join(sorted(after))}",
            before=before,
            after=after,
        )
    return len(after)
