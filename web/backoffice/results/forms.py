"""WTForms of the results pages: the CSV import of grades and the publication moment."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField

from web.backoffice.session_forms import DATE_HINT, TIME_HINT, valid_date, valid_time
from web.core.forms import required, strip_text


class GradesImportForm(FlaskForm):
    file = FileField(
        "Fichier CSV des notes",
        description="Colonnes N° inscription;Épreuve;Note, une note par ligne (CSV, 2 Mo au plus)",
        validators=[FileRequired("Choisissez le fichier CSV des notes à importer.")],
    )


class PublicationForm(FlaskForm):
    day = StringField(
        "Date de publication",
        filters=[strip_text],
        description=DATE_HINT,
        validators=[required("la date de publication"), valid_date],
    )
    hour = StringField(
        "Heure de publication",
        filters=[strip_text],
        default="10:00",
        description=TIME_HINT,
        validators=[required("l'heure de publication"), valid_time],
    )
