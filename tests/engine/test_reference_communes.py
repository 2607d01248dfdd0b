"""Commune de naissance: lookup by code and the search within a département."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from engine import reference


def names(departement: str, query: str, limit: int = 20) -> list[str]:
    return [c.name for c in reference.communes(departement, query, limit)]


def test_35288_is_saint_malo_in_ille_et_vilaine() -> None:
    malo = reference.commune("35288")
    assert malo is not None
    assert (malo.name, malo.departement, malo.kind) == ("Saint-Malo", "35", "commune")
    assert malo.label == "SAINT-MALO"
    assert "35400" in malo.postal_codes
    assert reference.label("communes", "35288") == "SAINT-MALO"
    assert reference.is_valid("communes", "35288")
    assert reference.commune("99999") is None


def test_st_malo_finds_saint_malo_first() -> None:
    assert names("35", "st malo")[0] == "Saint-Malo"
    assert names("035", "ST MALO")[0] == "Saint-Malo"


def test_search_ignores_accents_case_and_hyphens() -> None:
    assert names("35", "saint malo")[0] == "Saint-Malo"
    assert names("35", "SAINT-MALO")[0] == "Saint-Malo"
    assert names("35", "vitre")[0] == "Vitré"
    assert names("42", "st etienne")[0] == "Saint-Étienne"


def test_a_name_that_starts_with_the_query_comes_before_one_that_only_contains_it() -> None:
    found = names("35", "vitre")
    assert found.index("Vitré") < found.index("Bréal-sous-Vitré")


def test_a_word_inside_the_name_is_found() -> None:
    assert "Saint-Malo" in names("35", "malo")
    assert "Bréal-sous-Vitré" in names("35", "sous vit")


def test_communes_of_another_departement_are_not_offered() -> None:
    found = reference.communes("22", "st malo")
    assert "35288" not in [c.code for c in found]
    assert all(c.departement == "22" for c in reference.communes("22", "saint"))


def test_ties_go_to_the_larger_commune() -> None:
    found = reference.communes("35", "st", limit=5)
    assert found[0].name == "Saint-Malo"
    populations = [c.population for c in found]
    assert populations == sorted(populations, reverse=True)


def test_the_limit_caps_the_answer() -> None:
    assert len(reference.communes("59", "a", limit=7)) == 7


def test_an_empty_query_lists_the_departement_in_alphabetical_order() -> None:
    first = names("35", "", limit=50)
    assert len(first) == 50
    folded = [reference.fold(n) for n in first]
    assert folded == sorted(folded)


def test_a_postal_code_finds_its_commune() -> None:
    assert names("35", "35400") == ["Saint-Malo"]
    assert names("35", "3528")[0] == "Saint-Malo"  # code INSEE prefix


def test_paris_lyon_and_marseille_arrondissements_are_offered() -> None:
    paris15 = reference.communes("75", "paris 15")
    assert paris15[0].code == "75115" and paris15[0].kind == "arrondissement"
    assert reference.communes("13", "marseille 8")[0].code == "13208"
    lyon = names("69", "lyon")
    assert lyon[0] == "Lyon" and "Lyon 3e Arrondissement" in lyon


def test_a_former_commune_name_finds_the_commune_it_merged_into() -> None:
    found = reference.communes("01", "arbignieu")
    assert found and "Arbignieu" in found[0].former_names
    assert found[0].name != "Arbignieu"


def test_overseas_communes_are_searchable() -> None:
    assert names("974", "st denis")[0] == "Saint-Denis"
    assert names("971", "pointe")[0] == "Pointe-à-Pitre"
    assert reference.communes("977", "")[0].name == "Saint-Barthélemy"


def test_a_query_of_punctuation_finds_nothing() -> None:
    assert reference.communes("35", " - ' ") == []


def test_an_unknown_departement_has_no_communes() -> None:
    assert reference.communes("00", "a") == []


def test_benchmark_reports_three_timings_in_milliseconds() -> None:
    figures = reference.benchmark(runs=5)
    assert set(figures) == {
        "reference_cold_load_ms", "commune_first_search_ms", "commune_search_median_ms",
    }
    assert all(value > 0 for value in figures.values())
    assert len(reference.benchmark_lines(runs=3)) == 3


def test_every_sampled_commune_is_found_first_by_its_own_name() -> None:
    for dep_code, _ in reference.choices("departements"):
        listed = reference.communes(dep_code, "", limit=10_000)
        for wanted in listed[::40] + listed[-1:]:
            found = reference.communes(dep_code, wanted.name, limit=10_000)
            same_name = [c for c in found if reference.fold(c.name) == reference.fold(wanted.name)]
            assert wanted in same_name, (dep_code, wanted.name)
            assert found[: len(same_name)] == same_name, (dep_code, wanted.name)


def test_the_committed_communes_file_stays_compact() -> None:
    assert (reference.DATA_DIR / "communes.json").stat().st_size < 3_000_000


@settings(deadline=None)
@given(
    departement=st.sampled_from(["35", "035", "2A", "75", "971", "987", "00"]),
    query=st.text(alphabet="aeiouéèçst -'0123456789", max_size=12),
    limit=st.integers(min_value=0, max_value=30),
)
def test_any_typed_query_gives_at_most_limit_communes_of_that_departement(
    departement: str, query: str, limit: int
) -> None:
    found = reference.communes(departement, query, limit)
    assert len(found) <= limit
    assert all(c.departement == reference.normalize_departement(departement) for c in found)
    assert len({c.code for c in found}) == len(found)
