"""The real CFG spec says what the CFG guide and the arrêté of 19 July 2016 say."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from engine.answers import empty_answers
from engine.conditions import EvalContext, SessionCalendar, evaluate
from engine.rules import selection, speciality_units
from engine.spec.model import Exam, Unit
from engine.specs import load_exam
from engine.wizard import build_state, validate_tab

EXAMS = Path(__file__).resolve().parents[2] / "exams"
# Besançon 2025: register closed on 24 January, session starting on 2 June.
JUNE_2025 = SessionCalendar(
    year=2025, start=dt.date(2025, 6, 2), registration_close=dt.date(2025, 1, 24)
)


@pytest.fixture(scope="module")
def cfg() -> Exam:
    return load_exam(EXAMS / "cfg.yaml")


def _holds(cond: object, answers: dict[str, object]) -> bool:
    return evaluate(cond, EvalContext(answers=answers, calendar=JUNE_2025))  # type: ignore[arg-type]


def _field(exam: Exam, code: str):  # noqa: ANN202 - returns the model's Field
    return next(f for f in exam.fields if f.code == code)


def test_the_registration_form_has_the_four_tabs_of_the_guide(cfg: Exam) -> None:
    assert [t.title for t in cfg.tabs] == [
        "Identification",
        "Informations candidature",
        "Récapitulatif",
        "N° Inscription",
    ]
    assert [t.role for t in cfg.tabs] == ["fields", "fields", "summary", "receipt"]


def test_enregistrer_sits_on_the_recapitulatif(cfg: Exam) -> None:
    assert [t.title for t in cfg.tabs if t.save] == ["Récapitulatif"]


def _units_of(exam: Exam, category: str) -> list[Unit]:
    return list(speciality_units(selection(exam, {"categorie": category})))


def test_the_individual_candidate_sits_exactly_units_001_002_003(cfg: Exam) -> None:
    rows = [(u.code, u.label, u.kind, u.duration) for u in _units_of(cfg, "individuel")]
    assert rows == [
        ("001", "Entretien avec le jury", "oral", "20 min"),
        ("002", "Mathématiques", "ecrit", "1 h"),
        ("003", "Français", "ecrit", "1 h"),
    ]
    assert not any(u.optional for u in cfg.common_units)


def test_units_are_listed_under_epreuves_ponctuelles(cfg: Exam) -> None:
    assert cfg.unit_groups[0].label == "Epreuve(s) ponctuelle(s)"
    assert {u.group for u in _units_of(cfg, "individuel")} == {cfg.unit_groups[0].code}


def test_individuel_is_the_only_category_offered_with_ponctuel_units(cfg: Exam) -> None:
    rows = [(c.code, c.label, c.unit_mode) for c in cfg.categories if c.self_registration]
    assert rows == [("individuel", "INDIVIDUEL", "ponctuel")]


def test_the_scolaire_takes_the_common_oral_and_the_eight_socle_components(cfg: Exam) -> None:
    [scolaire] = [c for c in cfg.categories if not c.self_registration]
    assert (scolaire.code, scolaire.unit_mode, scolaire.formes) == ("scolaire", "ccf", ("globale",))
    units = _units_of(cfg, "scolaire")
    assert [u.code for u in units] == ["001", "D11", "D12", "D13", "D14", "D2", "D3", "D4", "D5"]
    assert {u.group for u in units[1:]} == {"socle"}
    assert units[0].modes == {"scolaire": "ponctuel"}
    rules = cfg.results
    assert rules is not None
    assert [rules.max_grade(u.code) for u in units] == [160] + [30] * 8
    assert {rules.scale(u.code) for u in units[1:]} == {(10, 20, 25, 30)}


@pytest.mark.parametrize(
    ("birth", "eligible"),
    [
        (dt.date(2009, 6, 2), True),  # 16 on the first day of the session
        (dt.date(2009, 6, 3), False),  # 16 one day too late: still subject to schooling
        (dt.date(2003, 2, 2), True),  # the guide's example candidate, born 02/02/2003
    ],
)
def test_an_individual_candidate_must_no_longer_be_subject_to_schooling(
    cfg: Exam, birth: dt.date, eligible: bool
) -> None:
    individuel = cfg.categories[0]
    assert _holds(individuel.eligible_if, {"date_naissance": birth}) is eligible


def test_parents_names_are_asked_only_of_a_candidate_born_abroad(cfg: Exam) -> None:
    sections = [s for t in cfg.tabs for s in t.sections]
    section = next(s for s in sections if any(f.code == "nom_pere" for f in s.fields))
    assert _holds(section.visible_if, {"pays_naissance": "MA"}) is True
    assert _holds(section.visible_if, {"pays_naissance": "FR"}) is False


def test_identity_comes_from_the_account_and_is_greyed(cfg: Exam) -> None:
    codes = ("sexe", "nom_naissance", "nom_usage", "prenoms", "date_naissance", "pays_naissance")
    for code in codes:
        assert _field(cfg, code).from_account == code


def test_the_amenagement_question_carries_the_guide_footnote(cfg: Exam) -> None:
    amenagement = _field(cfg, "amenagement")
    assert amenagement.type == "yesno"
    assert amenagement.label == "Demande d'aménagement(s) d'épreuves au titre du handicap (1)"
    assert amenagement.help.startswith("(1) Si vous pensez pouvoir bénéficier d'aménagements")


def test_the_two_consents_are_asked_on_informations_candidature(cfg: Exam) -> None:
    presse = _field(cfg, "consentement_presse")
    collectivites = _field(cfg, "consentement_collectivites")
    assert presse.tab == collectivites.tab == "informations"
    assert presse.label.startswith("J'accepte la communication de mes résultats d'examen")
    assert collectivites.label.endswith("en vue d'éventuelles félicitations")
    assert presse.required is True and collectivites.required is True


def test_the_medical_certificate_is_required_only_when_an_amenagement_is_asked(cfg: Exam) -> None:
    piece = next(p for p in cfg.pieces if p.code == "certificat_medical")
    assert _holds(piece.required_if, {"amenagement": True}) is True
    assert _holds(piece.required_if, {"amenagement": False}) is False
    identity = next(p for p in cfg.pieces if p.code == "piece_identite")
    assert identity.required_if is None


def test_the_legal_notice_is_the_guide_text(cfg: Exam) -> None:
    notice = cfg.texts["legal_notice"]
    assert notice.startswith('Conformément à la "loi informatique et libertés" du 6 janvier 1978')
    assert notice.endswith("vous opposer au traitement des données vous concernant.")


def test_the_pcs_of_a_legal_representative_is_asked(cfg: Exam) -> None:
    pcs = _field(cfg, "pcs_representant_legal")
    assert (pcs.type, pcs.list) == ("reference", "pcs")
    assert pcs.label == "Catégorie socio-professionnelle d'un représentant légal"


def _identification_errors(cfg: Exam, **fields: object) -> dict[str, str]:
    answers = empty_answers()
    answers["fields"].update(fields)
    state = build_state(cfg, answers, JUNE_2025)
    return validate_tab(state, "identification", references=None)


def test_a_candidate_born_abroad_must_give_the_parents_names(cfg: Exam) -> None:
    abroad = _identification_errors(cfg, pays_naissance="MA", adresse_pays="FR")
    in_france = _identification_errors(cfg, pays_naissance="FR", adresse_pays="FR")
    parents = {"nom_pere", "prenom_pere", "nom_mere", "prenom_mere"}
    assert parents <= set(abroad)
    assert not parents & set(in_france)


def test_mobile_phone_email_and_nationality_are_required(cfg: Exam) -> None:
    errors = _identification_errors(cfg, pays_naissance="FR", adresse_pays="BE")
    assert {"telephone_mobile", "email", "nationalite", "adresse_1", "localite"} <= set(errors)
    assert "code_postal" not in errors  # a French postal code only for an address in France
    assert "telephone_personnel" not in errors


def test_a_cfg_candidature_has_no_acquis_and_no_choice(cfg: Exam) -> None:
    answers = empty_answers()
    answers["fields"]["categorie"] = "individuel"
    answers["acquis"]["diplomas"].append({"diploma": "cap", "year": 2020})
    state = build_state(cfg, answers, JUNE_2025)
    assert state.answers["acquis"]["diplomas"] == []
    assert [line.status for line in state.units] == ["inscrit", "inscrit", "inscrit"]
    assert {line.mode for line in state.units} == {"ponctuel"}
