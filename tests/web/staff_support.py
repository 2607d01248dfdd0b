"""A gestionnaire's own test client, for the back-office tests."""

from __future__ import annotations

from typing import Any


def staff_client(
    app: Any, staff: Any, academy: str | None = "rennes", admin: bool = False
) -> tuple[Any, Any]:
    """A test client of a new staff member, its back-office session opened as after the
    second factor (the entrance's own tests go through the codes)."""
    from web.core.models import utcnow

    account = staff.create(academy, admin=admin)
    client = app.test_client()
    with client.session_transaction() as session:
        now = utcnow().isoformat()
        session.update(
            {
                "_user_id": account.get_id(),
                "_fresh": True,
                "staff_session": {"login_at": now, "seen_at": now},
            }
        )
    return client, account
