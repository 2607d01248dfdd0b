"""ASVS 4.0 V4.2.2: every state-changing route refuses a request without the CSRF token.

The routes come from the URL map, so a route added later is checked without anyone
remembering to list it."""

from __future__ import annotations

from typing import Any

from web_helpers import text_of
from werkzeug.routing.converters import NumberConverter, PathConverter

from tests.conftest import AuthActions

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
EXPIRED = "Le formulaire a expiré ou n'a pas pu être vérifié."


def _state_changing_urls(app: Any) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) & STATE_CHANGING):
            values = {
                name: "1" if isinstance(conv, NumberConverter) else
                "x/y" if isinstance(conv, PathConverter) else "x"
                for name, conv in rule._converters.items()
            }
            with app.test_request_context():
                from flask import url_for

                found.append((method, url_for(rule.endpoint, **values)))
    return found


def test_v4_2_2_every_state_changing_route_of_the_url_map_refuses_a_request_without_token(
    make_app: Any,
) -> None:
    app = make_app()  # CSRF protection on, as in production
    routes = _state_changing_urls(app)
    assert len(routes) >= 30 and ("POST", "/deconnexion") in routes
    anonymous = app.test_client()
    candidate = app.test_client()
    auth = AuthActions(app, candidate)
    account = auth.create()
    with candidate.session_transaction() as session:  # logged in without going through a form
        session["_user_id"] = account.get_id()
    refused = []
    for method, url in routes:
        for client in (anonymous, candidate):
            response = client.open(url, method=method, data={"action": "suivant"})
            if response.status_code != 400 or EXPIRED not in text_of(response):
                refused.append((method, url, response.status_code))
    assert refused == []


def test_v4_2_2_a_token_of_another_session_is_refused_too(make_app: Any) -> None:
    app = make_app()
    other = app.test_client()
    page = other.get("/connexion").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client = app.test_client()
    response = client.post("/connexion", data={"csrf_token": token, "identifiant": "a@b.fr",
                                                "password": "x"})
    assert response.status_code == 400
