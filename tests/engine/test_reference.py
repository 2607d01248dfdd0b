"""Reference lists: sizes, labels the portal shows, département → academy, bad list names."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from engine import reference
from engine.reference import LIST_NAMES

SOURCES = reference.DATA_DIR / "sources"


def test_list_names_are_the_seven_lists_a_spec_may_name() -> None:
    assert LIST_NAMES == (
        "countries", "nationalities", "departements", "communes", "pcs", "academies",
        "etablissements",
    )
    for name in LIST_NAMES:
        assert (reference.DATA_DIR / f"{name}.json").is_file()


def test_every_list_but_communes_offers_choices_with_unique_codes_and_labels() -> None:
    for name in LIST_NAMES:
        if name == "communes":
            continue
        pairs = reference.choices(name)
        codes = [code for code, _ in pairs]
        labels = [label for _, label in pairs]
        assert len(set(codes)) == len(codes), name
        assert len(set(labels)) == len(labels), name
        assert all(code and label for code, label in pairs), name


def test_lists_have_plausible_sizes() -> None:
    assert 225 <= len(reference.choices("countries")) <= 249
    assert 195 <= len(reference.choices("nationalities")) <= 249  # 193 UN members and a few
    assert len(reference.choices("academies")) == 30
    assert len(reference.choices("pcs")) >= 32
    rows = json.loads((reference.DATA_DIR / "communes.json").read_text(encoding="utf-8"))["items"]
    kinds = Counter(row[5] for row in rows)
    assert kinds["c"] >= 34_000
    assert kinds["a"] == 20 + 16 + 9  # arrondissements of Paris, Marseille, Lyon


def test_departements_are_the_101_departements_then_the_com() -> None:
    deps = [reference.departement(code) for code, _ in reference.choices("departements")]
    zones = Counter(dep.zone for dep in deps if dep is not None)
    assert zones["metro"] + zones["drom"] == 101
    assert zones["drom"] == 5
    assert zones["com"] >= 5  # Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin, …


def test_france_is_first_and_labelled_dont_outre_mer_as_on_the_confirmation() -> None:
    assert reference.choices("countries")[0] == ("FR", "FRANCE (DONT OUTRE-MER)")
    assert reference.label("countries", "FR") == "FRANCE (DONT OUTRE-MER)"
    assert reference.name("countries", "FR") == "France"


def test_an_address_in_france_shows_the_country_as_plain_france() -> None:
    assert reference.label("countries", "FR", address=True) == "FRANCE"
    assert reference.choices("countries", address=True)[0] == ("FR", "FRANCE")
    assert reference.label("countries", "DE", address=True) == "ALLEMAGNE"
    assert reference.choices("countries")[0] == ("FR", "FRANCE (DONT OUTRE-MER)")


def test_countries_have_french_names_in_upper_case() -> None:
    assert reference.label("countries", "DE") == "ALLEMAGNE"
    assert reference.name("countries", "BE") == "Belgique"
    assert reference.label("countries", "CI") == "CÔTE D'IVOIRE"


def test_french_overseas_territories_are_in_france_not_foreign_countries() -> None:
    for code in ("GP", "MQ", "GF", "RE", "YT", "PF", "NC"):
        assert not reference.is_valid("countries", code), code
        assert not reference.is_valid("nationalities", code), code


def test_nationality_is_an_adjective_with_francais_first() -> None:
    assert reference.choices("nationalities")[0] == ("FR", "Français")
    assert reference.label("nationalities", "DE") == "Allemand"
    assert reference.label("nationalities", "MA") == "Marocain"


def test_nationality_labels_are_adjectives_not_place_names() -> None:
    for code, label in reference.choices("nationalities"):
        assert not label.startswith(("Île", "Îles", "L'île", "Territoire")), (code, label)
        assert "," not in label, (code, label)
    assert reference.label("nationalities", "PS") == "Palestinien"
    assert reference.label("nationalities", "KR") == "Sud-Coréen"
    assert not reference.is_valid("nationalities", "GU")  # Guam: its people are Américains


def test_departement_label_is_the_guides_035_ille_et_vilaine() -> None:
    assert reference.label("departements", "35") == "035 - ILLE ET VILAINE"
    assert reference.name("departements", "35") == "Ille-et-Vilaine"
    assert reference.label("departements", "2A") == "02A - CORSE DU SUD"
    assert reference.label("departements", "971") == "971 - GUADELOUPE"


def test_a_three_character_departement_code_is_read_as_the_insee_code() -> None:
    assert reference.normalize_departement("035") == "35"
    assert reference.normalize_departement("02a") == "2A"
    assert reference.normalize_departement("974") == "974"
    assert reference.label("departements", "035") == reference.label("departements", "35")
    assert reference.is_valid("departements", "35")
    assert not reference.is_valid("departements", "035")  # stored answers hold the canonical code


def test_unknown_codes_have_no_label_and_are_not_valid() -> None:
    for name in LIST_NAMES:
        assert reference.label(name, "ZZZ") is None
        assert not reference.is_valid(name, "ZZZ")


def test_an_unknown_list_name_is_an_error_naming_the_known_lists() -> None:
    with pytest.raises(reference.UnknownListError, match="countries, nationalities"):
        reference.choices("pays")
    with pytest.raises(reference.UnknownListError, match="communes"):
        reference.choices("communes")


def test_pcs_codes_are_the_two_digit_insee_categories() -> None:
    codes = [code for code, _ in reference.choices("pcs")]
    assert all(len(code) == 2 and code.isdigit() for code in codes)
    assert reference.label("pcs", "21") == "Artisan"
    assert reference.label("pcs", "99") == "Non renseigné (inconnu ou sans objet)"


def test_academy_labels_are_the_portals_with_elision() -> None:
    assert reference.label("academies", "reims") == "ACADÉMIE DE REIMS"
    assert reference.label("academies", "aix-marseille") == "ACADÉMIE D'AIX-MARSEILLE"
    assert reference.label("academies", "orleans-tours") == "ACADÉMIE D'ORLÉANS-TOURS"
    assert reference.label("academies", "guadeloupe") == "ACADÉMIE DE LA GUADELOUPE"
    assert reference.label("academies", "la-reunion") == "ACADÉMIE DE LA RÉUNION"
    assert reference.name("academies", "creteil") == "Académie de Créteil"
    reims = reference.academy("reims")
    assert reims is not None and reims.region_academique == "Grand Est"


def test_every_departement_and_drom_belongs_to_exactly_one_academy() -> None:
    academies = [reference.academy(code) for code, _ in reference.choices("academies")]
    owners = Counter(dep for acad in academies if acad for dep in acad.departements)
    assert all(count == 1 for count in owners.values())
    for code, _ in reference.choices("departements"):
        dep = reference.departement(code)
        assert dep is not None
        if dep.zone != "com":
            assert reference.academy_of_departement(code) == dep.academy
            assert owners[code] == 1, code


def test_the_academy_of_a_departement_follows_the_code_de_l_education() -> None:
    assert reference.academy_of_departement("35") == "rennes"
    assert reference.academy_of_departement("051") == "reims"
    assert reference.academy_of_departement("93") == "creteil"
    assert reference.academy_of_departement("2B") == "corse"
    assert reference.academy_of_departement("976") == "mayotte"
    assert reference.academy_of_departement("977") == "guadeloupe"  # Saint-Barthélemy
    assert reference.academy_of_departement("975") == "normandie"  # Saint-Pierre-et-Miquelon


def test_a_com_under_a_vice_rectorat_has_no_academy() -> None:
    meta = json.loads((reference.DATA_DIR / "academies.json").read_text(encoding="utf-8"))["meta"]
    for code in ("986", "987", "988"):
        assert code in meta["outside_academies"]
        with pytest.raises(LookupError, match="no académie"):
            reference.academy_of_departement(code)
    with pytest.raises(LookupError, match="unknown"):
        reference.academy_of_departement("999")


def test_every_departement_of_the_source_is_either_in_an_academy_or_declared_outside() -> None:
    curated = json.loads((SOURCES / "academies.json").read_text(encoding="utf-8"))
    mapped = Counter(dep for acad in curated["academies"] for dep in acad["departements"])
    outside = set(curated["outside_academies"])
    for code, _ in reference.choices("departements"):
        assert (mapped[code] == 1) != (code in outside), code


def test_insee_country_codes_of_birth_give_the_portal_country() -> None:
    assert reference.country_of_cog("99100") == "FR"
    assert reference.country_of_cog("99243") == "VN"
    assert reference.country_of_cog(" 99350 ") == "MA"
    # A code the package gives to a state and its territories is the state's.
    assert reference.country_of_cog("99132") == "GB"
    assert reference.country_of_cog("99135") == "NL"
    # Shared by territories only (Anguilla, Bermudes, …): not guessed.
    assert reference.country_of_cog("99425") is None
    assert reference.country_of_cog("99999") is None
    assert reference.country_of_cog("") is None


def test_every_insee_country_code_maps_to_one_listed_country() -> None:
    items = json.loads((reference.DATA_DIR / "cog_countries.json").read_text("utf-8"))["items"]
    cogs = [cog for cog, _ in items]
    isos = [iso for _, iso in items]
    assert len(set(cogs)) == len(cogs) == len(set(isos)) > 200
    assert all(len(cog) == 5 and cog.startswith("99") for cog in cogs)
    assert all(reference.is_valid("countries", iso) for iso in isos)
    overrides = json.loads((SOURCES / "overrides.json").read_text("utf-8"))
    assert not set(isos) & set(overrides["french_overseas"])
