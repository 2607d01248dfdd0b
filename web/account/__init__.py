"""Accounts: creation, activation, login, password reset, Modifier mon compte, deletion."""

from __future__ import annotations

from flask import Blueprint

from web.core.access import candidates_only

bp = Blueprint("account", __name__, template_folder="templates")

from web.account.views import (  # noqa: E402,F401  (routes on bp)
    creation,
    first_password,
    franceconnect,
    keepalive,
    my_account,
    pages,
    password_reset,
)

candidates_only(bp)
