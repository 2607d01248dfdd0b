"""Form helpers shared by the areas: French required messages, dates, choices, CSRF-only form."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length


def as_choices(pairs: Any) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def required(what: str) -> InputRequired:
    return InputRequired(message=f"Veuillez renseigner {what}.")


def at_most(length: int, what: str) -> Length:
    """WTForms' Length with a French message; its flag gives the input its maxlength."""
    verb = "doivent" if what.startswith("Les ") else "doit"
    return Length(max=length, message=f"{what} {verb} comporter au plus {length} caractères.")


def parse_date(text: str) -> date | None:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def strip_text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token (logout, deletion confirmation)."""
