"""Activation links, login, logout, rate limiting and the 48-hour purge."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from web_helpers import creation_form, db_of, link_from, outbox, text_of

from tests.conftest import DEFAULT_PASSWORD, unique_email


def _create(client: Any, app: Any) -> tuple[str, str]:
    email = unique_email()
    assert client.post("/compte/creer", data=creation_form(email)).status_code == 302
    [mail] = outbox(app, email)
    return email, link_from(mail, "/compte/activer/")


def _age_everything(app: Any, delta: timedelta) -> None:
    """Move every creation date and expiry into the past by `delta`."""
    from web.core.models import Account, OneTimeToken

    with db_of(app) as db:
        for account in db.scalars(select(Account)):
            account.created_at -= delta
        for token in db.scalars(select(OneTimeToken)):
            token.expires_at -= delta
        db.commit()


def test_the_activation_link_activates_the_account_then_the_candidate_logs_in(
    app: Any, client: Any
) -> None:
    email, link = _create(client, app)
    page = client.get(link)
    assert page.status_code == 200
    assert (
        "Votre compte a été activé, vous pouvez maintenant procéder à votre inscription."
    ) in text_of(page)
    login = client.post("/connexion", data={"identifiant": email, "password": "Motdepasse!1"})
    assert login.status_code == 302
    assert "Se déconnecter" in text_of(client.get("/"))


def test_an_account_cannot_log_in_before_its_activation(app: Any, client: Any) -> None:
    email, _ = _create(client, app)
    response = client.post("/connexion", data={"identifiant": email, "password": "Motdepasse!1"})
    assert response.status_code == 401
    assert "Votre compte n'est pas encore activé" in text_of(response)
    assert "Se déconnecter" not in text_of(client.get("/"))


def test_activating_twice_says_the_account_is_already_active(app: Any, client: Any) -> None:
    _, link = _create(client, app)
    client.get(link)
    again = client.get(link)
    assert again.status_code == 200
    assert "Ce compte est déjà activé." in text_of(again)


def test_an_expired_activation_link_says_to_start_again(app: Any, client: Any) -> None:
    email, link = _create(client, app)
    _age_everything(app, timedelta(hours=48, seconds=1))
    page = client.get(link)
    assert page.status_code == 410
    assert "Ce lien d'activation a expiré." in text_of(page)
    login = client.post("/connexion", data={"identifiant": email, "password": "Motdepasse!1"})
    assert login.status_code == 401


def test_a_forged_activation_link_is_refused(app: Any, client: Any) -> None:
    _create(client, app)
    page = client.get("/compte/activer/forged-token-value")
    assert page.status_code == 404
    assert "Ce lien d'activation n'est pas valide." in text_of(page)


def test_a_reset_token_cannot_activate_an_account(app: Any, client: Any, auth: Any) -> None:
    account = auth.create()
    client.post("/mot-de-passe-oublie", data={"identifiant": account.email})
    reset_link = link_from(outbox(app, account.email)[-1], "/mot-de-passe/")
    token = reset_link.rsplit("/", 1)[1]
    assert client.get(f"/compte/activer/{token}").status_code == 404


def test_purge_deletes_accounts_not_activated_within_48_hours(
    app: Any, client: Any, auth: Any, runner: Any
) -> None:
    from web.core.models import Account

    stale, _ = _create(client, app)
    kept_active = auth.create()
    _age_everything(app, timedelta(hours=49))
    fresh, _ = _create(client, app)
    result = runner.invoke(args=["purge-accounts"])
    assert "1 compte(s) non activé(s) supprimé(s)." in result.output
    with db_of(app) as db:
        left = set(db.scalars(select(Account.email)))
    assert stale not in left and {fresh, kept_active.email} <= left
    assert outbox(app, stale) == []  # the unactivated account's mail goes with it


def test_login_accepts_the_email_in_any_case_and_the_candidate_number(
    app: Any, client: Any, auth: Any
) -> None:
    account = auth.create(candidate_number="02512345678")
    assert auth.login(account.email.upper()).status_code == 302
    auth.logout()
    assert auth.login("02512345678").status_code == 302


def test_a_wrong_password_or_unknown_login_gets_the_same_message(client: Any, auth: Any) -> None:
    account = auth.create()
    wrong = auth.login(account.email, "Mauvais!1")
    unknown = auth.login(unique_email(), "Mauvais!1")
    assert wrong.status_code == unknown.status_code == 401
    assert "Identifiant ou mot de passe incorrect." in text_of(wrong)
    assert "Identifiant ou mot de passe incorrect." in text_of(unknown)


def test_logging_out_needs_a_post_and_ends_the_session(client: Any, auth: Any) -> None:
    account = auth.create()
    auth.login(account.email)
    assert client.get("/deconnexion").status_code == 405
    assert client.post("/deconnexion").status_code == 302
    assert client.get("/mes-messages").status_code == 302


def test_after_login_the_next_page_is_never_another_site(client: Any, auth: Any) -> None:
    account = auth.create()
    response = client.post(
        "/connexion?next=//evil.example/x",
        data={"identifiant": account.email, "password": DEFAULT_PASSWORD},
    )
    assert response.headers["Location"] == "/mes-inscriptions"
    auth.logout()
    response = client.post(
        "/connexion?next=/mes-messages",
        data={"identifiant": account.email, "password": DEFAULT_PASSWORD},
    )
    assert response.headers["Location"] == "/mes-messages"


def test_too_many_failed_logins_on_one_account_are_stopped_with_a_clear_message(
    make_app: Any,
) -> None:
    app = make_app(WTF_CSRF_ENABLED=False, LOGIN_LIMIT_PER_ACCOUNT="3 per 15 minutes")
    from tests.conftest import AuthActions

    client = app.test_client()
    auth = AuthActions(app, client)
    account = auth.create()
    for _ in range(3):
        assert auth.login(account.email, "Mauvais!1").status_code == 401
    blocked = auth.login(account.email)  # even the right password waits
    assert blocked.status_code == 429
    assert "Trop de tentatives de connexion." in text_of(blocked)
    other = auth.create()
    assert auth.login(other.email).status_code == 302  # other accounts are not affected


def test_too_many_failed_logins_from_one_address_are_stopped(make_app: Any) -> None:
    app = make_app(WTF_CSRF_ENABLED=False, LOGIN_LIMIT_PER_ADDRESS="4 per 15 minutes")
    client = app.test_client()
    for _ in range(4):
        response = client.post(
            "/connexion", data={"identifiant": unique_email(), "password": "Mauvais!1"}
        )
        assert response.status_code == 401
    blocked = client.post("/connexion", data={"identifiant": unique_email(), "password": "x"})
    assert blocked.status_code == 429
    assert "Trop de tentatives de connexion." in text_of(blocked)


def test_successful_logins_do_not_count_towards_the_limit(make_app: Any) -> None:
    app = make_app(WTF_CSRF_ENABLED=False, LOGIN_LIMIT_PER_ACCOUNT="2 per 15 minutes")
    from tests.conftest import AuthActions

    client = app.test_client()
    auth = AuthActions(app, client)
    account = auth.create()
    for _ in range(4):
        assert auth.login(account.email).status_code == 302
        auth.logout()


def test_a_password_change_signs_out_the_other_browsers(app: Any, client: Any, auth: Any) -> None:
    from web.core.models import Account

    account = auth.create()
    auth.login(account.email)
    with db_of(app) as db:
        db.execute(
            update(Account)
            .where(Account.id == account.id)
            .values(session_version=Account.session_version + 1)
        )
        db.commit()
    assert client.get("/mes-messages").status_code == 302
