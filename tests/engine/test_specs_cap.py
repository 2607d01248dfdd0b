"""The real CAP spec says what the CAP guides and the regulations say."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from engine.answers import empty_answers
from engine.conditions import EvalContext, SessionCalendar, evaluate
from engine.rules import compute_units, required_pieces
from engine.spec.model import Exam, Speciality
from engine.specs import load_exam
from engine.wizard import build_state, choosable_units

EXAMS = Path(__file__).resolve().parents[2] / "exams"
# A June 2026 session whose register closed on 28 November 2025 (issue 11: sessions 2026 on).
JUNE_2026 = SessionCalendar(
    year=2026, start=dt.date(2026, 5, 18), registration_close=dt.date(2025, 11, 28)
)
DECEMBER_2026 = SessionCalendar(
    year=2026, start=dt.date(2026, 12, 7), registration_close=dt.date(2026, 9, 25)
)
JUNE_2025 = SessionCalendar(
    year=2025, start=dt.date(2025, 5, 19), registration_close=dt.date(2024, 11, 29)
)
INDIVIDUAL_CATEGORIES = ("individuel", "individuel_salarie", "ex_scolaire", "ex_apprenti")


@pytest.fixture(scope="module")
def cap() -> Exam:
    return load_exam(EXAMS / "cap.yaml")


def _holds(
    cond: object, answers: dict[str, object], diplomas: frozenset[str] = frozenset()
) -> bool:
    ctx = EvalContext(answers=answers, calendar=JUNE_2026, diplomas=diplomas)
    return evaluate(cond, ctx)  # type: ignore[arg-type]


def _speciality(exam: Exam, code: str) -> Speciality:
    return next(s for s in exam.specialities if s.code == code)


def _codes(spec: Speciality) -> list[str]:
    return [u.code for u in spec.units]


def test_the_registration_form_has_the_nine_tabs_of_the_guide(cap: Exam) -> None:
    assert [t.title for t in cap.tabs] == [
        "Modalités d'inscription",
        "Identification",
        "Informations candidature",
        "Qualification présentée",
        "Acquis",
        "Epreuves",
        "Récapitulatif",
        "Conditions d'inscription",
        "N° Inscription",
    ]


def test_enregistrer_is_on_the_avant_dernier_tab(cap: Exam) -> None:
    assert [i for i, t in enumerate(cap.tabs) if t.save] == [len(cap.tabs) - 2]
    assert cap.tabs[-1].role == "receipt"


def test_the_modalites_must_be_accepted_by_ticking_a_box(cap: Exam) -> None:
    tab = cap.tabs[0]
    assert tab.role == "acceptance"
    assert [(f.type, f.required) for f in tab.fields] == [("checkbox", True)]


def test_the_general_units_are_those_of_the_2019_reform(cap: Exam) -> None:
    units = {u.code: u for u in cap.common_units}
    assert [(c, units[c].coefficient) for c in ("EG1", "EG2", "EG3", "EG4")] == [
        ("EG1", 3),
        ("EG2", 2),
        ("EG3", 1),
        ("EG4", 1),
    ]
    optional = [u.code for u in cap.common_units if u.optional]
    assert optional == ["UF_LV", "UF_AA", "UF_MOB"]
    assert "anglais" in units["UF_LV"].languages


@pytest.mark.parametrize("code", ["aepe", "cuisine", "patissier", "metiers_coiffure"])
def test_cap_pse_is_its_own_general_unit(cap: Exam, code: str) -> None:
    units = {u.code: u for u in _speciality(cap, code).units}
    pse = units["EG4"]
    assert (pse.label, pse.kind, pse.coefficient, pse.duration) == (
        "Prévention-santé-environnement", "ecrit", 1, "1 h")
    assert "PSE" not in units["EP1"].duration


def test_each_ep1_coefficient_lost_the_point_of_pse(cap: Exam) -> None:
    ep1 = {s.code: next(u for u in s.units if u.code == "EP1") for s in cap.specialities}
    assert ep1["aepe"].coefficient == 6
    assert (ep1["aepe"].kind, ep1["aepe"].duration) == ("oral", "25 min")
    assert ep1["patissier"].coefficient == 8
    assert ep1["metiers_coiffure"].coefficient == 13


def test_the_agrement_variant_keeps_only_ep1_and_ep3(cap: Exam) -> None:
    (variant,) = _speciality(cap, "aepe").variants
    assert variant.label == (
        "Accompagnant éducatif petite enfance ep1, ep3 pour l'agrément assistant(e) maternel(le)"
    )
    assert variant.units == ("EP1", "EP3")
    assert variant.sessions is not None and variant.sessions.months == (12,)


def test_the_agrement_variant_is_offered_at_the_december_session_only(cap: Exam) -> None:
    def offered(calendar: SessionCalendar) -> set[str]:
        view = build_state(cap, _answers("aepe"), calendar).field("specialite")
        assert view is not None
        return {c.value for c in view.choices}

    assert "aepe_agrement_am" in offered(DECEMBER_2026)
    assert "aepe_agrement_am" not in offered(JUNE_2026)
    assert "aepe" in offered(JUNE_2026)


def test_the_agrement_candidate_takes_the_oral_of_ep1_and_ep3_without_pse(cap: Exam) -> None:
    lines = compute_units(cap, _answers("aepe_agrement_am"), DECEMBER_2026)
    assert [(u.code, u.kind, u.status) for u in lines] == [
        ("EP1", "oral", "inscrit"), ("EP3", "oral", "inscrit")]


def test_cuisine_written_after_the_reform_has_a_separate_pse_unit(cap: Exam) -> None:
    assert _codes(_speciality(cap, "cuisine"))[:6] == ["EP1", "EP2", "EG1", "EG2", "EG3", "EG4"]


def test_cap_cuisine_has_a_compulsory_language_unit_and_its_optional_ones(cap: Exam) -> None:
    cuisine = _speciality(cap, "cuisine")
    units = {u.code: u for u in cuisine.units}
    lv = units["EG5"]
    assert (lv.optional, lv.kind, lv.coefficient) == (False, "oral", 1)
    assert [(u.printed_code, u.label) for u in cuisine.units if u.optional] == [
        ("UF1", "Langue vivante étrangère"), ("UF2", "Mobilité")]
    assert (units["EP1"].coefficient, units["EP2"].label) == (
        4, "Préparation et distribution de la production de cuisine")


def test_the_optional_language_of_cap_cuisine_must_differ_from_the_compulsory_one(
    cap: Exam,
) -> None:
    from engine.submission import submit_tab

    answers = _answers("cuisine", dispense_eps=False)
    posted = {"chosen": ["UF_LV"], "languages": {"EG5": "anglais", "UF_LV": "anglais"}}
    result = submit_tab(cap, answers, "epreuves", posted, JUNE_2026)
    assert result.errors["units.languages.UF_LV"] == (
        "Cette langue est déjà choisie pour l'épreuve EG5.")
    posted["languages"]["UF_LV"] = "espagnol"
    assert submit_tab(cap, answers, "epreuves", posted, JUNE_2026).ok


def test_the_2023_cap_cuisine_is_not_offered_before_its_first_session_in_2026(
    cap: Exam,
) -> None:
    def offered(calendar: SessionCalendar) -> set[str]:
        view = build_state(cap, _answers("aepe"), calendar).field("specialite")
        assert view is not None
        return {c.value for c in view.choices}

    assert "cuisine" not in offered(JUNE_2025)
    assert "cuisine" in offered(JUNE_2026)


def test_a_candidat_libre_in_cap_cuisine_sends_the_14_weeks_attestation(cap: Exam) -> None:
    codes = [p.code for p in required_pieces(cap, _answers("cuisine", dispense_eps=False),
                                              JUNE_2026)]
    assert "attestation_experience" in codes


def test_the_only_optional_unit_of_patissier_is_arts_appliques(cap: Exam) -> None:
    patissier = _speciality(cap, "patissier")
    assert [u.code for u in patissier.units if u.optional] == ["UF_AA"]


def test_metiers_de_la_coiffure_has_ep1_and_ep2(cap: Exam) -> None:
    coiffure = _speciality(cap, "metiers_coiffure")
    assert [u.code for u in coiffure.units if u.code.startswith("EP")] == ["EP1", "EP2"]


def test_at_least_four_real_specialities_are_offered(cap: Exam) -> None:
    assert {"aepe", "cuisine", "patissier", "metiers_coiffure"} <= {
        s.code for s in cap.specialities
    }


@pytest.mark.parametrize("category", INDIVIDUAL_CATEGORIES)
@pytest.mark.parametrize(
    ("birth", "eligible"),
    [(dt.date(2008, 12, 31), True), (dt.date(2009, 1, 1), False)],
)
def test_individual_categories_need_majority_on_31_december_of_the_session_year(
    cap: Exam, category: str, birth: dt.date, eligible: bool
) -> None:
    cat = next(c for c in cap.categories if c.code == category)
    assert _holds(cat.eligible_if, {"date_naissance": birth}) is eligible
    assert cat.ineligible_message.startswith("Un candidat individuel doit être majeur")


def test_scolaires_and_apprentis_take_the_forme_globale_only(cap: Exam) -> None:
    formes = {c.code: c.formes for c in cap.categories}
    assert formes["scolaire"] == formes["apprenti"] == ("globale",)
    assert formes["scolaire_hors_contrat"] == ("globale",)
    assert formes["apprenti_cfa_non_habilite"] == ("globale",)
    for code in INDIVIDUAL_CATEGORIES:
        assert formes[code] == ("globale", "progressive")


def test_public_continuing_education_is_assessed_in_ccf_but_optional_lv_is_ponctuel(
    cap: Exam,
) -> None:
    fpc_public = next(c for c in cap.categories if c.code == "fpc_public")
    assert fpc_public.unit_mode == "ccf"
    lv = next(u for u in cap.common_units if u.code == "UF_LV")
    assert lv.modes == {"fpc_public": "ponctuel", "scolaire": "ponctuel", "apprenti": "ponctuel"}


def test_a_cap_bep_or_bac_holder_is_dispensed_of_the_general_units(cap: Exam) -> None:
    rule = next(r for r in cap.acquis_rules if r.code == "diplome_niveau3_ou_plus")
    assert rule.type == "dispense"
    assert {"cap", "bep", "bac", "diplome_superieur"} <= set(rule.diplomas)
    assert rule.units == ("EG1", "EG2", "EG3", "EG4")


def test_grades_of_ten_or_more_are_kept_five_years_and_may_be_renounced(cap: Exam) -> None:
    rules = [r for r in cap.acquis_rules if r.type == "benefice"]
    for rule in rules:
        assert (rule.min_grade, rule.within_years, rule.renounceable) == (10, 5, True)
    assert {"EP1", "EP2", "EP3", "EG1", "EG2"} <= {u for r in rules for u in r.units}


def test_a_professional_grade_counts_only_in_its_own_speciality_or_a_declared_one(
    cap: Exam,
) -> None:
    answers = _answers("cuisine", dispense_eps=False)
    grades = answers["acquis"]["grades"]
    grades.append({"unit": "EP1", "grade": 14, "year": 2024, "speciality": "patissier",
                   "academy": "reims"})
    assert _statuses(cap, answers)["EP1"] == "inscrit"
    grades[0]["speciality"] = "cuisine_2016"  # the correspondence of the 2023 arrêté
    assert _statuses(cap, answers)["EP1"] == "benefice"
    grades[0]["speciality"] = "cuisine"
    assert _statuses(cap, answers)["EP1"] == "benefice"


def test_a_general_grade_counts_whatever_the_speciality_it_came_from(cap: Exam) -> None:
    answers = _answers("cuisine", dispense_eps=False)
    answers["acquis"]["grades"].append(
        {"unit": "EG1", "grade": 12, "year": 2024, "speciality": "patissier"})
    assert _statuses(cap, answers)["EG1"] == "benefice"


@pytest.mark.parametrize(
    ("birth", "required"),
    [
        (dt.date(2009, 11, 28), True),  # 16 on the day the register closes
        (dt.date(2009, 11, 29), False),  # still 15
        (dt.date(2000, 11, 29), True),  # 24
        (dt.date(2000, 11, 28), False),  # 25: no more JDC proof
    ],
)
def test_the_jdc_certificate_is_asked_from_16_to_24(
    cap: Exam, birth: dt.date, required: bool
) -> None:
    piece = next(p for p in cap.pieces if p.code == "certificat_jdc")
    answers = {"date_naissance": birth, "nationalite": "FR"}
    assert _holds(piece.required_if, answers) is required


def test_the_jdc_certificate_is_asked_of_french_nationals_only(cap: Exam) -> None:
    piece = next(p for p in cap.pieces if p.code == "certificat_jdc")
    born = dt.date(2005, 3, 1)
    assert _holds(piece.required_if, {"date_naissance": born, "nationalite": "FR"}) is True
    assert _holds(piece.required_if, {"date_naissance": born, "nationalite": "DE"}) is False
    assert "16 à 24 ans" in cap.texts["conditions"]
    assert "16 à 25" not in cap.texts["conditions"]


def test_each_declared_diploma_asks_for_its_proof(cap: Exam) -> None:
    piece = next(p for p in cap.pieces if p.code == "justificatif_diplome")
    assert _holds(piece.required_if, {}, frozenset({"bep"})) is True
    assert _holds(piece.required_if, {}, frozenset()) is False


def test_a_training_attestation_is_asked_of_candidates_in_training(cap: Exam) -> None:
    piece = next(p for p in cap.pieces if p.code == "attestation_formation")
    assert _holds(piece.required_if, {"categorie": "enseignement_distance"}) is True
    assert _holds(piece.required_if, {"categorie": "individuel"}) is False


def test_the_medical_certificate_comes_from_the_shared_fragment(cap: Exam) -> None:
    piece = next(p for p in cap.pieces if p.code == "certificat_medical")
    assert piece.deadline_days_after_close == 0
    assert _holds(piece.required_if, {"amenagement": True}) is True


def _answers(speciality: str, category: str = "individuel", **fields: object) -> dict:
    answers = empty_answers()
    answers["fields"].update(
        {"categorie": category, "specialite": speciality, "forme": "globale", **fields}
    )
    return answers


def _statuses(exam: Exam, answers: dict) -> dict[str, str]:
    return {line.code: line.status for line in compute_units(exam, answers, JUNE_2026)}


def test_a_cap_holder_sits_only_the_professional_units_of_aepe(cap: Exam) -> None:
    answers = _answers("aepe", dispense_eps=False)
    answers["acquis"]["diplomas"].append({"diploma": "cap", "year": 2015})
    lines = compute_units(cap, answers, JUNE_2026)
    statuses = {line.code: line.status for line in lines}
    assert statuses == {
        "EP1": "inscrit", "EP2": "inscrit", "EP3": "inscrit",
        "EG1": "dispense", "EG2": "dispense", "EG3": "dispense", "EG4": "dispense",
        "UF_LV": "non_choisi",
    }  # fmt: skip
    eg1 = next(line for line in lines if line.code == "EG1")
    assert eg1.detail == "EG1 dispensée : CAP obtenu en 2015 (règle acquis.diplome_niveau3_ou_plus)"


def test_the_agrement_candidate_is_registered_for_ep1_and_ep3_only(cap: Exam) -> None:
    assert _statuses(cap, _answers("aepe_agrement_am")) == {"EP1": "inscrit", "EP3": "inscrit"}


def test_an_individual_candidate_may_ask_to_be_dispensed_of_eps(cap: Exam) -> None:
    assert _statuses(cap, _answers("cuisine", dispense_eps=True))["EG3"] == "dispense"
    assert _statuses(cap, _answers("cuisine", dispense_eps=False))["EG3"] == "inscrit"


def test_unticking_a_benefice_makes_the_unit_retaken(cap: Exam) -> None:
    answers = _answers("patissier", dispense_eps=False)
    answers["acquis"]["grades"].append({"unit": "EP2", "grade": 11.5, "year": 2022,
                                        "speciality": "patissier"})
    assert _statuses(cap, answers)["EP2"] == "benefice"
    answers["acquis"]["renounced"].append("EP2")
    assert _statuses(cap, answers)["EP2"] == "inscrit"


def test_a_benefice_asks_for_the_earlier_releve_de_notes(cap: Exam) -> None:
    answers = _answers("patissier", dispense_eps=False)
    answers["acquis"]["grades"].append({"unit": "EP1", "grade": 10, "year": 2023,
                                        "speciality": "patissier"})
    codes = [p.code for p in required_pieces(cap, answers, JUNE_2026)]
    assert "releve_notes" in codes
    assert "attestation_experience" in codes  # 14 weeks for an individual Pâtissier


def test_a_minor_is_offered_only_the_categories_of_candidates_in_training(cap: Exam) -> None:
    answers = _answers("aepe")
    answers["fields"]["date_naissance"] = "2010-03-01"
    state = build_state(cap, answers, JUNE_2026)
    view = state.field("categorie")
    assert view is not None
    assert {c.value for c in view.refused} == set(INDIVIDUAL_CATEGORIES)
    assert "enseignement_distance" in {c.value for c in view.choices}


def test_the_epreuves_tab_of_patissier_offers_only_arts_appliques(cap: Exam) -> None:
    assert choosable_units(cap, _answers("patissier")) == ("UF_AA",)


def test_there_is_nothing_to_choose_for_the_agrement_variant(cap: Exam) -> None:
    state = build_state(cap, _answers("aepe_agrement_am"), JUNE_2026)
    assert state.has_unit_choices is False
    assert state.field("dispense_eps") is None  # the variant has no EPS
    assert cap.texts["nothing_to_choose"].startswith("Vous n'avez aucun choix d'épreuve")


def test_establishments_are_the_registration_academys_with_their_uai(cap: Exam) -> None:
    from dataclasses import replace

    reims = replace(JUNE_2026, academy="reims")
    view = build_state(cap, _answers("aepe"), reims).field("etablissement")
    assert view is not None
    offered = {c.value: c.label for c in view.choices}
    assert offered["individuels-51"] == "INDIVIDUELS 051"
    assert offered["cned"].startswith("CNED")
    lycee = next(label for code, label in offered.items() if code[:3] == "051")
    assert lycee.endswith(")") and "(051" in lycee   # "LYCEE … - REIMS (0511234X)"
    assert "individuels-35" not in offered            # Rennes's entry is not Reims's
