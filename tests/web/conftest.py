"""Fixtures of the portal's web tests (the shared ones live in tests/conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest
from web_helpers import creation_form, text_of


@pytest.fixture
def create_account(client: Any) -> Any:
    """Post the creation form (valid unless overridden); returns the response."""

    def post(email: str, **overrides: str) -> Any:
        return client.post("/compte/creer", data=creation_form(email, **overrides))

    return post


@pytest.fixture
def activated_account(app: Any, client: Any, auth: Any) -> Any:
    """An activated account created through the database, logged in on `client`."""
    account = auth.create()
    response = auth.login(account.email)
    assert response.status_code == 302, text_of(response)
    return account


@pytest.fixture
def pieces_app(make_app: Any, tmp_path: Any) -> Any:
    """The portal on a CFG spec asking for pieces online (PDF, pictures) and by post."""
    from pieces_support import pieces_exams

    return make_app(WTF_CSRF_ENABLED=False, EXAMS_DIR=str(pieces_exams(tmp_path)))


@pytest.fixture
def pieces_client(pieces_app: Any) -> Any:
    return pieces_app.test_client()


@pytest.fixture
def pieces_candidate(pieces_app: Any, pieces_client: Any, auth: Any) -> Any:
    """A logged-in candidate on pieces_app."""
    from registration_support import Candidate

    actions = type(auth)(pieces_app, pieces_client)
    account = actions.create(nom_naissance="LAMY", prenoms="Paul", sexe="M")
    assert actions.login(account.email).status_code == 302
    return Candidate(pieces_client, account)


@pytest.fixture
def with_pieces(pieces_app: Any, pieces_candidate: Any) -> Any:
    """A saved CFG candidature asking for the identity document and the signed
    confirmation online, and two photographs by post a week later."""
    from registration_support import open_session
    from space_support import register_cfg

    return register_cfg(pieces_candidate, pieces_app, open_session(pieces_app, "cfg"))
