"""The wizard as a candidate meets it (issue 11): forme progressive, Acquis from valid
answers only, reasons written for candidates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from engine.answers import empty_answers
from engine.conditions import SessionCalendar
from engine.rules import acquis_offers, required_pieces
from engine.spec.model import Exam
from engine.specs import load_exam
from engine.submission import submit_tab
from engine.wizard import build_state

EXAMS = Path(__file__).resolve().parents[2] / "exams"
JUNE_2026 = SessionCalendar(year=2026, start=dt.date(2026, 5, 18),
                            registration_close=dt.date(2025, 11, 28))


@pytest.fixture(scope="module")
def cap() -> Exam:
    return load_exam(EXAMS / "cap.yaml")


@pytest.fixture(scope="module")
def bacpro() -> Exam:
    return load_exam(EXAMS / "bacpro.yaml")


def _answers(speciality: str, forme: str = "globale", **fields: Any) -> dict[str, Any]:
    answers = empty_answers()
    answers["fields"].update({"categorie": "individuel", "specialite": speciality,
                              "forme": forme, "dispense_eps": False, **fields})
    return answers


# ---------------------------------------------------------------- 6. forme progressive

def test_in_forme_progressive_the_candidate_chooses_the_units_of_this_session(cap: Exam) -> None:
    answers = _answers("patissier", "progressive")
    answers["units"]["chosen"] = ["EP1", "EG1"]
    state = build_state(cap, answers, JUNE_2026)
    statuses = {u.code: u.status_label for u in state.units}
    assert statuses["EP1"] == statuses["EG1"] == "Inscrit"
    assert statuses["EP2"] == statuses["EG2"] == "Non présenté à cette session"
    assert set(state.presented_units) == {"EP1", "EP2", "EG1", "EG2", "EG3", "EG4"}


def test_forme_progressive_keeps_dispensed_units_out_of_the_choice(cap: Exam) -> None:
    answers = _answers("patissier", "progressive")
    answers["acquis"]["diplomas"].append({"diploma": "bac", "year": 2010})
    state = build_state(cap, answers, JUNE_2026)
    assert set(state.presented_units) == {"EP1", "EP2"}
    assert {u.code: u.status for u in state.units}["EG1"] == "dispense"


def test_forme_progressive_needs_at_least_one_unit_this_session(bacpro: Exam) -> None:
    posted = {"chosen": [], "languages": {"E41": "anglais", "E42": "espagnol"}}
    result = submit_tab(bacpro, _answers("agora", "progressive"), "epreuves", posted, JUNE_2026)
    assert result.errors["units.progressive"].startswith("En forme progressive, choisissez")
    posted = {"chosen": ["E51", "E41"], "languages": {"E41": "anglais"}}
    result = submit_tab(bacpro, _answers("agora", "progressive"), "epreuves", posted, JUNE_2026)
    assert result.ok, result.errors
    statuses = {u.code: u.status for u in result.state.units}
    assert statuses["E51"] == statuses["E41"] == "inscrit"
    assert statuses["E42"] == statuses["E52"] == "non_presente"


def test_in_forme_globale_every_unit_still_to_take_is_registered(cap: Exam) -> None:
    answers = _answers("patissier")
    answers["acquis"]["diplomas"].append({"diploma": "bac", "year": 2010})
    state = build_state(cap, answers, JUNE_2026)
    assert state.presented_units == ()
    statuses = {u.code: u.status for u in state.units}
    assert statuses["EP1"] == statuses["EP2"] == "inscrit"
    assert statuses["EG1"] == "dispense"


# ---------------------------------------------------------------- 9. Acquis: valid answers only

@pytest.mark.parametrize("year", [15, 2035, 1850])
def test_mettre_a_jour_grants_no_dispense_from_an_invalid_year(cap: Exam, year: int) -> None:
    posted = {"diplomas": [{"diploma": "cap", "year": str(year), "academy": "reims"}],
              "grades": [], "renounced": []}
    result = submit_tab(cap, _answers("aepe"), "acquis", posted, JUNE_2026)
    assert "acquis.diplomas[0].year" in result.errors
    assert acquis_offers(result.state.units) == ()
    assert {u.code: u.status for u in result.state.units}["EG1"] == "inscrit"
    pieces = [p.code for p in required_pieces(cap, result.state.answers, JUNE_2026)]
    assert "justificatif_diplome" not in pieces


def test_a_grade_out_of_twenty_keeps_no_benefice(cap: Exam) -> None:
    answers = _answers("aepe")
    answers["acquis"]["grades"].append({"unit": "EG1", "grade": 25, "year": 2024})
    assert {u.code: u.status for u in build_state(cap, answers, JUNE_2026).units}["EG1"] == (
        "inscrit")


# ---------------------------------------------------------------- 10. reasons for candidates

def test_reasons_shown_to_candidates_name_no_rule_and_the_back_office_keeps_it(
    cap: Exam,
) -> None:
    answers = _answers("aepe", amenagement=True)
    answers["acquis"]["diplomas"].append({"diploma": "cap", "year": 2021})
    state = build_state(cap, answers, JUNE_2026)
    eg1 = next(u for u in state.units if u.code == "EG1")
    assert eg1.reason == ("Vous êtes titulaire d'un diplôme de niveau 3 ou supérieur "
                          "(CAP obtenu en 2021)")
    assert eg1.detail == ("EG1 dispensée : CAP obtenu en 2021 "
                          "(règle acquis.diplome_niveau3_ou_plus)")
    for unit in state.units:
        for decision in unit.decisions:
            assert "règle" not in decision.reason and "acquis." not in decision.reason
    pieces = {p.code: p for p in state.pieces()}
    medical = pieces["certificat_medical"]
    assert medical.reason.startswith("Vous demandez un aménagement d'épreuves")
    assert "règle pieces.certificat_medical" in medical.detail
    for piece in pieces.values():
        assert " égal à " not in piece.reason and "règle" not in piece.reason


def test_the_bac_pro_session_anterieure_piece_is_explained_in_plain_french(
    bacpro: Exam,
) -> None:
    answers = _answers("agora", condition_individuel="session_anterieure")
    piece = next(p for p in required_pieces(bacpro, answers, JUNE_2026)
                 if p.code == "releve_notes_anterieur")
    assert piece.reason.startswith("Vous avez déjà présenté l'examen")
