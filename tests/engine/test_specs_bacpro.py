"""The real Bac Pro spec says what the arrêté of 17 June 2020 and the dispense rules say."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from engine.answers import empty_answers
from engine.conditions import SessionCalendar
from engine.rules import UnitLine, compute_units, required_pieces
from engine.spec.model import Exam
from engine.specs import load_exam
from engine.wizard import build_state

EXAMS = Path(__file__).resolve().parents[2] / "exams"
# Reims: register closed on 19 November of the year before the session.
JUNE_2025 = SessionCalendar(
    year=2025, start=dt.date(2025, 5, 12), registration_close=dt.date(2024, 11, 19)
)
SPECIALITIES = ("agora", "mcv_a", "mcv_b", "mepeu", "transports_cables")


@pytest.fixture(scope="module")
def bacpro() -> Exam:
    return load_exam(EXAMS / "bacpro.yaml")


def _answers(speciality: str, category: str = "individuel", **fields: Any) -> dict[str, Any]:
    answers = empty_answers()
    answers["fields"].update(
        {"categorie": category, "specialite": speciality, "forme": "globale", **fields}
    )
    return answers


def _lines(exam: Exam, answers: dict[str, Any]) -> dict[str, UnitLine]:
    return {line.code: line for line in compute_units(exam, answers, JUNE_2025)}


def _declare(answers: dict[str, Any], diploma: str, year: int = 2019) -> dict[str, Any]:
    answers["acquis"]["diplomas"].append({"diploma": diploma, "year": year})
    return answers


@pytest.mark.parametrize("speciality", SPECIALITIES)
def test_every_speciality_has_e1_to_e7_with_e1_made_of_e11_and_e12(
    bacpro: Exam, speciality: str
) -> None:
    lines = _lines(bacpro, _answers(speciality))
    assert {"E1", "E3", "E4", "E5", "E6", "E7"} <= set(lines)
    assert lines["E1"].children == ("E11", "E12")
    assert lines["E5"].children == ("E51", "E52")
    assert "PSE" in lines["E3"].children  # PSE inside E3


def test_transports_par_cables_e1_weighs_three_as_e11_plus_e12(bacpro: Exam) -> None:
    lines = _lines(bacpro, _answers("transports_cables"))
    assert (lines["E11"].coefficient, lines["E12"].coefficient) == (1.5, 1.5)
    assert lines["E1"].coefficient == 3


def test_e5_weighs_five_as_francais_plus_histoire_geographie(bacpro: Exam) -> None:
    lines = _lines(bacpro, _answers("agora"))
    assert lines["E5"].coefficient == 5


def test_services_specialities_have_a_compulsory_lvb_and_production_ones_do_not(
    bacpro: Exam,
) -> None:
    assert _lines(bacpro, _answers("mcv_a"))["E4"].children == ("E41", "E42")
    assert _lines(bacpro, _answers("mepeu"))["E4"].children == ("E41",)


def test_the_candidate_chooses_the_language_of_lva(bacpro: Exam) -> None:
    answers = _answers("agora")
    answers["units"]["languages"]["E41"] = "espagnol"
    line = _lines(bacpro, answers)["E41"]
    assert "espagnol" in line.languages
    assert line.language == "espagnol"


def test_optional_units_are_sat_in_ponctuel_even_in_ccf(bacpro: Exam) -> None:
    answers = _answers("mepeu", category="fpc_public_habilite")
    answers["units"]["chosen"].append("UF_LV")
    lines = _lines(bacpro, answers)
    assert lines["E11"].mode == "ccf"
    assert (lines["UF_LV"].status, lines["UF_LV"].mode) == ("choisi", "ponctuel")
    assert lines["UF_EPS"].status == "non_choisi"


def test_scolaires_and_apprentis_take_the_forme_globale_only(bacpro: Exam) -> None:
    formes = {c.code: c.formes for c in bacpro.categories}
    assert formes["scolaire_hors_contrat"] == ("globale",)
    assert formes["apprenti_cfa_non_habilite"] == ("globale",)
    assert formes["individuel"] == ("globale", "progressive")


def test_a_bac_holder_is_dispensed_of_lva_francais_hg_emc_arts_appliques_and_eps(
    bacpro: Exam,
) -> None:
    lines = _lines(bacpro, _declare(_answers("mcv_b"), "bac_general"))
    dispensed = {code for code, line in lines.items() if line.status == "dispense"}
    assert dispensed == {"E41", "E51", "E52", "E5", "E6", "E7"}
    assert lines["E42"].status == "inscrit"  # LVB needs a diploma that had an LVB
    assert "Baccalauréat général obtenu en 2019" in lines["E51"].reason


@pytest.mark.parametrize(
    ("speciality", "maths"), [("mepeu", "E11"), ("transports_cables", "E11"), ("agora", "E12")]
)
def test_another_bac_pro_gives_the_dispense_of_maths_and_pse(
    bacpro: Exam, speciality: str, maths: str
) -> None:
    lines = _lines(bacpro, _declare(_answers(speciality), "bac_pro"))
    assert lines[maths].status == "dispense"
    assert lines["PSE"].status == "dispense"
    assert lines["E31"].status == "inscrit"


def test_pse_is_named_by_its_own_code_and_printed_with_the_reglement_number(
    bacpro: Exam,
) -> None:
    for sp in bacpro.specialities:
        pse = next(u for u in sp.units if u.code == "PSE")
        assert pse.parent == "E3" and pse.printed_code.startswith("E3")
    assert all("E34" not in r.units for r in bacpro.acquis_rules)


@pytest.mark.parametrize("speciality", ["agora", "mcv_a", "mcv_b"])
def test_economie_droit_is_ponctuel_unless_the_training_is_all_ccf_habilitated(
    bacpro: Exam, speciality: str
) -> None:
    for category, mode in [("scolaire", "ponctuel"), ("apprenti", "ponctuel"),
                           ("fpc_public", "ponctuel"), ("fpc_public_habilite", "ccf"),
                           ("individuel", "ponctuel")]:
        lines = _lines(bacpro, _answers(speciality, category))
        assert lines["E11"].mode == mode, (speciality, category)


def test_transports_e1_is_the_epreuve_scientifique_et_technique(bacpro: Exam) -> None:
    lines = _lines(bacpro, _answers("transports_cables"))
    assert lines["E1"].label == "Épreuve scientifique et technique"


def test_a_speciality_whose_first_session_is_later_is_not_offered(bacpro: Exam) -> None:
    def offered(year: int) -> set[str]:
        calendar = SessionCalendar(year=year, start=dt.date(year, 5, 12),
                                   registration_close=dt.date(year - 1, 11, 19))
        view = build_state(bacpro, _answers("agora"), calendar).field("specialite")
        assert view is not None
        return {c.value for c in view.choices}

    assert "mepeu" not in offered(2026) and "mepeu" in offered(2028)
    assert {"agora", "mcv_a", "mcv_b", "transports_cables"} <= offered(2026)


def test_a_bac_pro_candidate_other_than_scolaire_or_apprenti_may_be_dispensed_of_eps(
    bacpro: Exam,
) -> None:
    state = build_state(bacpro, _answers("agora", dispense_eps=True), JUNE_2025)
    assert state.field("dispense_eps") is not None
    assert {u.code: u.status for u in state.units}["E7"] == "dispense"
    for category in ("scolaire_hors_contrat", "apprenti_cfa_non_habilite"):
        assert build_state(bacpro, _answers("agora", category), JUNE_2025).field(
            "dispense_eps") is None


def test_a_candidate_dispensed_of_eps_may_not_take_the_optional_eps(bacpro: Exam) -> None:
    from engine.submission import submit_tab

    dispensed = build_state(bacpro, _answers("agora", dispense_eps=True), JUNE_2025)
    assert "UF_EPS" not in dispensed.choosable
    result = submit_tab(bacpro, _answers("agora", dispense_eps=True), "epreuves",
                        {"chosen": ["UF_EPS"], "languages": {"E41": "anglais",
                                                             "E42": "espagnol"}}, JUNE_2025)
    assert "UF_EPS" in result.errors["units.chosen"]
    taking = build_state(bacpro, _answers("agora", dispense_eps=False), JUNE_2025)
    assert "UF_EPS" in taking.choosable


def test_the_mobilite_unit_is_offered_only_after_a_training_period_abroad(
    bacpro: Exam,
) -> None:
    assert "UF_MOB" not in build_state(bacpro, _answers("agora"), JUNE_2025).choosable
    abroad = build_state(bacpro, _answers("agora", periode_etranger=True), JUNE_2025)
    assert "UF_MOB" in abroad.choosable
    line = {u.code: u for u in build_state(bacpro, _answers("agora"), JUNE_2025).units}
    assert line["UF_MOB"].reason.startswith("L'unité facultative de mobilité n'est proposée")


def test_the_optional_language_differs_from_lva_and_lva_from_lvb(bacpro: Exam) -> None:
    from engine.submission import submit_tab

    posted = {"chosen": ["UF_LV"],
              "languages": {"E41": "anglais", "E42": "anglais", "UF_LV": "anglais"}}
    errors = submit_tab(bacpro, _answers("agora"), "epreuves", posted, JUNE_2025).errors
    assert errors["units.languages.E42"] == "Cette langue est déjà choisie pour l'épreuve E41."
    assert errors["units.languages.UF_LV"] == "Cette langue est déjà choisie pour l'épreuve E41."


def test_a_language_for_an_optional_unit_not_ticked_is_refused(bacpro: Exam) -> None:
    from engine.submission import submit_tab

    posted = {"chosen": [], "languages": {"E41": "anglais", "E42": "espagnol",
                                          "UF_LV": "italien"}}
    errors = submit_tab(bacpro, _answers("agora"), "epreuves", posted, JUNE_2025).errors
    assert errors["units.languages.UF_LV"].startswith("Vous avez choisi une langue")


def test_bac_pro_group_lines_carry_no_status_beside_their_sub_units(bacpro: Exam) -> None:
    lines = _lines(bacpro, _answers("agora"))
    for group in ("E1", "E3", "E4", "E5"):
        assert lines[group].is_group
        assert (lines[group].status_label, lines[group].mode_label) == ("", "")
    assert lines["E51"].status_label == "Inscrit"


def test_the_optional_units_print_the_reglement_codes(bacpro: Exam) -> None:
    lines = _lines(bacpro, _answers("agora"))
    assert [lines[c].printed_code for c in ("UF_LV", "UF_EPS", "UF_MOB")] == [
        "UF1", "UF2", "UF3"]
    group = next(g for g in bacpro.choice_groups if g.code == "facultatives")
    assert group.label == "Épreuves facultatives"


def test_a_grade_of_ten_within_five_years_is_kept_unless_renounced(bacpro: Exam) -> None:
    answers = _answers("agora")
    answers["acquis"]["grades"].append({"unit": "E51", "grade": 12, "year": 2021})
    assert _lines(bacpro, answers)["E51"].status == "benefice"
    answers["acquis"]["renounced"].append("E51")
    assert _lines(bacpro, answers)["E51"].status == "inscrit"


def test_a_grade_older_than_five_years_is_not_kept(bacpro: Exam) -> None:
    answers = _answers("agora")
    answers["acquis"]["grades"].append({"unit": "E51", "grade": 12, "year": 2019})
    assert _lines(bacpro, answers)["E51"].status == "inscrit"


def test_an_individual_candidate_states_how_they_may_register(bacpro: Exam) -> None:
    individual = build_state(bacpro, _answers("agora"), JUNE_2025)
    distance = build_state(bacpro, _answers("agora", "enseignement_distance"), JUNE_2025)
    view = individual.field("condition_individuel")
    assert view is not None and view.required
    assert [c.value for c in view.choices] == ["experience_3_ans", "session_anterieure"]
    assert distance.field("condition_individuel") is None


def _pieces(exam: Exam, answers: dict[str, Any]) -> list[str]:
    return [p.code for p in required_pieces(exam, answers, JUNE_2025)]


def test_three_years_of_activity_are_proven_by_employment_attestations(bacpro: Exam) -> None:
    pieces = _pieces(bacpro, _answers("mepeu", condition_individuel="experience_3_ans"))
    assert "attestations_activite" in pieces
    assert "releve_notes_anterieur" not in pieces


def test_distance_learning_candidates_send_an_assiduity_certificate(bacpro: Exam) -> None:
    assert "certificat_assiduite" in _pieces(bacpro, _answers("agora", "enseignement_distance"))
    assert "certificat_assiduite" not in _pieces(bacpro, _answers("agora"))


def test_pieces_are_due_21_days_after_the_register_closes(bacpro: Exam) -> None:
    (identity,) = [
        p for p in required_pieces(bacpro, _answers("agora"), JUNE_2025)
        if p.code == "piece_identite"
    ]  # fmt: skip
    assert identity.deadline == dt.date(2024, 12, 10)


def test_the_eps_activity_is_chosen_at_registration_where_the_academy_lists_them() -> None:
    from engine.specs import check_source
    from engine.submission import submit_tab

    text = (EXAMS / "bacpro.yaml").read_text(encoding="utf-8").replace(
        "    official_code: UF2\n",
        "    official_code: UF2\n    activities:\n"
        "      - {value: demi_fond, label: Demi-fond}\n"
        "      - {value: tennis_de_table, label: Tennis de table}\n", 1)
    checked = check_source(text, str(EXAMS / "bacpro_academie.yaml"))
    assert checked.exam is not None, checked.problems
    exam = checked.exam
    answers = _answers("agora", dispense_eps=False)
    languages = {"E41": "anglais", "E42": "espagnol"}
    missing = submit_tab(exam, answers, "epreuves", {"chosen": ["UF_EPS"],
                                                     "languages": languages}, JUNE_2025)
    assert missing.errors["units.languages.UF_EPS"] == "Choisissez l'activité de cette épreuve."
    chosen = submit_tab(exam, answers, "epreuves",
                        {"chosen": ["UF_EPS"], "languages": {**languages,
                                                             "UF_EPS": "demi_fond"}}, JUNE_2025)
    assert chosen.ok, chosen.errors
    eps = next(u for u in chosen.state.units if u.code == "UF_EPS")
    assert (eps.language, eps.language_label) == ("demi_fond", "Demi-fond")
    assert eps.reason.endswith("(activité : Demi-fond)")
