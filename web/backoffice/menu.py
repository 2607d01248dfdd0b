"""The back office's main menu: (endpoint, label, id) in order, some for the administrator only."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from web.core import reference

MENU: tuple[tuple[str, str, str, bool], ...] = (
    # endpoint, label, element id, administrator only
    ("backoffice.home", "Accueil", "accueil-gestion", False),
    ("backoffice.sessions", "Sessions et périodes", "sessions", False),
    ("backoffice.candidatures", "Candidatures", "candidatures", False),
    ("backoffice.pieces_queue", "Pièces à contrôler", "pieces", False),
    ("backoffice.results", "Notes et résultats", "resultats", False),
    ("backoffice.establishments", "Établissements", "etablissements", False),
    ("backoffice.pupils", "Élèves (scolaires)", "eleves", False),
    ("backoffice.documents_publish", "Publier des documents", "documents", False),
    ("backoffice.audit_log", "Journal des actions", "journal", True),
)


def menu_context() -> dict[str, Any]:
    if not (current_user.is_authenticated and current_user.is_staff):
        return {}
    items = [(e, label, i) for e, label, i, admin in MENU if current_user.is_admin or not admin]
    return {
        "backoffice_menu": items,
        "staff_academy_label": reference.academy_label(current_user.academy_code or ""),
    }
