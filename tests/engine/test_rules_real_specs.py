"""The runtime on the shipped CAP, Bac Pro and CFG specs: candidatures, units, pieces, schema."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from engine.answers import answers_json_schema
from engine.spec.model import Exam
from engine.specs import load_exam
from engine.submission import submit_tab
from engine.wizard import build_state, validate_all, validate_tab
from tests.engine.factories import ACCOUNT_REIMS, SESSION_2026, fill_candidature

EXAMS = Path(__file__).resolve().parents[2] / "exams"


@pytest.fixture(scope="module", params=["cap", "bacpro", "cfg"])
def exam(request: pytest.FixtureRequest) -> Exam:
    return load_exam(EXAMS / f"{request.param}.yaml")


@pytest.fixture(scope="module")
def cap() -> Exam:
    return load_exam(EXAMS / "cap.yaml")


@pytest.fixture(scope="module")
def bacpro() -> Exam:
    return load_exam(EXAMS / "bacpro.yaml")


def test_a_candidature_filled_tab_after_tab_passes_the_check_before_saving(exam: Exam) -> None:
    answers = fill_candidature(exam, SESSION_2026, ACCOUNT_REIMS)
    state = build_state(exam, answers, SESSION_2026, ACCOUNT_REIMS)
    assert validate_all(state) == {}
    assert state.tabs[-1].role == "receipt"
    assert sum(t.tab.save for t in state.tabs) == 1


def test_a_saved_candidature_matches_its_exams_json_schema(exam: Exam) -> None:
    schema = answers_json_schema(exam)
    jsonschema.Draft202012Validator.check_schema(schema)
    answers = fill_candidature(exam, SESSION_2026, ACCOUNT_REIMS)
    jsonschema.Draft202012Validator(schema).validate(answers)


def test_an_empty_candidature_is_refused_with_french_messages_on_its_first_tab(exam: Exam) -> None:
    state = build_state(exam, None, SESSION_2026, ACCOUNT_REIMS)
    first = state.tabs[0].code
    messages = set(validate_tab(state, first).values())
    assert messages and messages <= {"Ce champ est obligatoire.",
                                     "Vous devez cocher cette case pour continuer."}


def test_every_candidature_asks_for_an_identity_document(exam: Exam) -> None:
    state = build_state(exam, fill_candidature(exam, SESSION_2026, ACCOUNT_REIMS),
                        SESSION_2026, ACCOUNT_REIMS)
    identity = next(p for p in state.pieces() if p.code == "piece_identite")
    assert identity.reason == "Pièce demandée à tous les candidats."
    assert identity.deadline >= SESSION_2026.registration_close


def test_a_cap_holder_in_aepe_is_dispensed_of_the_general_units_with_the_reason(cap: Exam) -> None:
    answers = fill_candidature(cap, SESSION_2026, ACCOUNT_REIMS, specialite="aepe")
    answers["acquis"]["diplomas"] = [{"diploma": "cap", "year": 2021, "academy": "reims"}]
    state = build_state(cap, answers, SESSION_2026, ACCOUNT_REIMS)
    units = {u.code: u for u in state.units}
    assert units["EG1"].status == "dispense"
    assert units["EG1"].detail == (
        "EG1 dispensée : CAP obtenu en 2021 (règle acquis.diplome_niveau3_ou_plus)")
    assert units["EP1"].status == "inscrit"
    assert "justificatif_diplome" in [p.code for p in state.pieces()]


def test_the_cap_agrement_variant_registers_ep1_and_ep3_only(cap: Exam) -> None:
    answers = fill_candidature(cap, SESSION_2026, ACCOUNT_REIMS, specialite="aepe_agrement_am")
    state = build_state(cap, answers, SESSION_2026, ACCOUNT_REIMS)
    assert [u.code for u in state.units] == ["EP1", "EP3"]
    assert state.field("dispense_eps") is None          # no EPS in the variant
    assert not state.has_unit_choices


def test_a_cap_grade_kept_five_years_is_a_benefice_and_renouncing_it_retakes_the_unit(
    cap: Exam,
) -> None:
    answers = fill_candidature(cap, SESSION_2026, ACCOUNT_REIMS, specialite="cuisine")
    answers["acquis"]["grades"] = [
        {"unit": "EP2", "grade": 13.5, "year": 2024, "speciality": "cuisine"},
        {"unit": "EP1", "grade": 16, "year": 2020, "speciality": "cuisine"}]
    state = build_state(cap, answers, SESSION_2026, ACCOUNT_REIMS)
    units = {u.code: u for u in state.units}
    assert units["EP2"].status == "benefice"
    assert units["EP1"].status == "inscrit"
    assert "note de 2020 trop ancienne (plus de 5 ans avant la session)" in (
        units["EP1"].decisions[1].detail)
    assert "releve_notes" in [p.code for p in state.pieces()]
    result = submit_tab(cap, answers, "acquis",
                        {"diplomas": [], "grades": answers["acquis"]["grades"],
                         "renounced": ["EP2"]}, SESSION_2026, ACCOUNT_REIMS)
    assert result.ok
    units = {u.code: u for u in result.state.units}
    assert units["EP2"].status == "inscrit"
    assert "releve_notes" not in [p.code for p in result.state.pieces()]


def test_a_cap_request_for_amenagement_asks_for_the_medical_certificate(cap: Exam) -> None:
    answers = fill_candidature(cap, SESSION_2026, ACCOUNT_REIMS, amenagement=True)
    state = build_state(cap, answers, SESSION_2026, ACCOUNT_REIMS)
    certificate = next(p for p in state.pieces() if p.code == "certificat_medical")
    assert certificate.deadline == SESSION_2026.registration_close
    assert "oui" in certificate.detail


def test_bacpro_sub_units_add_up_to_their_parents_coefficient(bacpro: Exam) -> None:
    state = build_state(bacpro, fill_candidature(bacpro, SESSION_2026, ACCOUNT_REIMS),
                        SESSION_2026, ACCOUNT_REIMS)
    units = {u.code: u for u in state.units}
    for parent in (u for u in units.values() if u.children):
        kids = [units[c].coefficient for c in parent.children if units[c].coefficient]
        if kids:
            assert parent.coefficient == sum(kids)


def test_bacpro_lva_and_lvb_must_be_two_different_languages(bacpro: Exam) -> None:
    answers = fill_candidature(bacpro, SESSION_2026, ACCOUNT_REIMS)
    answers["units"]["languages"] = {"E41": "anglais", "E42": "anglais"}
    state = build_state(bacpro, answers, SESSION_2026, ACCOUNT_REIMS)
    assert validate_tab(state, "epreuves") == {
        "units.languages.E42": "Cette langue est déjà choisie pour l'épreuve E41."}


def test_bacpro_allows_at_most_two_optional_units(bacpro: Exam) -> None:
    answers = fill_candidature(bacpro, SESSION_2026, ACCOUNT_REIMS)
    answers["fields"]["periode_etranger"] = True  # mobilité is offered after a period abroad
    answers["units"]["chosen"] = ["UF_EPS", "UF_MOB"]
    state = build_state(bacpro, answers, SESSION_2026, ACCOUNT_REIMS)
    assert {u.code: u.status for u in state.units}["UF_MOB"] == "choisi"
    assert validate_tab(state, "epreuves") == {}
    answers["units"]["chosen"] = ["UF_EPS", "UF_MOB", "UF_LV"]
    answers["units"]["languages"]["UF_LV"] = "breton"
    state = build_state(bacpro, answers, SESSION_2026, ACCOUNT_REIMS)
    assert list(validate_tab(state, "epreuves")) == ["units.facultatives"]


def test_a_bacpro_language_unit_kept_in_benefice_can_still_be_renounced(bacpro: Exam) -> None:
    answers = fill_candidature(bacpro, SESSION_2026, ACCOUNT_REIMS)
    answers["acquis"]["grades"] = [{"unit": "E41", "grade": 14, "year": 2024}]
    state = build_state(bacpro, answers, SESSION_2026, ACCOUNT_REIMS)
    assert {u.code: u.status for u in state.units}["E41"] == "benefice"
    answers["acquis"]["renounced"] = ["E41"]
    state = build_state(bacpro, answers, SESSION_2026, ACCOUNT_REIMS)
    e41 = next(u for u in state.units if u.code == "E41")
    assert state.answers["acquis"]["renounced"] == ["E41"]
    assert e41.status == "inscrit" and e41.language == "anglais"
    assert "langue : anglais" in e41.reason
