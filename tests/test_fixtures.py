"""The shared fixtures do what the other tests rely on: isolated databases, a working SMTP sink."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

import pytest
from sqlalchemy import create_engine, func, inspect, select, text


def _count_accounts(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(text("SELECT count(*) FROM account")) or 0)
    finally:
        engine.dispose()


def _execute(url: str, statement: str, **values: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(statement), values)
    finally:
        engine.dispose()


def _insert_account(url: str, address: str) -> None:
    _execute(
        url,
        "INSERT INTO account (email, email_key, password_hash, role, sexe, "
        "nom_naissance, nom_usage, prenoms, pays_naissance, departement_naissance, "
        "commune_naissance, commune_naissance_label, session_version, created_at) "
        "VALUES (:e, :e, 'x', 'candidat', 'F', 'A', '', 'B', 'FRA', '', '', '', 1, "
        "CURRENT_TIMESTAMP)",
        e=address,
    )


def _insert_audit_entry(url: str) -> None:
    _execute(
        url,
        "INSERT INTO audit_entry (at, actor_email, academy_code, action, target_type, "
        "summary, before, after) VALUES (CURRENT_TIMESTAMP, 'gestion@example.org', 'rennes', "
        "'test', 'account', 'x', '{}', '{}')",
    )


def _rows(url: str, table: str, column: str = "count(*)") -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.scalars(text(f"SELECT {column} FROM {table}")))
    finally:
        engine.dispose()


@pytest.mark.parametrize("attempt", [1, 2])
def test_each_test_starts_from_an_empty_migrated_database(database_url: str, attempt: int) -> None:
    # Both runs insert the same unique email: the second would fail if data leaked between tests.
    assert _count_accounts(database_url) == 0
    # The audit log refuses DELETE (append-only): it is emptied all the same.
    assert _rows(database_url, "audit_entry") == [0]
    _insert_account(database_url, "seul@example.org")
    _insert_audit_entry(database_url)
    assert _count_accounts(database_url) == 1
    # Numbering restarts, as in a fresh database: the first account is number 1 each time.
    assert _rows(database_url, "account", "id") == [1]
    assert _rows(database_url, "audit_entry", "id") == [1]


def test_the_database_has_every_table_of_the_models(database_url: str) -> None:
    from web.core.models import Base

    engine = create_engine(database_url)
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_the_smtp_sink_collects_a_mail_and_finds_its_link(smtp_sink) -> None:  # type: ignore[no-untyped-def]
    mail = EmailMessage()
    mail["From"] = "portail@example.org"
    mail["To"] = "claire@example.org"
    mail["Subject"] = "[EXAMFORMS] Activer mon compte"
    mail.set_content("Cliquez : http://127.0.0.1:5000/compte/activer/abc123 (valable 48 h)")
    with smtplib.SMTP(smtp_sink.host, smtp_sink.port, timeout=5) as smtp:
        smtp.send_message(mail)

    received = smtp_sink.wait_for("claire@example.org", "Activer mon compte", timeout=5)
    assert smtp_sink.link_in(received, "/activer/") == "http://127.0.0.1:5000/compte/activer/abc123"
    with pytest.raises(AssertionError, match="no mail"):
        smtp_sink.wait_for("personne@example.org", timeout=0.3)


def test_the_outbox_worker_delivers_queued_mail_to_the_sink(make_app, smtp_sink) -> None:  # type: ignore[no-untyped-def]
    from web.core import db as database
    from web.core.mail import deliver_pending
    from web.core.models import OutboxMessage

    app = make_app(MAIL_SERVER=smtp_sink.host, MAIL_PORT=smtp_sink.port)
    with app.app_context():
        db = database.session()
        db.add(
            OutboxMessage(
                to_address="paul@example.org", subject="[EXAMFORMS] Test", body_text="Bonjour"
            )
        )
        db.commit()

    assert deliver_pending(app, 10) == 1
    received = smtp_sink.wait_for("paul@example.org", "Test", timeout=5)
    assert "Bonjour" in smtp_sink.text_of(received)
    with app.app_context():
        pending = database.session().scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
        )
    assert pending == 0
