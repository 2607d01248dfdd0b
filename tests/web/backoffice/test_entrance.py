"""The back office's entrance: staff only, password then TOTP, short sessions, audit entries."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pyotp
import pytest
from sqlalchemy import select
from web_helpers import db_of, text_of


def audit_actions(app: Any) -> list[str]:
    from web.core.models import AuditEntry

    with db_of(app) as db:
        return [e.action for e in db.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_an_anonymous_visitor_is_sent_to_the_back_office_login(client: Any) -> None:
    response = client.get("/gestion/journal")
    assert response.status_code == 302
    assert response.location == "/gestion/connexion?next=/gestion/journal"


@pytest.mark.parametrize("path", ["/gestion/", "/gestion/connexion", "/gestion/journal",
                                  "/gestion/connexion/code", "/gestion/codes-de-secours"])
def test_a_logged_in_candidate_gets_404_on_every_back_office_url(
    client: Any, activated_account: Any, path: str
) -> None:
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404


def test_a_staff_account_cannot_log_in_through_the_candidate_entrance(
    client: Any, staff: Any
) -> None:
    account = staff.create("rennes")
    response = client.post("/connexion", data={"identifiant": account.email,
                                               "password": "Motdepasse!1"})
    assert response.status_code == 401
    assert "Ce compte est un compte de gestion" in text_of(response)
    assert client.get("/gestion/").status_code == 302  # still not logged in


def test_a_candidate_account_cannot_log_in_through_the_back_office(
    client: Any, auth: Any
) -> None:
    account = auth.create()
    response = client.post("/gestion/connexion", data={"email": account.email,
                                                        "password": "Motdepasse!1"})
    assert response.status_code == 401
    assert "Adresse mail ou mot de passe incorrect." in text_of(response)


def test_a_wrong_password_is_refused_without_saying_whether_the_account_exists(
    client: Any, staff: Any
) -> None:
    account = staff.create("rennes")
    wrong = client.post("/gestion/connexion", data={"email": account.email, "password": "x"})
    unknown = client.post("/gestion/connexion",
                          data={"email": "personne@example.org", "password": "x"})
    assert wrong.status_code == unknown.status_code == 401
    assert text_of(wrong).count("Adresse mail ou mot de passe incorrect.") == 1
    assert "Adresse mail ou mot de passe incorrect." in text_of(unknown)


def test_the_first_login_enrols_the_second_factor_with_a_qr_code_then_shows_recovery_codes(
    app: Any, client: Any, staff: Any
) -> None:
    account = staff.create("rennes", enrolled=False)
    response = client.post("/gestion/connexion",
                           data={"email": account.email, "password": "Motdepasse!1"})
    assert response.location == "/gestion/connexion/activation"
    page = client.get("/gestion/connexion/activation")
    html = page.get_data(as_text=True)
    assert 'src="data:image/svg+xml' in html
    secret = re.search(r'id="cle-secrete">([A-Z0-9 ]+)<', html).group(1).replace(" ", "")
    # A reloaded page shows the same secret: what the phone scanned stays valid.
    again = client.get("/gestion/connexion/activation").get_data(as_text=True)
    assert secret.replace(" ", "") in again.replace(" ", "")
    refused = client.post("/gestion/connexion/activation", data={"code": "000000"})
    assert refused.status_code == 422
    assert "Code incorrect ou déjà utilisé" in text_of(refused)
    assert client.get("/gestion/").status_code == 302  # not logged in yet
    done = client.post("/gestion/connexion/activation",
                       data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    codes = re.findall(r"<code>([A-Z0-9]{5}-[A-Z0-9]{5})</code>", done.get_data(as_text=True))
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/gestion/").status_code == 200
    assert audit_actions(app)[-1] == "staff.enrolled"


def test_a_totp_code_cannot_be_used_twice(app: Any, client: Any, staff: Any) -> None:
    account = staff.create("rennes")
    code = staff.code_for(account)
    client.post("/gestion/connexion", data={"email": account.email, "password": "Motdepasse!1"})
    assert client.post("/gestion/connexion/code", data={"code": code}).status_code == 302
    other = app.test_client()
    other.post("/gestion/connexion", data={"email": account.email, "password": "Motdepasse!1"})
    replay = other.post("/gestion/connexion/code", data={"code": code})
    assert replay.status_code == 401
    assert "Code incorrect ou déjà utilisé" in text_of(replay)


def test_a_recovery_code_opens_one_session_only(app: Any, client: Any, staff: Any) -> None:
    from web.backoffice import second_factor
    from web.core import db as database
    from web.core.models import Account

    account = staff.create("rennes")
    with app.app_context():
        db = database.session()
        codes = second_factor.new_recovery_codes(db, db.get(Account, account.id))
        db.commit()
    client.post("/gestion/connexion", data={"email": account.email, "password": "Motdepasse!1"})
    used = client.post("/gestion/connexion/code", data={"code": codes[0].lower()})
    assert used.status_code == 302
    assert "il vous en reste 9" in text_of(client.get("/gestion/"))
    other = app.test_client()
    other.post("/gestion/connexion", data={"email": account.email, "password": "Motdepasse!1"})
    assert other.post("/gestion/connexion/code", data={"code": codes[0]}).status_code == 401
    assert "staff.recovery_code_used" in audit_actions(app)


def test_five_wrong_codes_send_the_staff_member_back_to_the_password(
    app: Any, client: Any, staff: Any
) -> None:
    account = staff.create("rennes")
    client.post("/gestion/connexion", data={"email": account.email, "password": "Motdepasse!1"})
    for _ in range(4):
        assert client.post("/gestion/connexion/code", data={"code": "111111"}).status_code == 401
    last = client.post("/gestion/connexion/code", data={"code": "111111"})
    assert last.status_code == 302 and last.location == "/gestion/connexion"
    assert client.post("/gestion/connexion/code",
                       data={"code": staff.code_for(account)}).status_code == 302
    assert client.get("/gestion/").status_code == 302  # the good code came too late
    assert audit_actions(app).count("staff.login_failed") == 5


def test_an_idle_back_office_session_expires(app: Any, client: Any, staff: Any) -> None:
    from web.core.models import utcnow

    staff.logged_in("rennes")
    assert client.get("/gestion/").status_code == 200
    with client.session_transaction() as session:
        data = session["staff_session"]
        data["seen_at"] = (utcnow() - timedelta(minutes=31)).isoformat()
        session["staff_session"] = data
    expired = client.get("/gestion/")
    assert expired.status_code == 302 and expired.location.startswith("/gestion/connexion")
    assert "Votre session de gestion a expiré" in text_of(client.get(expired.location))
    assert client.get("/gestion/").status_code == 302


def test_a_back_office_session_ends_ten_hours_after_the_login_even_when_busy(
    client: Any, staff: Any
) -> None:
    from web.core.models import utcnow

    staff.logged_in("rennes")
    with client.session_transaction() as session:
        data = session["staff_session"]
        data["login_at"] = (utcnow() - timedelta(hours=10, minutes=1)).isoformat()
        session["staff_session"] = data
    assert client.get("/gestion/").status_code == 302


def test_a_staff_member_is_sent_from_the_candidate_pages_to_the_back_office(
    client: Any, staff: Any
) -> None:
    staff.logged_in("rennes")
    for path in ("/mes-inscriptions", "/compte", "/mes-inscriptions/nouvelle"):
        response = client.get(path)
        assert response.status_code == 302 and response.location == "/gestion/", path


def test_logging_out_ends_the_back_office_session_and_is_audited(
    app: Any, client: Any, staff: Any
) -> None:
    staff.logged_in("rennes")
    response = client.post("/gestion/deconnexion")
    assert response.status_code == 302 and response.location == "/gestion/connexion"
    assert client.get("/gestion/").status_code == 302
    assert audit_actions(app)[-2:] == ["staff.login", "staff.logout"]


def test_the_journal_is_the_administrators_only(client: Any, staff: Any, app: Any) -> None:
    staff.logged_in("rennes")
    assert client.get("/gestion/journal").status_code == 404
    admin_client = app.test_client()
    staff.logged_in(None, admin=True, client=admin_client)
    page = admin_client.get("/gestion/journal")
    assert page.status_code == 200
    text = text_of(page)
    assert "Connexion au back office" in text and "Création du compte gestionnaire" in text


def test_the_audit_log_refuses_updates_and_deletes(app: Any, staff: Any) -> None:
    from sqlalchemy import delete, update
    from sqlalchemy.exc import DatabaseError

    from web.core.models import AuditEntry

    staff.create("rennes")
    with db_of(app) as db:
        with pytest.raises(DatabaseError, match="append-only"):
            db.execute(update(AuditEntry).values(summary="réécrit"))
        db.rollback()
        with pytest.raises(DatabaseError, match="append-only"):
            db.execute(delete(AuditEntry))
        db.rollback()
        assert db.scalar(select(AuditEntry.summary)).startswith("Création du compte")


def test_a_session_cookie_copied_before_the_logout_no_longer_opens_the_back_office(
    app: Any, client: Any, staff: Any
) -> None:
    staff.logged_in("rennes")
    copied = client.get_cookie("session").value
    client.post("/gestion/deconnexion")
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/gestion/").status_code == 302
