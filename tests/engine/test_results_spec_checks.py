"""The checks of `results:` on specs written in full (never cached, so that each is checked
anew): the exam's section, a speciality's and a variant's over it, a total of points, the
warning for a unit without coefficient; each problem with its code, path and French message."""

from __future__ import annotations

from pathlib import Path

from engine.specs import check_source

MINI = (
    (Path(__file__).parent / "broken" / "results_group_unknown_unit.yaml")
    .read_text(encoding="utf-8")
    .split("results:\n")[0]
)
OWN_UNITS = "      - EG1\n      - UF_LV\n"


def problems(spec: str) -> list[tuple[str, str, str]]:
    return [(p.code, p.path, p.message) for p in check_source(spec).problems]


def test_a_points_total_is_checked_against_the_sum_of_its_units_points() -> None:
    spec = (
        MINI
        + """results:
  method: points
  pass_mark: 30
  out_of: {EP1: 20, EG9: 5, EG1: 0}
  second_group:
    min_average: 21
    requires: [{group: pro, min_average: 10.123}]
    pass_mark: 25
  mentions:
    levels:
      - {code: ab, label: Assez bien, min_average: 12}
"""
    )
    assert problems(spec) == [
        (
            "E263",
            "$.results.pass_mark",
            "la note d'admission vaut 30 : ce n'est pas une note de 0 à 25",
        ),
        (
            "E260",
            "$.results.out_of.EG9",
            "unité inconnue 'EG9' dans out_of (vouliez-vous dire 'EG1' ?)",
        ),
        (
            "E265",
            "$.results.out_of.EG1",
            "le nombre de points de 'EG1' (0) doit être supérieur à 0",
        ),
        (
            "E263",
            "$.results.second_group.min_average",
            "le seuil du second groupe vaut 21 : ce n'est pas une note de 0 à 20",
        ),
        (
            "E261",
            "$.results.second_group.requires[0].group",
            "le second groupe exige le groupe 'pro', qui n'est pas un des groupes de résultats",
        ),
        (
            "E264",
            "$.results.second_group.requires[0].min_average",
            "la moyenne exigée du groupe 'pro' vaut 10,123 : une note a au plus deux décimales",
        ),
        (
            "E263",
            "$.results.second_group.pass_mark",
            "la note d'admission du second groupe vaut 25 : ce n'est pas une note de 0 à 20",
        ),
        (
            "E266",
            "$.results.mentions.levels[0].min_average",
            "la mention 'ab' (seuil 12) est sous la note d'admission 30",
        ),
    ]


def test_a_specialitys_and_a_variants_results_are_checked_with_the_keys_they_inherit() -> None:
    spec = (
        MINI.replace(
            OWN_UNITS,
            OWN_UNITS
            + """    results:
      pass_mark: 12
      groups:
        - {code: pro, label: pro, units: [EP1, EP2]}
      second_group:
        min_average: 12
        requires: [{group: gen, min_average: 10}, {group: pros, min_average: 10}]
        weights: {first_group: -1}
      out_of: {EP1: 20}
    variants:
      - code: cuisine_v
        label: Cuisine variante
        units: [EP1, EG1]
        results:
          mentions:
            levels:
              - {code: ab, label: Assez bien, min_average: 11.5}
              - {code: b, label: Bien, min_average: 14}
              - {code: tb, label: Très bien, min_average: 14}
""",
        )
        + """results:
  optional_above: 20.5
  groups:
    - {code: gen, label: général, units: [EG1], min_average: 10}
"""
    )
    sg = "$.specialities[0].results.second_group"
    assert problems(spec) == [
        (
            "E267",
            f"{sg}.min_average",
            "le second groupe commence à 12, qui n'est pas sous la note d'admission 12 : il ne "
            "s'applique jamais",
        ),
        # The speciality's groups replace the exam's: "gen" is not one of them.
        (
            "E261",
            f"{sg}.requires[0].group",
            "le second groupe exige le groupe 'gen', qui n'est pas un des groupes de résultats",
        ),
        (
            "E261",
            f"{sg}.requires[1].group",
            "le second groupe exige le groupe 'pros', qui n'est pas un des groupes de résultats "
            "(vouliez-vous dire 'pro' ?)",
        ),
        ("E265", f"{sg}.weights.first_group", "le poids first_group -1 doit être supérieur à 0"),
        (
            "E268",
            "$.specialities[0].results.out_of",
            "out_of ne vaut qu'avec method: points (une moyenne est sur 20)",
        ),
        (
            "E266",
            "$.specialities[0].variants[0].results.mentions.levels[0].min_average",
            "la mention 'ab' (seuil 11,5) est sous la note d'admission 12",
        ),
        (
            "E266",
            "$.specialities[0].variants[0].results.mentions.levels[2].min_average",
            "la mention 'tb' a le même seuil (14) que la mention 'b'",
        ),
        (
            "E263",
            "$.results.optional_above",
            "le seuil des épreuves facultatives vaut 20,5 : ce n'est pas une note de 0 à 20",
        ),
    ]


def test_only_a_compulsory_unit_without_coefficient_makes_an_average_not_computable() -> None:
    spec = (
        MINI.replace(
            "  - code: UF_LV\n",
            """  - code: E4
    label: Langues
    group: obligatoires
    kind: oral
  - code: E41
    label: Langue A
    group: obligatoires
    parent: E4
    kind: oral
    coefficient: 1
  - code: UF_LV
""",
        ).replace(
            OWN_UNITS,
            OWN_UNITS
            + """      - E4
      - E41
      - code: EP3
        label: Sans coefficient
        group: obligatoires
        kind: oral
  - code: points
    label: Points
    units:
      - code: EP9
        label: Sans coefficient
        group: obligatoires
        kind: oral
    results:
      method: points
      pass_mark: 200
      out_of: {EP9: 400}
  - code: attente
    label: En attente
    units:
      - code: EP8
        label: Sans coefficient
        group: obligatoires
        kind: oral
    results:
      unavailable: le coefficient de EP8 n'est pas encore publié
""",
        )
        + "results:\n  pass_mark: 10\n"
    )
    # The parent E4 (its sub-unit has one), the optional UF_LV, a total of points and a
    # speciality saying why its result is unavailable need no coefficient.
    assert problems(spec) == [
        (
            "W261",
            "$.specialities[0].code",
            "le résultat de la spécialité 'cuisine' ne peut pas être calculé : EP3 sans "
            "coefficient (écrivez-le, ou dites pourquoi dans results.unavailable)",
        ),
    ]
