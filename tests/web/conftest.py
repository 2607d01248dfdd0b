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
