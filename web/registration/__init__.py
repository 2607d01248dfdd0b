"""Registration: start a candidature, the spec-driven wizard, saving, N° Inscription, documents."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint(
    "registration", __name__, static_folder="static", static_url_path="/inscription/static"
)

from web.registration import documents, mirror, start, wizard  # noqa: E402,F401  (routes)

mirror.register(bp)
