"""CAP results (D.337-16): the average of every unit with its coefficient and that of the
professional units must both reach 10; optional units add their points above 10; a dispensed
unit never counts; grades of at least 10 are kept 5 years by a candidate not admitted."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from engine.conditions import SessionCalendar
from engine.results import GradeError, evaluate_result
from engine.rules import compute_units
from tests.engine.factories import ACCOUNT_REIMS, fill_candidature
from tests.engine.results_support import (
    D,
    exam,
    groups_view,
    kept_view,
    line_view,
    lines,
)

AEPE = lines("cap", "aepe")
NOTE = "Note de la session"


def aepe(grades: dict[str, object], units: object = AEPE) -> object:
    return evaluate_result(exam("cap"), units, grades, session_year=2026,  # type: ignore[arg-type]
                           speciality="aepe")


def test_a_cap_candidate_with_both_averages_of_10_is_admitted_with_its_mention() -> None:
    d = aepe({"EP1": "14", "EP2": "12", "EP3": "13", "EG1": "11", "EG2": "10,5", "EG3": 15,
              "EG4": "12"})
    assert (d.status, d.status_label, d.average, d.mention_label) == (
        "admis", "Admis", D("12.61"), "Assez bien")
    assert d.explanation == ("Admis : moyenne 12,61 ≥ 10 ; domaine professionnel 13,14 ≥ 10 ; "
                             "mention Assez bien")
    assert groups_view(d) == [("professionnel", D("13.14"), D(10), True),
                              ("general", D("11.57"), None, None)]
    assert line_view(d) == [
        ("EP1", D(6), "14,00", "session", True, D(84), NOTE),
        ("EP2", D(4), "12,00", "session", True, D(48), NOTE),
        ("EP3", D(4), "13,00", "session", True, D(52), NOTE),
        ("EG1", D(3), "11,00", "session", True, D(33), NOTE),
        ("EG2", D(2), "10,50", "session", True, D("21.0"), NOTE),
        ("EG3", D(1), "15,00", "session", True, D(15), NOTE),
        ("EG4", D(1), "12,00", "session", True, D(12), NOTE),
        ("UF1", None, "", "not_chosen", False, None, "Épreuve facultative non choisie"),
    ]
    assert d.kept == () and d.control is None


def test_a_cap_average_above_10_is_refused_when_the_professional_domain_is_below_10() -> None:
    d = aepe({"EP1": "8", "EP2": "9", "EP3": "9,5", "EG1": "16", "EG2": "15", "EG3": "18",
              "EG4": "14"})
    assert (d.status, d.average, d.mention) == ("ajourne", D("11.04"), None)
    assert d.explanation == "Ajourné : moyenne 11,04 ≥ 10 ; domaine professionnel 8,71 < 10"
    assert groups_view(d)[0] == ("professionnel", D("8.71"), D(10), False)
    # The general units of at least 10 are kept five years (acquis rule notes_conservees).
    assert kept_view(d) == [("EG1", D(16), 2031, "acquis.notes_conservees"),
                            ("EG2", D(15), 2031, "acquis.notes_conservees"),
                            ("EG3", D(18), 2031, "acquis.notes_conservees"),
                            ("EG4", D(14), 2031, "acquis.notes_conservees")]


def test_optional_points_above_10_count_in_the_average_not_in_the_professional_domain() -> None:
    cuisine = lines("cap", "cuisine", chosen=("UF_LV",), languages={"UF_LV": "espagnol"})
    grades = {"EP1": 10, "EP2": 10, "EG1": 9, "EG2": 9, "EG3": 9, "EG4": 9, "EG5": 9}
    without = evaluate_result(exam("cap"), cuisine, {**grades, "UF_LV": "ABS"},
                              session_year=2026, speciality="cuisine")
    assert (without.status, without.average) == ("ajourne", D("9.68"))
    assert without.explanation == "Ajourné : moyenne 9,68 < 10 ; domaine professionnel 10,00 ≥ 10"
    d = evaluate_result(exam("cap"), cuisine, {**grades, "UF_LV": "18"}, session_year=2026,
                        speciality="cuisine")
    assert (d.status, d.average, d.total_points) == ("admis", D("10.00"), D(250))
    assert d.explanation == "Admis : moyenne 10,00 ≥ 10 ; domaine professionnel 10,00 ≥ 10"
    assert line_view(d)[-2:] == [
        ("UF1", None, "18,00", "session", True, D(8),
         "Épreuve facultative ; points au-dessus de 10 comptés : 8,00"),
        ("UF2", None, "", "not_chosen", False, None, "Épreuve facultative non choisie"),
    ]
    assert line_view(without)[-2][2:] == ("ABS", "absent", False, None,
                                         "Absent(e) à l'épreuve facultative : ne compte pas")


def test_dispensed_general_units_never_count_even_with_a_grade_entered() -> None:
    dispensed = lines("cap", "aepe", diplomas=(("bac", 2015),))
    d = aepe({"EP1": "11", "EP2": "10", "EP3": "12", "EG1": "2", "EG2": "2"}, dispensed)
    assert (d.status, d.average) == ("admis", D("11.00"))
    assert d.explanation == "Admis : moyenne 11,00 ≥ 10 ; domaine professionnel 11,00 ≥ 10"
    assert groups_view(d) == [("professionnel", D("11.00"), D(10), True),
                              ("general", None, None, None)]
    assert [v[2:] for v in line_view(d)[3:7]] == [
        ("Dispensé", "dispense", False, None, "Dispensé(e) : ne compte pas")] * 4


def test_a_benefice_counts_with_its_kept_grade_and_keeps_its_own_validity() -> None:
    kept = lines("cap", "aepe", grades=(("EP2", 12.5, 2024),))
    d = aepe({"EP1": "9", "EP3": "9", "EG1": "8", "EG2": "8", "EG3": "8", "EG4": "8"}, kept)
    assert line_view(d)[1] == ("EP2", D(4), "12,50", "benefice", True, D("50.00"),
                               "Note conservée d'une session antérieure")
    assert (d.status, d.average) == ("ajourne", D("9.33"))
    assert d.explanation == "Ajourné : moyenne 9,33 < 10 ; domaine professionnel 10,00 ≥ 10"
    # Nothing of this session reaches 10; the bénéfice of 2024 stays valid for 5 years.
    assert kept_view(d) == [("EP2", D("12.50"), 2029,
                             "acquis.notes_professionnelles_conservees")]


def test_an_absence_from_a_compulsory_unit_means_the_cap_is_not_awarded() -> None:
    d = aepe({"EP1": "18", "EP2": "ABS", "EP3": "18", "EG1": "18", "EG2": "18", "EG3": "18",
              "EG4": "18"})
    assert (d.status, d.average, d.mention) == ("ajourne", None, None)
    assert d.explanation == "Ajourné : absent(e) à EP2, épreuve obligatoire"
    assert line_view(d)[1] == ("EP2", D(4), "ABS", "absent", False, None,
                               "Absent(e) à une épreuve obligatoire : le diplôme ne peut pas "
                               "être délivré")
    assert [k.unit for k in d.kept] == ["EP1", "EP3", "EG1", "EG2", "EG3", "EG4"]


def test_a_missing_grade_leaves_the_result_incomplete_and_names_the_unit() -> None:
    d = aepe({"EP1": "12", "EP2": "12", "EP3": "12", "EG1": "12", "EG2": "12", "EG4": "12"})
    assert (d.status, d.status_label, d.average) == ("incomplet", "Résultat incomplet", None)
    assert d.explanation == "Résultat incomplet : note manquante pour EG3"
    assert line_view(d)[5] == ("EG3", D(1), "", "missing", False, None, "Note non saisie")


def test_a_speciality_whose_coefficient_is_unknown_says_its_result_cannot_be_computed() -> None:
    patissier = lines("cap", "patissier")
    d = evaluate_result(exam("cap"), patissier, dict.fromkeys(("EP1", "EP2", "EG1"), "12"),
                        session_year=2026, speciality="patissier")
    assert (d.status, d.status_label) == ("non_calculable", "Résultat non calculable")
    assert d.explanation == ("Résultat non calculable : le coefficient de l'épreuve EP2 de cette "
                             "spécialité n'est pas encore renseigné")


def test_the_mentions_of_the_cap_start_at_12_14_and_16() -> None:
    for grade, mention in (("11,99", ""), ("12", "Assez bien"), ("14", "Bien"),
                           ("16", "Très bien"), ("20", "Très bien")):
        d = aepe(dict.fromkeys(("EP1", "EP2", "EP3", "EG1", "EG2", "EG3", "EG4"), grade))
        assert (d.status, d.mention_label) == ("admis", mention)


@pytest.mark.parametrize(("typed", "message"), [
    ("21", "La note 21 n'est pas comprise entre 0 et 20"),
    ("-1", "La note -1 n'est pas comprise entre 0 et 20"),
    ("12,555", "La note 12,555 a plus de deux décimales"),
    ("douze", "Note illisible : « douze » (saisissez un nombre comme 12,5, ou ABS)"),
    (12.5, "Note illisible : 12.5 (saisissez un nombre comme 12,5)"),
])
def test_a_grade_that_is_not_a_grade_out_of_20_is_refused_in_french(typed: object,
                                                                    message: str) -> None:
    with pytest.raises(GradeError) as caught:
        aepe({"EP1": typed})
    assert str(caught.value) == message


def test_the_assistant_maternel_variant_needs_10_at_each_of_ep1_and_ep3_without_mention() -> None:
    december = SessionCalendar(year=2026, start=dt.date(2026, 12, 1),
                               registration_close=dt.date(2026, 9, 30))
    answers = fill_candidature(exam("cap"), december, ACCOUNT_REIMS, categorie="individuel",
                               specialite="aepe_agrement_am")
    units = compute_units(exam("cap"), answers, december)
    assert [u.code for u in units] == ["EP1", "EP3"]
    passed = evaluate_result(exam("cap"), units, {"EP1": "17", "EP3": "16"}, session_year=2026,
                             speciality="aepe_agrement_am")
    assert (passed.status, passed.average, passed.mention) == ("admis", D("16.60"), None)
    assert passed.explanation == ("Admis : moyenne 16,60 ≥ 10 ; épreuve EP1 17,00 ≥ 10 ; épreuve "
                                  "EP3 16,00 ≥ 10")
    failed = evaluate_result(exam("cap"), units, {"EP1": "14", "EP3": "9,5"}, session_year=2026,
                             speciality="aepe", variant="aepe_agrement_am")
    assert (failed.status, failed.average) == ("ajourne", D("12.20"))
    assert failed.explanation == ("Ajourné : moyenne 12,20 ≥ 10 ; épreuve EP1 14,00 ≥ 10 ; "
                                  "épreuve EP3 9,50 < 10")


def test_disp_entered_at_the_session_dispenses_the_unit_and_an_optional_10_adds_no_point() -> None:
    cuisine = lines("cap", "cuisine", chosen=("UF_LV",), languages={"UF_LV": "espagnol"})
    grades = {"EP1": "12", "EP2": "12", "EG1": "12", "EG2": "12", "EG3": "DISP", "EG4": "12",
              "EG5": "12", "UF_LV": "10"}
    d = evaluate_result(exam("cap"), cuisine, grades, session_year=2026, speciality="cuisine")
    assert (d.status, d.average, d.mention_label) == ("admis", D("12.00"), "Assez bien")
    views = {v[0]: v[1:] for v in line_view(d)}
    assert views["EG3"] == (D(1), "Dispensé", "dispense", False, None,
                            "Dispensé(e) à cette session : ne compte pas")
    assert views["UF1"] == (None, "10,00", "session", True, D(0),
                            "Épreuve facultative ; note inférieure ou égale à 10 : aucun point")


def test_with_absent_zero_an_absence_counts_as_a_zero_grade() -> None:
    cap = exam("cap")
    rules = dataclasses.replace(cap.results, absent="zero")  # type: ignore[arg-type]
    zero = dataclasses.replace(cap, specialities=tuple(
        dataclasses.replace(s, results=rules) for s in cap.specialities))
    d = evaluate_result(zero, AEPE, {**dict.fromkeys(
        ("EP1", "EP2", "EP3", "EG1", "EG2", "EG3", "EG4"), "12"), "EG4": "ABS"},
        session_year=2026, speciality="aepe")
    assert (d.status, d.average) == ("admis", D("11.42"))
    assert line_view(d)[6] == ("EG4", D(1), "ABS", "absent", True, D(0), "Absent(e) : note zéro")


def test_units_left_for_a_later_session_leave_the_result_incomplete_and_keep_grades() -> None:
    later = tuple(dataclasses.replace(u, status="non_presente") if u.code in ("EP2", "EP3") else u
                  for u in AEPE)
    d = aepe({"EP1": "13", "EG1": "9", "EG2": "11", "EG3": "12", "EG4": "10"}, later)
    assert (d.status, d.average) == ("incomplet", None)
    assert d.explanation == ("Résultat incomplet : EP2, EP3 non présentée(s) à cette session "
                             "(forme progressive)")
    assert [(k.unit, k.grade) for k in d.kept] == [("EP1", D(13)), ("EG2", D(11)),
                                                   ("EG3", D(12)), ("EG4", D(10))]
