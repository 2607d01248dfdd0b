"""Sign-in and account creation with FranceConnect against the local OpenID provider."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from web_helpers import text_of

from tests.oidc_support import query_of


@pytest.fixture
def fc_app(make_app: Any, oidc_provider: Any) -> Any:
    app = make_app(WTF_CSRF_ENABLED=False, **oidc_provider.portal_settings())
    oidc_provider.allow(app.config["PUBLIC_BASE_URL"])
    return app


@pytest.fixture
def fc_client(fc_app: Any) -> Any:
    return fc_app.test_client()


def _local(url: str, app: Any) -> str:
    base = app.config["PUBLIC_BASE_URL"]
    assert url.startswith(base), url
    return url.removeprefix(base)


def start(client: Any) -> str:
    answer = client.get("/connexion/franceconnect")
    assert answer.status_code == 302, text_of(answer)
    return str(answer.headers["Location"])


def sign_in(client: Any, app: Any, provider: Any, key: str) -> Any:
    """The whole round trip: the portal sends to the provider, the person picks `key`."""
    back = provider.choose(start(client), key)
    return client.get(_local(back, app))


def accounts(app: Any) -> list[Any]:
    from sqlalchemy import select

    from web.core import db as database
    from web.core.models import Account

    with app.app_context():
        rows = list(database.session().scalars(select(Account)))
        for row in rows:
            database.session().expunge(row)
        return rows


def sign_up(client: Any, app: Any, provider: Any, key: str) -> Any:
    """A first sign-in: it lands on the candidate's home and creates the only account."""
    answer = sign_in(client, app, provider, key)
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/mes-inscriptions")
    [account] = accounts(app)
    return account


def test_the_authorization_request_carries_state_nonce_pkce_and_acr(
    fc_client: Any, fc_app: Any, oidc_provider: Any
) -> None:
    asked = query_of(start(fc_client))
    assert asked["response_type"] == "code"
    assert asked["client_id"] == "portail-examforms"
    assert (
        asked["redirect_uri"]
        == f"{fc_app.config['PUBLIC_BASE_URL']}/connexion/franceconnect/retour"
    )
    assert len(asked["state"]) >= 20 and len(asked["nonce"]) >= 20
    assert asked["code_challenge_method"] == "S256" and len(asked["code_challenge"]) == 43
    assert asked["acr_values"] == "eidas1"
    assert set(asked["scope"].split()) >= {
        "openid",
        "given_name",
        "family_name",
        "birthdate",
        "birthplace",
        "birthcountry",
        "gender",
        "email",
        "preferred_username",
    }


def test_a_first_sign_in_creates_the_account_from_the_claims_and_a_later_one_logs_into_it(
    fc_client: Any, fc_app: Any, oidc_provider: Any
) -> None:
    account = sign_up(fc_client, fc_app, oidc_provider, "angela")
    assert (account.email, account.nom_naissance, account.prenoms, account.sexe) == (
        "angela.dubois@example.org",
        "DUBOIS",
        "Angela Claire Louise",
        "F",
    )
    assert account.date_naissance == date(1992, 8, 24)
    assert (
        account.pays_naissance,
        account.departement_naissance,
        account.commune_naissance,
        account.commune_naissance_label,
    ) == ("FR", "75", "75107", "Paris 7e Arrondissement")
    assert account.activated_at is not None and account.password_hash == ""
    assert account.oidc_issuer == oidc_provider.url and account.oidc_subject
    page = text_of(fc_client.get("/compte"))
    assert "transmis par FranceConnect" in page

    fc_client.post("/deconnexion")
    again = sign_in(fc_client, fc_app, oidc_provider, "angela")
    assert again.status_code == 302
    assert len(accounts(fc_app)) == 1
    assert fc_client.get("/compte").status_code == 200


def test_an_identity_born_abroad_and_a_composite_name_are_kept_whole(
    fc_app: Any, oidc_provider: Any
) -> None:
    sign_in(fc_app.test_client(), fc_app, oidc_provider, "karim")
    sign_in(fc_app.test_client(), fc_app, oidc_provider, "jean-baptiste")
    by_email = {a.email: a for a in accounts(fc_app)}
    karim = by_email["karim.benali@example.org"]
    assert (karim.pays_naissance, karim.departement_naissance, karim.commune_naissance) == (
        "MA",
        "",
        "",
    )
    jb = by_email["jb.delafontaine@example.org"]
    assert (jb.nom_naissance, jb.nom_usage, jb.prenoms) == (
        "DE LA FONTAINE-MARTIN",
        "MOREAU",
        "Jean-Baptiste Marie",
    )
    assert (jb.departement_naissance, jb.commune_naissance_label) == ("35", "Rennes")


def test_a_candidate_born_in_viet_nam_signs_up_with_its_iso_code(
    fc_client: Any, fc_app: Any, oidc_provider: Any
) -> None:
    account = sign_up(fc_client, fc_app, oidc_provider, "linh")
    assert (account.email, account.pays_naissance, account.commune_naissance) == (
        "linh.nguyen@example.org",
        "VN",
        "",
    )
    page = fc_client.get("/compte").get_data(as_text=True)
    assert 'id="pays_naissance" value="VIÊT NAM"' in page


def test_an_unknown_insee_country_code_is_refused_in_french_and_creates_nothing(
    fc_client: Any, fc_app: Any, oidc_provider: Any
) -> None:
    answer = sign_in(fc_client, fc_app, oidc_provider, "tristan")
    _refused(answer, "country", "votre pays de naissance transmis par FranceConnect")
    assert accounts(fc_app) == []


def _refused(answer: Any, reason: str, words: str) -> None:
    page = text_of(answer)
    assert answer.status_code in (400, 409, 422), (answer.status_code, page)
    assert f'data-reason="{reason}"' in answer.get_data(as_text=True), page
    assert "Connexion avec FranceConnect impossible" in page and words in page


@pytest.mark.parametrize(
    ("fault", "reason", "words"),
    [
        ("bad_signature", "signature", "la signature de l'identité transmise"),
        ("expired", "expired", "a expiré"),
        ("wrong_audience", "audience", "destinée à un autre service"),
        ("wrong_nonce", "nonce", "ne correspond pas à la demande de connexion"),
        ("wrong_issuer", "issuer", "ne vient pas du fournisseur"),
        ("wrong_acr", "acr", "niveau de sécurité"),
    ],
)
def test_a_spoiled_id_token_is_refused_with_a_french_page_and_no_account(
    fc_client: Any, fc_app: Any, oidc_provider: Any, fault: str, reason: str, words: str
) -> None:
    oidc_provider.state.faults.add(fault)
    answer = sign_in(fc_client, fc_app, oidc_provider, "angela")
    _refused(answer, reason, words)
    assert accounts(fc_app) == []
    assert fc_client.get("/compte").status_code == 302  # not logged in


def test_a_wrong_state_is_refused(fc_client: Any, fc_app: Any, oidc_provider: Any) -> None:
    back = oidc_provider.choose(start(fc_client), "angela")
    code = query_of(back)["code"]
    answer = fc_client.get(f"/connexion/franceconnect/retour?code={code}&state=forged-state")
    _refused(answer, "state", "ne correspond à aucune demande de connexion")
    # Another browser cannot use this browser's answer either.
    other = fc_app.test_client().get(_local(back, fc_app))
    _refused(other, "state", "ne correspond à aucune demande")
    assert accounts(fc_app) == []


def test_a_replayed_code_is_refused(fc_client: Any, fc_app: Any, oidc_provider: Any) -> None:
    back = oidc_provider.choose(start(fc_client), "angela")
    assert fc_client.get(_local(back, fc_app)).status_code == 302
    fc_client.post("/deconnexion")
    # Same callback again in the same browser: its state was used up.
    _refused(fc_client.get(_local(back, fc_app)), "state", "a déjà servi")
    # The code under a fresh, valid state of another browser: the provider refuses it.
    thief = fc_app.test_client()
    fresh = query_of(start(thief))["state"]
    answer = thief.get(
        f"/connexion/franceconnect/retour?code={query_of(back)['code']}&state={fresh}"
    )
    _refused(answer, "code", "a déjà servi ou a expiré")
    assert len(accounts(fc_app)) == 1


def test_an_identity_without_email_is_refused_and_creates_nothing(
    fc_client: Any, fc_app: Any, oidc_provider: Any
) -> None:
    answer = sign_in(fc_client, fc_app, oidc_provider, "sophie")
    _refused(answer, "no_email", "ne nous a pas transmis d'adresse mail")
    assert "aucun compte n'a été créé" in text_of(answer)
    assert accounts(fc_app) == []


def test_an_existing_password_account_is_never_merged_with_a_franceconnect_identity(
    fc_client: Any, fc_app: Any, oidc_provider: Any
) -> None:
    from tests.conftest import AuthActions

    AuthActions(fc_app, fc_client).create("Angela.Dubois@example.org")
    answer = sign_in(fc_client, fc_app, oidc_provider, "angela")
    _refused(answer, "existing", "ne peut pas être rattaché à un compte FranceConnect")
    [account] = accounts(fc_app)
    assert account.oidc_subject is None and account.password_hash


def test_cancelling_on_the_provider_is_a_french_page(fc_client: Any) -> None:
    start(fc_client)
    answer = fc_client.get("/connexion/franceconnect/retour?error=access_denied&state=x")
    _refused(answer, "cancelled", "interrompue")


def test_the_civil_status_of_a_franceconnect_account_cannot_be_changed(
    fc_client: Any, fc_app: Any, oidc_provider: Any
) -> None:
    sign_in(fc_client, fc_app, oidc_provider, "angela")
    form = {
        "email": "angela.dubois@example.org",
        "email_confirmation": "angela.dubois@example.org",
        "nom_naissance": "AUTRE",
        "nom_naissance_confirmation": "AUTRE",
        "prenoms": "Autre",
        "sexe": "M",
    }
    answer = fc_client.post("/compte", data=form)
    assert answer.status_code == 302
    [account] = accounts(fc_app)
    assert (account.nom_naissance, account.prenoms, account.sexe) == (
        "DUBOIS",
        "Angela Claire Louise",
        "F",
    )
    # No portal password yet: the address cannot change until one is set by mail.
    moved = fc_client.post(
        "/compte", data={**form, "email": "x@example.org", "email_confirmation": "x@example.org"}
    )
    assert moved.status_code == 422 and "Mot de passe oublié" in text_of(moved)


def test_logout_ends_the_provider_session_with_the_id_token_hint_and_a_state(
    fc_client: Any, fc_app: Any, oidc_provider: Any
) -> None:
    sign_in(fc_client, fc_app, oidc_provider, "angela")
    answer = fc_client.post("/deconnexion")
    assert answer.status_code == 302
    ending = answer.headers["Location"]
    assert ending.startswith(f"{oidc_provider.url}/logout?")
    asked = query_of(ending)
    assert asked["id_token_hint"].count(".") == 2 and asked["state"]
    assert asked["post_logout_redirect_uri"].endswith("/deconnexion/franceconnect")
    assert fc_client.get("/compte").status_code == 302  # the portal's session is over already
    provider_says = oidc_provider.app.test_client().get(ending.removeprefix(oidc_provider.url))
    back = provider_says.headers["Location"]
    assert query_of(back)["state"] == asked["state"]
    home = fc_client.get(_local(back, fc_app), follow_redirects=True)
    assert "déconnecté, du portail et de FranceConnect" in text_of(home)


def test_the_button_and_the_portal_password_notice_show_only_when_configured(
    client: Any, fc_client: Any
) -> None:
    for path in ("/connexion", "/compte/creer"):
        page = text_of(fc_client.get(path))
        assert "S'identifier avec" in page and "Qu'est-ce que FranceConnect ?" in page
        assert "S'identifier avec" not in text_of(client.get(path))
    assert "en aucun cas celui du compte que vous utilisez au travers de FranceConnect" in (
        text_of(fc_client.get("/mot-de-passe-oublie"))
    )
    assert client.get("/connexion/franceconnect").status_code == 404
    assert "Important" in text_of(fc_client.get("/connexion/franceconnect/aide"))


def test_the_csp_lets_the_logout_form_reach_the_provider_only_when_configured(
    client: Any, fc_client: Any, oidc_provider: Any
) -> None:
    configured = fc_client.get("/connexion").headers["Content-Security-Policy"]
    assert f"form-action 'self' {oidc_provider.url};" in configured
    assert "form-action 'self';" in client.get("/connexion").headers["Content-Security-Policy"]


def test_userinfo_sent_as_a_signed_jwt_as_franceconnect_does_is_read(
    fc_client: Any, fc_app: Any, oidc_provider: Any
) -> None:
    oidc_provider.state.signed_userinfo = True
    assert sign_in(fc_client, fc_app, oidc_provider, "karim").status_code == 302
    [account] = accounts(fc_app)
    assert (account.email, account.pays_naissance) == ("karim.benali@example.org", "MA")


def test_a_copy_of_the_session_cookie_dies_at_logout_as_for_a_password_login(
    fc_client: Any, fc_app: Any, oidc_provider: Any
) -> None:
    sign_in(fc_client, fc_app, oidc_provider, "angela")
    cookie = fc_client.get_cookie("session")
    assert cookie is not None and fc_client.get("/compte").status_code == 200
    fc_client.post("/deconnexion")
    copy = fc_app.test_client()
    copy.set_cookie("session", cookie.value)
    assert copy.get("/compte").status_code == 302


def test_an_unreachable_provider_is_a_french_page_not_a_500(make_app: Any) -> None:
    from tests.conftest import _free_port

    app = make_app(
        OIDC_ISSUER=f"http://127.0.0.1:{_free_port()}",
        OIDC_CLIENT_ID="portail",
        OIDC_CLIENT_SECRET="secret",
    )
    answer = app.test_client().get("/connexion/franceconnect")
    assert answer.status_code == 502
    assert "FranceConnect ne répond pas pour le moment" in text_of(answer)


def test_a_franceconnect_account_without_password_is_told_how_to_set_one_before_deleting(
    fc_client: Any, fc_app: Any, oidc_provider: Any
) -> None:
    sign_in(fc_client, fc_app, oidc_provider, "angela")
    answer = fc_client.post("/compte/supprimer", data={"current_password": "Nimporte#1"})
    assert answer.status_code == 422 and "Mot de passe oublié" in text_of(answer)
    assert len(accounts(fc_app)) == 1
