"""The civil status of an account: names as on an ID, a birth date that exists and fits a
candidate, French messages and input limits; the guide's activation and duplicate texts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from web_helpers import add_candidature, creation_form, db_of, text_of

from tests.conftest import unique_email


def _account(app: Any, email: str) -> Any:
    from web.core.models import Account

    with db_of(app) as db:
        return db.scalar(select(Account).where(Account.email_key == email.lower()))


def _modify_form(account: Any, **overrides: str) -> dict[str, str]:
    data = {
        "sexe": "F", "nom_naissance": "MARTIN", "nom_naissance_confirmation": "MARTIN",
        "nom_usage": "", "prenoms": "Claire", "date_naissance": "17/05/2000",
        "date_naissance_confirmation": "17/05/2000", "pays_naissance": "FR",
        "departement_naissance": "75", "commune_naissance": "75056",
        "email": account.email, "email_confirmation": account.email,
        "password": "", "password_confirmation": "", "current_password": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nom_naissance", "LAMY2", "Le nom de naissance ne peut contenir que des lettres, des "
         "espaces, des traits d'union (-) et des apostrophes (') : « 2 » n'est pas accepté."),
        ("nom_usage", "DURAND 1er", "Le nom d'usage ne peut contenir que des lettres, des "
         "espaces, des traits d'union (-) et des apostrophes (') : « 1 » n'est pas accepté."),
        ("prenoms", "Paul_3", "Les prénoms ne peuvent contenir que des lettres, des espaces, "
         "des traits d'union (-) et des apostrophes (') : « _ », « 3 » ne sont pas acceptés."),
    ],
)
def test_digits_in_a_name_are_refused_at_account_creation_with_a_french_message(
    app: Any, create_account: Any, field: str, value: str, message: str
) -> None:
    email = unique_email()
    overrides = {field: value}
    if field == "nom_naissance":
        overrides["nom_naissance_confirmation"] = value
    response = create_account(email, **overrides)
    assert response.status_code == 422
    assert message in text_of(response)
    assert _account(app, email) is None


def test_names_with_accents_hyphens_apostrophes_and_spaces_are_accepted(
    app: Any, create_account: Any
) -> None:
    email = unique_email()
    response = create_account(
        email, nom_naissance="N’DIAYE-LÉGER", nom_naissance_confirmation="N’DIAYE-LÉGER",
        nom_usage="D'Albret de la Tour", prenoms="Zoë Anne-Laure",
    )
    assert response.status_code == 302, text_of(response)
    account = _account(app, email)
    assert (account.nom_naissance, account.prenoms) == ("N’DIAYE-LÉGER", "Zoë Anne-Laure")


def test_a_name_of_punctuation_only_is_refused(app: Any, create_account: Any) -> None:
    response = create_account(unique_email(), prenoms="- '")
    assert response.status_code == 422
    assert "Les prénoms doivent contenir au moins une lettre." in text_of(response)


def test_digits_in_a_name_are_refused_when_modifying_the_account(
    app: Any, client: Any, auth: Any
) -> None:
    from web.core.models import Account

    account = auth.create()
    auth.login(account.email)
    response = client.post("/compte", data=_modify_form(
        account, nom_naissance="MART1N", nom_naissance_confirmation="MART1N"))
    assert response.status_code == 422
    assert "« 1 » n'est pas accepté." in text_of(response)
    with db_of(app) as db:
        assert db.get(Account, account.id).nom_naissance == "MARTIN"


def test_a_birth_date_in_2020_is_refused_at_account_creation(
    app: Any, create_account: Any
) -> None:
    email = unique_email()
    response = create_account(
        email, date_naissance="12/04/2020", date_naissance_confirmation="12/04/2020"
    )
    assert response.status_code == 422
    assert (
        "Avec cette date de naissance, vous auriez moins de 14 ans : vérifiez-la."
    ) in text_of(response)
    assert _account(app, email) is None


def test_a_birth_date_that_does_not_exist_says_so(app: Any, create_account: Any) -> None:
    email = unique_email()
    response = create_account(
        email, date_naissance="31/02/1998", date_naissance_confirmation="31/02/1998"
    )
    assert response.status_code == 422
    page = text_of(response)
    assert "La date de naissance 31/02/1998 n'est pas valide : cette date n'existe pas" in page
    assert "format" not in page.split("Le formulaire contient des erreurs")[1].split(".")[0]
    assert _account(app, email) is None


def test_a_birth_date_in_the_future_gets_its_own_message(
    app: Any, create_account: Any
) -> None:
    future = date.today().replace(year=date.today().year + 1).strftime("%d/%m/%Y")
    response = create_account(
        unique_email(), date_naissance=future, date_naissance_confirmation=future
    )
    assert response.status_code == 422
    assert "La date de naissance ne peut pas être postérieure à la date du jour." in text_of(
        response)


def test_a_birth_date_typed_in_another_shape_gets_the_format_message(
    create_account: Any,
) -> None:
    response = create_account(
        unique_email(), date_naissance="1998-05-30", date_naissance_confirmation="1998-05-30"
    )
    assert response.status_code == 422
    assert "La date de naissance doit être au format JJ/MM/AAAA. Exemple: 30/05/1998" in text_of(
        response)


def test_a_too_long_name_gets_a_french_message_and_the_input_its_maxlength(
    client: Any, create_account: Any
) -> None:
    long_name = "A" * 101
    response = create_account(
        unique_email(), nom_naissance=long_name, nom_naissance_confirmation=long_name
    )
    page = text_of(response)
    assert "Le nom de naissance doit comporter au plus 100 caractères." in page
    assert "Field cannot be longer" not in page
    html = client.get("/compte/creer").get_data(as_text=True)
    for field, length in (("nom_naissance", 100), ("nom_usage", 100), ("prenoms", 150),
                          ("email", 254), ("date_naissance", 10)):
        assert f'id="{field}"' in html
        tag = html.split(f'id="{field}"', 1)[1].split(">", 1)[0]
        assert f'maxlength="{length}"' in tag, field


def test_activating_the_account_shows_the_guides_sentence(app: Any, client: Any) -> None:
    from web_helpers import link_from, outbox

    email = unique_email()
    client.post("/compte/creer", data=creation_form(email))
    [mail] = outbox(app, email)
    page = text_of(client.get(link_from(mail, "/compte/activer/")))
    assert "Votre compte a été activé, vous pouvez maintenant procéder à votre inscription." in page


def test_an_address_already_known_explains_both_cases_of_the_lille_guide(
    create_account: Any,
) -> None:
    email = unique_email()
    create_account(email)
    again = create_account(email)
    page = text_of(again)
    assert "Cette adresse mail existe déjà dans l'application : voici les explications " \
        "possibles" in page
    # First case: the candidate's own (or a relative's) account.
    assert "Vous ou l'un de vos proches avez déjà créé un compte sur ce portail" in page
    # Second case: a candidate known with that address, with or without an account.
    assert (
        "Il existe déjà un candidat qui possède la même adresse mail (avec ou sans compte sur "
        "ce portail)"
    ) in page
    assert (
        "vous ne pouvez pas créer de compte avec cette adresse et devez en utiliser une autre."
    ) in page
    html = again.get_data(as_text=True)
    assert 'href="/connexion"' in html and 'href="/mot-de-passe-oublie"' in html


def test_a_new_account_page_shows_no_duplicate_explanation(client: Any) -> None:
    assert "explication-adresse-existante" not in client.get("/compte/creer").get_data(
        as_text=True)


def test_an_account_with_a_candidature_keeps_its_birth_date_unchecked(
    app: Any, client: Any, auth: Any
) -> None:
    # Once a candidature exists the civil status is locked: only email and password are posted.
    account = auth.create()
    add_candidature(app, account.id)
    auth.login(account.email)
    response = client.post("/compte", data={
        "email": account.email, "email_confirmation": account.email,
        "password": "", "password_confirmation": "", "current_password": "",
    })
    assert response.status_code == 302, text_of(response)
