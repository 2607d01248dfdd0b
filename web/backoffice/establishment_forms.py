"""WTForms of the establishments pages: add one, correct a label, import a CSV."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField

from web.core.forms import at_most, required, strip_text
from web.core.models import ESTABLISHMENT_LABEL_MAX

LABEL_HINT = "En capitales, tel que les candidats le choisiront, par exemple LYCÉE COLBERT - REIMS"


class LabelForm(FlaskForm):
    label = StringField(
        "Libellé de l'établissement", filters=[strip_text], description=LABEL_HINT,
        validators=[required("le libellé de l'établissement"),
                    at_most(ESTABLISHMENT_LABEL_MAX, "Le libellé")],
    )


class NewEstablishmentForm(LabelForm):
    """An establishment the shipped list lacks, in the page's academy."""

    uai = StringField(
        "UAI (numéro d'établissement)", filters=[strip_text],
        description="7 chiffres et une lettre, par exemple 0510001Z",
        validators=[required("l'UAI de l'établissement"), at_most(8, "L'UAI")],
    )
    departement = SelectField("Département", validate_choice=False,
                              validators=[required("le département")])

    field_order = ("uai", "label", "departement")

    def __iter__(self) -> Any:
        # The error summary lists the fields in the page's order.
        names = [n for n in self.field_order if n in self._fields]
        rest = [f for n, f in self._fields.items() if n not in names]
        return iter([self._fields[n] for n in names] + rest)


class ImportForm(FlaskForm):
    file = FileField("Fichier CSV", description="Colonnes uai;libelle;academie;departement, "
                     "une ligne d'en-tête, encodé en UTF-8",
                     validators=[FileRequired("Choisissez le fichier CSV à importer.")])


class ApplyImportForm(FlaskForm):
    """Confirms the preview: the plan's fingerprint, checked again when applying."""

    digest = HiddenField()
