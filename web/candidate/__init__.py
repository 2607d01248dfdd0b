"""Candidate space: Mes inscriptions, one candidature's pages, désinscription, messages."""

from __future__ import annotations

from flask import Blueprint

from web.core.access import candidates_only

bp = Blueprint("candidate", __name__, template_folder="templates")

from web.candidate.views import (  # noqa: E402,F401
    accessible_document,
    candidature,
    grades,
    justificatifs,
    registrations,
    withdrawal,
)

candidates_only(bp)
