"""Candidate space: Mes inscriptions, one candidature's pages, désinscription, messages."""

from __future__ import annotations

from flask import Blueprint

from web.core.access import candidates_only

bp = Blueprint("candidate", __name__, template_folder="templates")

from web.candidate.views import candidature, registrations, withdrawal  # noqa: E402,F401

candidates_only(bp)
