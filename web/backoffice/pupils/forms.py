"""WTForms of the pupils' pages: the import (session and file), a pupil's correction."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import ValidationError

from engine.wizard import FORME_LABELS
from web.account.civil_status import OLDEST_YEAR
from web.account.forms import SEXES, check_name
from web.backoffice.pupils.correction import Options, PupilValues
from web.backoffice.pupils.rows import CLASS_MAX, FIRST_NAMES_MAX, NAME_MAX
from web.core.catalogue import paris
from web.core.forms import as_choices, at_most, parse_date, required, strip_text
from web.core.models import utcnow

MSG_BORN_SHAPE = "La date de naissance doit être au format JJ/MM/AAAA, par exemple 03/05/2009."
MSG_BORN_IMPOSSIBLE = ("La date de naissance {day:%d/%m/%Y} est impossible : elle doit être "
                       "passée et postérieure au 01/01/1900.")
MSG_SPECIALITY = "Choisissez une spécialité ouverte à cette session."
MSG_CATEGORY = "Choisissez une catégorie de l'examen."
MSG_FORME = "Cette forme de passage n'est pas permise à la catégorie choisie ({allowed})."


class PupilImportForm(FlaskForm):
    part = SelectField("Session", coerce=str, validate_choice=False,
                       validators=[required("la session")],
                       description="Une session non fermée de votre académie (sa période "
                                   "d'inscription en ligne peut être finie) : les élèves y "
                                   "sont pré-inscrits")
    file = FileField("Fichier CSV", description="Une ligne d'en-tête puis un élève par ligne ; "
                     "UTF-8 ou Windows-1252, séparateur point-virgule ou virgule",
                     validators=[FileRequired("Choisissez le fichier CSV à importer.")])


def _single_spaces(value: Any) -> Any:
    """' Dupont   Marie ' → 'Dupont Marie', as the import reads a name."""
    return " ".join(value.split()) if isinstance(value, str) else value


class PupilEditForm(FlaskForm):
    """A pré-inscrit pupil as the office corrects it; the choices come from the exam."""

    nom = StringField(
        "Nom de naissance", filters=[_single_spaces],
        validators=[required("le nom de naissance"), at_most(NAME_MAX, "Le nom de naissance"),
                    check_name("Le nom de naissance")])
    prenoms = StringField(
        "Prénoms", filters=[_single_spaces],
        validators=[required("les prénoms"), at_most(FIRST_NAMES_MAX, "Les prénoms"),
                    check_name("Les prénoms")])
    sexe = RadioField("Sexe", choices=SEXES, validators=[required("le sexe")])
    date_naissance = StringField(
        "Date de naissance", description="Format attendu : JJ/MM/AAAA, par exemple 03/05/2009",
        filters=[strip_text],
        validators=[required("la date de naissance"), at_most(10, "La date de naissance")])
    classe = StringField(
        "Classe", filters=[_single_spaces],
        validators=[required("la classe"), at_most(CLASS_MAX, "La classe")])
    specialite = SelectField("Spécialité", validate_choice=False,
                             validators=[required("la spécialité")])
    categorie = SelectField("Catégorie", validate_choice=False,
                            validators=[required("la catégorie")])
    forme = SelectField("Forme de passage", validate_choice=False,
                        description="Parmi les formes que la catégorie permet")

    def offer(self, options: Options) -> None:
        # An exam without specialities (the CFG): no speciality to choose nor to require.
        self.has_specialities = bool(options.specialities)
        if not self.has_specialities:
            self.specialite.validators = []
        self.specialite.choices = as_choices(
            [("", "Sélectionner une spécialité"), *options.specialities])
        self.categorie.choices = as_choices(
            [("", "Sélectionner une catégorie"), *options.categories])
        formes = dict.fromkeys(f for allowed in options.formes.values() for f in allowed)
        self.forme.choices = as_choices(
            [("", "Sélectionner une forme"), *((f, FORME_LABELS.get(f, f)) for f in formes)])
        self._options = options

    def fill(self, values: PupilValues) -> None:
        self.nom.data, self.prenoms.data, self.sexe.data = (
            values.nom, values.prenoms, values.sexe)
        self.date_naissance.data = values.born.strftime("%d/%m/%Y") if values.born else ""
        self.classe.data = values.class_label
        self.specialite.data, self.categorie.data, self.forme.data = (
            values.speciality, values.category, values.forme)

    def validate_date_naissance(self, field: Any) -> None:
        found = parse_date(field.data or "")
        if found is None:
            raise ValidationError(MSG_BORN_SHAPE)
        if found >= paris(utcnow()).date() or found.year < OLDEST_YEAR:
            raise ValidationError(MSG_BORN_IMPOSSIBLE.format(day=found))

    def validate_specialite(self, field: Any) -> None:
        if not self.has_specialities:
            field.data = ""
            return
        if field.data not in dict(self._options.specialities):
            raise ValidationError(MSG_SPECIALITY)

    def validate_categorie(self, field: Any) -> None:
        if field.data not in dict(self._options.categories):
            raise ValidationError(MSG_CATEGORY)

    def validate_forme(self, field: Any) -> None:
        allowed = self._options.formes.get(self.categorie.data or "")
        if allowed is None:  # the category's own message says it
            return
        if not field.data and len(allowed) == 1:
            field.data = allowed[0]
        if (field.data or "") not in allowed and (allowed or field.data):
            shown = " ou ".join(FORME_LABELS.get(f, f).lower() for f in allowed) or "aucune"
            raise ValidationError(MSG_FORME.format(allowed=shown))

    def values(self) -> PupilValues:
        return PupilValues(self.nom.data or "", self.prenoms.data or "", self.sexe.data or "",
                           parse_date(self.date_naissance.data or ""), self.classe.data or "",
                           self.specialite.data or "", self.categorie.data or "",
                           self.forme.data or "")
