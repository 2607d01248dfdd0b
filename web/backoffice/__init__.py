"""The exam office's back office (/gestion): sessions, candidatures, pieces, audit log."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("backoffice", __name__, url_prefix="/gestion", template_folder="templates")

from web.backoffice import access, menu  # noqa: E402
from web.backoffice.views import auth, home, journal  # noqa: E402,F401  (routes on bp)

# isort: split
from web.backoffice.views import period_pages, session_pages  # noqa: E402,F401

# isort: split
from web.backoffice.views import (  # noqa: E402,F401
    candidature_actions,
    candidatures,
    exports,
    personal_data,
    pieces_control,
)

# isort: split
from web.backoffice.views import establishment_import_pages, establishment_pages  # noqa: E402,F401

# isort: split
from web.backoffice.views import (  # noqa: E402,F401  # noqa: E402,F401
    accommodation_pages,
    publication_pages,
    pupil_edit_pages,
    pupil_pages,
    repeater_pages,
    results_pages,
    timetable_pages,
)

# isort: split
from web.backoffice.views import results_jobs  # noqa: E402,F401

access.guard(bp)
bp.context_processor(menu.menu_context)
