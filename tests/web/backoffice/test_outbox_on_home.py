"""The mail outbox on the back office's home: the administrator sees mail waiting, in French."""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any

from web_helpers import db_of


def _queue(app: Any, count: int, error: str = "") -> None:
    from web.core.mail import queue_mail

    with app.test_request_context(), db_of(app) as db:
        for index in range(count):
            message = queue_mail(db, f"attente{index}@example.org", "Activer mon compte",
                                 "activation", link="http://x/")
            message.last_error = error
        db.commit()


def test_the_administrator_sees_the_mail_waiting_and_why(app: Any, client: Any,
                                                          staff: Any) -> None:
    _queue(app, 2)
    _queue(app, 1, error="ConnectionRefusedError: [Errno 111] Connection refused")
    staff.logged_in(None, admin=True)
    page = html.unescape(client.get("/gestion/").get_data(as_text=True))
    assert "Courriels en attente d'envoi : 3" in page
    assert "Le dernier essai d'envoi de 1 d'entre eux a échoué" in page
    assert "le plus ancien attend depuis moins d'une minute" in page
    assert "Errno" not in page  # the error's text is for the log, not the page


def test_a_gestionnaire_does_not_see_the_outbox(app: Any, client: Any, staff: Any) -> None:
    _queue(app, 2)
    staff.logged_in("rennes")
    page = html.unescape(client.get("/gestion/").get_data(as_text=True))
    assert "Courriels en attente" not in page


def test_nothing_is_shown_once_every_mail_is_sent(app: Any, client: Any, staff: Any) -> None:
    staff.logged_in(None, admin=True)
    page = html.unescape(client.get("/gestion/").get_data(as_text=True))
    assert "Courriels en attente" not in page


def test_the_wait_is_said_in_french_words() -> None:
    from web.backoffice.views.home import waited

    assert waited(timedelta(seconds=30)) == "moins d'une minute"
    assert waited(timedelta(minutes=1)) == "1 minute"
    assert waited(timedelta(minutes=12, seconds=59)) == "12 minutes"
    assert waited(timedelta(hours=2, minutes=5)) == "2 h 05"
