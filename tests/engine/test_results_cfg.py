"""CFG results (arrêté du 19 juillet 2016): a total of at least 200 points, the oral marked out
of 160 and each written épreuve out of 120 (presumed, see exams/cfg.yaml)."""

from __future__ import annotations

import pytest

from engine.results import GradeError, evaluate_result
from tests.engine.results_support import D, exam, line_view, lines

CFG = lines("cfg")
NOTE = ("Le CFG est délivré avec un total d'au moins 200 points ; l'entretien avec le jury est "
        "noté sur 160 points.")


def test_a_cfg_candidate_totalling_at_least_200_points_is_admitted() -> None:
    d = evaluate_result(exam("cfg"), CFG, {"001": "100", "002": "60", "003": "40"},
                        session_year=2026)
    assert (d.status, d.average, d.total_points, d.mention) == ("admis", None, D(200), None)
    assert d.explanation == "Admis : total 200 points ≥ 200"
    assert d.note == NOTE
    assert line_view(d) == [
        ("001", None, "100,00", "session", True, D(100), "Note de la session"),
        ("002", None, "60,00", "session", True, D(60), "Note de la session"),
        ("003", None, "40,00", "session", True, D(40), "Note de la session"),
    ]


def test_a_cfg_candidate_below_200_points_is_refused_and_keeps_no_grade() -> None:
    d = evaluate_result(exam("cfg"), CFG, {"001": "99,5", "002": "60", "003": "40"},
                        session_year=2026)
    assert (d.status, d.total_points, d.kept) == ("ajourne", D("199.5"), ())
    assert d.explanation == "Ajourné : total 199,5 points < 200"


def test_the_cfg_oral_is_marked_out_of_160_points() -> None:
    with pytest.raises(GradeError, match="La note 161 n'est pas comprise entre 0 et 160"):
        evaluate_result(exam("cfg"), CFG, {"001": "161"}, session_year=2026)


def test_an_exam_without_results_rules_says_its_result_cannot_be_computed(
    mc_desserts: object,
) -> None:
    d = evaluate_result(mc_desserts, (), {}, session_year=2026)  # type: ignore[arg-type]
    assert (d.status, d.lines, d.kept) == ("non_calculable", (), ())
    assert d.explanation == ("Résultat non calculable : l'examen ne définit pas de règles de "
                             "résultat")
