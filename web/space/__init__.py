"""Candidate space around a saved candidature: cards, Mon inscription, documents, désinscription."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("space", __name__)

from web.space import models, pages, withdrawal  # noqa: E402,F401  (table and routes on bp)
