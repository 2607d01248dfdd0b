"""The test identities of the local OpenID provider, with FranceConnect's claims."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TestIdentity:
    """One person as FranceConnect describes them: COG codes for the birthplace and country."""

    key: str
    description: str
    claims: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.claims.get('given_name', '')} {self.claims.get('family_name', '')}"


IDENTITIES = (
    TestIdentity(
        "angela",
        "née à Paris 7e, avec une adresse mail",
        {
            "given_name": "Angela Claire Louise",
            "family_name": "DUBOIS",
            "preferred_username": "",
            "birthdate": "1992-08-24",
            "birthplace": "75107",
            "birthcountry": "99100",
            "gender": "female",
            "email": "angela.dubois@example.org",
        },
    ),
    TestIdentity(
        "karim",
        "né à l'étranger (Maroc)",
        {
            "given_name": "Karim",
            "family_name": "BENALI",
            "preferred_username": "",
            "birthdate": "1990-03-15",
            "birthplace": "",
            "birthcountry": "99350",
            "gender": "male",
            "email": "karim.benali@example.org",
        },
    ),
    TestIdentity(
        "linh",
        "née à l'étranger (Viêt Nam)",
        {
            "given_name": "Thi Linh",
            "family_name": "NGUYEN",
            "preferred_username": "",
            "birthdate": "1998-01-20",
            "birthplace": "",
            "birthcountry": "99243",
            "gender": "female",
            "email": "linh.nguyen@example.org",
        },
    ),
    TestIdentity(
        "tristan",
        "pays de naissance au code INSEE inconnu",
        {
            "given_name": "Tristan",
            "family_name": "HALL",
            "preferred_username": "",
            "birthdate": "1993-04-11",
            "birthplace": "",
            "birthcountry": "99999",
            "gender": "male",
            "email": "tristan.hall@example.org",
        },
    ),
    TestIdentity(
        "jean-baptiste",
        "nom et prénoms composés, nom d'usage, né à Rennes",
        {
            "given_name": "Jean-Baptiste Marie",
            "family_name": "DE LA FONTAINE-MARTIN",
            "preferred_username": "MOREAU",
            "birthdate": "1985-11-02",
            "birthplace": "35238",
            "birthcountry": "99100",
            "gender": "male",
            "email": "jb.delafontaine@example.org",
        },
    ),
    TestIdentity(
        "sophie",
        "sans adresse mail",
        {
            "given_name": "Sophie",
            "family_name": "LEROY",
            "preferred_username": "",
            "birthdate": "1995-06-30",
            "birthplace": "69381",
            "birthcountry": "99100",
            "gender": "female",
        },
    ),
)


def identity(key: str) -> TestIdentity | None:
    return next((i for i in IDENTITIES if i.key == key), None)
