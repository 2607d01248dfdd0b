"""A spec's `results:` keys compiled into the results rules: every number a Decimal of its
written digits, the defaults of a bare section, a speciality's keys over the exam's; and the
suggestion the results checks give for a misspelt code."""

from __future__ import annotations

from decimal import Decimal

from engine.spec.compile_results import compile_results, merged, number
from engine.spec.model_results import (
    MentionLevel,
    Mentions,
    Requirement,
    ResultGroup,
    ResultRules,
    SecondGroup,
)
from engine.spec.shape import suggest

D = Decimal


def test_an_exam_without_results_has_no_rules_and_a_bare_section_has_the_defaults() -> None:
    assert compile_results(None) is None
    assert compile_results({}) == ResultRules(
        method="average",
        pass_mark=D(10),
        decimals=2,
        optional_above=D(10),
        absent="eliminatory",
        groups=(),
        second_group=None,
        mentions=None,
        out_of=(),
        note="",
        unavailable="",
    )


def test_every_key_of_a_results_section_is_compiled_with_decimals_of_its_written_digits() -> None:
    raw = {
        "method": "average",
        "pass_mark": 9.5,
        "decimals": 3,
        "optional_above": 10.25,
        "absent": "zero",
        "groups": [
            {
                "code": "pro",
                "label": "domaine professionnel",
                "units": ["EP1", 2],
                "min_average": 10.1,
            },
            {"code": "gen", "label": 7, "units": []},
        ],
        "second_group": {
            "label": "oral de contrôle",
            "min_average": 8.2,
            "requires": [{"group": "pro", "min_average": 9.9}],
            "weights": {"first_group": 2, "control": 1.5},
            "pass_mark": 10.5,
        },
        "mentions": {
            "first_group_only": False,
            "levels": [
                {"code": "bien", "label": "Bien", "min_average": 14},
                {"code": "ab", "label": "Assez bien", "min_average": 12.1},
            ],
        },
        "note": "Arrêté du 19 juillet 2016.",
        "unavailable": "coefficient inconnu",
    }
    assert compile_results(raw) == ResultRules(
        method="average",
        pass_mark=D("9.5"),
        decimals=3,
        optional_above=D("10.25"),
        absent="zero",
        groups=(
            ResultGroup("pro", "domaine professionnel", ("EP1", "2"), D("10.1")),
            ResultGroup("gen", "7", (), None),
        ),
        second_group=SecondGroup(
            "oral de contrôle", D("8.2"), (Requirement("pro", D("9.9")),), D(2), D("1.5"), D("10.5")
        ),
        mentions=Mentions(
            (MentionLevel("ab", "Assez bien", D("12.1")), MentionLevel("bien", "Bien", D(14))),
            False,
        ),
        out_of=(),
        note="Arrêté du 19 juillet 2016.",
        unavailable="coefficient inconnu",
    )


def test_a_points_total_keeps_each_units_most_points_and_a_bare_second_group_its_defaults() -> None:
    rules = compile_results(
        {
            "method": "points",
            "pass_mark": 200,
            "out_of": {"001": 160, 2: 120.5},
            "second_group": {"min_average": 8},
            "mentions": {"levels": []},
        }
    )
    assert rules is not None
    assert (rules.method, rules.pass_mark, rules.out_of) == (
        "points",
        D(200),
        (("001", D(160)), ("2", D("120.5"))),
    )
    assert rules.second_group == SecondGroup("épreuve de contrôle", D(8), (), D(1), D(1), D(10))
    assert rules.mentions == Mentions((), True)
    assert compile_results({"second_group": {}, "mentions": {}}) == ResultRules()


def test_a_yaml_number_becomes_the_decimal_of_its_digits_never_a_floats() -> None:
    assert [number(v) for v in (0.1, 2.5, 12, "8")] == [D("0.1"), D("2.5"), D(12), D(8)]


def test_a_specialitys_results_keys_replace_the_exams_one_by_one() -> None:
    assert merged(None, None) is None
    assert merged({"pass_mark": 10}, None) == {"pass_mark": 10}
    assert merged(None, {"decimals": 3}) == {"decimals": 3}
    assert merged({"pass_mark": 10, "decimals": 2}, {"decimals": 3}) == {
        "pass_mark": 10,
        "decimals": 3,
    }


def test_a_misspelt_code_is_answered_with_the_closest_known_one_and_a_far_one_with_nothing() -> (
    None
):
    assert suggest("EP3", ["EG1", "EP2", "EP1"]) == " (did you mean 'EP2'?)"
    assert suggest(12, ["12a", "EP1"]) == " (did you mean '12a'?)"
    assert suggest("pratiques", (c for c in ["pratique", "general"])) == (
        " (did you mean 'pratique'?)"
    )
    assert suggest("EP3", ["ZZZ", "langue"]) == ""
    # 0.6 is the cutoff: "abcd" and "abxy" are 0.5 alike, "abcde" and "abcxy" 0.6.
    assert suggest("abcd", ["abxy"]) == ""
    assert suggest("abcde", ["abcxy"]) == " (did you mean 'abcxy'?)"
