"""Form helpers shared by the areas: French required messages, dates, choices, CSRF-only form."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from flask_wtf import FlaskForm
from werkzeug.routing import IntegerConverter
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


# 08:30, 8:30, 8h30, 8 h 30, 8h (the hour alone: on the hour).
_TIME = re.compile(r"^([01]?\d|2[0-3])\s*[:hH]\s*([0-5]\d)?$")


def parse_time(text: str) -> time | None:
    """A time of day as people type it (08:30, 8h30, 8 h), or None."""
    found = _TIME.match(text.strip())
    return time(int(found[1]), int(found[2] or 0)) if found else None


def strip_text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token (logout, deletion confirmation)."""


# The largest id the databases store (a signed 64-bit integer): beyond it, SQLite's driver
# raises instead of answering "no such row".
MAX_ID = 2**63 - 1
MAX_PAGE = 100_000


def record_id(text: str) -> int:
    """A posted or queried id as a `type=` for request.args.get: ValueError when out of range."""
    value = int(text)
    if not 0 <= value <= MAX_ID:
        raise ValueError(text)
    return value


def page_number(text: str) -> int:
    """A ?page= value, kept between 1 and MAX_PAGE (an offset never overflows)."""
    return min(max(int(text), 1), MAX_PAGE)


class RecordIdConverter(IntegerConverter):
    """The <int:…> URL converter, refusing (404) ids no row can have."""

    def __init__(self, url_map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)
