"""WTForms of the published documents' pages: publish, restart, a timetable entry, its CSV
import, the aménagement measures granted."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired

from web.core.forms import at_most, parse_date, parse_time, required, strip_text
from web.documents.timetable_rows import ADDRESS_MAX, CENTRE_MAX, parse_duration

MEASURES_MAX = 2000


class PublishForm(FlaskForm):
    kind = SelectField("Document à publier", validators=[required("le document à publier")])
    part = SelectField(
        "Session",
        validators=[required("la session")],
        description="Session et académie dont les candidatures le reçoivent",
    )


def _check(parse: object, message: str) -> object:
    def check(form: object, field: object) -> None:
        data = getattr(field, "data", "")
        if data and parse(data) is None:  # type: ignore[operator]
            raise ValidationError(message)

    return check


class EntryForm(FlaskForm):
    unit = SelectField("Épreuve", validators=[required("l'épreuve")])
    speciality = SelectField(
        "Spécialité", validate_choice=True, description="Une spécialité donnée, ou toutes"
    )
    day = StringField(
        "Date",
        filters=[strip_text],
        description="Au format JJ/MM/AAAA, par exemple 12/06/2027",
        validators=[
            required("la date"),
            _check(parse_date, "Saisissez une date au format JJ/MM/AAAA, par exemple 12/06/2027."),
        ],
    )
    starts_at = StringField(
        "Heure de début",
        filters=[strip_text],
        description="Heure de Paris, au format HH:MM, par exemple 08:30",
        validators=[
            required("l'heure de début"),
            _check(parse_time, "Saisissez une heure au format HH:MM, par exemple 08:30."),
        ],
    )
    duration = StringField(
        "Durée",
        filters=[strip_text],
        description="Par exemple 2h, 1h30 ou 90 (minutes)",
        validators=[
            required("la durée"),
            _check(parse_duration, "Saisissez une durée comme 2h, 1h30 ou 90 (minutes)."),
        ],
    )
    centre = StringField(
        "Centre d'examen",
        filters=[strip_text],
        validators=[required("le centre d'examen"), at_most(CENTRE_MAX, "Le centre d'examen")],
    )
    address = TextAreaField(
        "Adresse du centre",
        filters=[strip_text],
        validators=[at_most(ADDRESS_MAX, "L'adresse du centre")],
    )


class TimetableImportForm(FlaskForm):
    file = FileField(
        "Fichier CSV du calendrier",
        description="Format CSV, séparateur point-virgule ou virgule, 1 Mo au plus",
        validators=[FileRequired("Choisissez le fichier CSV à importer.")],
    )


class MeasuresForm(FlaskForm):
    measures = TextAreaField(
        "Mesures d'aménagement accordées",
        filters=[strip_text],
        description="Une mesure par ligne, telle qu'elle sera imprimée sur la notification, "
        "par exemple « Majoration d'un tiers du temps de composition »",
        validators=[
            DataRequired("Veuillez renseigner les mesures accordées."),
            at_most(MEASURES_MAX, "Les mesures accordées"),
        ],
    )
    decided_on = StringField(
        "Date de la décision",
        filters=[strip_text],
        description="Facultatif, au format JJ/MM/AAAA",
        validators=[
            _check(parse_date, "Saisissez une date au format JJ/MM/AAAA, par exemple 02/04/2027.")
        ],
    )
