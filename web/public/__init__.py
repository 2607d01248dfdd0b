"""Public pages: home, Ouverture des services, help, legal notice."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("public", __name__, template_folder="templates")

from web.public import views  # noqa: E402,F401  (routes on bp)
