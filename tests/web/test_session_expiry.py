"""RGAA 13.1: a logged-in person's pages warn before the idle session ends and offer
« Rester connecté(e) », which extends it; the site map (RGAA 12.1) is the second way round."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from web_helpers import staff_client, text_of

SPACE = "/mes-inscriptions"


def _moments(html: str) -> tuple[int, int, str]:
    found = re.search(
        r'id="expiration-session" hidden\s+data-avertir="(\d+)" data-expirer="(\d+)">.*?'
        r'<form method="post" action="([^"]+)">',
        html,
        re.S,
    )
    assert found, "no expiry warning on the page"
    return int(found[1]), int(found[2]), found[3]


def test_a_candidate_s_page_warns_three_minutes_before_the_idle_limit_and_a_public_page_not(
    make_app: Any,
) -> None:
    from tests.conftest import AuthActions

    app = make_app(WTF_CSRF_ENABLED=False, CANDIDATE_IDLE_MINUTES=30)
    client = app.test_client()
    assert "expiration-session" not in client.get("/").get_data(as_text=True)
    auth = AuthActions(app, client)
    assert auth.login(auth.create().email).status_code == 302
    html = client.get(SPACE).get_data(as_text=True)
    # The last-request instant is rewritten every minute at most: 2 minutes are left at least.
    assert _moments(html) == (30 * 60 - 60 - 120, 30 * 60, "/session/prolonger")
    assert 'href="/connexion" id="lien-reconnexion"' in html
    assert '<input type="hidden" name="next" value="/mes-inscriptions">' in html


def _logged_in_at(client: Any, auth: Any, login_ago: int, seen_ago: int) -> str:
    """A new candidate logged in `login_ago` minutes ago, last seen `seen_ago` minutes ago;
    the instant the clock was set (ISO)."""
    from web.core.models import utcnow
    from web.core.sessions import SESSION_KEY

    assert auth.login(auth.create().email).status_code == 302
    now = utcnow()
    with client.session_transaction() as session:
        session[SESSION_KEY] = {
            "login_at": (now - timedelta(minutes=login_ago)).isoformat(),
            "seen_at": (now - timedelta(minutes=seen_ago)).isoformat(),
        }
    return now.isoformat()


def test_rester_connecte_renews_the_idle_clock_and_a_later_request_still_opens_the_space(
    app: Any, client: Any, auth: Any
) -> None:
    from web.core.models import utcnow
    from web.core.sessions import SESSION_KEY

    now = _logged_in_at(client, auth, 40, 28)
    kept = client.post("/session/prolonger", headers={"X-Requested-With": "fetch"})
    assert (kept.status_code, kept.get_data()) == (204, b"")
    with client.session_transaction() as session:
        seen = session[SESSION_KEY]["seen_at"]
        # Two more idle minutes would have ended the old clock; the renewed one is still open.
        session[SESSION_KEY] = {
            **session[SESSION_KEY],
            "seen_at": (utcnow() - timedelta(minutes=29)).isoformat(),
        }
    assert seen >= now
    assert client.get(SPACE).status_code == 200


def test_rester_connecte_without_the_script_returns_to_the_page_saying_so_never_elsewhere(
    app: Any, client: Any, auth: Any
) -> None:
    assert auth.login(auth.create().email).status_code == 302
    back = client.post("/session/prolonger", data={"next": "/compte"})
    assert (back.status_code, back.location) == (302, "/compte")
    assert "Votre session est prolongée." in text_of(client.get("/compte"))
    away = client.post("/session/prolonger", data={"next": "//evil.example/x"})
    assert away.location == SPACE


def test_rester_connecte_after_the_session_ended_leads_to_the_login_not_to_a_renewal(
    app: Any, client: Any, auth: Any
) -> None:
    _logged_in_at(client, auth, 0, 31)
    late = client.post("/session/prolonger", headers={"X-Requested-With": "fetch"})
    assert late.status_code == 302 and late.location.startswith("/connexion")
    assert client.get(SPACE).status_code == 302


def test_the_back_office_warns_on_its_own_limit_and_renews_the_staff_session(
    make_app: Any,
) -> None:
    from tests.conftest import StaffActions
    from web.core.models import utcnow

    app = make_app(WTF_CSRF_ENABLED=False, STAFF_IDLE_MINUTES=20)
    client, _ = staff_client(app, StaffActions(app, app.test_client()))
    html = client.get("/gestion/").get_data(as_text=True)
    assert _moments(html) == (20 * 60 - 120, 20 * 60, "/gestion/session/prolonger")
    assert 'href="/gestion/connexion" id="lien-reconnexion"' in html
    with client.session_transaction() as session:
        session["staff_session"]["seen_at"] = (utcnow() - timedelta(minutes=19)).isoformat()
    assert (
        client.post("/gestion/session/prolonger", headers={"X-Requested-With": "fetch"}).status_code
        == 204
    )
    with client.session_transaction() as session:
        assert session["staff_session"]["seen_at"] > (utcnow() - timedelta(minutes=1)).isoformat()


def test_the_site_map_links_every_page_of_the_portal_and_every_footer_links_the_map(
    client: Any, auth: Any
) -> None:
    page = client.get("/plan-du-site")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<h1>Plan du site</h1>" in html
    links = re.findall(r'<li><a href="([^"]+)">', html)
    assert links == [
        "/",
        "/ouverture-des-services",
        "/aide",
        "/mentions-legales",
        "/accessibilite",
        "/compte/creer",
        "/connexion",
        "/connexion/aide",
        "/mot-de-passe-oublie",
        "/mes-inscriptions",
        "/mes-inscriptions/nouvelle",
        "/mes-messages",
        "/compte",
    ]
    assert "Ces pages s'ouvrent une fois connecté(e) à votre compte." in text_of(page)
    for path in links[:9]:
        assert client.get(path).status_code == 200, path
    assert auth.login(auth.create().email).status_code == 302
    for path in links[9:]:
        assert client.get(path).status_code == 200, path
    for path in ("/", "/aide", "/mes-inscriptions"):
        assert 'id="lien-plan-du-site" href="/plan-du-site">Plan du site</a>' in client.get(
            path
        ).get_data(as_text=True), path
