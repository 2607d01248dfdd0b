"""Whole results decisions (status, averages, total, groups, mention, control, kept grades and
explanation sentence together) for the rules the worked examples of the règlements leave out:
the second group's requirements and final average, mentions after the control, groups shown
before the required one, a total of points with nothing counted, a stored candidature's
result and the JSON a published result is kept as."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from engine.conditions import SessionCalendar
from engine.decisions import Decision, UnitLine
from engine.results import (
    ControlResult,
    Mention,
    ResultDecision,
    decision_json,
    evaluate_candidature,
    evaluate_result,
)
from engine.results import lines as results_lines
from engine.spec.model import Exam
from engine.spec.model_results import Requirement, ResultGroup
from tests.engine.factories import SESSION_2026
from tests.engine.results_support import (
    D,
    answers,
    computable,
    exam,
    groups_view,
    kept_view,
    line_view,
    lines,
)
from tests.engine.test_results_bacpro import AGORA, BACPRO, COEFS, GENERAL_9, agora_lines, practice

CONTROL = "épreuve de contrôle"
PRACTICE = "pratique_professionnelle"
KEPT_PRACTICE = "acquis.notes_professionnelles_conservees"
KEPT_GENERAL = "acquis.notes_conservees"
GENERAL = ResultGroup(
    "general", "enseignement général", ("E11", "E12", "PSE", "E41", "E42", "E51", "E52", "E6", "E7")
)


AEPE_UNITS = ("EP1", "EP2", "EP3", "EG1", "EG2", "EG3", "EG4")


def aepe(grades: dict[str, object], units: tuple[UnitLine, ...] | None = None) -> ResultDecision:
    """The CAP AEPE result of `grades` (the filled candidature's units, or `units`)."""
    return evaluate_result(  # type: ignore[arg-type]
        exam("cap"), units or lines("cap", "aepe"), grades, session_year=2026, speciality="aepe"
    )


def kept_practice(grade: int) -> list[tuple[object, ...]]:
    """E31, E32 and E33 graded `grade` at this session, kept five years."""
    return [(code, D(grade), 2031, KEPT_PRACTICE) for code in ("E31", "E32", "E33")]


# The average, total and groups of AGOrA's GENERAL_9 with 11 at each practical unit.
FIRST_GROUP_11 = (D("8.93"), D("205.5"), [(PRACTICE, D("11.00"), None, None)])


def whole(d: ResultDecision) -> tuple[object, ...]:
    """Everything the decision says but its lines."""
    return (
        d.status,
        d.average,
        d.total_points,
        groups_view(d),
        d.mention,
        d.control,
        kept_view(d),
        d.explanation,
    )


def with_agora_rules(**changes: Any) -> Exam:
    """The computable Bac Pro with AGOrA's results rules changed."""
    specs = tuple(
        dataclasses.replace(s, results=dataclasses.replace(s.results, **changes))
        if s.code == "agora" and s.results
        else s
        for s in BACPRO.specialities
    )
    return dataclasses.replace(BACPRO, specialities=specs)


def agora_with(
    e: Exam, grades: dict[str, object], control: object = None, units: tuple[UnitLine, ...] = AGORA
) -> ResultDecision:
    return evaluate_result(
        e,
        agora_lines(units),
        grades,
        session_year=2026,  # type: ignore[arg-type]
        speciality="agora",
        control_grade=control,
    )


SECOND_GROUP = BACPRO.results.second_group if BACPRO.results else None
assert SECOND_GROUP is not None


def test_a_bac_pro_average_from_8_to_10_waits_for_the_control_with_its_grades_kept() -> None:
    d = agora_with(BACPRO, {**GENERAL_9, **practice(11)})
    assert whole(d) == (
        "second_groupe",
        *FIRST_GROUP_11,
        None,
        ControlResult(CONTROL, None, None),
        [*kept_practice(11), ("E7", D(10), 2031, KEPT_GENERAL)],
        "Admissible au second groupe : moyenne 8,93 entre 8 et 10 ; épreuve de pratique "
        "professionnelle 11,00 ≥ 10 ; épreuve de contrôle",
    )


def test_the_control_grade_admits_with_the_first_average_total_and_groups_kept() -> None:
    d = agora_with(BACPRO, {**GENERAL_9, **practice(11)}, control="12")
    assert whole(d) == (
        "admis",
        *FIRST_GROUP_11,
        None,
        ControlResult(CONTROL, D(12), D("10.46")),
        [],
        "Admis à l'issue du second groupe : moyenne 8,93 entre 8 et 10 ; épreuve de contrôle "
        "12,00, moyenne finale 10,46 ≥ 10",
    )


def test_a_final_average_of_exactly_10_is_written_with_its_two_decimals_and_admits() -> None:
    d = agora_with(BACPRO, {**GENERAL_9, **practice(11)}, control="11,07")
    assert (d.status, d.control, d.explanation) == (
        "admis",
        ControlResult(CONTROL, D("11.07"), D("10.00")),
        "Admis à l'issue du second groupe : moyenne 8,93 entre 8 et 10 ; épreuve de contrôle "
        "11,07, moyenne finale 10,00 ≥ 10",
    )


def test_a_first_average_of_exactly_8_is_written_8_00_between_8_and_10() -> None:
    d = agora_with(BACPRO, {**dict.fromkeys(GENERAL_9, "6,5"), "E7": "9,5", **practice(10)})
    assert whole(d) == (
        "second_groupe",
        D("8.00"),
        D("184.00"),
        [(PRACTICE, D("10.00"), None, None)],
        None,
        ControlResult(CONTROL, None, None),
        kept_practice(10),
        "Admissible au second groupe : moyenne 8,00 entre 8 et 10 ; épreuve de pratique "
        "professionnelle 10,00 ≥ 10 ; épreuve de contrôle",
    )


def test_below_10_at_the_practical_epreuve_refuses_with_the_average_total_and_groups() -> None:
    d = agora_with(BACPRO, {**GENERAL_9, **practice(9)})
    assert whole(d) == (
        "ajourne",
        D("8.15"),
        D("187.5"),
        [(PRACTICE, D("9.00"), None, None)],
        None,
        None,
        [("E7", D(10), 2031, KEPT_GENERAL)],
        "Ajourné : moyenne 8,15 entre 8 et 10 ; épreuve de pratique professionnelle 9,00 < 10",
    )


def test_mentions_after_the_control_are_given_on_the_final_average_when_the_rules_say_so() -> None:
    r = BACPRO.results
    assert r is not None and r.mentions is not None
    e = with_agora_rules(mentions=dataclasses.replace(r.mentions, first_group_only=False))
    d = agora_with(e, {**GENERAL_9, **practice(11)}, control="16")
    assert whole(d) == (
        "admis",
        *FIRST_GROUP_11,
        Mention("assez_bien", "Assez bien", D(12)),
        ControlResult(CONTROL, D(16), D("12.46")),
        [],
        "Admis à l'issue du second groupe : moyenne 8,93 entre 8 et 10 ; épreuve de contrôle "
        "16,00, moyenne finale 12,46 ≥ 10 ; mention Assez bien",
    )
    # By default (the bac pro's rule) there is no mention after the second group.
    default = agora_with(BACPRO, {**GENERAL_9, **practice(11)}, control="16")
    assert (default.mention, default.explanation) == (
        None,
        "Admis à l'issue du second groupe : moyenne 8,93 entre 8 et 10 ; épreuve de "
        "contrôle 16,00, moyenne finale 12,46 ≥ 10",
    )


def test_a_required_group_the_speciality_lacks_is_skipped_and_the_next_one_still_judged() -> None:
    r = BACPRO.results
    assert r is not None
    arts = ResultGroup("arts", "arts appliqués", ("ZZ",))
    e = with_agora_rules(
        groups=(*r.groups, GENERAL, arts),
        second_group=dataclasses.replace(
            SECOND_GROUP, requires=(Requirement("arts", D(10)), *SECOND_GROUP.requires)
        ),
    )
    d = agora_with(e, {**GENERAL_9, **practice(9)})
    assert whole(d) == (
        "ajourne",
        D("8.15"),
        D("187.5"),
        [(PRACTICE, D("9.00"), None, None), ("general", D("7.60"), None, None)],
        None,
        None,
        [("E7", D(10), 2031, KEPT_GENERAL)],
        "Ajourné : moyenne 8,15 entre 8 et 10 ; épreuve de pratique professionnelle 9,00 < 10",
    )


def test_a_required_group_all_dispensed_passes_and_the_next_requirement_still_applies() -> None:
    r = BACPRO.results
    assert r is not None
    e = with_agora_rules(
        groups=(*r.groups, GENERAL),
        second_group=dataclasses.replace(
            SECOND_GROUP, requires=(*SECOND_GROUP.requires, Requirement("general", D(10)))
        ),
    )
    dispensed = tuple(
        dataclasses.replace(u, status="dispense") if u.code in COEFS else u for u in AGORA
    )
    d = agora_with(e, {**GENERAL_9, "E7": 12, "E6": 13}, units=dispensed)
    assert whole(d) == (
        "ajourne",
        D("8.03"),
        D("112.5"),
        [(PRACTICE, None, None, None), ("general", D("8.03"), None, None)],
        None,
        None,
        [("E6", D(13), 2031, KEPT_GENERAL), ("E7", D(12), 2031, KEPT_GENERAL)],
        "Ajourné : moyenne 8,03 entre 8 et 10 ; épreuve de pratique professionnelle : toutes "
        "les unités dispensées ; enseignement général 8,03 < 10",
    )


def test_a_cap_mention_is_the_highest_level_reached_with_its_code_label_and_threshold() -> None:
    d = aepe(dict.fromkeys(AEPE_UNITS, "15"))
    assert whole(d) == (
        "admis",
        D("15.00"),
        D(315),
        [("professionnel", D("15.00"), D(10), True), ("general", D("15.00"), None, None)],
        Mention("bien", "Bien", D(14)),
        None,
        [],
        "Admis : moyenne 15,00 ≥ 10 ; domaine professionnel 15,00 ≥ 10 ; mention Bien",
    )


def test_a_group_only_shown_before_the_required_one_leaves_the_required_one_in_the_sentence() -> (
    None
):
    cap = exam("cap")
    assert cap.results is not None
    rules = dataclasses.replace(cap.results, groups=tuple(reversed(cap.results.groups)))
    reordered = dataclasses.replace(
        cap,
        specialities=tuple(
            dataclasses.replace(s, results=rules) if s.code == "aepe" else s
            for s in cap.specialities
        ),
    )
    d = evaluate_result(
        reordered,
        lines("cap", "aepe"),
        {"EP1": "8", "EP2": "9", "EP3": "9,5", "EG1": "16", "EG2": "15", "EG3": "18", "EG4": "14"},
        session_year=2026,
        speciality="aepe",
    )
    assert (d.status, d.average, groups_view(d), d.explanation) == (
        "ajourne",
        D("11.04"),
        [("general", D("15.71"), None, None), ("professionnel", D("8.71"), D(10), False)],
        "Ajourné : moyenne 11,04 ≥ 10 ; domaine professionnel 8,71 < 10",
    )


def test_a_cfg_candidate_dispensed_of_every_epreuve_totals_0_points_and_is_refused() -> None:
    d = evaluate_result(
        exam("cfg"), lines("cfg"), dict.fromkeys(("001", "002", "003"), "DISP"), session_year=2026
    )
    assert whole(d) == ("ajourne", None, D(0), [], None, None, [], "Ajourné : total 0 points < 200")


def test_a_benefice_without_its_year_counts_but_is_kept_for_no_later_session() -> None:
    kept = Decision(
        "EP2",
        "benefice",
        "Note conservée",
        "acquis.notes_professionnelles_conservees",
        grants=True,
        grade=14.0,
    )
    units = tuple(
        dataclasses.replace(u, status="benefice", decisions=(kept,)) if u.code == "EP2" else u
        for u in lines("cap", "aepe")
    )
    d = aepe({"EP1": "9", "EP3": "9", "EG1": "8", "EG2": "8", "EG3": "8", "EG4": "8"}, units)
    assert line_view(d)[1] == (
        "EP2",
        D(4),
        "14,00",
        "benefice",
        True,
        D("56.00"),
        "Note conservée d'une session antérieure",
    )
    assert d.lines[1].kept_from is None
    assert whole(d) == (
        "ajourne",
        D("9.61"),
        D("202.00"),
        [("professionnel", D("10.42"), D(10), True), ("general", D("8.00"), None, None)],
        None,
        None,
        [],
        "Ajourné : moyenne 9,61 < 10 ; domaine professionnel 10,42 ≥ 10",
    )


def test_a_stored_cap_candidature_gives_the_result_of_its_units_and_session_year() -> None:
    grades = {
        "EP1": "8",
        "EP2": "9",
        "EP3": "9,5",
        "EG1": "16",
        "EG2": "15",
        "EG3": "18",
        "EG4": "14",
    }
    d = evaluate_candidature(exam("cap"), answers("cap", "aepe"), grades, SESSION_2026)
    assert d == evaluate_result(
        exam("cap"), lines("cap", "aepe"), grades, session_year=2026, speciality="aepe"
    )
    assert (d.status, d.explanation, kept_view(d)[0]) == (
        "ajourne",
        "Ajourné : moyenne 11,04 ≥ 10 ; domaine professionnel 8,71 < 10",
        ("EG1", D(16), 2031, KEPT_GENERAL),
    )


def test_a_stored_candidature_is_judged_by_its_specialitys_own_rules() -> None:
    d = evaluate_candidature(
        exam("cap"),
        answers("cap", "patissier"),
        dict.fromkeys(("EP1", "EP2", "EG1"), "12"),
        SESSION_2026,
    )
    assert (d.status, d.explanation) == (
        "non_calculable",
        "Résultat non calculable : le coefficient de l'épreuve EP2 de cette "
        "spécialité n'est pas encore renseigné",
    )


def test_a_stored_candidature_of_a_variant_is_judged_by_the_variants_rules() -> None:
    december = SessionCalendar(
        year=2026, start=dt.date(2026, 12, 1), registration_close=dt.date(2026, 9, 30)
    )
    from tests.engine.factories import ACCOUNT_REIMS, fill_candidature

    stored = fill_candidature(
        exam("cap"), december, ACCOUNT_REIMS, categorie="individuel", specialite="aepe_agrement_am"
    )
    d = evaluate_candidature(exam("cap"), stored, {"EP1": "14", "EP3": "9,5"}, december)
    assert whole(d) == (
        "ajourne",
        D("12.20"),
        D("122.0"),
        [("ep1", D("14.00"), D(10), True), ("ep3", D("9.50"), D(10), False)],
        None,
        None,
        [("EP1", D(14), 2031, KEPT_PRACTICE)],
        "Ajourné : moyenne 12,20 ≥ 10 ; épreuve EP1 14,00 ≥ 10 ; épreuve EP3 9,50 < 10",
    )


def test_a_stored_bac_pro_candidature_takes_its_control_grade() -> None:
    specs = tuple(
        dataclasses.replace(
            s,
            units=tuple(
                dataclasses.replace(u, coefficient=COEFS.get(u.code, u.coefficient))
                for u in s.units
            ),
        )
        if s.code == "agora"
        else s
        for s in BACPRO.specialities
    )
    e = dataclasses.replace(BACPRO, specialities=specs)
    grades = {**GENERAL_9, **practice(11)}
    d = evaluate_candidature(
        e, answers("bacpro", "agora"), grades, SESSION_2026, control_grade="12"
    )
    assert d == agora_with(BACPRO, grades, control="12")
    assert (d.status, d.control) == ("admis", ControlResult(CONTROL, D(12), D("10.46")))


def test_a_published_result_is_stored_with_every_figure_group_control_and_mention() -> None:
    r = BACPRO.results
    assert r is not None and r.mentions is not None
    e = with_agora_rules(mentions=dataclasses.replace(r.mentions, first_group_only=False))
    data = decision_json(agora_with(e, {**GENERAL_9, **practice(11)}, control="16"))
    line = data.pop("lines")[2]
    assert data == {
        "status": "admis",
        "status_label": "Admis",
        "average": "8.93",
        "total_points": "205.5",
        "mention": {"code": "assez_bien", "label": "Assez bien", "min_average": "12"},
        "groups": [
            {
                "code": PRACTICE,
                "label": "épreuve de pratique professionnelle",
                "average": "11.00",
                "min_average": None,
                "met": None,
            }
        ],
        "control": {"label": CONTROL, "grade": "16", "final_average": "12.46"},
        "kept": [],
        "explanation": "Admis à l'issue du second groupe : moyenne 8,93 entre 8 et 10 ; épreuve "
        "de contrôle 16,00, moyenne finale 12,46 ≥ 10 ; mention Assez bien",
        "note": "",
    }
    assert line == {
        "code": "E31",
        "printed_code": "E31",
        "label": "Gérer des relations avec les clients, les usagers et les adhérents",
        "optional": False,
        "coefficient": "3",
        "grade": "11",
        "grade_text": "11,00",
        "source": "session",
        "counted": True,
        "points": "33",
        "reason": "Note de la session",
        "groups": [PRACTICE],
        "kept_from": None,
    }


def test_a_published_refusal_is_stored_with_its_groups_met_or_not_and_its_kept_grades() -> None:
    d = aepe(
        {"EP1": "8", "EP2": "9", "EP3": "9,5", "EG1": "16", "EG2": "15", "EG3": "9", "EG4": "14"}
    )
    data = decision_json(d)
    assert (
        data["status"],
        data["status_label"],
        data["average"],
        data["mention"],
        data["control"],
    ) == ("ajourne", "Ajourné", "10.61", None, None)
    assert data["groups"] == [
        {
            "code": "professionnel",
            "label": "domaine professionnel",
            "average": "8.71",
            "min_average": "10",
            "met": False,
        },
        {
            "code": "general",
            "label": "domaine général",
            "average": "14.42",
            "min_average": None,
            "met": None,
        },
    ]
    assert data["kept"] == [
        {"unit": "EG1", "grade": "16", "until_year": 2031, "rule": KEPT_GENERAL},
        {"unit": "EG2", "grade": "15", "until_year": 2031, "rule": KEPT_GENERAL},
        {"unit": "EG4", "grade": "14", "until_year": 2031, "rule": KEPT_GENERAL},
    ]


def test_coefficients_and_groups_read_without_their_caches_give_the_same_decision(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The caches are filled by every earlier test: emptied, each value is read anew.
    monkeypatch.setattr(results_lines, "_COEFFICIENTS", {})
    monkeypatch.setattr(results_lines, "_GROUPS", {})
    units = tuple(
        dataclasses.replace(u, coefficient=2.5) if u.code == "EG2" else u
        for u in lines("cap", "aepe")
    )
    grades = dict.fromkeys(AEPE_UNITS, "12")
    d = evaluate_result(
        exam("cap"), units, {**grades, "EG2": "16"}, session_year=2026, speciality="aepe"
    )
    assert line_view(d)[4] == (
        "EG2",
        D("2.5"),
        "16,00",
        "session",
        True,
        D("40.0"),
        "Note de la session",
    )
    assert whole(d) == (
        "admis",
        D("12.46"),
        D("268.0"),
        [("professionnel", D("12.00"), D(10), True), ("general", D("13.33"), None, None)],
        Mention("assez_bien", "Assez bien", D(12)),
        None,
        [],
        "Admis : moyenne 12,46 ≥ 10 ; domaine professionnel 12,00 ≥ 10 ; mention Assez bien",
    )
    assert results_lines._COEFFICIENTS[2.5] == D("2.5")


def test_a_rules_object_taking_a_freed_ones_id_gets_its_own_groups(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rules = exam("cap").results
    assert rules is not None
    stale = dataclasses.replace(rules, groups=())
    monkeypatch.setattr(results_lines, "_GROUPS", {id(rules): (stale, {})})
    assert results_lines.groups_of(rules) == {
        "EP1": ("professionnel",),
        "EP2": ("professionnel",),
        "EP3": ("professionnel",),
        "EG1": ("general",),
        "EG2": ("general",),
        "EG3": ("general",),
        "EG4": ("general",),
        "EG5": ("general",),
    }


def test_an_optional_unit_with_a_coefficient_adds_its_points_above_10_times_it() -> None:
    cuisine = tuple(
        dataclasses.replace(u, coefficient=2) if u.code == "UF_LV" else u
        for u in lines("cap", "cuisine", chosen=("UF_LV",), languages={"UF_LV": "espagnol"})
    )
    grades = {"EP1": 10, "EP2": 10, "EG1": 9, "EG2": 9, "EG3": 9, "EG4": 9, "EG5": 9}
    d = evaluate_result(
        exam("cap"), cuisine, {**grades, "UF_LV": "14"}, session_year=2026, speciality="cuisine"
    )
    assert line_view(d)[-2] == (
        "UF1",
        D(2),
        "14,00",
        "session",
        True,
        D(8),
        "Épreuve facultative ; points au-dessus de 10 comptés : 8,00",
    )
    # 242 points of the compulsory units and 8 optional points over 25 coefficients.
    assert whole(d) == (
        "admis",
        D("10.00"),
        D(250),
        [("professionnel", D("10.00"), D(10), True), ("general", D("9.00"), None, None)],
        None,
        None,
        [],
        "Admis : moyenne 10,00 ≥ 10 ; domaine professionnel 10,00 ≥ 10",
    )


def test_a_benefice_without_a_kept_grade_takes_the_grade_entered_or_leaves_it_missing() -> None:
    bare = Decision("EP2", "benefice", "Bénéfice", "acquis.notes_professionnelles_conservees")
    units = tuple(
        dataclasses.replace(u, status="benefice", decisions=(bare,)) if u.code == "EP2" else u
        for u in lines("cap", "aepe")
    )
    grades = {"EP1": "12", "EP3": "12", "EG1": "12", "EG2": "12", "EG3": "12", "EG4": "12"}
    entered = evaluate_result(
        exam("cap"), units, {**grades, "EP2": "13"}, session_year=2026, speciality="aepe"
    )
    assert line_view(entered)[1] == (
        "EP2",
        D(4),
        "13,00",
        "benefice",
        True,
        D(52),
        "Note conservée d'une session antérieure",
    )
    assert (entered.status, entered.average, entered.lines[1].kept_from) == (
        "admis",
        D("12.19"),
        None,
    )
    missing = evaluate_result(
        exam("cap"), units, {**grades, "EP2": "ABS"}, session_year=2026, speciality="aepe"
    )
    assert line_view(missing)[1] == (
        "EP2",
        D(4),
        "",
        "missing",
        False,
        None,
        "Bénéfice sans note conservée",
    )
    assert missing.lines[1].groups == ("professionnel",)
    assert (missing.status, missing.explanation) == (
        "incomplet",
        "Résultat incomplet : note manquante pour EP2",
    )


def test_a_unit_left_for_a_later_session_or_without_its_grade_keeps_its_line_and_group() -> None:
    later = tuple(
        dataclasses.replace(u, status="non_presente") if u.code == "EP2" else u
        for u in lines("cap", "aepe")
    )
    d = evaluate_result(
        exam("cap"),
        later,
        {"EP1": "13", "EP3": "12", "EG1": "9", "EG2": "11", "EG4": "10"},
        session_year=2026,
        speciality="aepe",
    )
    assert [(v, ln.groups) for v, ln in zip(line_view(d), d.lines, strict=True)][1:6:4] == [
        (
            (
                "EP2",
                D(4),
                "",
                "not_presented",
                False,
                None,
                "Non présentée à cette session (forme progressive)",
            ),
            ("professionnel",),
        ),
        (("EG3", D(1), "", "missing", False, None, "Note non saisie"), ("general",)),
    ]
    assert (d.status, d.explanation) == (
        "incomplet",
        "Résultat incomplet : note manquante pour EG3 ; EP2 non présentée(s) à "
        "cette session (forme progressive)",
    )


def test_a_grade_is_typed_as_a_number_from_0_to_20_abs_absent_disp_or_dispense() -> None:
    from engine.results import GradeError, parse_grade

    assert [
        parse_grade(t)
        for t in ("0", "0,5", "20", "12,50", "12.500", "absent", " Dispensé ", "dispense", "", None)
    ] == [D(0), D("0.5"), D(20), D("12.50"), D("12.500"), "ABS", "DISP", "DISP", None, None]
    for typed, message in (
        ("NaN", "Note illisible : « NaN »"),
        ("Infinity", "Note illisible : « Infinity »"),
        (D("12.555"), "La note 12,555 a plus de deux décimales"),
        (D("20.01"), "La note 20,01 n'est pas comprise entre 0 et 20"),
    ):
        with pytest.raises(GradeError) as refused:
            parse_grade(typed)
        assert str(refused.value) == message


def test_a_speciality_without_a_compulsory_units_coefficient_cannot_be_computed() -> None:
    e = computable(exam("cap"), "patissier")
    units = lines("cap", "patissier")
    d = evaluate_result(
        e, units, {u.code: "12" for u in units}, session_year=2026, speciality="patissier"
    )
    assert (d.status, d.average, d.groups, d.explanation) == (
        "non_calculable",
        None,
        (),
        "Résultat non calculable : coefficient inconnu pour EP2",
    )
    assert [v for v in line_view(d) if v[0] == "EP2"] == [
        ("EP2", None, "12,00", "session", True, None, "Note de la session")
    ]


def test_a_candidate_dispensed_of_every_graded_unit_has_no_average_to_compute() -> None:
    d = aepe(dict.fromkeys(AEPE_UNITS, "DISP"))
    assert whole(d) == (
        "non_calculable",
        None,
        None,
        [],
        None,
        None,
        [],
        "Résultat non calculable : aucune unité notée ne compte",
    )


def test_a_required_group_all_dispensed_says_so_and_the_others_decide() -> None:
    units = tuple(
        dataclasses.replace(u, status="dispense") if u.code.startswith("EP") else u
        for u in lines("cap", "aepe")
    )
    d = aepe({"EG1": "11", "EG2": "12", "EG3": "10", "EG4": "9"}, units)
    assert whole(d) == (
        "admis",
        D("10.85"),
        D(76),
        [("professionnel", None, D(10), None), ("general", D("10.85"), None, None)],
        None,
        None,
        [],
        "Admis : moyenne 10,85 ≥ 10 ; domaine professionnel : toutes les unités dispensées",
    )
    blank = d.lines[0]
    assert (blank.code, blank.label, blank.optional, blank.groups) == (
        "EP1",
        dict((u.code, u.label) for u in units)["EP1"],
        False,
        ("professionnel",),
    )


def test_an_average_of_exactly_8_with_a_failed_group_is_refused_against_the_pass_mark() -> None:
    e = with_agora_rules(
        groups=(
            *BACPRO.results.groups,  # type: ignore[union-attr]
            dataclasses.replace(GENERAL, min_average=D(10)),
        )
    )
    d = agora_with(e, {**dict.fromkeys(GENERAL_9, "6,5"), "E7": "9,5", **practice(10)})
    assert (d.status, d.average, d.explanation) == (
        "ajourne",
        D("8.00"),
        "Ajourné : moyenne 8,00 < 10 ; enseignement général 6,71 < 10",
    )


def test_an_exam_without_results_rules_decides_nothing() -> None:
    from engine.spec.model import Exam as _Exam

    bare = dataclasses.replace(exam("cfg"), results=None)
    assert isinstance(bare, _Exam)
    d = evaluate_result(bare, lines("cfg"), {"001": "12"}, session_year=2026)
    assert (whole(d), d.lines, d.note) == (
        (
            "non_calculable",
            None,
            None,
            [],
            None,
            None,
            [],
            "Résultat non calculable : l'examen ne définit pas de règles de résultat",
        ),
        (),
        "",
    )
    assert d.groups == ()


def test_a_stored_cfg_candidature_without_speciality_totals_its_points() -> None:
    d = evaluate_candidature(
        exam("cfg"), answers("cfg"), {"001": "100", "002": "60", "003": "40"}, SESSION_2026
    )
    assert whole(d) == ("admis", None, D(200), [], None, None, [], "Admis : total 200 points ≥ 200")


def test_a_stored_candidature_declaring_a_benefice_keeps_it_by_the_session_year() -> None:
    stored = answers("cap", "aepe", grades=(("EP2", 12.5, 2024),))
    d = evaluate_candidature(
        exam("cap"),
        stored,
        {"EP1": "9", "EP3": "9", "EG1": "8", "EG2": "8", "EG3": "8", "EG4": "12"},
        SESSION_2026,
    )
    assert (d.status, d.lines[1].source, kept_view(d)) == (
        "ajourne",
        "benefice",
        [("EP2", D("12.50"), 2029, KEPT_PRACTICE), ("EG4", D(12), 2031, KEPT_GENERAL)],
    )


def benefice_line(code: str, grade: str, year: int | None, rule: str) -> Decision:
    return Decision(
        code, "benefice", "Bénéfice", rule, grants=True, grade=float(grade), grade_year=year
    )


def test_a_benefice_is_kept_while_its_rule_allows_and_the_later_units_are_kept_too() -> None:
    def kept(decisions: dict[str, Decision], rules_years: int | None = 5) -> list[object]:
        cap = exam("cap")
        rules = tuple(
            dataclasses.replace(r, within_years=rules_years) if r.type == "benefice" else r
            for r in cap.acquis_rules
        )
        units = tuple(
            dataclasses.replace(u, status="benefice", decisions=(decisions[u.code],))
            if u.code in decisions
            else u
            for u in lines("cap", "aepe")
        )
        d = evaluate_result(
            dataclasses.replace(cap, acquis_rules=rules),
            units,
            {"EP1": "9", "EP3": "11", "EG1": "7", "EG2": "7", "EG3": "7", "EG4": "7"},
            session_year=2026,
            speciality="aepe",
        )
        return kept_view(d)

    pro = "acquis.notes_professionnelles_conservees"
    assert kept({"EP2": benefice_line("EP2", "14", 2024, pro)}) == [
        ("EP2", D("14.00"), 2029, pro),
        ("EP3", D(11), 2031, pro),
    ]
    # Valid until this session (2021 + 5): used now, not kept for later.
    assert kept({"EP2": benefice_line("EP2", "14", 2021, pro)}) == [("EP3", D(11), 2031, pro)]
    assert kept({"EP2": benefice_line("EP2", "14", 2020, pro)}) == [("EP3", D(11), 2031, pro)]
    # A rule without a limit, or a rule the exam no longer has, keeps it for good.
    assert kept({"EP2": benefice_line("EP2", "14", 2020, pro)}, None) == [
        ("EP2", D("14.00"), None, pro),
        ("EP3", D(11), None, pro),
    ]
    assert kept({"EP2": benefice_line("EP2", "14", 2020, "acquis.ancienne")}) == [
        ("EP2", D("14.00"), None, "acquis.ancienne"),
        ("EP3", D(11), 2031, pro),
    ]
    # Without its year the bénéfice counts but is not kept; the units after it still are.
    assert kept({"EP2": benefice_line("EP2", "14", None, pro)}) == [("EP3", D(11), 2031, pro)]


def test_a_benefice_entered_for_a_unit_marked_out_of_more_than_20_reads_its_points() -> None:
    bare = Decision("001", "benefice", "Bénéfice", "acquis.x")
    units = tuple(
        dataclasses.replace(u, status="benefice", decisions=(bare,)) if u.code == "001" else u
        for u in lines("cfg")
    )
    d = evaluate_result(
        exam("cfg"), units, {"001": "120", "002": "60", "003": "40"}, session_year=2026
    )
    assert line_view(d)[0] == (
        "001",
        None,
        "120,00",
        "benefice",
        True,
        D(120),
        "Note conservée d'une session antérieure",
    )
    assert (d.status, d.total_points) == ("admis", D(220))


def test_a_control_grade_leaving_the_final_average_below_10_refuses_with_every_figure() -> None:
    d = agora_with(BACPRO, {**GENERAL_9, **practice(11)}, control="10,5")
    assert whole(d) == (
        "ajourne",
        *FIRST_GROUP_11,
        None,
        ControlResult(CONTROL, D("10.5"), D("9.71")),
        [*kept_practice(11), ("E7", D(10), 2031, KEPT_GENERAL)],
        "Ajourné à l'issue du second groupe : moyenne 8,93 entre 8 et 10 ; épreuve de contrôle "
        "10,50, moyenne finale 9,71 < 10",
    )


def test_a_stored_candidature_without_its_speciality_has_no_unit_to_count() -> None:
    stored = answers("cap", "aepe")
    stored["fields"].pop("specialite")
    d = evaluate_candidature(exam("cap"), stored, {"EP1": "12"}, SESSION_2026)
    assert (whole(d), d.lines) == (
        (
            "non_calculable",
            None,
            None,
            [],
            None,
            None,
            [],
            "Résultat non calculable : aucune unité notée ne compte",
        ),
        (),
    )
