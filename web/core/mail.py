"""Transactional mail outbox: queue a message with the change, deliver it later over SMTP."""

from __future__ import annotations

import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from flask import Flask, current_app, render_template
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from web.core import db as database
from web.core.models import Account, OutboxMessage, utcnow

RETRY_BASE = timedelta(seconds=30)
RETRY_MAX = timedelta(hours=1)
HEADER_LINE_LENGTH = 998
CLAIM_LEASE = timedelta(minutes=5)  # longer than any SMTP conversation (timeouts are seconds)
# The relay refused this message (its recipient, its sender, its content): the message waits
# with a growing delay. Any other failure is the relay's own (unreachable, disconnected,
# refusing the login or TLS): every message would fail alike, so the batch stops and the
# message stays due, tried again at the worker's next poll. When the relay comes back, the
# whole backlog leaves at once instead of waiting out delays grown during the outage.
MESSAGE_REFUSALS: tuple[type[Exception], ...] = (
    smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError,
)


@dataclass(frozen=True)
class OutboxFigures:
    """The outbox as the operator watches it (metrics, the back office's home)."""

    backlog: int  # mails not sent yet
    failing: int  # of those, mails whose last delivery attempt failed
    oldest: datetime | None  # creation of the oldest mail not sent

    def oldest_age(self, now: datetime | None = None) -> timedelta:
        return (now or utcnow()) - self.oldest if self.oldest is not None else timedelta(0)


def outbox_figures(db: Session, now: datetime | None = None) -> OutboxFigures:
    # A mail waiting for its moment (a relevé de notes published for later) is not late.
    pending = and_(
        OutboxMessage.sent_at.is_(None),
        or_(OutboxMessage.not_before.is_(None), OutboxMessage.not_before <= (now or utcnow())),
    )
    backlog, oldest = db.execute(
        select(func.count(OutboxMessage.id), func.min(OutboxMessage.created_at)).where(pending)
    ).one()
    failing = db.scalar(
        select(func.count(OutboxMessage.id)).where(pending, OutboxMessage.last_error != "")
    )
    return OutboxFigures(backlog or 0, failing or 0, oldest)


def queue_mail(
    db: Session,
    to_address: str,
    subject: str,
    template: str,
    *,
    account: Account | None = None,
    **context: object,
) -> OutboxMessage:
    """Add a message rendered from mail/<template>.txt and .html to the session's transaction.

    The caller commits: the message exists if and only if the change that causes it does.
    """
    ctx = {"portal_name": current_app.config["PORTAL_NAME"], **context}
    message = OutboxMessage(
        to_address=to_address,
        subject=f"[{current_app.config['PORTAL_NAME']}] {subject}",
        body_text=render_template(f"mail/{template}.txt", **ctx),
        body_html=render_template(f"mail/{template}.html", **ctx),
    )
    if account is not None:
        if account.id is None:
            db.flush()
        message.account_id = account.id
    db.add(message)
    return message


def _retry_delay(attempts: int) -> timedelta:
    return min(RETRY_BASE * (2 ** max(attempts - 1, 0)), RETRY_MAX)


def _as_email(app: Flask, message: OutboxMessage) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = app.config["MAIL_SENDER"]
    mail["To"] = message.to_address
    mail["Subject"] = message.subject
    # A stable id lets a receiver drop the duplicate if a crash follows a successful send.
    mail["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}", domain="examforms.local")
    mail.set_content(message.body_text)
    if message.body_html:
        mail.add_alternative(message.body_html, subtype="html")
    # Headers written on one line (RFC 5322 allows 998 characters; a subject is 255 at most):
    # the standard library folds a long subject before a word it must encode (an exam label
    # with an accent, "… FORMATION GÉNÉRALE") leaving a space on both sides of the fold, which
    # readers show as a double space. The bodies were encoded above with the usual policy.
    mail.policy = mail.policy.clone(max_line_length=HEADER_LINE_LENGTH)
    return mail


def _send(app: Flask, mail: EmailMessage) -> None:
    with smtplib.SMTP(
        app.config["MAIL_SERVER"], app.config["MAIL_PORT"], timeout=app.config["MAIL_TIMEOUT"]
    ) as smtp:
        if app.config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if app.config.get("MAIL_USERNAME"):
            smtp.login(app.config["MAIL_USERNAME"], app.config.get("MAIL_PASSWORD", ""))
        smtp.send_message(mail)


def _claim(db: Session, moment: datetime, skipped: list[int]) -> OutboxMessage | None:
    """Take the next due message by pushing its next attempt a lease ahead, and commit.

    The conditional UPDATE lets only one worker win a message on SQLite as on PostgreSQL,
    and no transaction stays open while the SMTP server answers.
    """
    while True:
        query = (
            select(OutboxMessage.id, OutboxMessage.next_attempt_at)
            .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= moment)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(1)
        )
        if skipped:
            query = query.where(OutboxMessage.id.not_in(skipped))
        row = db.execute(query).first()
        if row is None:
            db.rollback()
            return None
        won = db.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == row.id,
                OutboxMessage.sent_at.is_(None),
                OutboxMessage.next_attempt_at == row.next_attempt_at,
            )
            .values(next_attempt_at=moment + CLAIM_LEASE)
            .execution_options(synchronize_session=False)
        )
        db.commit()
        if won.rowcount == 1:  # type: ignore[attr-defined]
            return db.get(OutboxMessage, row.id, populate_existing=True)
        # Another worker took it between the SELECT and the UPDATE: look again.


def _failed(message: OutboxMessage, error: Exception, next_attempt: datetime) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:1000]
    message.next_attempt_at = next_attempt


def deliver_pending(app: Flask, limit: int = 50, now: datetime | None = None) -> int:
    """Send up to `limit` due messages, one claim and one result transaction each.

    A failure records the error: a message the relay refused waits with exponential
    back-off; a relay that cannot be reached ends the batch, the message due again at the
    next call (MESSAGE_REFUSALS). An SMTP outage delays mail but loses none. Several
    workers may run at once: each message is claimed by one of them (a worker dying
    mid-send leaves it due again once the lease ends, so delivery is at least once).
    """
    sent = 0
    with app.app_context():
        db = database.session()
        skipped: list[int] = []
        for _ in range(limit):
            moment = now or utcnow()
            message = _claim(db, moment, skipped)
            if message is None:
                break
            if not message.to_address:
                # A school pupil imported without an address: the message stays readable in
                # Consulter mes messages, nothing is sent.
                message.attempts += 1
                message.sent_at = utcnow()
                message.last_error = "no address: kept in the portal only"
                db.commit()
                continue
            try:
                _send(app, _as_email(app, message))
            except MESSAGE_REFUSALS as exc:
                _failed(message, exc, moment + _retry_delay(message.attempts + 1))
                skipped.append(message.id)
            except (OSError, smtplib.SMTPException) as exc:
                _failed(message, exc, moment)
                db.commit()
                app.logger.warning("mail relay unavailable, %d message(s) sent before: %s",
                                   sent, message.last_error)
                break
            else:
                message.attempts += 1
                message.sent_at = utcnow()
                message.last_error = ""
                sent += 1
            db.commit()
    return sent


def run_worker(
    app: Flask,
    interval: float = 2.0,
    housekeeping: Callable[[Session], int] | None = None,
    housekeeping_every: float = 600.0,
) -> None:
    """Deliver mail forever; also run `housekeeping` (e.g. the account purge) periodically."""
    last_run = 0.0
    while True:
        try:
            count = deliver_pending(app)
            if count:
                app.logger.info("mail worker: %d message(s) sent", count)
            if housekeeping is not None and time.monotonic() - last_run >= housekeeping_every:
                with app.app_context():
                    done = housekeeping(database.session())
                if done:
                    app.logger.info("mail worker housekeeping: %d row(s) removed", done)
                last_run = time.monotonic()
        except Exception:  # noqa: BLE001 - a worker must outlive a database hiccup
            app.logger.exception("mail worker iteration failed")
        time.sleep(interval)
