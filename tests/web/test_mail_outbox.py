"""The mail outbox: written with the change, delivered by the worker, never lost."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError
from web_helpers import creation_form, db_of, outbox, text_of

from tests.conftest import SmtpSink, _free_port, unique_email


def test_a_mail_exists_only_if_the_change_causing_it_is_committed(app: Any) -> None:
    from web.account.services import email_key
    from web.core.mail import queue_mail
    from web.core.models import Account

    taken = unique_email()
    with db_of(app) as db:
        db.add(Account(email=taken, email_key=email_key(taken), password_hash="x"))
        db.commit()
    with app.test_request_context(), db_of(app) as db:
        clash = Account(email=taken.upper(), email_key=email_key(taken), password_hash="x")
        db.add(clash)
        queue_mail(db, taken, "Activer mon compte", "activation", account=None, link="http://x/")
        with pytest.raises(IntegrityError):
            db.commit()
        db.rollback()
    assert outbox(app) == []


def test_creating_an_account_writes_the_account_and_its_mail_together(
    app: Any, client: Any
) -> None:
    from web.core.models import Account

    email = unique_email()
    client.post("/compte/creer", data=creation_form(email))
    [mail] = outbox(app, email)
    with db_of(app) as db:
        account = db.get(Account, mail.account_id)
        assert account is not None and account.email == email
        assert abs(account.created_at - mail.created_at) < timedelta(seconds=5)


def test_the_worker_delivers_queued_mail_over_smtp(make_app: Any, smtp_sink: SmtpSink) -> None:
    from web.core.mail import deliver_pending

    app = make_app(WTF_CSRF_ENABLED=False, MAIL_PORT=smtp_sink.port)
    email = unique_email()
    app.test_client().post("/compte/creer", data=creation_form(email))
    assert deliver_pending(app, 10) == 1
    [received] = smtp_sink.to(email)
    assert received["Subject"] == "[EXAMFORMS] Activer mon compte"
    assert "/compte/activer/" in smtp_sink.text_of(received)
    [row] = outbox(app, email)
    assert row.sent_at is not None and row.attempts == 1
    assert deliver_pending(app, 10) == 0  # never sent twice


def test_with_the_smtp_server_down_nothing_is_lost_and_delivery_resumes(
    make_app: Any,
) -> None:
    from web.core.mail import deliver_pending
    from web.core.models import utcnow

    port = _free_port()
    app = make_app(WTF_CSRF_ENABLED=False, MAIL_PORT=port, MAIL_TIMEOUT=2.0)
    emails = [unique_email() for _ in range(3)]
    client = app.test_client()
    for email in emails:
        client.post("/compte/creer", data=creation_form(email))

    assert deliver_pending(app, 10) == 0
    first = outbox(app)
    tried = [m for m in first if m.attempts]
    # One connection refused ends the batch: the others would fail alike.
    assert len(tried) == 1 and "ConnectionRefusedError" in tried[0].last_error
    assert all(m.sent_at is None and m.next_attempt_at <= utcnow() for m in first)

    # Still down at the next poll: another one is tried, nothing waits out a growing delay.
    assert deliver_pending(app, 10) == 0
    assert sum(m.attempts for m in outbox(app)) == 2
    later = utcnow()

    # The server comes back on the same port: everything goes out, once.
    sink = SmtpSink()  # its handler only, served on the port that was down
    from aiosmtpd.controller import Controller

    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        # At the first poll after its return, not after delays grown during the outage.
        assert deliver_pending(app, 10, now=later + timedelta(seconds=1)) == 3
        assert sorted(str(m["To"]) for m in sink.messages) == sorted(emails)
        assert deliver_pending(app, 10, now=later + timedelta(hours=2)) == 0
    finally:
        controller.stop()
    assert all(m.sent_at is not None and m.last_error == "" for m in outbox(app))


class RefusingSink(SmtpSink):
    """A relay that answers but refuses one recipient."""

    refused = ""

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any,  # noqa: N802
                          address: str, options: Any) -> str:
        if address == self.refused:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_a_message_the_relay_refuses_waits_with_back_off_and_the_others_go(
    make_app: Any,
) -> None:
    from web.core.mail import deliver_pending, queue_mail
    from web.core.models import utcnow

    sink = RefusingSink()
    sink.refused = unique_email("refuse")
    sink.start()
    try:
        app = make_app(MAIL_PORT=sink.port)
        addresses = [sink.refused, unique_email("accepte"), unique_email("accepte")]
        with app.test_request_context(), db_of(app) as db:
            for address in addresses:
                queue_mail(db, address, "Activer mon compte", "activation", link="http://x/")
            db.commit()
        assert deliver_pending(app, 10) == 2
        assert sorted(str(m["To"]) for m in sink.messages) == sorted(addresses[1:])
        (refused,) = outbox(app, to=sink.refused)
        assert refused.sent_at is None and "SMTPRecipientsRefused" in refused.last_error
        delay = refused.next_attempt_at - utcnow()
        assert timedelta(seconds=20) < delay <= timedelta(seconds=30)
        assert deliver_pending(app, 10) == 0  # not due again before its delay
    finally:
        sink.stop()


def test_the_back_off_is_capped_at_one_hour() -> None:
    from web.core.mail import _retry_delay

    assert [_retry_delay(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert _retry_delay(30) == timedelta(hours=1)


def test_consulter_mes_messages_lists_the_mails_sent_with_their_date_and_detail(
    app: Any, client: Any, auth: Any
) -> None:
    account = auth.create()
    client.post("/mot-de-passe-oublie", data={"identifiant": account.email})
    auth.login(account.email)
    listing = client.get("/mes-messages")
    assert "[EXAMFORMS] Réinitialisation du mot de passe" in text_of(listing)
    assert "(en cours d'envoi)" in text_of(listing)
    [mail] = outbox(app, account.email)
    detail = client.get(f"/mes-messages/{mail.id}")
    assert detail.status_code == 200
    assert "Vous avez demandé la réinitialisation du mot de passe" in text_of(detail)


def test_another_accounts_message_answers_not_found(app: Any, client: Any, auth: Any) -> None:
    victim = auth.create()
    client.post("/mot-de-passe-oublie", data={"identifiant": victim.email})
    [mail] = outbox(app, victim.email)
    intruder = auth.create()
    auth.login(intruder.email)
    assert client.get(f"/mes-messages/{mail.id}").status_code == 404
    assert victim.email not in text_of(client.get("/mes-messages"))


def test_the_mail_worker_command_and_deliver_command_exist(runner: Any) -> None:
    result = runner.invoke(args=["deliver-mail", "--limit", "5"])
    assert result.exit_code == 0 and "0 message(s) envoyé(s)." in result.output


def test_two_workers_at_once_send_each_message_exactly_once(
    make_app: Any, smtp_sink: SmtpSink
) -> None:
    import threading

    from web.core.mail import deliver_pending, queue_mail

    app = make_app(WTF_CSRF_ENABLED=False, MAIL_PORT=smtp_sink.port)
    addresses = [unique_email("lot") for _ in range(12)]
    with app.test_request_context(), db_of(app) as db:
        for address in addresses:
            queue_mail(db, address, "Activer mon compte", "activation", link="http://x/")
        db.commit()
    counts: list[int] = []
    workers = [
        threading.Thread(target=lambda: counts.append(deliver_pending(app, 50))) for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert sum(counts) == 12
    assert sorted(str(m["To"]) for m in smtp_sink.messages) == sorted(addresses)


def test_a_subject_with_an_accented_exam_label_reaches_the_reader_with_single_spaces(
    app: Any,
) -> None:
    # The CFG confirmation's subject is long enough for the standard library to fold it
    # before "GÉNÉRALE", which it must encode: the fold used to leave a double space.
    import email
    from email import policy

    from web.core.mail import _as_email
    from web.core.models import OutboxMessage
    from web.registration.service import SUBJECT_SAVED

    subject = "[EXAMFORMS] " + SUBJECT_SAVED.format(exam="CERTIFICAT DE FORMATION GÉNÉRALE")
    message = OutboxMessage(id=1, to_address="a@example.org", subject=subject, body_text="é")
    raw = _as_email(app, message).as_bytes()
    assert email.message_from_bytes(raw, policy=policy.default)["Subject"] == subject
    assert "Confirmation d'inscription : CERTIFICAT DE FORMATION GÉNÉRALE" in subject
