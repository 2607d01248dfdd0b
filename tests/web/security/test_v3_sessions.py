"""ASVS 4.0 V3 (session management): a new session at login, revocation on the server at
logout and password change, idle and absolute lifetimes, the session cookie's attributes,
and re-authentication before deleting the account."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from web_helpers import db_of, text_of

from tests.conftest import DEFAULT_PASSWORD, AuthActions

SPACE = "/mes-inscriptions"


def _copy_cookie(app: Any, source: Any) -> Any:
    """Another browser holding a copy of `source`'s session cookie (a stolen cookie)."""
    name = app.config["SESSION_COOKIE_NAME"]
    cookie = source.get_cookie(name)
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie(name, cookie.value)
    return thief


def test_v3_2_1_login_gives_a_new_session_nothing_of_the_anonymous_one_is_kept(
    app: Any, client: Any, auth: Any
) -> None:
    account = auth.create()
    with client.session_transaction() as session:
        session["planted"] = "par un attaquant"
    before = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert auth.login(account.email).status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session
    assert client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value != before


def test_v3_3_1_after_logout_a_copied_session_cookie_opens_nothing(
    app: Any, client: Any, auth: Any
) -> None:
    account = auth.create()
    assert auth.login(account.email).status_code == 302
    thief = _copy_cookie(app, client)
    assert thief.get(SPACE).status_code == 200
    assert auth.logout().status_code == 302
    stolen = thief.get(SPACE)
    assert stolen.status_code == 302 and "/connexion" in stolen.location


def test_v3_3_1_a_session_ends_after_the_idle_time_and_after_its_absolute_lifetime(
    make_app: Any,
) -> None:
    app = make_app(WTF_CSRF_ENABLED=False, CANDIDATE_IDLE_MINUTES=30,
                   CANDIDATE_SESSION_HOURS=12)
    from web.core.models import utcnow
    from web.core.sessions import SESSION_KEY

    for login_ago, seen_ago in ((timedelta(minutes=40), timedelta(minutes=31)),
                                (timedelta(hours=13), timedelta(minutes=1))):
        client = app.test_client()
        auth = AuthActions(app, client)
        assert auth.login(auth.create().email).status_code == 302
        assert client.get(SPACE).status_code == 200
        now = utcnow()
        with client.session_transaction() as session:
            session[SESSION_KEY] = {"login_at": (now - login_ago).isoformat(),
                                    "seen_at": (now - seen_ago).isoformat()}
        ended = client.get(SPACE, follow_redirects=True)
        assert "Votre session a expiré : reconnectez-vous pour continuer." in text_of(ended)
        assert client.get(SPACE).status_code == 302


def test_v3_3_3_a_password_change_ends_the_other_sessions_and_keeps_this_one(
    app: Any, client: Any, auth: Any
) -> None:
    account = auth.create()
    assert auth.login(account.email).status_code == 302
    other = app.test_client()
    assert AuthActions(app, other).login(account.email).status_code == 302
    new = "Nouveau-Mdp2"
    changed = client.post("/compte", data={
        "email": account.email, "email_confirmation": account.email,
        "password": new, "password_confirmation": new, "current_password": DEFAULT_PASSWORD,
        **_identity(account),
    })
    assert changed.status_code == 302, text_of(changed)
    assert client.get(SPACE).status_code == 200
    assert other.get(SPACE).status_code == 302


def _identity(account: Any) -> dict[str, str]:
    return {"sexe": account.sexe, "nom_naissance": account.nom_naissance,
            "nom_naissance_confirmation": account.nom_naissance, "prenoms": account.prenoms,
            "date_naissance": "17/05/2000", "date_naissance_confirmation": "17/05/2000",
            "pays_naissance": "FR",
            "departement_naissance": account.departement_naissance,
            "commune_naissance": account.commune_naissance}


def test_v3_4_session_cookie_is_secure_httponly_samesite_with_the_host_prefix_under_tls(
    make_app: Any,
) -> None:
    app = make_app(WTF_CSRF_ENABLED=False, SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    account = AuthActions(app, client).create()
    response = client.post("/connexion", base_url="https://localhost",
                           data={"identifiant": account.email, "password": DEFAULT_PASSWORD})
    header = next(h for h in response.headers.getlist("Set-Cookie")
                  if h.startswith("__Host-session="))
    attributes = {part.strip().split("=")[0].lower() for part in header.split(";")}
    assert {"secure", "httponly", "samesite", "path"} <= attributes and "domain" not in attributes
    assert "Path=/" in header and "SameSite=Lax" in header


def test_v3_4_over_plain_http_in_development_the_cookie_keeps_its_plain_name(app: Any) -> None:
    assert app.config["SESSION_COOKIE_NAME"] == "session"


def test_v3_7_1_deleting_the_account_asks_for_the_password_again(
    app: Any, client: Any, auth: Any
) -> None:
    from web.core.models import Account

    account = auth.create()
    assert auth.login(account.email).status_code == 302
    refused = client.post("/compte/supprimer", data={"current_password": "Faux-mdp1!"})
    assert refused.status_code == 422
    assert "Le mot de passe est incorrect : le compte n'a pas été supprimé." in text_of(refused)
    assert client.post("/compte/supprimer").status_code == 422
    with db_of(app) as db:
        assert db.get(Account, account.id) is not None
    done = client.post("/compte/supprimer", data={"current_password": DEFAULT_PASSWORD})
    assert done.status_code == 302
    with db_of(app) as db:
        assert db.get(Account, account.id) is None
