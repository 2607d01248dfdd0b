"""WTForms of the back office's entrance: login, second factor."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import Length

from web.core.forms import required, strip_text


class StaffLoginForm(FlaskForm):
    email = StringField(
        "Adresse mail professionnelle", filters=[strip_text],
        validators=[required("votre adresse mail"), Length(max=254)],
    )
    password = PasswordField(
        "Mot de passe", validators=[required("votre mot de passe"), Length(max=200)]
    )


class CodeForm(FlaskForm):
    code = StringField(
        "Code de vérification", filters=[strip_text],
        description="Les 6 chiffres affichés par votre application d'authentification, "
        "ou un code de secours (10 caractères).",
        validators=[required("le code de vérification"), Length(max=20)],
    )


class EnrolForm(FlaskForm):
    code = StringField(
        "Code affiché par l'application", filters=[strip_text],
        description="6 chiffres, par exemple 123456",
        validators=[required("le code affiché par l'application"), Length(max=20)],
    )
