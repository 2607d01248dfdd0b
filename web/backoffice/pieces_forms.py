"""Forms of the pieces' control: a piece's status, reception date and comment."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import Length, ValidationError

from web.core.forms import as_choices, parse_date, strip_text
from web.core.models import PIECE_COMPLIANT, PIECE_NOT_COMPLIANT, PIECE_RECEIVED, PIECE_UNCHECKED

STATUS_CHOICES = as_choices([
    (PIECE_UNCHECKED, "Aucun statut (pas encore contrôlée)"),
    (PIECE_RECEIVED, "Reçue"),
    (PIECE_NOT_COMPLIANT, "Non conforme"),
    (PIECE_COMPLIANT, "Conforme"),
])


class PieceStatusForm(FlaskForm):
    status = RadioField("Statut de la pièce", choices=STATUS_CHOICES, default=PIECE_UNCHECKED)
    received_on = StringField(
        "Date de réception (facultative)", filters=[strip_text],
        description="Format JJ/MM/AAAA, par exemple 15/01/2027",
        validators=[Length(max=10, message="La date doit être au format JJ/MM/AAAA.")],
    )
    comment = TextAreaField(
        "Commentaire pour le candidat (pièce non conforme)", filters=[strip_text],
        description="Ce qui ne va pas : le candidat le lit dans Mes justificatifs (aucun mail "
        "ne lui est envoyé).",
        validators=[Length(max=2000, message="Le commentaire ne doit pas dépasser "
                                             "2000 caractères.")],
    )

    def validate_received_on(self, field: Any) -> None:
        if field.data and parse_date(field.data) is None:
            raise ValidationError("La date de réception doit être au format JJ/MM/AAAA.")

    @property
    def reception_date(self) -> date | None:
        return parse_date(self.received_on.data) if self.received_on.data else None
