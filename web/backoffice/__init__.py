"""The exam office's back office (/gestion): sessions, candidatures, pieces, audit log."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("backoffice", __name__, url_prefix="/gestion", template_folder="templates")

from web.backoffice import access, menu  # noqa: E402
from web.backoffice.views import (  # noqa: E402,F401  (routes on bp)
    auth,
    candidature_actions,
    candidatures,
    exports,
    home,
    journal,
    personal_data,
)

access.guard(bp)
bp.context_processor(menu.menu_context)
