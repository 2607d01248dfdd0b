"""Modifier mon compte and Supprimer mon compte, before and after a first candidature."""

from __future__ import annotations

from typing import Any

import pytest
from web_helpers import add_candidature, db_of, link_from, outbox, text_of

from tests.conftest import DEFAULT_PASSWORD, unique_email


def _form(account: Any, **overrides: str) -> dict[str, str]:
    data = {
        "sexe": "F",
        "nom_naissance": "MARTIN",
        "nom_naissance_confirmation": "MARTIN",
        "nom_usage": "",
        "prenoms": "Claire",
        "date_naissance": "17/05/2000",
        "date_naissance_confirmation": "17/05/2000",
        "pays_naissance": "FR",
        "departement_naissance": "75",
        "commune_naissance": "75056",
        "email": account.email,
        "email_confirmation": account.email,
        "password": "",
        "password_confirmation": "",
        "current_password": "",
    }
    data.update(overrides)
    return data


def _reload(app: Any, account: Any) -> Any:
    from web.core.models import Account

    with db_of(app) as db:
        found = db.get(Account, account.id)
        if found is not None:
            db.expunge(found)
        return found


@pytest.fixture
def account(auth: Any) -> Any:
    created = auth.create()
    assert auth.login(created.email).status_code == 302
    return created


def test_every_field_can_be_changed_before_the_first_candidature(
    app: Any, client: Any, account: Any
) -> None:
    page = client.get("/compte")
    assert 'id="nom_naissance"' in page.get_data(as_text=True)
    assert "explication-champs-grises" not in page.get_data(as_text=True)
    response = client.post(
        "/compte",
        data=_form(
            account,
            nom_naissance="DURAND",
            nom_naissance_confirmation="DURAND",
            nom_usage="PETIT",
            departement_naissance="35",
            commune_naissance="35238",
        ),
    )
    assert response.status_code == 302, text_of(response)
    changed = _reload(app, account)
    assert (changed.nom_naissance, changed.nom_usage, changed.commune_naissance_label) == (
        "DURAND",
        "PETIT",
        "Rennes",
    )


@pytest.mark.parametrize("state", ["inscrit", "desinscrit_par_le_candidat"])
def test_once_a_candidature_exists_only_email_and_password_can_change(
    app: Any, client: Any, account: Any, state: str
) -> None:
    add_candidature(app, account.id, state)
    page = client.get("/compte")
    html = page.get_data(as_text=True)
    assert "seuls l'adresse mail et le mot de passe sont modifiables" in text_of(page)
    assert "Rectorat de l'académie de Rennes" in text_of(page)  # whom to contact instead
    assert 'id="nom_naissance" value="MARTIN" disabled' in html
    response = client.post(
        "/compte",
        data=_form(
            account,
            nom_naissance="DURAND",
            nom_naissance_confirmation="DURAND",
            password="Nouveau-Mdp2",
            password_confirmation="Nouveau-Mdp2",
            current_password=DEFAULT_PASSWORD,
        ),
    )
    assert response.status_code == 302, text_of(response)
    changed = _reload(app, account)
    assert changed.nom_naissance == "MARTIN"  # posted anyway, ignored
    from web.core.security import verify_password

    assert verify_password(changed.password_hash, "Nouveau-Mdp2")
    assert client.get("/compte").status_code == 200  # this browser stays signed in


def test_changing_the_email_takes_effect_only_once_the_new_address_is_confirmed(
    app: Any, client: Any, auth: Any, account: Any
) -> None:
    new = unique_email("nouvelle")
    response = client.post(
        "/compte",
        data=_form(account, email=new, email_confirmation=new, current_password=DEFAULT_PASSWORD),
    )
    assert response.status_code == 302
    assert f"Un mail de vérification a été envoyé à l'adresse {new}." in text_of(
        client.get("/compte")
    )
    assert _reload(app, account).email == account.email
    [mail] = outbox(app, new)
    assert mail.subject == "[EXAMFORMS] Confirmer ma nouvelle adresse mail"
    [notice] = outbox(app, account.email)
    assert notice.subject == "[EXAMFORMS] Changement d'adresse mail demandé"
    assert "nouvelle" in notice.body_text.split("vers l'adresse ")[1][:12]
    link = link_from(mail, "/compte/email/")
    assert "Votre adresse mail est modifiée." in text_of(client.get(link))
    assert _reload(app, account).email == new
    auth.logout()
    assert auth.login(new).status_code == 302
    auth.logout()
    assert auth.login(account.email).status_code == 401
    assert client.get(link).status_code == 410  # single use


def test_changing_the_email_or_password_needs_the_current_password(
    app: Any, client: Any, account: Any
) -> None:
    new = unique_email()
    response = client.post(
        "/compte", data=_form(account, email=new, email_confirmation=new, current_password="x")
    )
    assert response.status_code == 422
    assert "Le mot de passe actuel est incorrect" in text_of(response)
    assert outbox(app, new) == []


def test_the_new_email_cannot_be_another_accounts(
    app: Any, client: Any, auth: Any, account: Any
) -> None:
    other = auth.create()
    response = client.post(
        "/compte",
        data=_form(
            account,
            email=other.email,
            email_confirmation=other.email,
            current_password=DEFAULT_PASSWORD,
        ),
    )
    assert response.status_code == 422
    assert f"L'adresse email : {other.email} sert déjà d'identifiant" in text_of(response)


def test_a_new_password_on_the_account_page_follows_the_rule(client: Any, account: Any) -> None:
    response = client.post(
        "/compte",
        data=_form(
            account,
            password="faible",
            password_confirmation="faible",
            current_password=DEFAULT_PASSWORD,
        ),
    )
    assert response.status_code == 422
    assert "ainsi qu'une minuscule, une majuscule et un caractère spécial" in text_of(response)


def test_deleting_the_account_asks_for_confirmation_then_removes_it(
    app: Any, client: Any, auth: Any, account: Any
) -> None:
    page = client.get("/compte/supprimer")
    assert "Voulez-vous vraiment supprimer votre compte ?" in text_of(page)
    assert _reload(app, account) is not None
    response = client.post("/compte/supprimer", data={"current_password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert _reload(app, account) is None
    assert auth.login(account.email).status_code == 401


def test_deleting_is_refused_with_the_guides_message_once_a_candidature_exists(
    app: Any, client: Any, account: Any
) -> None:
    add_candidature(app, account.id, "desinscrit_par_le_candidat")
    message = (
        "Le compte ne peut pas être supprimé car une ou plusieurs candidatures y sont attachées"
    )
    assert message in text_of(client.get("/compte/supprimer"))
    refused = client.post("/compte/supprimer")
    assert refused.status_code == 409
    assert message in text_of(refused)
    assert _reload(app, account) is not None


def test_account_pages_need_a_logged_in_candidate(client: Any) -> None:
    for url in ("/compte", "/compte/supprimer", "/mes-messages", "/mes-inscriptions"):
        response = client.get(url)
        assert response.status_code == 302 and "/connexion" in response.headers["Location"]


def test_a_browser_signed_in_to_a_deleted_account_does_not_open_the_next_account(
    app: Any, client: Any, auth: Any
) -> None:
    from tests.conftest import AuthActions

    deleted = auth.create(nom_naissance="ANCIEN", prenoms="Alice")
    elsewhere = app.test_client()                      # another browser of the same person
    assert AuthActions(app, elsewhere).login(deleted.email).status_code == 302
    auth.login(deleted.email)
    deleting = client.post("/compte/supprimer", data={"current_password": DEFAULT_PASSWORD})
    assert deleting.status_code == 302
    newcomer = auth.create(nom_naissance="NOUVEAU", prenoms="Bob")
    # SQLite gives the highest id again: the new account may well take the deleted one's.
    page = elsewhere.get("/compte")
    assert page.status_code == 302 and "/connexion" in page.location
    assert "NOUVEAU" not in text_of(elsewhere.get("/"))
    assert newcomer.email not in text_of(elsewhere.get("/"))
