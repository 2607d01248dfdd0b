"""French sentences for the Récapitulatif and back office, static facts and the JSON form."""

from __future__ import annotations

import datetime as dt
import json

from engine.conditions import (
    AcquisDeclared,
    Age,
    All,
    AnyOf,
    Compare,
    Const,
    IsSet,
    Not,
    RelativeDate,
    SessionCalendar,
    UnitStatus,
    calendar_json,
    constant_warning,
    describe,
    is_constant,
    parse_condition,
    referenced_diplomas,
    referenced_fields,
    referenced_units,
    to_json,
)
from engine.errors import SourceMap
from engine.spec.model import Mark

LABELS = {"pays_naissance": "Pays de naissance", "amenagement": "Demande d'aménagement",
          "categorie": "Catégorie", "cap": "CAP", "nb": "Nombre d'années"}
VALUES = {"pays_naissance": {"FR": "FRANCE"}, "categorie": {"individuel": "INDIVIDUEL",
                                                            "apprenti": "APPRENTI"}}


def test_a_comparison_reads_with_the_field_label_and_the_value_label() -> None:
    cond = Compare("pays_naissance", "not_equals", "FR")
    assert describe(cond, LABELS, VALUES) == "Pays de naissance différent de FRANCE"


def test_the_age_rule_reads_as_the_guide_says_it() -> None:
    assert describe(Age("date_naissance", "ge", 18), LABELS) == (
        "âge au 31/12 de l'année de session ≥ 18 ans")
    assert describe(Age("date_naissance", "lt", 16, "session_start"), LABELS) == (
        "âge au début de la session < 16 ans")


def test_each_kind_of_condition_has_its_sentence() -> None:
    cases = [
        (Compare("amenagement", "equals", True), "Demande d'aménagement : oui"),
        (Compare("amenagement", "not_equals", True), "Demande d'aménagement : non"),
        (Compare("categorie", "in", ("individuel", "apprenti")),
         "Catégorie parmi (INDIVIDUEL, APPRENTI)"),
        (Compare("categorie", "not_in", ("scolaire",)), "Catégorie hors de (scolaire)"),
        (Compare("nb", "le", 2.5), "Nombre d'années ≤ 2,5"),
        (Compare("d", "lt", dt.date(2024, 12, 31)), "d antérieure au 31/12/2024"),
        (Compare("d", "ge", RelativeDate("year_end", years=-5)),
         "d postérieure ou égale au 31/12 de l'année de session moins 5 ans"),
        (Compare("d", "le", RelativeDate("registration_close", months=1, days=1)),
         "d antérieure ou égale au jour de clôture des inscriptions plus 1 mois plus 1 jour"),
        (IsSet("nb"), "Nombre d'années renseigné"),
        (IsSet("nb", False), "Nombre d'années non renseigné"),
        (AcquisDeclared("cap"), "diplôme déclaré : CAP"),
        (UnitStatus("EP1", "dispense"), "épreuve EP1 dispensée"),
        (UnitStatus("EP1", "benefice"), "épreuve EP1 en bénéfice conservé"),
        (Const(True), "toujours"),
        (All(()), "toujours"),
        (AnyOf(()), "jamais"),
        (Not(AcquisDeclared("cap")), "non (diplôme déclaré : CAP)"),
    ]
    assert [describe(cond, LABELS, VALUES) for cond, _ in cases] == [text for _, text in cases]


def test_nested_combinations_are_bracketed() -> None:
    cond = All((Compare("pays_naissance", "equals", "FR"),
                AnyOf((AcquisDeclared("cap"), Age("date_naissance", "ge", 18)))))
    assert describe(cond, LABELS, VALUES) == (
        "Pays de naissance égal à FRANCE et (diplôme déclaré : CAP ou âge au 31/12 de "
        "l'année de session ≥ 18 ans)")


def test_referenced_names_are_collected_from_the_whole_tree() -> None:
    cond = All((Compare("a", "equals", "x"), Not(AnyOf((IsSet("b"), Age("c", "ge", 1)))),
                AcquisDeclared("cap"), UnitStatus("EP1", "inscrit")))
    assert referenced_fields(cond) == {"a", "b", "c"}
    assert referenced_units(cond) == {"EP1"}
    assert referenced_diplomas(cond) == {"cap"}
    assert referenced_fields(None) == frozenset()


def test_constant_folding_finds_conditions_that_never_depend_on_answers() -> None:
    some = IsSet("a")
    assert [is_constant(c) for c in (
        Const(True), Not(Const(True)), All(()), AnyOf(()), All((some, Const(False))),
        AnyOf((Const(True), some)), All((Const(True), Not(Const(False)))), some,
        All((some, Const(True))), AnyOf((some, Const(False))), Not(some),
    )] == [True, False, True, False, False, True, True, None, None, None, None]


def test_a_constant_condition_gives_a_w301_warning_at_its_place() -> None:
    marks = SourceMap(values={("tabs", 0, "visible_if"): Mark("cfg.yaml", 12, 17)})
    warning = constant_warning(AnyOf((Const(True), IsSet("a"))), ("tabs", 0, "visible_if"), marks)
    assert warning is not None
    assert str(warning) == ("cfg.yaml:12:17: warning W301 $.tabs[0].visible_if: this condition "
                            "is always true")
    assert constant_warning(IsSet("a"), ("x",), marks) is None
    never = constant_warning(All((IsSet("a"), Const(False))), ("tabs", 0, "visible_if"), marks)
    assert never is not None and never.message == "this condition is always false"


def test_the_json_form_is_the_yaml_form_spelled_canonically() -> None:
    cond = All((Compare("d", "ge", RelativeDate("year_end", years=-5)),
                Compare("e", "lt", dt.date(2024, 1, 31)), Age("date_naissance", "ge", 18),
                Not(UnitStatus("EP1", "dispense"))))
    assert json.loads(json.dumps(to_json(cond))) == {"all": [
        {"field": "d", "ge": {"session": "year_end", "years": -5}},
        {"field": "e", "lt": "2024-01-31"},
        {"age": "date_naissance", "ge": 18, "at": "session_year_end"},
        {"not": {"unit": "EP1", "status": "dispense"}},
    ]}
    assert parse_condition(to_json(cond), (), SourceMap()) == (cond, [])
    assert to_json(None) is None


def test_the_browser_gets_the_session_dates_it_needs() -> None:
    calendar = SessionCalendar(2025, dt.date(2025, 6, 2), dt.date(2024, 11, 15))
    assert calendar_json(calendar) == {"start": "2025-06-02", "year_end": "2025-12-31",
                                       "registration_close": "2024-11-15"}


def test_every_operator_status_and_age_date_reads_in_french() -> None:
    cases = [
        *((Compare("nb", op, 3), f"Nombre d'années {word} 3") for op, word in (
            ("equals", "égal à"), ("not_equals", "différent de"), ("lt", "<"), ("le", "≤"),
            ("gt", ">"), ("ge", "≥"))),
        (Compare("nb", "in", (1, 2.0, 0.5, True)), "Nombre d'années parmi (1, 2, 0,5, oui)"),
        (Compare("nb", "not_in", (False,)), "Nombre d'années hors de (non)"),
        *((Compare("d", op, dt.date(2024, 1, 5)), f"d {word} 05/01/2024") for op, word in (
            ("equals", "égale au"), ("not_equals", "différente du"), ("lt", "antérieure au"),
            ("le", "antérieure ou égale au"), ("gt", "postérieure au"),
            ("ge", "postérieure ou égale au"))),
        (Compare("d", "gt", RelativeDate("start", years=1, months=-1, days=-2)),
         "d postérieure au début de la session plus 1 an moins 1 mois moins 2 jours"),
        (Compare("d", "lt", RelativeDate("year_end", years=-2, days=1)),
         "d antérieure au 31/12 de l'année de session moins 2 ans plus 1 jour"),
        (Compare("d", "lt", RelativeDate("registration_close")),
         "d antérieure au jour de clôture des inscriptions"),
        (Compare("amenagement", "equals", False), "Demande d'aménagement : non"),
        (Compare("amenagement", "not_equals", False), "Demande d'aménagement : oui"),
        (Compare("categorie", "equals", "autre"), "Catégorie égal à autre"),
        (Compare("x", "equals", "FR"), "x égal à FR"),
        *((UnitStatus("EP1", status), f"épreuve EP1 {word}") for status, word in (
            ("inscrit", "inscrite"), ("dispense", "dispensée"),
            ("benefice", "en bénéfice conservé"), ("non_choisi", "non choisie"),
            ("non_presente", "non présentée à cette session"))),
        (Age("a", "ge", 18, "session_year_end"), "âge au 31/12 de l'année de session ≥ 18 ans"),
        (Age("a", "lt", 16, "session_start"), "âge au début de la session < 16 ans"),
        (Age("a", "not_equals", 1, "registration_close"),
         "âge à la clôture des inscriptions différent de 1 ans"),
        (Const(False), "jamais"),
        (None, "toujours"),
        (All((IsSet("nb"),)), "Nombre d'années renseigné"),
        (AnyOf((IsSet("nb"), AcquisDeclared("bac"))),
         "Nombre d'années renseigné ou diplôme déclaré : bac"),
        (All((Not(AnyOf((IsSet("nb"), IsSet("x")))), AnyOf((IsSet("x"),)))),
         "non (Nombre d'années renseigné ou x renseigné) et x renseigné"),
        (AnyOf((All((IsSet("nb"), IsSet("x"))), Const(True))),
         "(Nombre d'années renseigné et x renseigné) ou toujours"),
    ]
    assert [describe(cond, LABELS, VALUES) for cond, _ in cases] == [text for _, text in cases]
    assert describe(Compare("categorie", "equals", "individuel"), LABELS) == (
        "Catégorie égal à individuel")


def test_a_node_the_describer_does_not_know_reads_as_an_unknown_condition() -> None:
    from engine.conditions import Condition

    assert describe(Condition(), LABELS) == "condition inconnue"


def test_the_json_form_refuses_what_is_not_a_condition_node() -> None:
    import pytest

    from engine.conditions import Condition

    with pytest.raises(TypeError, match="^not a condition node: <engine.conditions"):
        to_json(Condition())
