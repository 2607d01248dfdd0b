"""WTForms of the account pages, with the guide's French messages."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, SelectField, StringField
from wtforms.validators import Email, Optional, ValidationError

from web.account.civil_status import birth_date_problem, name_problem
from web.core import reference
from web.core.catalogue import paris
from web.core.forms import as_choices, at_most, parse_date, required, strip_text
from web.core.models import utcnow
from web.core.security import password_problem

SEXES = as_choices([("F", "Féminin"), ("M", "Masculin")])
DATE_HINT = "Exemple: 30/05/1998"
EMAIL_HINT = "Exemple: nom.prenom@domaine.fr"
# bandit reads a string named *PASSWORD* as one: these are messages (nosec B105).
PASSWORD_HINT = (
    "8 à 20 caractères dont majuscule, minuscule et caractère spécial (exemple : ./! * etc...)"  # nosec B105
)


def check_name(what: str) -> Any:
    """A validator refusing digits and other characters a name cannot hold."""

    def check(_form: Any, field: Any) -> None:
        problem = name_problem(field.data or "", what)
        if problem:
            raise ValidationError(problem)

    return check


def check_password(_form: Any, field: Any) -> None:
    if field.data:
        problem = password_problem(field.data)
        if problem:
            raise ValidationError(problem)


class IdentityForm(FlaskForm):
    """The civil-status fields shared by account creation and modification."""

    sexe = RadioField("Sexe", choices=SEXES, validators=[required("votre sexe")])
    nom_naissance = StringField(
        "Nom de famille",
        description="(Nom de naissance)",
        filters=[strip_text],
        validators=[
            required("votre nom de naissance"),
            at_most(100, "Le nom de naissance"),
            check_name("Le nom de naissance"),
        ],
    )
    nom_naissance_confirmation = StringField(
        "Confirmation du nom de naissance",
        filters=[strip_text],
        validators=[
            required("la confirmation du nom de naissance"),
            at_most(100, "La confirmation du nom de naissance"),
        ],
    )
    nom_usage = StringField(
        "Nom d'usage",
        description="(Nom marital par exemple)",
        filters=[strip_text],
        validators=[
            Optional(), at_most(100, "Le nom d'usage"), check_name("Le nom d'usage")
        ],
    )
    prenoms = StringField(
        "Prénoms",
        description="(tels qu'ils figurent sur la pièce d'identité)",
        filters=[strip_text],
        validators=[
            required("vos prénoms"), at_most(150, "Les prénoms"), check_name("Les prénoms")
        ],
    )
    date_naissance = StringField(
        "Date de naissance",
        description=DATE_HINT,
        filters=[strip_text],
        validators=[required("votre date de naissance"), at_most(10, "La date de naissance")],
    )
    date_naissance_confirmation = StringField(
        "Confirmation date de naissance",
        description=DATE_HINT,
        filters=[strip_text],
        validators=[
            required("la confirmation de la date de naissance"),
            at_most(10, "La confirmation de la date de naissance"),
        ],
    )
    # validate_choice off: WTForms' "Not a valid choice" is English; validate_pays_naissance
    # says it in French.
    pays_naissance = SelectField(
        "Pays de naissance", validators=[required("votre pays de naissance")],
        validate_choice=False,
    )
    departement_naissance = SelectField(
        "Département, DOM ou COM de naissance", validate_choice=False
    )
    commune_naissance = SelectField(
        "Commune de naissance",
        description="Champ de recherche fonction du département",
        validate_choice=False,
    )

    def fill_choices(self) -> None:
        self.pays_naissance.choices = as_choices(reference.countries())
        self.departement_naissance.choices = as_choices(
            [("", "Sélectionner un département"), *reference.departements()]
        )
        dept = self.departement_naissance.data or ""
        self.commune_naissance.choices = as_choices(
            [("", "Sélectionner une commune"), *reference.communes(dept)]
        )

    def born_in_france(self) -> bool:
        return (self.pays_naissance.data or reference.FRANCE) == reference.FRANCE

    def validate_nom_naissance_confirmation(self, field: Any) -> None:
        if (field.data or "").casefold() != (self.nom_naissance.data or "").casefold():
            raise ValidationError("Le nom de naissance et sa confirmation sont différents.")

    def validate_date_naissance(self, field: Any) -> None:
        problem = birth_date_problem(field.data or "", paris(utcnow()).date())
        if problem:
            raise ValidationError(problem)

    def validate_date_naissance_confirmation(self, field: Any) -> None:
        if parse_date(field.data or "") != parse_date(self.date_naissance.data or ""):
            raise ValidationError("La date de naissance et sa confirmation sont différentes.")

    def validate_pays_naissance(self, field: Any) -> None:
        if field.data not in dict(reference.countries()):
            raise ValidationError("Veuillez choisir un pays de naissance dans la liste.")

    def validate_departement_naissance(self, field: Any) -> None:
        if not self.born_in_france():
            return
        if not field.data:
            raise ValidationError("Veuillez renseigner votre département de naissance.")
        if field.data not in dict(reference.departements()):
            raise ValidationError("Veuillez choisir un département dans la liste.")

    def validate_commune_naissance(self, field: Any) -> None:
        if not self.born_in_france():
            return
        if not field.data:
            raise ValidationError("Veuillez renseigner votre commune de naissance.")
        dept = self.departement_naissance.data or ""
        if reference.commune_name(dept, field.data) is None:
            raise ValidationError("Veuillez choisir une commune du département de naissance.")


class EmailPairMixin:
    def validate_email_confirmation(self, field: Any) -> None:
        email: Any = getattr(self, "email")  # noqa: B009 - declared by the concrete form
        if (field.data or "").strip().lower() != (email.data or "").strip().lower():
            raise ValidationError("L'adresse mail et sa confirmation sont différentes.")

    def validate_password_confirmation(self, field: Any) -> None:
        password: Any = getattr(self, "password")  # noqa: B009
        if (field.data or "") != (password.data or ""):
            raise ValidationError("Le mot de passe et sa confirmation sont différents.")


def _email_field(label: str, what: str) -> StringField:
    return StringField(
        label,
        description=EMAIL_HINT,
        filters=[strip_text],
        validators=[
            required(what),
            at_most(254, "L'adresse mail"),
            Email(
                message=f"L'adresse mail n'est pas valide. {EMAIL_HINT}",
                check_deliverability=False,
            ),
        ],
    )


class CreateAccountForm(EmailPairMixin, IdentityForm):
    email = _email_field("Adresse mail", "votre adresse mail")
    email_confirmation = _email_field(
        "Confirmation de l'adresse mail", "la confirmation de l'adresse mail"
    )
    password = PasswordField(
        "Mot de passe",
        description=PASSWORD_HINT,
        validators=[required("un mot de passe"), check_password],
    )
    password_confirmation = PasswordField(
        "Confirmation du mot de passe", validators=[required("la confirmation du mot de passe")]
    )


class ModifyAccountForm(EmailPairMixin, IdentityForm):
    email = _email_field("Adresse mail", "votre adresse mail")
    email_confirmation = _email_field(
        "Confirmation de l'adresse mail", "la confirmation de l'adresse mail"
    )
    password = PasswordField(
        "Nouveau mot de passe",
        description=PASSWORD_HINT + " Laisser vide pour garder le mot de passe actuel.",
        validators=[Optional(), check_password],
    )
    password_confirmation = PasswordField("Confirmation du nouveau mot de passe")
    current_password = PasswordField(
        "Mot de passe actuel",
        description="Obligatoire pour changer l'adresse mail ou le mot de passe.",
    )


class EmailAndPasswordForm(EmailPairMixin, FlaskForm):
    """What stays editable once a candidature exists."""

    email = ModifyAccountForm.email
    email_confirmation = ModifyAccountForm.email_confirmation
    password = ModifyAccountForm.password
    password_confirmation = ModifyAccountForm.password_confirmation
    current_password = ModifyAccountForm.current_password


class LoginForm(FlaskForm):
    identifiant = StringField(
        "Identifiant de connexion",
        description="Adresse mail, identifiant fourni par votre établissement (nom.prenom1) "
        "ou numéro candidat",
        filters=[strip_text],
        validators=[
            required("votre identifiant de connexion"),
            at_most(254, "L'identifiant de connexion"),
        ],
    )
    # Bounded: a megabyte-long password would cost the hash that much work.
    password = PasswordField(
        "Mot de passe", validators=[required("votre mot de passe"), at_most(200, "Le mot de passe")]
    )


class DeleteAccountForm(FlaskForm):
    """The deletion's confirmation: the password again, so a borrowed session cannot do it."""

    current_password = PasswordField(
        "Mot de passe actuel",
        description="Saisissez votre mot de passe pour confirmer la suppression.",
        validators=[required("votre mot de passe"), at_most(200, "Le mot de passe")],
    )


class ForgotPasswordForm(FlaskForm):
    identifiant = StringField(
        "Identifiant de connexion",
        description="Vous pouvez saisir votre identifiant, email ou numéro candidat.",
        filters=[strip_text],
        validators=[
            required("votre identifiant de connexion"),
            at_most(254, "L'identifiant de connexion"),
        ],
    )


class NewPasswordForm(EmailPairMixin, FlaskForm):
    password = PasswordField(
        "Nouveau mot de passe",
        description="8 à 20 caractères dont majuscule, minuscule et caractère spécial",
        validators=[required("un nouveau mot de passe"), check_password],
    )
    password_confirmation = PasswordField(
        "Confirmation du mot de passe", validators=[required("la confirmation du mot de passe")]
    )

    def validate_email_confirmation(self, field: Any) -> None:  # no email on this form
        return None
