"""`flask create-staff` and `flask reset-staff-second-factor`, as an academy's IT runs them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from web_helpers import db_of


def staff_row(app: Any, email: str) -> Any:
    from web.account.services import find_by_email

    with db_of(app) as db:
        row = find_by_email(db, email)
        if row is not None:
            db.expunge(row)
        return row


def test_create_staff_makes_a_gestionnaire_of_one_academy_with_the_typed_password(
    app: Any, runner: Any, new_email: Any
) -> None:
    email = new_email("gestion")
    result = runner.invoke(args=["create-staff", email, "--academy", "lille",
                                 "--name", "DUPONT Anne"],
                           input="Gestion-Lille-1!\nGestion-Lille-1!\n")
    assert result.exit_code == 0, result.output
    assert f"Compte gestionnaire de l'académie lille créé : {email}" in result.output
    row = staff_row(app, email)
    assert row.role == "gestionnaire" and row.academy_code == "lille"
    assert row.nom_naissance == "DUPONT" and row.totp_secret is None
    from web.core.security import verify_password

    assert verify_password(row.password_hash, "Gestion-Lille-1!")


def test_create_staff_admin_has_no_academy_and_a_generated_password_is_printed_once(
    app: Any, runner: Any, new_email: Any
) -> None:
    email = new_email("admin")
    result = runner.invoke(args=["create-staff", email, "--admin", "--generate-password"])
    assert result.exit_code == 0, result.output
    password = result.output.split("Mot de passe : ")[1].split()[0]
    row = staff_row(app, email)
    assert row.role == "administrateur" and row.academy_code is None
    from web.core.security import password_problem, verify_password

    assert password_problem(password) is None and verify_password(row.password_hash, password)


def test_create_staff_refuses_an_unknown_academy_a_taken_address_and_a_weak_password(
    app: Any, runner: Any, new_email: Any, auth: Any
) -> None:
    email = new_email("gestion")
    unknown = runner.invoke(args=["create-staff", email, "--academy", "atlantide",
                                  "--generate-password"])
    assert unknown.exit_code == 1 and "Académie inconnue : 'atlantide'" in unknown.output
    taken = auth.create().email
    duplicate = runner.invoke(args=["create-staff", taken, "--academy", "rennes",
                                    "--generate-password"])
    assert duplicate.exit_code == 1 and f"Un compte existe déjà avec l'adresse {taken}" in (
        duplicate.output)
    weak = runner.invoke(args=["create-staff", email, "--academy", "rennes"],
                         input="faible\nfaible\n")
    assert weak.exit_code == 1 and "au moins 8 caractères" in weak.output
    missing = runner.invoke(args=["create-staff", email])
    assert missing.exit_code == 2 and "--academy CODE is needed" in missing.output
    assert staff_row(app, email) is None


def test_creating_staff_is_written_to_the_audit_log(app: Any, runner: Any, new_email: Any) -> None:
    from web.core.models import AuditEntry

    email = new_email("gestion")
    runner.invoke(args=["create-staff", email, "--academy", "rennes", "--generate-password"])
    with db_of(app) as db:
        entry = db.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "staff.created" and entry.actor_email == "ligne de commande"
    assert entry.academy_code == "rennes"
    assert entry.after == {"email": email, "role": "gestionnaire", "academy_code": "rennes"}


def test_reset_second_factor_makes_the_next_login_enrol_again(
    app: Any, runner: Any, staff: Any, client: Any
) -> None:
    account = staff.create("rennes")
    result = runner.invoke(args=["reset-staff-second-factor", account.email])
    assert result.exit_code == 0, result.output
    login = client.post("/gestion/connexion",
                        data={"email": account.email, "password": "Motdepasse!1"})
    assert login.location == "/gestion/connexion/activation"
    unknown = runner.invoke(args=["reset-staff-second-factor", "personne@example.org"])
    assert unknown.exit_code == 1 and "Aucun compte de gestion" in unknown.output
