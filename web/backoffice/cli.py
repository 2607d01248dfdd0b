"""Back-office commands: staff accounts and their second factor."""

from __future__ import annotations

import secrets
import string

import click
from flask import Flask

from web.account.services import find_by_email
from web.backoffice import audit
from web.backoffice import second_factor as totp
from web.backoffice.staff import StaffRefused, create_staff
from web.core import db as database

PASSWORD_ALPHABET = string.ascii_letters + string.digits


def generated_password() -> str:
    """20 characters meeting the portal's rule (lower, upper, digit, special)."""
    while True:
        body = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(17))
        candidate = body + secrets.choice("!*.-_") + secrets.choice("abcdefghijkmnopqrstuvwxyz") \
            + secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")
        if any(c.isdigit() for c in candidate):
            return candidate


def init_app(app: Flask) -> None:
    @app.cli.command("create-staff")
    @click.argument("email")
    @click.option("--academy", "academy", default=None,
                  help="code of the gestionnaire's academy (e.g. rennes)")
    @click.option("--admin", is_flag=True, help="national administrator (every academy)")
    @click.option("--name", default="", help="NOM Prénom, shown in the audit log")
    @click.option("--generate-password", is_flag=True,
                  help="print a random password instead of asking for one")
    def create_staff_command(
        email: str, academy: str | None, admin: bool, name: str, generate_password: bool
    ) -> None:
        """Create a gestionnaire of one academy (--academy CODE) or the administrator."""
        if not admin and not academy:
            raise click.UsageError("--academy CODE is needed (or --admin)")
        if generate_password:
            password = generated_password()
        else:
            password = click.prompt("Mot de passe", hide_input=True, confirmation_prompt=True)
        last, _, first = name.partition(" ")
        db = database.session()
        try:
            account = create_staff(db, email, password, academy_code=academy, admin=admin,
                                   last_name=last, first_names=first)
        except StaffRefused as refused:
            db.rollback()
            raise click.ClickException(refused.message) from refused
        db.commit()
        role = "administrateur national" if admin else f"gestionnaire de l'académie {academy}"
        click.echo(f"Compte {role} créé : {account.email}")
        if generate_password:
            click.echo(f"Mot de passe : {password}")
        click.echo("Le second facteur (application d'authentification) s'active à la première "
                   "connexion sur /gestion/connexion.")

    @app.cli.command("reset-staff-second-factor")
    @click.argument("email")
    def reset_second_factor(email: str) -> None:
        """Forget a staff member's second factor (lost device): re-enrolled at next login."""
        db = database.session()
        account = find_by_email(db, email)
        if account is None or not account.is_staff:
            raise click.ClickException(f"Aucun compte de gestion avec l'adresse {email}.")
        totp.reset(db, account)
        audit.record(db, None, "staff.second_factor_reset",
                     academy_code=account.academy_code or "", target=("account", account.id),
                     summary=f"Réinitialisation du second facteur de {account.email}")
        db.commit()
        click.echo(f"Second facteur de {account.email} réinitialisé : il sera activé à nouveau "
                   "à la prochaine connexion.")
