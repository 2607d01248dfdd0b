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
# The INSEE code of France among the countries of the Code officiel géographique.
COG_FRANCE = "99100"
# INSEE's codes of the countries of birth (Code officiel géographique, « pays et territoires
# étrangers ») and their ISO 3166 alpha-2 code: the countries most candidates born abroad
# come from. A code not listed is refused with a French message (the candidate can still
# create the account with the form); the full INSEE list belongs in exams/reference.
COG_COUNTRIES = {
    COG_FRANCE: "FR",
    "99109": "DE",
    "99110": "AT",
    "99114": "RO",
    "99122": "PL",
    "99123": "RU",
    "99126": "GR",
    "99127": "IT",
    "99131": "BE",
    "99132": "GB",
    "99134": "ES",
    "99135": "NL",
    "99136": "IE",
    "99137": "LU",
    "99138": "MC",
    "99139": "PT",
    "99140": "CH",
    "99208": "TR",
    "99216": "CN",
    "99217": "JP",
    "99322": "CM",
    "99326": "CI",
    "99335": "ML",
    "99341": "SN",
    "99350": "MA",
    "99351": "TN",
    "99352": "DZ",
    "99401": "CA",
    "99404": "US",
    "99416": "BR",
}
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
    country = COG_COUNTRIES.get(_text(claims, "birthcountry"))
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
