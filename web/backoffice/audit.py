"""Writing and reading the audit log: one entry per back-office action, never changed after."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from web.core.models import Account, AuditEntry, utcnow

PAGE_SIZE = 50

# French names of the actions, as the administrator reads the log.
ACTION_LABELS = {
    "staff.login": "Connexion au back office",
    "staff.login_failed": "Échec de connexion (second facteur)",
    "staff.logout": "Déconnexion",
    "staff.enrolled": "Activation du second facteur",
    "staff.recovery_code_used": "Connexion avec un code de secours",
    "staff.recovery_codes_renewed": "Nouveaux codes de secours",
    "staff.created": "Création d'un compte de gestion",
    "staff.second_factor_reset": "Réinitialisation du second facteur",
    "pieces.status": "Statut d'une pièce justificative",
    "pieces.unlock": "Déverrouillage des pièces justificatives",
    "pieces.file_read": "Consultation d'une pièce justificative",
    "pieces.zip": "Téléchargement des pièces justificatives (ZIP)",
    # Sessions and periods (web.backoffice.sessions, web.backoffice.periods).
    "session.created": "Création d'une session",
    "session.joined": "Ouverture d'une session pour une académie",
    "session.updated": "Modification d'une session (libellé, année, début)",
    "session.period_added": "Ajout d'une période d'inscription",
    "session.period_updated": "Modification d'une période d'inscription",
    "session.period_deleted": "Suppression d'une période d'inscription",
    "session.dates_updated": "Dates de retour et des pièces justificatives",
    "session.closed": "Fermeture d'une session pour une académie",
    "candidature.personal_data_edited": "Modification des données personnelles",
    "candidature.excluded": "Candidature écartée",
    "candidature.withdrawn_by_office": "Désinscription par le gestionnaire",
    "candidature.reopened": "Réouverture à la modification",
    "candidature.reopening_ended": "Fin de la réouverture à la modification",
    "candidatures.exported": "Export de la liste des candidatures",
    # Establishments (web.backoffice.establishments, establishment_import).
    "establishment.added": "Ajout d'un établissement",
    "establishment.label_corrected": "Correction du libellé d'un établissement",
    "establishment.deactivated": "Désactivation d'un établissement",
    "establishment.reactivated": "Réactivation d'un établissement",
    "establishment.imported": "Import CSV d'établissements",
    "establishment.exported": "Export CSV des établissements",
    # Results (web.backoffice.results).
    "results.grades_entered": "Saisie des notes",
    "results.grades_imported": "Import CSV des notes",
    "results.publication_set": "Date de publication des résultats",
    "results.exported": "Export des résultats",
    "results.repeaters_prepared": "Session préparée à partir d'une autre (redoublants)",
    "results.computation_started": "Lancement du calcul des résultats",
    "results.computation_restarted": "Reprise du calcul des résultats",
    # Published documents (web.backoffice.views.publication_pages, timetable_pages).
    "documents.publication_started": "Lancement d'une publication de documents",
    "documents.publication_restarted": "Reprise d'une publication de documents",
    "timetable.entry_saved": "Horaire d'une épreuve enregistré",
    "timetable.entry_deleted": "Horaire d'une épreuve supprimé",
    "timetable.imported": "Import CSV du calendrier des épreuves",
    "candidature.measures_saved": "Mesures d'aménagement accordées",
    # School pupils (web.backoffice.pupils).
    "pupils.imported": "Import CSV d'élèves",
    "pupils.password_reset": "Nouveau mot de passe initial d'un élève",
    "pupils.corrected": "Correction d'un élève pré-inscrit",
}


# French names of the objects and of the values shown before/after in the journal.
TARGET_LABELS = {
    "account": "Compte",
    "candidature": "Candidature",
    "session": "Session",
    "session_academy": "Session de l'académie",
    "period": "Période d'inscription",
    "piece": "Pièce justificative",
    "establishment": "Établissement",
    "results_publication": "Publication des résultats",
}
VALUE_LABELS = {
    "email": "Adresse mail",
    "role": "Rôle",
    "academy_code": "Académie",
    "state": "État",
    "label": "Libellé",
    "year": "Année",
    "status": "Statut",
    "comment": "Commentaire",
    "received_on": "Date de réception",
    "pieces_status": "Pièces",
    "locked_at": "Verrouillées le",
    "validated": "Validées",
    "entries": "Fichiers",
    "file_id": "Fichier n°",
    "uai": "UAI",
    "departement": "Département",
    "active": "Proposé aux candidats",
    "lines": "Lignes",
    "kind": "Document",
    "job": "Publication n°",
    "failed": "Échecs",
    "todo": "À produire",
    "measures": "Mesures",
    "unit_code": "Épreuve",
    "speciality_code": "Spécialité",
    "day": "Date",
    "starts_at": "Heure",
    "duration": "Durée",
    "centre": "Centre",
    "address": "Adresse",
    "file": "Fichier",
    # A pupil's correction (web.backoffice.pupils.correction).
    "pupil_nom": "Nom de naissance",
    "pupil_prenoms": "Prénoms",
    "pupil_sexe": "Sexe",
    "pupil_born": "Date de naissance",
    "pupil_class_label": "Classe",
    "pupil_speciality": "Spécialité",
    "pupil_category": "Catégorie",
    "pupil_forme": "Forme de passage",
}


def target_label(target_type: str) -> str:
    return TARGET_LABELS.get(target_type, target_type)


def value_label(key: str) -> str:
    return VALUE_LABELS.get(key, key)


def shown_value(value: Any) -> str:
    if value is None or value == "":
        return "(vide)"
    if value is True:
        return "oui"
    if value is False:
        return "non"
    return str(value)


def _plain(value: Any) -> Any:
    """JSON-safe copy of a before/after value (dates as ISO text)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return value


def record(
    db: Session,
    actor: Account | None,
    action: str,
    *,
    academy_code: str = "",
    target: tuple[str, int | None] = ("", None),
    summary: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Add the entry to the session: it commits with the change it describes, or not at all."""
    entry = AuditEntry(
        at=utcnow(),
        actor_id=actor.id if actor is not None else None,
        actor_email=actor.email if actor is not None else "ligne de commande",
        academy_code=academy_code,
        action=action,
        target_type=target[0],
        target_id=target[1],
        summary=summary or ACTION_LABELS.get(action, action),
        before=_plain(dict(before or {})),
        after=_plain(dict(after or {})),
    )
    db.add(entry)
    return entry


def changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict[str, Any], ...]:
    """Only the keys whose value differs, as (before, after) dicts for the entry."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


@dataclass(frozen=True)
class AuditFilters:
    academy_code: str = ""
    actor: str = ""
    action: str = ""
    target_type: str = ""
    target_id: int | None = None
    page: int = 1


def entries_query(filters: AuditFilters) -> Select[tuple[AuditEntry]]:
    query = select(AuditEntry)
    if filters.academy_code:
        query = query.where(AuditEntry.academy_code == filters.academy_code)
    if filters.actor:
        query = query.where(AuditEntry.actor_email == filters.actor.strip().lower())
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.target_type:
        query = query.where(AuditEntry.target_type == filters.target_type)
    if filters.target_id is not None:
        query = query.where(AuditEntry.target_id == filters.target_id)
    return query


def page_of(db: Session, filters: AuditFilters) -> tuple[list[AuditEntry], int]:
    """The newest entries first, PAGE_SIZE at a time, and how many match."""
    query = entries_query(filters)
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.scalars(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((max(filters.page, 1) - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    return list(rows), int(total)


def history_of(db: Session, target_type: str, target_id: int) -> list[AuditEntry]:
    """Every entry about one object (a candidature's page shows its history)."""
    return list(db.scalars(
        select(AuditEntry)
        .where(AuditEntry.target_type == target_type, AuditEntry.target_id == target_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    ))
