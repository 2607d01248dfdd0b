"""Créer mon compte: the guide's fields, confirmations, rules and messages."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from web_helpers import creation_form, db_of, outbox, text_of

from tests.conftest import unique_email


def _account(app: Any, email: str) -> Any:
    from web.core.models import Account

    with db_of(app) as db:
        return db.scalar(select(Account).where(Account.email_key == email.lower()))


def test_creating_an_account_shows_the_guides_page_and_queues_the_activation_mail(
    app: Any, client: Any, create_account: Any
) -> None:
    email = unique_email()
    response = create_account(email)
    assert response.status_code == 302
    page = text_of(client.get(response.headers["Location"]))
    assert "Votre compte est en cours de création." in page
    assert "Votre inscription sera possible seulement lorsque votre compte sera activé." in page
    assert f"Vous allez recevoir un mail à l'adresse {email}" in page
    assert "Ce lien n'est valable que pour une durée de 48 heures." in page
    account = _account(app, email)
    assert account is not None and account.activated_at is None
    assert account.commune_naissance_label == "Rennes"
    [mail] = outbox(app, email)
    assert mail.subject == "[EXAMFORMS] Activer mon compte"
    assert mail.account_id == account.id
    assert "Vous venez de créer un compte sur EXAMFORMS." in mail.body_text
    assert "Ce lien n'est valable que pour une durée de 48h." in mail.body_text


def test_the_portal_name_prefixes_the_activation_subject(
    make_app: Any,
) -> None:
    app = make_app(WTF_CSRF_ENABLED=False, PORTAL_NAME="CYCLADES")
    email = unique_email()
    app.test_client().post("/compte/creer", data=creation_form(email))
    assert [m.subject for m in outbox(app, email)] == ["[CYCLADES] Activer mon compte"]


def test_the_password_is_stored_as_an_argon2_hash(app: Any, create_account: Any) -> None:
    email = unique_email()
    create_account(email)
    stored = _account(app, email).password_hash
    assert stored.startswith("$argon2id$") and "Motdepasse!1" not in stored


def test_an_address_already_used_gets_the_guides_message_with_the_address(
    app: Any, create_account: Any
) -> None:
    email = unique_email()
    create_account(email)
    again = create_account(email.upper())
    assert again.status_code == 422
    assert (
        f"L'adresse email : {email.upper()} sert déjà d'identifiant de connexion à un autre "
        'compte : soit cela correspond à votre compte et faire "J\'ai déjà un compte", soit '
        "vous n'avez pas de compte et vous devez rectifier l'adresse mail saisie."
    ) in text_of(again)
    assert len(outbox(app, email)) == 1


@pytest.mark.parametrize(
    "password",
    [
        "Court!1",
        "Beaucoup-trop-long-pour-la-regle!",
        "sansmajuscule!",
        "SANSMINUSCULE!",
        "SansSpecial1",
    ],
)
def test_a_password_breaking_the_rule_gets_the_guides_message(
    app: Any, create_account: Any, password: str
) -> None:
    email = unique_email()
    response = create_account(email, password=password, password_confirmation=password)
    assert response.status_code == 422
    assert (
        "Le mot de passe doit comporter au moins 8 caractères (20 caractères au maximum), ainsi "
        "qu'une minuscule, une majuscule et un caractère spécial."
    ) in text_of(response)
    assert _account(app, email) is None


@pytest.mark.parametrize("password", ["Abcdefg!", "Abcdefghijklmnopqr.9", "été-Ÿ-ok"])
def test_a_password_of_8_to_20_with_lower_upper_and_special_is_accepted(
    app: Any, create_account: Any, password: str
) -> None:
    email = unique_email()
    response = create_account(email, password=password, password_confirmation=password)
    assert response.status_code == 302, text_of(response)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "nom_naissance_confirmation",
            "LAMI",
            "Le nom de naissance et sa confirmation sont différents.",
        ),
        (
            "date_naissance_confirmation",
            "31/05/1998",
            "La date de naissance et sa confirmation sont différentes.",
        ),
        (
            "email_confirmation",
            "autre@example.org",
            "L'adresse mail et sa confirmation sont différentes.",
        ),
        (
            "password_confirmation",
            "Motdepasse!2",
            "Le mot de passe et sa confirmation sont différents.",
        ),
    ],
)
def test_each_confirmation_must_repeat_its_field(
    app: Any, create_account: Any, field: str, value: str, message: str
) -> None:
    email = unique_email()
    response = create_account(email, **{field: value})
    assert response.status_code == 422
    assert message in text_of(response)
    assert _account(app, email) is None


def test_the_error_summary_links_each_message_to_its_field(create_account: Any) -> None:
    response = create_account(unique_email(), nom_naissance="", date_naissance="30.05.1998")
    html = response.get_data(as_text=True)
    assert 'id="resume-erreurs"' in html
    assert 'href="#nom_naissance"' in html and 'id="nom_naissance"' in html
    assert 'href="#date_naissance"' in html
    assert "Veuillez renseigner votre nom de naissance." in text_of(response)
    assert "La date de naissance doit être au format JJ/MM/AAAA." in text_of(response)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/1998", "cette date n'existe pas dans le calendrier"),
        ("1998-13", "La date de naissance doit être au format JJ/MM/AAAA."),
        ("01/01/2999", "La date de naissance ne peut pas être postérieure à la date du jour."),
    ],
)
def test_a_wrong_birth_date_gets_the_message_that_says_why(
    create_account: Any, typed: str, message: str
) -> None:
    response = create_account(unique_email(), date_naissance=typed,
                              date_naissance_confirmation=typed)
    assert message in text_of(response)


def test_a_too_long_name_is_refused_in_french(create_account: Any) -> None:
    response = create_account(unique_email(), nom_naissance="A" * 101,
                              nom_naissance_confirmation="A" * 101)
    assert "Le nom de naissance doit comporter au plus 100 caractères." in text_of(response)
    assert "Field cannot be longer" not in text_of(response)


def test_a_second_account_on_a_known_address_explains_the_two_cases(
    create_account: Any,
) -> None:
    email = unique_email()
    assert create_account(email).status_code == 302
    second = text_of(create_account(email))
    assert f"L'adresse email : {email} sert déjà d'identifiant" in second
    assert "Cette adresse mail existe déjà dans l'application" in second
    assert "Il existe déjà un candidat qui possède la même adresse mail" in second


def test_a_refused_form_keeps_what_was_typed_but_never_the_password(create_account: Any) -> None:
    response = create_account(unique_email(), password_confirmation="Different!1")
    html = response.get_data(as_text=True)
    assert 'value="LAMY"' in html and 'value="30/05/1998"' in html
    assert "Motdepasse!1" not in html and "Different!1" not in html


def test_someone_born_abroad_gives_a_country_and_no_departement_or_commune(
    app: Any, create_account: Any
) -> None:
    email = unique_email()
    response = create_account(
        email, pays_naissance="DE", departement_naissance="", commune_naissance=""
    )
    assert response.status_code == 302, text_of(response)
    account = _account(app, email)
    assert (account.pays_naissance, account.commune_naissance) == ("DE", "")


def test_someone_born_in_france_must_choose_a_commune_of_the_chosen_departement(
    app: Any, create_account: Any
) -> None:
    email = unique_email()
    missing = create_account(email, commune_naissance="")
    assert "Veuillez renseigner votre commune de naissance." in text_of(missing)
    elsewhere = create_account(email, commune_naissance="75056")  # Paris, not in 35
    assert "Veuillez choisir une commune du département de naissance." in text_of(elsewhere)
    assert _account(app, email) is None


def test_the_commune_search_answers_only_communes_of_the_departement(client: Any) -> None:
    in_loire = client.get("/communes?departement=42&q=etienne").get_json()
    assert {"code": "42218", "nom": "Saint-Étienne"} in in_loire
    assert all(row["code"].startswith("42") for row in in_loire)
    in_ille_et_vilaine = client.get("/communes?departement=35&q=etienne").get_json()
    assert in_ille_et_vilaine and all(r["code"].startswith("35") for r in in_ille_et_vilaine)
    assert client.get("/communes?departement=99").get_json() == []


def test_without_javascript_the_communes_button_lists_the_departements_communes(
    create_account: Any,
) -> None:
    response = create_account(
        unique_email(), departement_naissance="29", commune_naissance="", action="communes"
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<option value="29232" >Quimper</option>' in html
    assert "resume-erreurs" not in html


def test_a_logged_in_candidate_is_sent_home_from_the_creation_page(
    client: Any, activated_account: Any
) -> None:
    assert client.get("/compte/creer").status_code == 302


def test_two_simultaneous_creations_with_one_address_leave_one_account_and_one_mail(
    app: Any, client: Any, create_account: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import web.account.views.creation as account_pages

    email = unique_email()
    assert create_account(email).status_code == 302
    # The second request checked before the first one committed: only the database can tell.
    monkeypatch.setattr(account_pages, "find_by_email", lambda db, address: None)
    second = create_account(email)
    assert second.status_code == 422
    assert f"L'adresse email : {email} sert déjà d'identifiant" in text_of(second)
    assert len(outbox(app, email)) == 1
