"""ASVS 4.0 V2 (authentication): password rules and storage, login throttling in a shared
store, account-creation throttling, one-time links, no account enumeration."""

from __future__ import annotations

import statistics
import time
from datetime import timedelta
from typing import Any

from web_helpers import creation_form, db_of, link_from, outbox, text_of

from tests.conftest import DEFAULT_PASSWORD, AuthActions, unique_email

# ------------------------------------------------------------------ V2.1.7 breached passwords


def test_v2_1_7_a_common_breached_password_is_refused_at_account_creation(client: Any) -> None:
    address = unique_email()
    form = creation_form(address, password="Azerty123!", password_confirmation="Azerty123!")
    response = client.post("/compte/creer", data=form)
    assert response.status_code == 422
    assert "fait partie des mots de passe les plus courants" in text_of(response)


def test_v2_1_7_a_breached_password_is_refused_as_a_new_password(
    app: Any, client: Any, auth: Any
) -> None:
    from web.core.security import BREACHED_PASSWORD_MESSAGE, password_problem

    for breached in ("P@ssw0rd", "Password1!", "Azerty123!", "!Qwerty2024"):
        assert password_problem(breached) == BREACHED_PASSWORD_MESSAGE, breached
    assert password_problem(DEFAULT_PASSWORD) is None
    account = auth.create()
    client.post("/mot-de-passe-oublie", data={"identifiant": account.email})
    link = link_from(outbox(app, account.email)[-1], "/mot-de-passe/")
    refused = client.post(link, data={"password": "P@ssw0rd", "password_confirmation": "P@ssw0rd"})
    assert refused.status_code == 422 and BREACHED_PASSWORD_MESSAGE in text_of(refused)


# ------------------------------------------------------------------ V2.4.1 password storage


def test_v2_4_1_passwords_are_stored_with_argon2id_at_owasp_strength(
    app: Any, production_password_hashing: None
) -> None:
    from argon2 import extract_parameters
    from argon2.low_level import Type

    from web.core.security import hash_password, verify_password

    stored = hash_password("Un-mot2passe")
    params = extract_parameters(stored)
    assert params.type is Type.ID
    # OWASP's password-storage equivalents: m = 47104 KiB, t = 1 … m = 7168 KiB, t = 5.
    assert params.memory_cost >= 7168 and params.memory_cost * params.time_cost >= 35840
    assert params.salt_len >= 16 and "Un-mot2passe" not in stored
    assert verify_password(stored, "Un-mot2passe") and not verify_password(stored, "autre")


def test_v2_4_1_the_chosen_argon2_parameters_bound_each_login_to_19_mib_on_one_lane(
    app: Any, production_password_hashing: None
) -> None:
    from argon2 import extract_parameters

    from web.core.security import hash_password

    params = extract_parameters(hash_password("Un-mot2passe"))
    assert (params.memory_cost, params.time_cost, params.parallelism) == (19 * 1024, 2, 1)


def test_v2_4_1_a_hash_of_older_parameters_is_replaced_at_the_next_login(
    app: Any, auth: AuthActions, production_password_hashing: None
) -> None:
    from argon2 import PasswordHasher, extract_parameters

    from web.core.models import Account

    account = auth.create(unique_email())
    old = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=4).hash(
        DEFAULT_PASSWORD)
    with db_of(app) as db:
        db.get(Account, account.id).password_hash = old
        db.commit()
    assert auth.login(account.email).status_code == 302
    with db_of(app) as db:
        stored = db.get(Account, account.id).password_hash
    assert stored != old and extract_parameters(stored).memory_cost == 19 * 1024
    auth.logout()
    assert auth.login(account.email).status_code == 302  # the new hash verifies


# ------------------------------------------------------------------ V2.2.1 anti-automation


def _limited_app(make_app: Any, store: str, **extra: Any) -> Any:
    return make_app(WTF_CSRF_ENABLED=False, RATELIMIT_STORAGE_URI=store,
                    LOGIN_LIMIT_PER_ACCOUNT="3 per 15 minutes",
                    LOGIN_LIMIT_PER_ADDRESS="100 per 15 minutes", **extra)


def test_v2_2_1_failed_logins_are_counted_per_account_by_every_worker_in_the_shared_store(
    make_app: Any, fresh_redis: str
) -> None:
    first = _limited_app(make_app, fresh_redis)
    second = _limited_app(make_app, fresh_redis)  # another worker, another server
    account = AuthActions(first, first.test_client()).create()
    for app in (first, second, first):
        assert AuthActions(app, app.test_client()).login(account.email, "Faux-mdp1!").status_code \
            == 401
    blocked = AuthActions(second, second.test_client()).login(account.email)
    assert blocked.status_code == 429
    assert "Trop de tentatives de connexion." in text_of(blocked)
    assert "Mot de passe oublié" in text_of(blocked)


def test_v2_2_1_the_email_and_the_candidate_number_share_one_counter(
    make_app: Any, fresh_redis: str
) -> None:
    app = _limited_app(make_app, fresh_redis)
    auth = AuthActions(app, app.test_client())
    account = auth.create(candidate_number="0123456789A")
    assert auth.login(account.email.upper(), "Faux-mdp1!").status_code == 401
    assert auth.login("0123456789a", "Faux-mdp1!").status_code == 401
    assert auth.login(account.email, "Faux-mdp1!").status_code == 401
    assert auth.login("0123456789A").status_code == 429


def test_v2_2_1_the_owner_locked_out_by_someone_else_gets_back_in_through_the_reset_link(
    make_app: Any, fresh_redis: str
) -> None:
    app = _limited_app(make_app, fresh_redis)
    attacker = AuthActions(app, app.test_client())
    account = attacker.create()
    for _ in range(3):
        attacker.login(account.email, "Faux-mdp1!")
    owner_client = app.test_client()
    owner = AuthActions(app, owner_client)
    assert owner.login(account.email).status_code == 429
    owner_client.post("/mot-de-passe-oublie", data={"identifiant": account.email})
    link = link_from(outbox(app, account.email)[-1], "/mot-de-passe/")
    new = "Nouveau-Mdp2"
    done = owner_client.post(link, data={"password": new, "password_confirmation": new})
    assert done.status_code == 302
    # Whoever locked it locks it again at once: the reset must not have been for nothing.
    for _ in range(3):
        assert attacker.login(account.email, "Faux-mdp1!").status_code == 401
    assert attacker.login(account.email, new).status_code == 429
    assert AuthActions(app, app.test_client()).login(account.email, new).status_code == 429
    assert owner.login(account.email, new).status_code == 302


def test_v2_2_1_the_owners_browser_is_locked_by_its_own_wrong_passwords_all_the_same(
    make_app: Any, fresh_redis: str
) -> None:
    app = _limited_app(make_app, fresh_redis)
    auth = AuthActions(app, app.test_client())
    account = auth.create()
    assert auth.login(account.email).status_code == 302  # this browser is now the owner's
    auth.logout()
    for _ in range(3):
        assert auth.login(account.email, "Faux-mdp1!").status_code == 401
    assert auth.login(account.email).status_code == 429
    # A forged or another account's device cookie is just no device cookie.
    other = AuthActions(app, app.test_client())
    other_account = other.create()
    assert other.login(other_account.email).status_code == 302
    forged = app.test_client()
    for name in ("examforms_device",):
        forged.set_cookie(name, "eyJhY2NvdW50IjoxfQ.forged.signature")
    for _ in range(3):
        AuthActions(app, forged).login(other_account.email, "Faux-mdp1!")
    assert AuthActions(app, forged).login(other_account.email).status_code == 429


def test_v2_2_1_failed_staff_logins_are_counted_per_account_too(
    make_app: Any, fresh_redis: str
) -> None:
    from tests.conftest import StaffActions

    app = _limited_app(make_app, fresh_redis)
    first, second = app.test_client(), app.test_client()
    staff = StaffActions(app, first)
    account, colleague = staff.create(), staff.create()
    for client in (first, second, first):
        wrong = client.post("/gestion/connexion",
                            data={"email": account.email, "password": "Faux-mdp1!"})
        assert wrong.status_code == 401
    locked = second.post("/gestion/connexion",
                         data={"email": account.email, "password": DEFAULT_PASSWORD})
    assert locked.status_code == 429
    assert "Trop de tentatives de connexion." in text_of(locked)
    assert "Mot de passe oublié" not in text_of(locked)  # the candidates' reset, not theirs
    assert staff.login(colleague).status_code == 302  # the other accounts are not affected


def test_v2_2_1_unknown_logins_are_throttled_like_real_ones(
    make_app: Any, fresh_redis: str
) -> None:
    app = _limited_app(make_app, fresh_redis)
    auth = AuthActions(app, app.test_client())
    for _ in range(3):
        assert auth.login("personne@example.org", "Faux-mdp1!").status_code == 401
    assert auth.login("personne@example.org", "Faux-mdp1!").status_code == 429


def test_v2_2_1_the_memory_store_still_throttles_when_no_redis_is_configured(
    make_app: Any,
) -> None:
    app = _limited_app(make_app, "memory://")
    auth = AuthActions(app, app.test_client())
    account = auth.create()
    for _ in range(3):
        auth.login(account.email, "Faux-mdp1!")
    assert auth.login(account.email).status_code == 429


# ------------------------------------------------------------------ V2.3.1 / V2.5 one-time links


def test_v2_3_1_an_activation_link_is_random_single_use_and_expires(
    app: Any, client: Any, new_email: Any
) -> None:
    from web.core.models import OneTimeToken

    first, second = new_email(), new_email()
    for address in (first, second):
        assert client.post("/compte/creer", data=creation_form(address)).status_code == 302
    links = [link_from(outbox(app, a)[-1], "/compte/activer/") for a in (first, second)]
    assert links[0] != links[1] and len(links[0].rsplit("/", 1)[1]) >= 40
    with db_of(app) as db:  # only the hash of the token is stored
        stored = {t.token_hash for t in db.query(OneTimeToken)}
    assert not any(link.rsplit("/", 1)[1] in stored for link in links)
    assert client.get(links[0]).status_code == 200
    assert "déjà" in text_of(client.get(links[0]))  # used: never activates twice
    with db_of(app) as db:
        for token in db.query(OneTimeToken):
            token.expires_at = token.expires_at - timedelta(hours=49)
        db.commit()
    assert client.get(links[1]).status_code == 410


def test_v2_5_6_a_reset_link_works_once_and_every_other_reset_link_dies_with_it(
    app: Any, client: Any, auth: Any
) -> None:
    account = auth.create()
    for _ in range(2):
        client.post("/mot-de-passe-oublie", data={"identifiant": account.email})
    older, newer = (link_from(m, "/mot-de-passe/") for m in outbox(app, account.email)[-2:])
    new = "Nouveau-Mdp2"
    assert client.post(newer, data={"password": new, "password_confirmation": new}).status_code \
        == 302
    for link in (newer, older):
        assert client.get(link).status_code == 410


# ------------------------------------------------------------------ no account enumeration


def test_v2_5_6_forgot_password_answers_the_same_page_for_known_and_unknown_accounts(
    client: Any, auth: Any
) -> None:
    account = auth.create()
    known = client.post("/mot-de-passe-oublie", data={"identifiant": account.email})
    unknown = client.post("/mot-de-passe-oublie",
                          data={"identifiant": "x" + account.email})
    assert known.status_code == unknown.status_code == 200
    normalise = lambda r: text_of(r).replace(account.email, "").replace("x" + account.email, "")  # noqa: E731
    assert text_of(known).split("****@")[1] == text_of(unknown).split("****@")[1]
    assert normalise(known).count("Mot de passe") == normalise(unknown).count("Mot de passe")


def test_v2_5_6_forgot_password_answers_known_and_unknown_accounts_in_the_same_time(
    make_app: Any,
) -> None:
    # A floor well above the known case's own work (a token and a mail written), so that the
    # comparison holds on a loaded machine too.
    app = make_app(WTF_CSRF_ENABLED=False, FORGOT_MIN_SECONDS=0.4,
                   FORGOT_LIMIT_PER_ADDRESS="1000 per hour")
    client = app.test_client()
    account = AuthActions(app, client).create()

    def duration(identifiant: str) -> float:
        started = time.perf_counter()
        assert client.post("/mot-de-passe-oublie",
                           data={"identifiant": identifiant}).status_code == 200
        return time.perf_counter() - started

    known = [duration(account.email) for _ in range(5)]
    unknown = [duration(unique_email("inconnu")) for _ in range(5)]
    # Neither answer comes before the floor; the medians differ by less than a third of it.
    assert min(known + unknown) >= 0.4
    assert abs(statistics.median(known) - statistics.median(unknown)) < 0.1


def test_v2_5_6_login_fails_with_one_message_for_an_unknown_login_and_a_wrong_password(
    client: Any, auth: Any
) -> None:
    account = auth.create()
    wrong = auth.login(account.email, "Faux-mdp1!")
    unknown = auth.login("x" + account.email, "Faux-mdp1!")
    assert wrong.status_code == unknown.status_code == 401
    assert "Identifiant ou mot de passe incorrect." in text_of(wrong)
    assert text_of(wrong) == text_of(unknown)


# ------------------------------------------------------------------ V11.1.4 creation throttle


def test_v11_1_4_account_creation_is_throttled_per_address(make_app: Any) -> None:
    app = make_app(WTF_CSRF_ENABLED=False, CREATE_LIMIT_PER_ADDRESS="2 per hour")
    client = app.test_client()
    for _ in range(2):
        assert client.post("/compte/creer", data=creation_form(unique_email())).status_code \
            == 302
    blocked = client.post("/compte/creer", data=creation_form(unique_email()))
    assert blocked.status_code == 429
    assert "Trop de demandes." in text_of(blocked)
