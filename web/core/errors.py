"""What a visitor sees when a request fails inside the portal: a French page, never a trace.

Unhandled exceptions reach Flask's 500 handling, which logs them first (with the request id,
web/ops/requestlog.py); the handler here only chooses the page. A database that cannot be
reached (restarted, failing over, its pool exhausted, a SQLite file locked too long) gives
503 "Service momentanément indisponible" with a Retry-After: nothing of the failed request
was committed, so the same action can simply be tried again. Anything else gives 500
"Une erreur est survenue". Both pages keep the portal's layout but never ask the database
for anything (the account shown in the header, for one): the failing part must not fail the
error page too.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, g, render_template
from flask_login import AnonymousUserMixin
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import InternalServerError

from web.core import db as database

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10
# Shown when even the error page cannot be rendered (a template or the layout failing).
BARE_PAGE = (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
    "<title>{title}</title></head><body><h1>{title}</h1><p>{text}</p>"
    '<p><a href="/">Retour à l\'accueil</a></p></body></html>'
)
UNAVAILABLE_TITLE = "Service momentanément indisponible"
UNAVAILABLE_TEXT = (
    "Le service ne peut pas répondre pour le moment. Ce que vous veniez d'envoyer n'a pas été "
    "enregistré : réessayez dans quelques instants."
)
ERROR_TITLE = "Une erreur est survenue"
ERROR_TEXT = (
    "Votre demande n'a pas pu aboutir et rien n'a été enregistré. Réessayez dans quelques "
    "instants ; si l'erreur persiste, contactez le service des examens de votre académie."
)


def database_unavailable(error: BaseException | None) -> bool:
    """The database could not be reached or used, as opposed to a bug in the request."""
    if isinstance(error, PoolTimeout | OperationalError):
        return True
    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)


def _forget_request_state() -> None:
    """Roll the failed transaction back and show the page as to a visitor.

    After a rollback the account loaded for the request is expired: reading its name for
    the header would query the database again. The page is the same for everyone.
    """
    try:
        database.session().rollback()
    except Exception:  # noqa: BLE001 - the connection may be gone: the session is closed later
        log.warning("rollback after a failed request failed too", exc_info=True)
    g._login_user = AnonymousUserMixin()


def _page(template: str, title: str, text: str, status: int) -> tuple[str, int, dict[str, str]]:
    headers = {"Cache-Control": "no-store"}
    if status == 503:
        headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    try:
        return render_template(template, title=title, text=text), status, headers
    except Exception:  # noqa: BLE001 - the page must answer whatever broke
        log.exception("error page %s could not be rendered", template)
        headers["Content-Type"] = "text/html; charset=utf-8"
        return BARE_PAGE.format(title=title, text=text), status, headers


def init_app(app: Flask) -> None:
    @app.errorhandler(InternalServerError)
    def _internal_error(error: InternalServerError) -> Any:
        _forget_request_state()
        if database_unavailable(error.original_exception):
            return _page("errors/failure.html", UNAVAILABLE_TITLE, UNAVAILABLE_TEXT, 503)
        return _page("errors/failure.html", ERROR_TITLE, ERROR_TEXT, 500)
