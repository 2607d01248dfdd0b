"""CFG results of a scolaire (arrêté du 19 juillet 2016, art. 7): the eight socle components
(10, 20, 25 or 30 points by maîtrise level) plus the common oral on 160, admitted at 200."""

from __future__ import annotations

import copy

import pytest

from engine.results import GradeError, evaluate_result
from engine.results.describe import results_overview
from engine.rules import compute_units
from tests.engine.factories import SESSION_2026
from tests.engine.results_support import D, answers, exam, line_view

SOCLE = ("D11", "D12", "D13", "D14", "D2", "D3", "D4", "D5")
# 25 + 10 + 20 + 10 + 20 + 25 + 10 + 20 = 140 points of socle components.
LEVELS = dict(zip(SOCLE, ("25", "10", "20", "10", "20", "25", "10", "20"), strict=True))


def _scolaire_lines():  # noqa: ANN202 - the engine's UnitLine tuple
    scolaire = copy.deepcopy(answers("cfg"))
    scolaire["fields"]["categorie"] = "scolaire"
    return compute_units(exam("cfg"), scolaire, SESSION_2026)


SCOLAIRE = _scolaire_lines()


def test_a_scolaire_sits_the_oral_and_is_assessed_on_the_socle_in_controle_continu() -> None:
    assert [(u.code, u.mode, u.status) for u in SCOLAIRE] == [
        ("001", "ponctuel", "inscrit"),
        *((code, "ccf", "inscrit") for code in SOCLE),
    ]


def test_a_scolaire_with_exactly_200_points_is_admitted() -> None:
    d = evaluate_result(exam("cfg"), SCOLAIRE, {"001": "60", **LEVELS}, session_year=2026)
    assert (d.status, d.average, d.total_points) == ("admis", None, D(200))
    assert d.explanation == "Admis : total 200 points ≥ 200"
    assert line_view(d)[:2] == [
        ("001", None, "60,00", "session", True, D(60), "Note de la session"),
        ("D11", None, "25,00", "session", True, D(25), "Note de la session"),
    ]


def test_a_scolaire_with_199_5_points_is_refused() -> None:
    d = evaluate_result(exam("cfg"), SCOLAIRE, {"001": "59,5", **LEVELS}, session_year=2026)
    assert (d.status, d.total_points) == ("ajourne", D("199.5"))
    assert d.explanation == "Ajourné : total 199,5 points < 200"


def test_a_scolaire_absent_at_the_oral_is_refused_whatever_the_socle_gives() -> None:
    full = dict.fromkeys(SOCLE, "30")
    d = evaluate_result(exam("cfg"), SCOLAIRE, {"001": "ABS", **full}, session_year=2026)
    assert (d.status, d.total_points) == ("ajourne", None)
    assert d.explanation == "Ajourné : absent(e) à 001, épreuve obligatoire"


@pytest.mark.parametrize(
    ("grade", "message"),
    [
        ("15", "La note 15 n'est pas un des points possibles : 10, 20, 25 ou 30"),
        ("0", "La note 0 n'est pas un des points possibles : 10, 20, 25 ou 30"),
        ("40", "La note 40 n'est pas comprise entre 0 et 30"),
    ],
)
def test_a_socle_component_takes_only_the_points_of_a_maitrise_level(
    grade: str, message: str
) -> None:
    with pytest.raises(GradeError, match=message):
        evaluate_result(
            exam("cfg"), SCOLAIRE, {"001": "60", **LEVELS, "D3": grade}, session_year=2026
        )


def test_the_rules_overview_gives_the_points_of_the_socle_levels() -> None:
    assert (
        "Points possibles pour D11, D12, D13, D14, D2, D3, D4, D5 : 10, 20, 25 ou 30 (un par "
        "niveau)."
    ) in results_overview(exam("cfg"))[0][1]
