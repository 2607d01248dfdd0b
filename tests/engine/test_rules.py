"""Units, dispenses, bénéfices, choices and pieces of a candidature, each with its French reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from engine.rules import UnitLine, compute_units, required_pieces
from engine.submission import submit_tab
from engine.wizard import build_state, validate_tab
from tests.engine.factories import (
    ACCOUNT_FR,
    SESSION_2025,
    bacpro_like,
    cap_like,
    complete_answers,
)


@pytest.fixture
def exam():  # type: ignore[no-untyped-def]
    return cap_like()


def units_of(exam, answers: dict[str, Any]) -> dict[str, UnitLine]:  # type: ignore[no-untyped-def]
    state = build_state(exam, answers, SESSION_2025, ACCOUNT_FR)
    return {u.code: u for u in state.units}


def with_acquis(diplomas=(), grades=(), renounced=(), **fields):  # type: ignore[no-untyped-def]
    out = complete_answers(**fields)
    out["acquis"] = {"diplomas": [dict(d) for d in diplomas],
                     "grades": [dict(g) for g in grades], "renounced": list(renounced)}
    return out


def test_a_candidate_without_acquis_is_registered_for_every_compulsory_unit(exam):
    units = units_of(exam, complete_answers())
    assert list(units) == ["EP1", "EP2", "EP3", "EG1", "EG2", "EG3", "UF_LV"]
    assert {u.status for c, u in units.items() if c != "UF_LV"} == {"inscrit"}
    assert units["EP1"].status_label == "Inscrit"
    assert units["EP1"].coefficient == 7 and units["EP1"].kind_label == "Écrit et oral"


def test_the_aepe_variant_restricts_the_units_to_ep1_and_ep3(exam):
    units = units_of(exam, complete_answers(specialite="aepe_agrement_am"))
    assert list(units) == ["EP1", "EP3"]


def test_a_declared_cap_dispenses_the_general_units(exam):
    units = units_of(exam, with_acquis(diplomas=[{"diploma": "cap", "year": 2021,
                                                  "academy": "reims"}]))
    for code in ("EG1", "EG2", "EG3"):
        assert units[code].status == "dispense"
        assert units[code].status_label == "Dispensé"
    assert units["EG1"].detail == "EG1 dispensée : CAP obtenu en 2021 (règle acquis.cap_anterieur)"
    assert units["EP1"].status == "inscrit"


def test_a_grade_of_at_least_10_within_5_years_keeps_its_benefice(exam):
    units = units_of(exam, with_acquis(grades=[{"unit": "EP1", "grade": 12, "year": 2023}]))
    assert units["EP1"].status == "benefice"
    assert units["EP1"].status_label == "Bénéfice conservé"
    assert units["EP1"].detail == (
        "EP1 : bénéfice de la note 12/20 obtenue en 2023 conservé (règle acquis.notes_conservees)")


def test_a_grade_below_10_gives_no_benefice(exam):
    units = units_of(exam, with_acquis(grades=[{"unit": "EP2", "grade": 9.5, "year": 2023}]))
    assert units["EP2"].status == "inscrit"
    assert "note de 9,5/20 obtenue en 2023 inférieure à 10/20" in units["EP2"].decisions[1].detail


def test_a_grade_older_than_5_years_before_the_session_gives_no_benefice(exam):
    units = units_of(exam, with_acquis(grades=[{"unit": "EP1", "grade": 15, "year": 2019},
                                               {"unit": "EP2", "grade": 15, "year": 2020}]))
    assert units["EP1"].status == "inscrit"
    assert "note de 2019 trop ancienne (plus de 5 ans avant la session)" in (
        units["EP1"].decisions[1].detail)
    assert units["EP2"].status == "benefice"         # 2020 is exactly 5 years before 2025


def test_unticking_a_benefice_makes_the_unit_retaken(exam):
    grade = {"unit": "EP1", "grade": 12, "year": 2023}
    units = units_of(exam, with_acquis(grades=[grade], renounced=["EP1"]))
    assert units["EP1"].status == "inscrit"
    assert units["EP1"].detail.startswith(
        "EP1 : bénéfice renoncé par le candidat, épreuve repassée")
    offers = [d for d in units["EP1"].decisions if d.grants]
    assert offers and offers[0].renounced


def test_unticking_a_dispense_makes_the_unit_taken(exam):
    units = units_of(exam, with_acquis(diplomas=[{"diploma": "bac", "year": 2010}],
                                       renounced=["EG3"]))
    assert units["EG3"].status == "inscrit"
    assert units["EG2"].status == "dispense"


def test_renouncing_a_unit_without_benefice_is_dropped(exam):
    state = build_state(exam, with_acquis(renounced=["EP2"]), SESSION_2025, ACCOUNT_FR)
    assert state.answers["acquis"]["renounced"] == []


def test_a_dispense_outranks_a_benefice(exam):
    units = units_of(exam, with_acquis(diplomas=[{"diploma": "cap", "year": 2021}],
                                       grades=[{"unit": "EG1", "grade": 14, "year": 2024}]))
    assert units["EG1"].status == "dispense"


def test_an_optional_unit_is_not_chosen_until_the_candidate_chooses_it(exam):
    units = units_of(exam, complete_answers())
    assert units["UF_LV"].status == "non_choisi"
    assert units["UF_LV"].status_label == "Non choisi"
    chosen = complete_answers()
    chosen["units"] = {"chosen": ["UF_LV"], "languages": {"UF_LV": "espagnol"}}
    units = units_of(exam, chosen)
    assert units["UF_LV"].status == "choisi"
    assert units["UF_LV"].language == "espagnol"


def test_a_chosen_language_unit_needs_its_language(exam):
    chosen = complete_answers()
    chosen["units"] = {"chosen": ["UF_LV"], "languages": {}}
    state = build_state(exam, chosen, SESSION_2025, ACCOUNT_FR)
    assert validate_tab(state, "epreuves") == {
        "units.languages.UF_LV": "Choisissez la langue de cette épreuve."}
    chosen["units"]["languages"] = {"UF_LV": "klingon"}
    state = build_state(exam, chosen, SESSION_2025, ACCOUNT_FR)
    assert validate_tab(state, "epreuves") == {
        "units.languages.UF_LV": "Ce choix n'est pas proposé."}


def test_an_optional_unit_the_speciality_does_not_allow_is_refused(exam):
    done = complete_answers()          # AEPE allows UF_LV, not UF_AA
    result = submit_tab(exam, done, "epreuves", {"chosen": ["UF_AA"]}, SESSION_2025, ACCOUNT_FR)
    assert result.errors == {
        "units.chosen": "Épreuve non proposée pour votre spécialité : UF_AA."}
    assert result.state.answers["units"]["chosen"] == []


def test_the_mode_is_the_categorys_unless_the_unit_overrides_it(exam):
    units = units_of(exam, complete_answers(categorie="fpc_public"))
    assert units["EP1"].mode == "ccf" and units["EP1"].mode_label == "CCF"
    assert units["UF_LV"].mode == "ponctuel"


def test_a_parent_unit_adds_up_its_sub_units_coefficients():
    exam = bacpro_like()
    done = complete_answers(specialite="mcv")
    done["units"] = {"chosen": ["E4_ANGLAIS"], "languages": {}}
    units = units_of(exam, done)
    assert units["E1"].coefficient == 3.5
    assert units["E1"].children == ("E11", "E12")
    assert units["E11"].parent == "E1"


def test_a_parent_unit_is_in_benefice_when_all_its_sub_units_are():
    exam = bacpro_like()
    done = complete_answers(specialite="mcv")
    done["units"] = {"chosen": ["E4_ANGLAIS"], "languages": {}}
    done["acquis"]["grades"] = [{"unit": "E11", "grade": 11, "year": 2024}]
    assert units_of(exam, done)["E1"].status == "inscrit"
    done["acquis"]["grades"].append({"unit": "E12", "grade": 10, "year": 2024})
    assert units_of(exam, done)["E1"].status == "benefice"


@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        ([], "Choisissez au moins 1 épreuve(s) : Langue vivante obligatoire."),
        (["E4_ANGLAIS", "E4_ESPAGNOL"], "Choisissez au plus 1 épreuve(s) : Langue vivante "
                                        "obligatoire."),
    ],
)
def test_a_choice_group_needs_between_min_and_max_units(chosen, message):
    exam = bacpro_like()
    done = complete_answers(specialite="mcv")
    done["units"] = {"chosen": chosen, "languages": {}}
    state = build_state(exam, done, SESSION_2025, ACCOUNT_FR)
    assert validate_tab(state, "epreuves") == {"units.lv_obligatoire": message}


def test_the_language_chosen_in_a_group_is_taken_and_the_others_are_not():
    exam = bacpro_like()
    done = complete_answers(specialite="mcv")
    done["units"] = {"chosen": ["E4_ESPAGNOL"], "languages": {}}
    units = units_of(exam, done)
    assert units["E4_ESPAGNOL"].status == "inscrit"
    assert units["E4_ANGLAIS"].status == "non_choisi"
    assert units["E4_ANGLAIS"].detail == (
        "E4_ANGLAIS : non choisie dans « Langue vivante obligatoire »")


def pieces_of(exam, answers):  # type: ignore[no-untyped-def]
    state = build_state(exam, answers, SESSION_2025, ACCOUNT_FR)
    return {p.code: p for p in state.pieces()}


def test_an_identity_document_is_always_required(exam):
    pieces = pieces_of(exam, complete_answers())
    assert list(pieces) == ["piece_identite"]
    identity = pieces["piece_identite"]
    assert identity.reason == "Pièce demandée à tous les candidats."
    assert identity.formats == ("pdf", "jpg") and identity.max_size_mb == 5
    assert identity.deadline == dt.date(2024, 12, 11)        # 21 days after the close
    assert identity.delivery_label == "Dépôt en ligne"


def test_a_request_for_amenagement_requires_a_medical_certificate(exam):
    pieces = pieces_of(exam, complete_answers(amenagement=True, amenagement_detail="Tiers temps"))
    certificate = pieces["certificat_medical"]
    assert certificate.detail == (
        "Pièce demandée : Amenagement : oui (règle pieces.certificat_medical).")
    assert certificate.deadline == SESSION_2025.registration_close
    assert certificate.delivery == "post"


def test_a_declared_diploma_requires_its_proof(exam):
    pieces = pieces_of(exam, with_acquis(diplomas=[{"diploma": "cap", "year": 2021}]))
    assert pieces["justificatif_diplome"].detail == (
        "Pièce demandée : diplôme déclaré : CAP (règle pieces.justificatif_diplome).")


def test_a_kept_benefice_requires_the_earlier_transcript_and_a_renounced_one_does_not(exam):
    grade = [{"unit": "EP1", "grade": 12, "year": 2023}]
    assert "releve_notes" in pieces_of(exam, with_acquis(grades=grade))
    assert "releve_notes" not in pieces_of(exam, with_acquis(grades=grade, renounced=["EP1"]))


def test_units_are_computed_from_stored_answers_without_the_wizard(exam):
    lines = compute_units(exam, complete_answers(specialite="patissier"), SESSION_2025)
    assert [u.code for u in lines] == ["EP1", "EP2", "EG1", "EG2", "EG3", "UF_AA"]
    assert required_pieces(exam, complete_answers(), SESSION_2025)[0].code == "piece_identite"


def test_the_acquis_tab_checks_each_declared_diploma_and_grade(exam):
    posted = {
        "diplomas": [{"diploma": "cap", "year": "2021", "academy": "reims"},
                     {"diploma": "licence_inconnue", "year": "2019"},
                     {"diploma": "bac", "year": "vingt"}],
        "grades": [{"unit": "EP1", "grade": "12,5", "year": "2023"},
                   {"unit": "EP2", "grade": "25", "year": "2030"}],
    }
    result = submit_tab(exam, complete_answers(), "acquis", posted, SESSION_2025, ACCOUNT_FR)
    assert result.errors == {
        "acquis.diplomas[1].diploma": "Ce diplôme n'est pas proposé.",
        "acquis.diplomas[2].year": "Indiquez l'année d'obtention (4 chiffres).",
        "acquis.grades[1].grade": "La note doit être comprise entre 0 et 20.",
        "acquis.grades[1].year": "L'année doit être comprise entre 1900 et 2025.",
    }
    assert result.state.answers["acquis"]["grades"][0] == {"unit": "EP1", "grade": 12.5,
                                                           "year": 2023}


def test_a_grade_for_a_unit_outside_the_speciality_is_dropped(exam):
    answers = with_acquis(grades=[{"unit": "EP3", "grade": 12, "year": 2023}],
                          specialite="patissier")
    state = build_state(exam, answers, SESSION_2025, ACCOUNT_FR)
    assert state.answers["acquis"]["grades"] == []


def test_acquis_messages_name_the_posted_row_even_after_skipped_or_dropped_rows(exam):
    posted = {
        "diplomas": [{"diploma": "bac", "year": ""}, {"diploma": "inconnu", "year": "2019"}],
        "grades": [{"unit": "EP2", "grade": "12", "year": "2023"},
                   {"unit": "EP1", "grade": "12", "year": "2031"}],
    }
    result = submit_tab(exam, complete_answers(specialite="aepe_agrement_am"), "acquis", posted,
                        SESSION_2025, ACCOUNT_FR)
    assert result.errors == {
        "acquis.diplomas[0].year": "Indiquez l'année d'obtention (4 chiffres).",
        "acquis.diplomas[1].diploma": "Ce diplôme n'est pas proposé.",
        "acquis.grades[0].unit": "Aucune note ne peut être conservée pour cette épreuve.",
        "acquis.grades[1].year": "L'année doit être comprise entre 1900 et 2025.",
    }


def test_the_reason_of_a_renounced_benefice_names_its_rule(exam):
    units = units_of(exam, with_acquis(grades=[{"unit": "EP1", "grade": 12, "year": 2023}],
                                       renounced=["EP1"]))
    assert units["EP1"].detail == ("EP1 : bénéfice renoncé par le candidat, épreuve repassée "
                                   "(règle acquis.notes_conservees)")


def test_the_reason_of_a_chosen_language_unit_names_the_language(exam):
    chosen = complete_answers()
    chosen["units"] = {"chosen": ["UF_LV"], "languages": {"UF_LV": "allemand"}}
    assert units_of(exam, chosen)["UF_LV"].detail == (
        "UF_LV : épreuve facultative choisie (langue : allemand)")


def test_the_offices_pieces_deadline_replaces_the_specs_days_after_the_close(exam):
    import dataclasses
    import datetime as dt

    answers = complete_answers()
    answers["fields"]["amenagement"] = True
    by_spec = {p.code: p.deadline for p in required_pieces(exam, answers, SESSION_2025)}
    close = SESSION_2025.registration_close
    assert by_spec == {"piece_identite": close + dt.timedelta(days=21),
                       "certificat_medical": close}
    office = dataclasses.replace(SESSION_2025, pieces_deadline=dt.date(2025, 1, 31))
    assert {p.deadline for p in required_pieces(exam, answers, office)} == {dt.date(2025, 1, 31)}


def test_the_return_date_is_the_offices_pieces_deadline_when_it_set_one(exam):
    import dataclasses
    import datetime as dt

    from engine.rules import return_date

    by_exam = return_date(exam, SESSION_2025)
    assert by_exam == SESSION_2025.registration_close + dt.timedelta(
        days=exam.return_days_after_close)
    office = dataclasses.replace(SESSION_2025, pieces_deadline=dt.date(2025, 2, 14))
    assert return_date(exam, office) == dt.date(2025, 2, 14)
