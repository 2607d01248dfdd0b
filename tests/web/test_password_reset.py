"""Mot de passe oublié: a message that reveals nothing, a 48-hour single-use link."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from web_helpers import db_of, link_from, outbox, text_of

from tests.conftest import unique_email

NEW_PASSWORD = "Nouveau-Mdp2"


def _request_reset(client: Any, identifiant: str) -> Any:
    return client.post("/mot-de-passe-oublie", data={"identifiant": identifiant})


def test_the_forgot_password_page_says_the_same_whether_or_not_the_account_exists(
    app: Any, client: Any, auth: Any
) -> None:
    account = auth.create(email_address="paul.lamy@gmail.com")
    known = text_of(_request_reset(client, "paul.lamy@gmail.com"))
    unknown = text_of(_request_reset(client, "paul.martin@yahoo.com"))  # no such account
    assert known == unknown
    assert (
        "Vous allez recevoir un mail sur votre mail de contact (paul.****@****.com) si vous avez "
        "un compte candidat, veuillez cliquer sur le lien contenu dans ce mail pour modifier "
        "votre mot de passe."
    ) in known
    assert "Ce lien n'est valable que pour une durée de 48 heures." in known
    other = text_of(_request_reset(client, "personne.inconnue@example.org"))
    assert "(personne.****@****.org)" in other
    assert len(outbox(app, account.email)) == 1
    assert outbox(app, "personne.inconnue@example.org") == []


def test_a_candidate_number_never_shows_an_address(app: Any, client: Any, auth: Any) -> None:
    account = auth.create(candidate_number="02500000001")
    known = text_of(_request_reset(client, "02500000001"))
    unknown = text_of(_request_reset(client, "02599999999"))
    assert known == unknown and "@" not in known.split("Mot de passe oublié, réinitialisation")[1]
    assert [m.subject for m in outbox(app, account.email)] == [
        "[EXAMFORMS] Réinitialisation du mot de passe"
    ]


def test_the_reset_link_sets_a_new_password_once(app: Any, client: Any, auth: Any) -> None:
    account = auth.create()
    _request_reset(client, account.email)
    link = link_from(outbox(app, account.email)[-1], "/mot-de-passe/")
    assert client.get(link).status_code == 200
    done = client.post(link, data={"password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD})
    assert done.status_code == 302
    assert auth.login(account.email).status_code == 401  # the old password is gone
    assert auth.login(account.email, NEW_PASSWORD).status_code == 302
    auth.logout()
    again = client.post(
        link, data={"password": "Autre-Mdp3", "password_confirmation": "Autre-Mdp3"}
    )
    assert again.status_code == 410
    assert "Ce lien a déjà été utilisé." in text_of(again)
    assert auth.login(account.email, NEW_PASSWORD).status_code == 302


def test_an_expired_reset_link_is_refused(app: Any, client: Any, auth: Any) -> None:
    from web.core.models import OneTimeToken

    account = auth.create()
    _request_reset(client, account.email)
    link = link_from(outbox(app, account.email)[-1], "/mot-de-passe/")
    with db_of(app) as db:
        for token in db.scalars(select(OneTimeToken)):
            token.expires_at -= timedelta(hours=48)
        db.commit()
    page = client.post(link, data={"password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD})
    assert page.status_code == 410
    assert "Ce lien a expiré." in text_of(page)
    assert auth.login(account.email, NEW_PASSWORD).status_code == 401


def test_a_forged_reset_link_is_refused(client: Any) -> None:
    page = client.get("/mot-de-passe/nimporte-quoi")
    assert page.status_code == 410
    assert "Ce lien n'est pas valide." in text_of(page)


def test_the_new_password_follows_the_rule_and_its_confirmation(
    app: Any, client: Any, auth: Any
) -> None:
    account = auth.create()
    _request_reset(client, account.email)
    link = link_from(outbox(app, account.email)[-1], "/mot-de-passe/")
    weak = client.post(link, data={"password": "faible", "password_confirmation": "faible"})
    assert weak.status_code == 422
    assert "au moins 8 caractères (20 caractères au maximum)" in text_of(weak)
    mismatch = client.post(
        link, data={"password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD + "x"}
    )
    assert "Le mot de passe et sa confirmation sont différents." in text_of(mismatch)
    assert client.get(link).status_code == 200  # refused attempts do not use the link up


def test_using_one_reset_link_voids_the_earlier_ones(app: Any, client: Any, auth: Any) -> None:
    account = auth.create()
    _request_reset(client, account.email)
    _request_reset(client, account.email)
    first, second = (link_from(m, "/mot-de-passe/") for m in outbox(app, account.email))
    client.post(second, data={"password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD})
    assert client.get(first).status_code == 410


def test_an_unactivated_account_gets_no_reset_mail(app: Any, client: Any, auth: Any) -> None:
    account = auth.create(activated=False)
    _request_reset(client, account.email)
    assert outbox(app, account.email) == []


def test_an_unknown_identifier_queues_nothing(app: Any, client: Any) -> None:
    _request_reset(client, unique_email())
    assert outbox(app) == []
