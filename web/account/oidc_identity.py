"""An account's civil status from FranceConnect's identity claims (COG codes, ISO dates)."""

from __future__ import annotations

from datetime import date
from typing import Any

from engine import reference as ref
from web.account.civil_status import MIN_ACCOUNT_AGE, age_on, name_problem
from web.account.oidc import SignInRefused
from web.core import reference
from web.core.catalogue import paris
from web.core.models import utcnow

GENDERS = {"female": "F", "male": "M"}
LIMITS = {"nom_naissance": 100, "nom_usage": 100, "prenoms": 150}


def _text(claims: dict[str, Any], name: str) -> str:
    value = claims.get(name)
    return " ".join(value.split()) if isinstance(value, str) else ""


def _birth_date(text: str) -> date:
    try:
        born = date.fromisoformat(text)
    except ValueError as error:
        raise SignInRefused("incomplete", "birthdate") from error
    today = paris(utcnow()).date()
    if born > today or age_on(born, today) < MIN_ACCOUNT_AGE:
        raise SignInRefused("too_young", text)
    return born


def _birthplace(claims: dict[str, Any]) -> dict[str, str]:
    # INSEE's country code (Code officiel géographique): exams/reference/cog_countries.json.
    # A code it lacks is refused with a French message; the form still creates the account.
    country = ref.country_of_cog(_text(claims, "birthcountry"))
    if country is None:
        raise SignInRefused("country", _text(claims, "birthcountry"))
    if country != reference.FRANCE:
        return {
            "pays_naissance": country,
            "departement_naissance": "",
            "commune_naissance": "",
            "commune_naissance_label": "",
        }
    commune = ref.commune(_text(claims, "birthplace"))
    if commune is None:
        raise SignInRefused("incomplete", "birthplace")
    return {
        "pays_naissance": country,
        "departement_naissance": commune.departement,
        "commune_naissance": commune.code,
        "commune_naissance_label": commune.name,
    }


def account_values(claims: dict[str, Any]) -> dict[str, Any]:
    """The Account attributes (email, civil status) the claims give, or SignInRefused."""
    email = _text(claims, "email")
    if not email or "@" not in email or len(email) > 254:
        raise SignInRefused("no_email")
    values: dict[str, Any] = {
        "email": email,
        "sexe": GENDERS.get(_text(claims, "gender"), ""),
        "nom_naissance": _text(claims, "family_name"),
        "nom_usage": _text(claims, "preferred_username"),
        "prenoms": _text(claims, "given_name"),
    }
    if not (values["sexe"] and values["nom_naissance"] and values["prenoms"]):
        raise SignInRefused("incomplete", "gender, family_name or given_name")
    for key, limit in LIMITS.items():
        if len(values[key]) > limit or (values[key] and name_problem(values[key], "Le nom")):
            raise SignInRefused("incomplete", key)
    values["date_naissance"] = _birth_date(_text(claims, "birthdate"))
    values.update(_birthplace(claims))
    return values
