"""The checks of `results:` on specs written in full (never cached, so that each is checked
anew): the exam's section, a speciality's and a variant's over it, a total of points, the
warning for a unit without coefficient; each problem with its code, path and message."""

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
            "pass_mark is 30: not a mark from 0 to 25",
        ),
        (
            "E260",
            "$.results.out_of.EG9",
            "unknown unit 'EG9' in out_of (did you mean 'EG1'?)",
        ),
        (
            "E265",
            "$.results.out_of.EG1",
            "out_of gives 'EG1' 0 points: it must be above 0",
        ),
        (
            "E263",
            "$.results.second_group.min_average",
            "second_group.min_average is 21: not a mark from 0 to 20",
        ),
        (
            "E261",
            "$.results.second_group.requires[0].group",
            "second_group requires group 'pro', which is not one of the results groups",
        ),
        (
            "E264",
            "$.results.second_group.requires[0].min_average",
            "the min_average required of group 'pro' is 10.123: a mark has at most two decimals",
        ),
        (
            "E263",
            "$.results.second_group.pass_mark",
            "second_group.pass_mark is 25: not a mark from 0 to 20",
        ),
        (
            "E266",
            "$.results.mentions.levels[0].min_average",
            "mention 'ab' (min_average 12) is below the pass mark 30",
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
            "second_group starts at 12, not below the pass mark 12: it never applies",
        ),
        # The speciality's groups replace the exam's: "gen" is not one of them.
        (
            "E261",
            f"{sg}.requires[0].group",
            "second_group requires group 'gen', which is not one of the results groups",
        ),
        (
            "E261",
            f"{sg}.requires[1].group",
            "second_group requires group 'pros', which is not one of the results groups "
            "(did you mean 'pro'?)",
        ),
        ("E265", f"{sg}.weights.first_group", "weight first_group is -1: it must be above 0"),
        (
            "E268",
            "$.specialities[0].results.out_of",
            "out_of only goes with method: points (an average is out of 20)",
        ),
        (
            "E266",
            "$.specialities[0].variants[0].results.mentions.levels[0].min_average",
            "mention 'ab' (min_average 11.5) is below the pass mark 12",
        ),
        (
            "E266",
            "$.specialities[0].variants[0].results.mentions.levels[2].min_average",
            "mention 'tb' has the same min_average (14) as mention 'b'",
        ),
        (
            "E263",
            "$.results.optional_above",
            "optional_above is 20.5: not a mark from 0 to 20",
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
