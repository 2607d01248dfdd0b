"""A change the back office's rules refuse: its French reason, and the form field it concerns."""

from __future__ import annotations

from typing import Any


class Refused(Exception):
    """Raised by a rules module (sessions, establishments) before it changes anything."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def show_refusal(form: Any, refused: Refused) -> None:
    """Show a refusal next to its field (and in the summary), else at the top of the form."""
    field = form._fields.get(refused.field) if refused.field else None
    if field is not None:
        field.errors = [*field.errors, refused.message]
    else:
        form.form_errors.append(refused.message)
