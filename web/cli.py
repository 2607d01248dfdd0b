"""Flask CLI commands: db-upgrade, seed-demo, purge-accounts, reindex-candidatures, mail."""

from __future__ import annotations

import click
from flask import Flask, current_app

from web.core import db as database


def init_app(app: Flask) -> None:
    from web.backoffice import cli as backoffice_cli
    from web.backoffice import pupil_cli, session_cli

    backoffice_cli.init_app(app)
    session_cli.init_app(app)
    pupil_cli.init_app(app)

    @app.cli.command("db-upgrade")
    def db_upgrade() -> None:
        """Apply the Alembic migrations to DATABASE_URL."""
        from web.core.migrate import upgrade

        upgrade(current_app._get_current_object())  # type: ignore[attr-defined]
        click.echo("Base de données à jour.")

    @app.cli.command("seed-demo")
    def seed_demo() -> None:
        """Create (idempotently) the demo sessions, periods, offices and accounts."""
        from web.dev.demo import seed

        for line in seed(database.session()):
            click.echo(line)

    @app.cli.command("demo-totp")
    @click.argument("email")
    def demo_totp(email: str) -> None:
        """Print the current second-factor code of a demo staff account (demo only)."""
        from web.dev.demo import current_totp

        click.echo(current_totp(database.session(), email))

    @app.cli.command("purge-accounts")
    def purge_accounts() -> None:
        """Delete the accounts not activated within 48 hours."""
        from web.account.services import purge_unactivated

        count = purge_unactivated(database.session())
        click.echo(f"{count} compte(s) non activé(s) supprimé(s).")

    @app.cli.command("reindex-candidatures")
    def reindex_candidatures() -> None:
        """Set every candidature's filter columns (speciality, category, aménagement)."""
        from web.registration.context import exam_of
        from web.registration.indexing import reindex

        report = reindex(database.session(), exam_of)
        click.echo(f"{report.seen} candidature(s) lue(s), {report.updated} mise(s) à jour.")
        if report.unknown_exam:
            click.echo(f"{report.unknown_exam} candidature(s) d'un examen absent de EXAMS_DIR "
                       "laissée(s) telle(s) quelle(s).")

    @app.cli.command("deliver-mail")
    @click.option("--limit", default=100, show_default=True)
    def deliver_mail(limit: int) -> None:
        """Send the due messages of the outbox once."""
        from web.core.mail import deliver_pending

        sent = deliver_pending(current_app._get_current_object(), limit)  # type: ignore[attr-defined]
        click.echo(f"{sent} message(s) envoyé(s).")

    @app.cli.command("mail-worker")
    @click.option("--interval", default=2.0, show_default=True, help="seconds between polls")
    def mail_worker(interval: float) -> None:
        """Deliver the outbox forever (and purge unactivated accounts periodically)."""
        from web.account.services import purge_unactivated
        from web.core.mail import run_worker

        app = current_app._get_current_object()  # type: ignore[attr-defined]
        try:
            run_worker(app, interval, housekeeping=purge_unactivated)
        except KeyboardInterrupt:
            click.echo("mail-worker arrêté.")
