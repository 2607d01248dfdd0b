"""The pages of a failed request: French, in the portal's layout, never a trace (errors.py)."""

from __future__ import annotations

import html
from typing import Any

from cluster import free_port

LEAKS = ("Traceback", "RuntimeError", "psycopg", "OperationalError", "sqlalchemy",
         "Internal Server Error", "secret detail")


def _page(response: Any) -> str:
    text = html.unescape(response.get_data(as_text=True))
    assert 'lang="fr"' in text and "République<br>Française" in text, "not the layout"
    assert not [word for word in LEAKS if word in text], text
    assert response.headers["Cache-Control"] == "no-store"
    return text


def test_an_unexpected_error_gives_a_french_500_page(make_app: Any) -> None:
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    def broken() -> str:
        raise RuntimeError("secret detail")

    app.add_url_rule("/panne", "panne", broken)
    response = app.test_client().get("/panne")
    assert response.status_code == 500
    text = _page(response)
    assert "Une erreur est survenue" in text and "rien n'a été enregistré" in text
    assert "Retry-After" not in response.headers


def test_a_database_that_cannot_be_reached_gives_a_french_503_page(make_app: Any) -> None:
    nowhere = f"postgresql+psycopg://examforms:x@127.0.0.1:{free_port()}/examforms"
    app = make_app(PROPAGATE_EXCEPTIONS=False, WTF_CSRF_ENABLED=False, DATABASE_URL=nowhere)
    response = app.test_client().post("/connexion", data={"identifiant": "a@example.org",
                                                          "password": "Motdepasse!1"})
    assert response.status_code == 503
    text = _page(response)
    assert "Service momentanément indisponible" in text
    assert "n'a pas été enregistré : réessayez dans quelques instants" in text
    assert response.headers["Retry-After"] == "10"


def test_the_error_page_does_not_read_the_account_of_a_logged_in_visitor(
    make_app: Any,
) -> None:
    """Logged in, then the database goes: the page must not ask it for the name shown."""
    from tests.conftest import AuthActions

    app = make_app(PROPAGATE_EXCEPTIONS=False, WTF_CSRF_ENABLED=False)
    client = app.test_client()
    auth = AuthActions(app, client)
    account = auth.create()
    assert auth.login(account.email).status_code == 302
    down = make_app(PROPAGATE_EXCEPTIONS=False, SECRET_KEY=app.config["SECRET_KEY"],
                    DATABASE_URL=f"postgresql+psycopg://e:x@127.0.0.1:{free_port()}/e")
    client.application = down
    response = client.get("/mes-inscriptions")
    assert response.status_code == 503
    assert "Service momentanément indisponible" in _page(response)


def test_what_counts_as_the_database_being_unavailable() -> None:
    from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    from web.core.errors import database_unavailable

    assert database_unavailable(OperationalError("SELECT 1", {}, Exception("refused")))
    assert database_unavailable(PoolTimeout("QueuePool limit reached"))
    cut = DBAPIError("SELECT 1", {}, Exception("server closed the connection"),
                     connection_invalidated=True)
    assert database_unavailable(cut)
    # A constraint violated or a bug is not an outage: 500, not "try again in a moment".
    assert not database_unavailable(IntegrityError("INSERT", {}, Exception("duplicate")))
    assert not database_unavailable(RuntimeError("bug"))
    assert not database_unavailable(None)


def test_a_session_whose_closing_rollback_fails_still_answers_the_request(
    make_app: Any, monkeypatch: Any,
) -> None:
    """The server restarted between the answer and the teardown: the closing ROLLBACK
    fails, yet the page already made is sent (not gunicorn's bare 500), and the dead
    connection is dropped."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    from web.core import db as database

    app = make_app(PROPAGATE_EXCEPTIONS=False)
    invalidated: list[Session] = []

    def read() -> str:
        database.session().execute(text("SELECT 1"))
        return "lu"

    def failing_close(self: Session) -> None:
        raise OperationalError("ROLLBACK", {}, Exception("terminating connection"))

    app.add_url_rule("/lecture", "lecture", read)
    monkeypatch.setattr(Session, "close", failing_close)
    monkeypatch.setattr(Session, "invalidate", lambda self: invalidated.append(self))
    response = app.test_client().get("/lecture")
    assert (response.status_code, response.get_data(as_text=True)) == (200, "lu")
    assert len(invalidated) == 1
