"""CFG results (arrêté du 19 juillet 2016): a total of at least 200 points, the oral marked out
of 160 and each written épreuve out of 120 (presumed, see exams/cfg.yaml)."""

from __future__ import annotations

import json

import pytest

from engine.results import GradeError, decision_json, evaluate_result
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


def test_a_decision_stored_as_json_keeps_every_figure_as_a_decimal_string() -> None:
    d = evaluate_result(exam("cfg"), CFG, {"001": "100", "002": "60,5", "003": "ABS"},
                        session_year=2026)
    data = json.loads(json.dumps(decision_json(d)))
    assert data == {
        "status": "ajourne", "status_label": "Ajourné", "average": None, "total_points": None,
        "mention": None, "groups": [], "control": None, "kept": [], "note": NOTE,
        "explanation": "Ajourné : absent(e) à 003, épreuve obligatoire",
        "lines": [
            {"code": "001", "printed_code": "001", "label": "Entretien avec le jury",
             "optional": False, "coefficient": None, "grade": "100", "grade_text": "100,00",
             "source": "session", "counted": True, "points": "100",
             "reason": "Note de la session", "groups": [], "kept_from": None},
            {"code": "002", "printed_code": "002", "label": "Mathématiques", "optional": False,
             "coefficient": None, "grade": "60.5", "grade_text": "60,50", "source": "session",
             "counted": True, "points": "60.5", "reason": "Note de la session", "groups": [],
             "kept_from": None},
            {"code": "003", "printed_code": "003", "label": "Français", "optional": False,
             "coefficient": None, "grade": None, "grade_text": "ABS", "source": "absent",
             "counted": False, "points": None,
             "reason": "Absent(e) à une épreuve obligatoire : le diplôme ne peut pas être "
                       "délivré", "groups": [], "kept_from": None},
        ],
    }
