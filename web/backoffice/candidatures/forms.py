"""WTForms of the office's actions on a candidature (CSRF through FlaskForm)."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from web.account.forms import IdentityForm
from web.core.forms import parse_date, strip_text

DATE_HINT = "Format attendu : jj/mm/aaaa, par exemple 15/03/2027"


class ExcludeForm(FlaskForm):
    motif = TextAreaField(
        "Motif (communiqué au candidat dans le mail)", filters=[strip_text],
        validators=[DataRequired("Indiquez le motif pour lequel la candidature est écartée."),
                    Length(max=1000, message="Le motif est limité à 1 000 caractères.")],
    )


class WithdrawForm(FlaskForm):
    motif = TextAreaField(
        "Référence de la demande du candidat (facultatif, pour l'historique)",
        description="Par exemple : courriel du candidat du 12/03/2027.", filters=[strip_text],
        validators=[Optional(), Length(max=1000, message="Limité à 1 000 caractères.")],
    )


class ReopenForm(FlaskForm):
    jusqu_au = StringField(
        "Modifiable jusqu'au (inclus, heure de Paris)", description=DATE_HINT,
        filters=[strip_text],
        validators=[DataRequired("Indiquez la date jusqu'à laquelle le candidat peut modifier.")],
    )

    def validate_jusqu_au(self, field: Any) -> None:
        if parse_date(field.data or "") is None:
            raise ValidationError(f"La date n'est pas valide. {DATE_HINT}")


class CivilStatusForm(IdentityForm):
    """The account's civil status as the office corrects it (no confirmation fields: the
    correction is confirmed on the next step, with the values before and after)."""

    nom_naissance_confirmation = None
    date_naissance_confirmation = None
