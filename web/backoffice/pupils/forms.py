"""WTForms of the pupils' pages: the import (session and file)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField

from web.core.forms import required


class PupilImportForm(FlaskForm):
    part = SelectField("Session", coerce=str, validate_choice=False,
                       validators=[required("la session")],
                       description="La session ouverte dans l'académie où les élèves sont "
                                   "pré-inscrits")
    file = FileField("Fichier CSV", description="Une ligne d'en-tête puis un élève par ligne ; "
                     "UTF-8 ou Windows-1252, séparateur point-virgule ou virgule",
                     validators=[FileRequired("Choisissez le fichier CSV à importer.")])
