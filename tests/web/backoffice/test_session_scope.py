"""Who reaches the sessions pages: an academy's office sees and changes its own parts only."""

from __future__ import annotations

from typing import Any

import pytest
from session_support import add_candidature, audit_entries, open_part, part_row, periods_of
from web_helpers import text_of

PERIOD = {"opens_on": "01/09/2027", "opens_time": "00:00", "closes_on": "30/09/2027",
          "closes_time": "23:59"}
DATES = {"return_by": "31/12/2027", "pieces_deadline": "31/12/2027"}
NATIONAL = {"label": "AUTRE", "year": "2027", "starts_on": ""}


def _routes(
    session_id: int, period_id: int, academy: str
) -> list[tuple[str, dict[str, str] | None]]:
    """Every page of a part, with what a POST to it would change (None: a page to read)."""
    base = f"/gestion/sessions/{session_id}/{academy}"
    return [
        (base, None),
        (f"{base}/session", NATIONAL),
        (f"{base}/periodes/nouvelle", PERIOD),
        (f"{base}/periodes/{period_id}", PERIOD),
        (f"{base}/periodes/{period_id}/suppression", {}),
        (f"{base}/dates", DATES),
        (f"{base}/fermeture", {}),
    ]


def test_an_office_gets_404_on_every_page_of_another_academys_part_and_changes_nothing(
    app: Any, client: Any, staff: Any
) -> None:
    session_id, period_id = open_part(app, "cfg", "rennes")
    open_part(app, "cfg", "lille")  # Lille takes part in the same national session
    add_candidature(app, session_id, "rennes")
    before = (periods_of(app, session_id), len(audit_entries(app)))
    staff.logged_in("lille")
    for url, data in _routes(session_id, period_id, "rennes"):
        assert client.get(url).status_code == 404, url
        if data is not None:
            assert client.post(url, data=data).status_code == 404, url
    assert (periods_of(app, session_id), len(audit_entries(app))) == before
    row = part_row(app, session_id, "rennes")
    assert row.closed_at is None and row.return_by is None


def test_a_period_of_another_academy_is_not_reachable_through_ones_own_part(
    app: Any, client: Any, staff: Any
) -> None:
    session_id, rennes_period = open_part(app, "cfg", "rennes")
    open_part(app, "cfg", "lille", opens_at=None)
    staff.logged_in("lille")
    base = f"/gestion/sessions/{session_id}/lille/periodes/{rennes_period}"
    assert client.get(base).status_code == 404
    assert client.post(base, data=PERIOD).status_code == 404
    assert client.post(f"{base}/suppression").status_code == 404
    assert len(periods_of(app, session_id, "rennes")) == 1


def test_the_list_shows_the_offices_own_parts_and_the_administrator_every_one(
    app: Any, client: Any, staff: Any, make_app: Any
) -> None:
    open_part(app, "cfg", "rennes", "JUIN 2027")
    open_part(app, "cap", "lille", "JUIN 2028", year=2028)
    staff.logged_in("rennes")
    listing = text_of(client.get("/gestion/sessions"))
    assert "ACADÉMIE DE RENNES" in listing and "JUIN 2027" in listing
    assert "JUIN 2028" not in listing and "ACADÉMIE DE LILLE" not in listing
    admin_client = app.test_client()
    staff.logged_in(None, admin=True, client=admin_client)
    everything = text_of(admin_client.get("/gestion/sessions"))
    assert "JUIN 2027" in everything and "JUIN 2028" in everything


def test_an_office_cannot_open_a_session_for_another_academy(
    app: Any, client: Any, staff: Any
) -> None:
    staff.logged_in("rennes")
    created = client.post("/gestion/sessions/nouvelle", data={
        "exam": "cfg", "label": "JUIN 2027", "year": "2027", "academy": "lille"})
    assert created.status_code == 302
    assert created.location.endswith("/rennes")  # the posted academy is ignored


@pytest.mark.parametrize("path", ["/gestion/sessions", "/gestion/sessions/nouvelle",
                                  "/gestion/sessions/1/rennes", "/gestion/sessions/1/rennes/dates"])
def test_a_candidate_gets_404_and_an_anonymous_visitor_the_login(
    client: Any, auth: Any, path: str
) -> None:
    anonymous = client.get(path)
    assert anonymous.status_code == 302 and anonymous.location.startswith("/gestion/connexion")
    account = auth.create()
    auth.login(account.email)
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
