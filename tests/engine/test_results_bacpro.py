"""Bac pro results (D.337-78): admitted from an average of 10; from 8 to 10 with 10 at the
practical épreuve, the épreuve de contrôle, whose grade is averaged with the first group's
average; mentions after the first group only, up to "très bien avec les félicitations du jury".

The shipped specialities lack their professional coefficients (their result says so): the
worked examples give AGOrA's E31, E32 and E33 a coefficient of 3 each."""

from __future__ import annotations

import dataclasses

from engine.decisions import UnitLine
from engine.results import ResultDecision, evaluate_result
from tests.engine.results_support import D, computable, exam, groups_view, line_view, lines

AGORA = lines("bacpro", "agora")
COEFS = {"E31": 3, "E32": 3, "E33": 3}
BACPRO = computable(exam("bacpro"), "agora")
GENERAL_9 = {"E11": 7, "E12": 7, "PSE": 8, "E41": 8, "E42": 6, "E51": 7, "E52": 8, "E6": 9,
             "E7": 10}


def agora_lines(units: tuple[UnitLine, ...] = AGORA) -> tuple[UnitLine, ...]:
    return tuple(dataclasses.replace(u, coefficient=COEFS.get(u.code, u.coefficient))
                 for u in units)


def agora(grades: dict[str, object], control: object = None,
          units: tuple[UnitLine, ...] | None = None) -> ResultDecision:
    return evaluate_result(BACPRO, agora_lines(units or AGORA), grades,  # type: ignore[arg-type]
                           session_year=2026, speciality="agora", control_grade=control)


def practice(grade: object) -> dict[str, object]:
    return dict.fromkeys(COEFS, grade)


def test_a_bac_pro_average_of_18_is_admitted_with_the_felicitations_du_jury() -> None:
    d = agora(dict.fromkeys([*GENERAL_9, *COEFS], "18,5"))
    assert (d.status, d.average, d.mention_label) == (
        "admis", D("18.50"), "Très bien avec les félicitations du jury")
    assert d.explanation == ("Admis : moyenne 18,50 ≥ 10 ; mention Très bien avec les "
                             "félicitations du jury")
    assert groups_view(d) == [("pratique_professionnelle", D("18.50"), None, None)]
    assert [v[0] for v in line_view(d)] == ["E11", "E12", "E31", "E32", "E33", "E34", "E41",
                                           "E42", "E51", "E52", "E6", "E7", "UF1", "UF2", "UF3"]


def test_an_average_from_8_to_10_with_10_in_practice_gives_the_epreuve_de_controle() -> None:
    d = agora({**GENERAL_9, **practice(11)})
    assert (d.status, d.status_label, d.average) == (
        "second_groupe", "Admissible au second groupe (épreuve de contrôle)", D("8.93"))
    assert d.explanation == ("Admissible au second groupe : moyenne 8,93 entre 8 et 10 ; épreuve "
                             "de pratique professionnelle 11,00 ≥ 10 ; épreuve de contrôle")
    assert d.control is not None
    assert (d.control.label, d.control.grade, d.control.final_average) == (
        "épreuve de contrôle", None, None)
    assert d.mention is None


def test_the_control_grade_averaged_with_the_first_average_admits_from_10_no_mention() -> None:
    d = agora({**GENERAL_9, **practice(11)}, control="12")
    assert (d.status, d.average, d.mention) == ("admis", D("8.93"), None)
    assert d.control is not None and d.control.final_average == D("10.46")
    assert d.explanation == ("Admis à l'issue du second groupe : moyenne 8,93 entre 8 et 10 ; "
                             "épreuve de contrôle 12,00, moyenne finale 10,46 ≥ 10")
    assert d.kept == ()


def test_a_control_grade_leaving_the_final_average_below_10_refuses_the_candidate() -> None:
    d = agora({**GENERAL_9, **practice(11)}, control="10,5")
    assert d.status == "ajourne"
    assert d.control is not None and d.control.final_average == D("9.71")
    assert d.explanation == ("Ajourné à l'issue du second groupe : moyenne 8,93 entre 8 et 10 ; "
                             "épreuve de contrôle 10,50, moyenne finale 9,71 < 10")
    # Grades of at least 10 are kept five years (the bac pro's bénéfice rules).
    assert [(k.unit, k.grade, k.until_year, k.rule) for k in d.kept] == [
        ("E31", D(11), 2031, "acquis.notes_professionnelles_conservees"),
        ("E32", D(11), 2031, "acquis.notes_professionnelles_conservees"),
        ("E33", D(11), 2031, "acquis.notes_professionnelles_conservees"),
        ("E7", D(10), 2031, "acquis.notes_conservees"),
    ]


def test_an_average_from_8_to_10_below_10_at_the_practical_epreuve_is_refused() -> None:
    d = agora({**GENERAL_9, **practice(9)})
    assert (d.status, d.average, d.control) == ("ajourne", D("8.15"), None)
    assert d.explanation == ("Ajourné : moyenne 8,15 entre 8 et 10 ; épreuve de pratique "
                             "professionnelle 9,00 < 10")


def test_a_candidate_dispensed_of_the_whole_practical_epreuve_may_sit_the_control() -> None:
    dispensed = tuple(dataclasses.replace(u, status="dispense") if u.code in COEFS else u
                      for u in AGORA)
    d = agora({**GENERAL_9, "E7": 12, "E6": 13}, units=dispensed)
    assert (d.status, d.average) == ("second_groupe", D("8.03"))
    assert d.explanation == ("Admissible au second groupe : moyenne 8,03 entre 8 et 10 ; épreuve "
                             "de pratique professionnelle : toutes les unités dispensées ; "
                             "épreuve de contrôle")


def test_an_average_below_8_is_refused_without_second_group() -> None:
    d = agora(dict.fromkeys([*GENERAL_9, *COEFS], 7))
    assert (d.status, d.average, d.control) == ("ajourne", D("7.00"), None)
    assert d.explanation == "Ajourné : moyenne 7,00 < 8"


def test_an_optional_epreuve_adds_its_points_above_10_to_the_bac_pro_average() -> None:
    units = lines("bacpro", "agora", chosen=("UF_EPS",))
    d = agora({**dict.fromkeys([*GENERAL_9, *COEFS], 10), "UF_EPS": 16}, units=units)
    assert (d.status, d.average, d.mention) == ("admis", D("10.26"), None)
    assert line_view(d)[13] == ("UF2", None, "16,00", "session", True, D(6),
                                "Épreuve facultative ; points au-dessus de 10 comptés : 6,00")


def test_the_shipped_bac_pro_specialities_say_their_coefficients_are_not_known_yet() -> None:
    d = evaluate_result(exam("bacpro"), AGORA, dict.fromkeys(GENERAL_9, 12), session_year=2026,
                        speciality="agora")
    assert (d.status, d.average) == ("non_calculable", None)
    assert d.explanation == ("Résultat non calculable : les coefficients des épreuves "
                             "professionnelles de cette spécialité ne sont pas encore renseignés")



def test_an_average_of_exactly_8_sits_the_control_and_7_99_does_not() -> None:
    # Σ coefficients 23: the general units 94 points and the practice 90 make 184, 8.00.
    base = {**dict.fromkeys(GENERAL_9, "6,5"), "E7": "9,5", **practice(10)}
    at_8 = agora(base)
    assert (at_8.status, at_8.average) == ("second_groupe", D("8.00"))
    below = agora({**base, "E7": "9,27"})
    assert (below.status, below.average) == ("ajourne", D("7.99"))
    assert below.explanation == "Ajourné : moyenne 7,99 < 8"


def test_a_final_average_of_exactly_10_after_the_control_admits() -> None:
    d = agora({**GENERAL_9, **practice(11)}, control="11,07")
    assert d.control is not None and d.control.final_average == D("10.00")
    assert d.status == "admis"
