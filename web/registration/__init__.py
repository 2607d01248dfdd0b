"""Registration: start a candidature, the spec-driven wizard, saving, N° Inscription, documents."""

from __future__ import annotations

from flask import Blueprint

from web.core.access import candidates_only

bp = Blueprint(
    "registration", __name__, static_folder="static", static_url_path="/inscription/static",
    template_folder="templates",
)

from web.registration import mirror  # noqa: E402
from web.registration.options import option_tags  # noqa: E402
from web.registration.views import documents, start, wizard  # noqa: E402,F401  (routes)

mirror.register(bp)
bp.add_app_template_global(option_tags, "option_tags")

candidates_only(bp)
