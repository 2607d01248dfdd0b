"""The candidate areas are for candidates: a logged-in staff member is sent to the back office."""

from __future__ import annotations

from flask import Blueprint, redirect, url_for
from flask_login import current_user
from werkzeug.wrappers import Response


def _staff_to_back_office() -> Response | None:
    if current_user.is_authenticated and current_user.is_staff:
        return redirect(url_for("backoffice.home"))
    return None


def candidates_only(bp: Blueprint) -> None:
    """Every route of `bp` redirects a staff member to the back office's home."""
    bp.before_request(_staff_to_back_office)
