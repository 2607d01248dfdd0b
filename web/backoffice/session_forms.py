"""WTForms of the sessions pages: a new session, its national fields, a period, the dates."""

from __future__ import annotations

import re
from datetime import date, time
from typing import Any

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, ValidationError
from wtforms.validators import Length, Optional

from web.core.forms import parse_date, parse_time, required, strip_text

DATE_HINT = "Au format JJ/MM/AAAA, par exemple 05/01/2027"
TIME_HINT = "Heure de Paris, au format HH:MM"
MSG_DATE = "Saisissez une date au format JJ/MM/AAAA, par exemple 05/01/2027."
MSG_TIME = "Saisissez une heure au format HH:MM, par exemple 08:30."
MSG_YEAR = "Saisissez l'année sur 4 chiffres, par exemple 2027."


def _date(form: Any, field: Any) -> None:
    if field.data and parse_date(field.data) is None:
        raise ValidationError(MSG_DATE)


def _time(form: Any, field: Any) -> None:
    if field.data and parse_time(field.data) is None:
        raise ValidationError(MSG_TIME)


def _year(form: Any, field: Any) -> None:
    if field.data and not re.fullmatch(r"\d{4}", field.data):
        raise ValidationError(MSG_YEAR)


# The same checks for the other forms of the back office that take a date and an hour.
valid_date, valid_time = _date, _time


def date_of(field: Any) -> date | None:
    return parse_date(field.data) if field.data else None


def time_of(field: Any) -> time:
    found = parse_time(field.data or "")
    assert found is not None, "validated by _time"
    return found


class NationalForm(FlaskForm):
    """What a session is for every academy: label, year, start date."""

    label = StringField(
        "Libellé de la session", filters=[strip_text],
        description="Tel qu'il est imprimé sur la confirmation d'inscription, par exemple "
        "JUIN 2027",
        validators=[required("le libellé de la session"), Length(max=80)],
    )
    year = StringField(
        "Année de la session", filters=[strip_text],
        description="4 chiffres : l'âge au 31 décembre et la validité des notes en dépendent",
        validators=[required("l'année de la session"), _year],
    )
    starts_on = StringField(
        "Date de début des épreuves", filters=[strip_text],
        description=f"Facultative (à défaut le 1er juin de l'année). {DATE_HINT}",
        validators=[Optional(), _date],
    )


class NewSessionForm(NationalForm):
    """Open a session (or join it, when another academy opened it) for one academy."""

    exam = SelectField("Examen", validate_choice=False,
                       validators=[required("l'examen")])
    academy = SelectField("Académie", validate_choice=False,
                          validators=[required("l'académie")])

    field_order = ("exam", "label", "year", "starts_on", "academy")

    def __iter__(self) -> Any:
        # The error summary lists the fields in the page's order.
        names = [n for n in self.field_order if n in self._fields]
        rest = [f for n, f in self._fields.items() if n not in names]
        return iter([self._fields[n] for n in names] + rest)


class PeriodForm(FlaskForm):
    """A general-public registration period, in Paris time."""

    opens_on = StringField("Date d'ouverture", filters=[strip_text], description=DATE_HINT,
                           validators=[required("la date d'ouverture"), _date])
    opens_time = StringField("Heure d'ouverture", filters=[strip_text], default="00:00",
                             description=TIME_HINT,
                             validators=[required("l'heure d'ouverture"), _time])
    closes_on = StringField("Date de fermeture", filters=[strip_text], description=DATE_HINT,
                            validators=[required("la date de fermeture"), _date])
    closes_time = StringField("Heure de fermeture", filters=[strip_text], default="23:59",
                              description=TIME_HINT,
                              validators=[required("l'heure de fermeture"), _time])


class DatesForm(FlaskForm):
    """The academy's two dates; left empty, the spec's rules give them."""

    return_by = StringField(
        "Date de retour des confirmations d'inscription", filters=[strip_text],
        description="« A RENVOYER IMPERATIVEMENT POUR LE » de la confirmation. Vide : la "
        f"date limite des pièces demandées. {DATE_HINT}",
        validators=[Optional(), _date],
    )
    pieces_deadline = StringField(
        "Date limite des pièces justificatives", filters=[strip_text],
        description="Remplace pour chaque pièce le délai de la spécification de l'examen. "
        f"{DATE_HINT}",
        validators=[Optional(), _date],
    )
