"""Each rule that decides a unit's status or a piece, pinned by its whole decision: status,
reason for the candidate, rule, grants, renounceable, renounced and the back office's detail."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from engine.acquis import valid_acquis
from engine.rules import (
    Decision,
    PieceLine,
    UnitLine,
    acquis_offers,
    compute_units,
    required_pieces,
    unit_statuses,
)
from engine.spec.model import AcquisRule, Correspondence, Exam, Piece, Speciality, Variant
from tests.engine.factories import SESSION_2025, bacpro_like, cap_like, complete_answers, cond

DISPENSE = AcquisRule(
    "cap_anterieur",
    "dispense",
    "Titulaire d'un CAP ou plus",
    ("EG1", "EG2", "EG3"),
    diplomas=("cap", "bac"),
)
BENEFICE = AcquisRule(
    "notes_conservees",
    "benefice",
    "Notes ≥ 10 conservées 5 ans",
    ("EP1", "EP2", "EP3", "EG1", "EG2"),
    min_grade=10,
    within_years=5,
)
EX_SCOLAIRE = cond({"field": "categorie", "equals": "ex_scolaire"})


def with_rules(*rules: AcquisRule, **changes: Any) -> Exam:
    return dataclasses.replace(cap_like(), acquis_rules=rules, **changes)


def candidature(
    diplomas: Any = (),
    grades: Any = (),
    renounced: Any = (),
    chosen: Any = (),
    languages: Any = None,
    **fields: Any,
) -> dict[str, Any]:
    out = complete_answers(**fields)
    out["acquis"] = {
        "diplomas": [dict(d) for d in diplomas],
        "grades": [dict(g) for g in grades],
        "renounced": list(renounced),
    }
    out["units"] = {"chosen": list(chosen), "languages": dict(languages or {})}
    return out


def unit_line(code: str, **fields: Any) -> UnitLine:
    """The line of a compulsory, top-level unit taken "ponctuel", as most are: `fields` pins
    what differs (every field of the line is compared all the same)."""
    shared: dict[str, Any] = {
        "code": code, "label": f"Épreuve {code}", "group": "obligatoires",
        "group_label": "Epreuve(s) obligatoire(s)", "coefficient": None, "duration": "",
        "mode": "ponctuel", "optional": False, "language": None, "languages": (),
        "parent": None, "children": (),
    }
    return UnitLine(**{**shared, **fields})


def lines(exam: Exam, answers: dict[str, Any]) -> dict[str, UnitLine]:
    return {line.code: line for line in compute_units(exam, answers, SESSION_2025)}


def compulsory(code: str) -> Decision:
    return Decision(code, "inscrit", "Épreuve obligatoire", detail=f"{code} : épreuve obligatoire")


def cap_dispense(code: str, year: int = 2021) -> Decision:
    return Decision(
        code,
        "dispense",
        f"CAP obtenu en {year}",
        "acquis.cap_anterieur",
        grants=True,
        renounceable=True,
        detail=f"{code} dispensée : CAP obtenu en {year} (règle acquis.cap_anterieur)",
    )


def kept_grade(code: str, grade: str, year: int) -> Decision:
    return Decision(
        code,
        "benefice",
        f"Note de {grade}/20 obtenue en {year} conservée",
        "acquis.notes_conservees",
        grants=True,
        renounceable=True,
        detail=f"{code} : bénéfice de la note {grade}/20 obtenue en {year} conservé "
        "(règle acquis.notes_conservees)",
    )


def in_group(code: str, status: str, word: str) -> Decision:
    """The decision of a unit of the Bac-Pro-like exam's compulsory language group."""
    group = "« Langue vivante obligatoire »"
    return Decision(
        code,
        status,
        f"{word.capitalize()} dans {group}",  # type: ignore[arg-type]
        detail=f"{code} : {word} dans {group}",
    )


CAP_2021 = {"diploma": "cap", "year": 2021}


# ------------------------------------------------------------------------- conditions (when)


def test_a_benefice_rule_whose_condition_is_false_keeps_the_unit_inscrit() -> None:
    exam = with_rules(dataclasses.replace(BENEFICE, when=EX_SCOLAIRE))
    grade = [{"unit": "EP1", "grade": 12, "year": 2023}]
    assert lines(exam, candidature(grades=grade))["EP1"].decisions == (compulsory("EP1"),)
    assert lines(exam, candidature(grades=grade, categorie="ex_scolaire"))["EP1"].decisions == (
        kept_grade("EP1", "12", 2023),
    )


def test_a_dispense_rule_whose_condition_is_false_keeps_the_unit_inscrit() -> None:
    exam = with_rules(dataclasses.replace(DISPENSE, when=EX_SCOLAIRE))
    assert lines(exam, candidature([CAP_2021]))["EG1"].decisions == (compulsory("EG1"),)
    assert lines(exam, candidature([CAP_2021], categorie="ex_scolaire"))["EG1"].decisions == (
        cap_dispense("EG1"),
    )


def test_a_dispense_without_diplomas_is_granted_by_its_condition_with_its_label() -> None:
    rule = AcquisRule(
        "sportif",
        "dispense",
        "Sportif de haut niveau",
        ("EG3",),
        when=EX_SCOLAIRE,
        renounceable=False,
    )
    exam = with_rules(rule)
    assert lines(exam, candidature(categorie="ex_scolaire"))["EG3"].decisions == (
        Decision(
            "EG3",
            "dispense",
            "Sportif de haut niveau",
            "acquis.sportif",
            grants=True,
            detail="EG3 dispensée : Sportif de haut niveau (règle acquis.sportif)",
        ),
    )
    worded = with_rules(dataclasses.replace(rule, reason="Vous êtes sportif de haut niveau"))
    assert lines(worded, candidature(categorie="ex_scolaire"))["EG3"].decisions[0].reason == (
        "Vous êtes sportif de haut niveau"
    )


def test_a_dispense_names_the_first_declared_diploma_of_the_rule_and_its_own_wording() -> None:
    rule = dataclasses.replace(DISPENSE, reason="Vous êtes titulaire d'un diplôme")
    decided = lines(with_rules(rule), candidature([{"diploma": "bac", "year": 2019}, CAP_2021]))
    assert decided["EG2"].decisions == (
        Decision(
            "EG2",
            "dispense",
            "Vous êtes titulaire d'un diplôme (Baccalauréat obtenu en 2019)",
            "acquis.cap_anterieur",
            grants=True,
            renounceable=True,
            detail="EG2 dispensée : Baccalauréat obtenu en 2019 (règle acquis.cap_anterieur)",
        ),
    )


def test_a_diploma_the_dispense_does_not_name_dispenses_nothing() -> None:
    rule = dataclasses.replace(DISPENSE, diplomas=("bac",))
    assert lines(with_rules(rule), candidature([CAP_2021]))["EG1"].decisions == (compulsory("EG1"),)


# ------------------------------------------------------------------------ order and renouncing


def test_a_dispense_is_the_deciding_decision_even_when_the_benefice_rule_comes_first() -> None:
    exam = with_rules(BENEFICE, DISPENSE)
    line = lines(exam, candidature([CAP_2021], [{"unit": "EG1", "grade": 14, "year": 2024}]))["EG1"]
    assert line.status == "dispense"
    assert line.decisions == (cap_dispense("EG1"), kept_grade("EG1", "14", 2024))


def test_renouncing_a_dispense_makes_the_unit_inscrit_with_the_renouncing_decision() -> None:
    decided = lines(cap_like(), candidature([CAP_2021], renounced=["EG3"]))
    assert decided["EG3"].status == "inscrit"
    assert decided["EG3"].decisions == (
        Decision(
            "EG3",
            "inscrit",
            "Vous renoncez à la dispense : vous passez l'épreuve",
            "acquis.cap_anterieur",
            grants=True,
            renounceable=True,
            renounced=True,
            detail="EG3 : dispense renoncée par le candidat, épreuve repassée "
            "(règle acquis.cap_anterieur)",
        ),
    )
    assert decided["EG2"].decisions == (cap_dispense("EG2"),)


def test_renouncing_a_benefice_makes_the_unit_inscrit_and_keeps_the_refusals_after_it() -> None:
    grades = [{"unit": "EP1", "grade": 12, "year": 2023}, {"unit": "EP1", "grade": 8, "year": 2024}]
    decided = lines(cap_like(), candidature(grades=grades, renounced=["EP1"]))["EP1"]
    assert decided.status == "inscrit"
    assert decided.decisions[0] == Decision(
        "EP1",
        "inscrit",
        "Vous renoncez au bénéfice de votre note : vous repassez l'épreuve",
        "acquis.notes_conservees",
        grants=True,
        renounceable=True,
        renounced=True,
        detail="EP1 : bénéfice renoncé par le candidat, épreuve repassée "
        "(règle acquis.notes_conservees)",
    )
    assert [d.detail for d in decided.decisions[1:]] == [
        "EP1 : note de 8/20 obtenue en 2024 inférieure à 10/20, pas de bénéfice "
        "(règle acquis.notes_conservees)"
    ]


def test_a_dispense_that_cannot_be_renounced_stays_when_the_candidate_unticks_it() -> None:
    exam = with_rules(dataclasses.replace(DISPENSE, renounceable=False))
    decided = lines(exam, candidature([CAP_2021], renounced=["EG1"]))["EG1"]
    assert decided.decisions == (dataclasses.replace(cap_dispense("EG1"), renounceable=False),)


def test_the_acquis_tab_offers_every_granted_dispense_and_benefice_kept_or_renounced() -> None:
    answers = candidature(
        [CAP_2021], [{"unit": "EP2", "grade": 11, "year": 2024}], renounced=["EG2"]
    )
    offers = acquis_offers(compute_units(cap_like(), answers, SESSION_2025))
    assert [(d.unit, d.status, d.renounced) for d in offers] == [
        ("EP2", "benefice", False),
        ("EG1", "dispense", False),
        ("EG2", "inscrit", True),
        ("EG3", "dispense", False),
    ]


# ---------------------------------------------------------------------------- bénéfice grades


def test_the_best_grade_is_kept_and_between_equal_grades_the_latest() -> None:
    grades = [
        {"unit": "EP1", "grade": 11, "year": 2024},
        {"unit": "EP1", "grade": 14, "year": 2021},
        {"unit": "EP1", "grade": 14, "year": 2022},
        {"unit": "EP1", "grade": 13, "year": 2023},
    ]
    assert lines(cap_like(), candidature(grades=grades))["EP1"].decisions == (
        kept_grade("EP1", "14", 2022),
    )


def test_a_grade_of_exactly_the_minimum_is_kept_and_one_just_under_is_refused() -> None:
    grades = [
        {"unit": "EP1", "grade": 10, "year": 2024},
        {"unit": "EP2", "grade": 9.99, "year": 2024},
    ]
    decided = lines(cap_like(), candidature(grades=grades))
    assert decided["EP1"].decisions == (kept_grade("EP1", "10", 2024),)
    assert decided["EP2"].decisions == (
        compulsory("EP2"),
        Decision(
            "EP2",
            "inscrit",
            "Note de 9,99/20 obtenue en 2024 : inférieure à 10/20, elle ne peut pas être conservée",
            "acquis.notes_conservees",
            detail="EP2 : note de 9,99/20 obtenue en 2024 inférieure à 10/20, pas de bénéfice "
            "(règle acquis.notes_conservees)",
        ),
    )


def test_a_grade_older_than_the_rules_years_is_refused_with_its_reason() -> None:
    decided = lines(cap_like(), candidature(grades=[{"unit": "EP1", "grade": 15, "year": 2019}]))
    assert decided["EP1"].decisions == (
        compulsory("EP1"),
        Decision(
            "EP1",
            "inscrit",
            "Note de 15/20 obtenue en 2019 : obtenue plus de 5 ans avant la "
            "session, elle ne peut plus être conservée",
            "acquis.notes_conservees",
            detail="EP1 : note de 2019 trop ancienne (plus de 5 ans avant la session), pas de "
            "bénéfice (règle acquis.notes_conservees)",
        ),
    )


def test_a_benefice_without_a_limit_of_years_keeps_an_old_grade_with_its_wording() -> None:
    rule = dataclasses.replace(BENEFICE, within_years=None, reason="Bénéfice de note")
    decided = lines(
        with_rules(rule), candidature(grades=[{"unit": "EP1", "grade": 10.5, "year": 1990}])
    )
    assert decided["EP1"].decisions == (
        dataclasses.replace(
            kept_grade("EP1", "10,5", 1990),
            reason="Bénéfice de note : note de 10,5/20 obtenue en 1990 conservée",
        ),
    )


def test_a_same_speciality_benefice_refuses_a_grade_without_its_speciality() -> None:
    rule = dataclasses.replace(BENEFICE, same_speciality=True)
    grades = [
        {"unit": "EP1", "grade": 12, "year": 2023},
        {"unit": "EP2", "grade": 12, "year": 2023, "speciality": "patissier"},
        {"unit": "EP3", "grade": 12, "year": 2023, "speciality": "aepe"},
    ]
    decided = lines(with_rules(rule), candidature(grades=grades))
    assert decided["EP1"].decisions == (
        compulsory("EP1"),
        Decision(
            "EP1",
            "inscrit",
            "Note de 12/20 obtenue en 2023 : indiquez la spécialité dans laquelle "
            "elle a été obtenue",
            "acquis.notes_conservees",
            detail="EP1 : note de 2023 sans spécialité d'origine, pas de bénéfice "
            "(règle acquis.notes_conservees)",
        ),
    )
    assert decided["EP2"].decisions == (compulsory("EP2"),)
    assert decided["EP3"].decisions == (kept_grade("EP3", "12", 2023),)


@pytest.mark.parametrize(
    ("grade", "valid"),
    [
        (0, True),
        (20, True),
        (20.0, True),
        (0.0, True),
        (-0.5, False),
        (20.5, False),
        (True, False),
        ("12", False),
        (None, False),
        (float("nan"), False),
        (float("inf"), False),
    ],
)
def test_a_declared_grade_decides_only_when_it_is_a_number_from_0_to_20(
    grade: Any, valid: bool
) -> None:
    acquis = {
        "diplomas": [],
        "grades": [{"unit": "EP1", "grade": grade, "year": 2024}],
        "renounced": [],
    }
    assert len(valid_acquis(cap_like(), acquis, SESSION_2025)["grades"]) == int(valid)


@pytest.mark.parametrize(
    ("year", "valid"),
    [
        (1899, False),
        (1900, True),
        (2025, True),
        (2026, False),
        (True, False),
        ("2020", False),
        (2020.0, False),
    ],
)
def test_a_declared_year_decides_only_when_it_is_from_1900_to_the_session_year(
    year: Any, valid: bool
) -> None:
    acquis = {
        "diplomas": [{"diploma": "cap", "year": year}, {"diploma": "inconnu", "year": 2020}],
        "grades": [{"unit": "EP1", "grade": 12, "year": year}],
        "renounced": ["EP1"],
    }
    kept = valid_acquis(cap_like(), acquis, SESSION_2025)
    assert kept == {
        "diplomas": [{"diploma": "cap", "year": year}] if valid else [],
        "grades": [{"unit": "EP1", "grade": 12, "year": year}] if valid else [],
        "renounced": ["EP1"],
    }


# ------------------------------------------------------------------- units, variants, pieces


def test_a_variants_sub_units_follow_their_parent_unit() -> None:
    base = bacpro_like()
    mcv = base.specialities[0]
    variant = Variant("mcv_e1", "MCV, E1 et E2 seulement", ("E1", "E2"))
    exam = dataclasses.replace(base, specialities=(dataclasses.replace(mcv, variants=(variant,)),))
    decided = lines(exam, candidature(specialite="mcv_e1"))
    assert list(decided) == ["E1", "E11", "E12", "E2"]


def test_a_group_line_sums_its_sub_units_and_takes_their_common_status() -> None:
    exam = bacpro_like()
    grades = [
        {"unit": "E11", "grade": 11, "year": 2024},
        {"unit": "E12", "grade": 10, "year": 2024},
    ]
    line = lines(exam, candidature(grades=grades, specialite="mcv", chosen=["E4_ANGLAIS"]))["E1"]
    assert line == unit_line(
        "E1",
        kind="ecrit",
        kind_label="Écrit",
        coefficient=3.5,
        status="benefice",
        children=("E11", "E12"),
        decisions=(
            Decision(
                "E1",
                "benefice",
                "Sous-épreuves E11, E12",
                detail="E1 : bénéfice conservé (sous-épreuves E11, E12)",
            ),
        ),
    )
    mixed = lines(exam, candidature(grades=grades[:1], specialite="mcv", chosen=["E4_ANGLAIS"]))
    assert mixed["E1"].decisions == (
        Decision(
            "E1",
            "inscrit",
            "Sous-épreuves E11, E12",
            detail="E1 : inscrit (sous-épreuves E11, E12)",
        ),
    )


def test_a_group_line_without_sub_unit_coefficients_keeps_its_own() -> None:
    base = bacpro_like()
    mcv = base.specialities[0]
    units = tuple(
        dataclasses.replace(u, coefficient=None)
        if u.parent == "E1"
        else dataclasses.replace(u, coefficient=5)
        if u.code == "E1"
        else u
        for u in mcv.units
    )
    exam = dataclasses.replace(base, specialities=(dataclasses.replace(mcv, units=units),))
    assert lines(exam, candidature(specialite="mcv"))["E1"].coefficient == 5


def test_a_compulsory_unit_line_carries_every_field_of_its_unit() -> None:
    line = lines(cap_like(), candidature(categorie="fpc_public"))["EG1"]
    assert line == unit_line(
        "EG1",
        kind="ecrit_oral",
        kind_label="Écrit et oral",
        coefficient=3,
        duration="2 h 15",
        mode="ccf",
        status="inscrit",
        decisions=(compulsory("EG1"),),
    )


def test_a_chosen_optional_language_unit_line_names_its_language() -> None:
    line = lines(cap_like(), candidature(chosen=["UF_LV"], languages={"UF_LV": "anglais"}))["UF_LV"]
    assert line == unit_line(
        "UF_LV",
        group="facultatives",
        group_label="Epreuve(s) facultative(s)",
        kind="oral",
        kind_label="Oral",
        optional=True,
        status="choisi",
        language="anglais",
        languages=("anglais", "allemand", "espagnol"),
        decisions=(
            Decision(
                "UF_LV",
                "choisi",
                "Épreuve facultative choisie (langue : anglais)",
                detail="UF_LV : épreuve facultative choisie (langue : anglais)",
            ),
        ),
    )
    unchosen = lines(cap_like(), candidature(languages={"UF_LV": "anglais"}))["UF_LV"]
    assert unchosen.language is None
    assert unchosen.decisions == (
        Decision(
            "UF_LV",
            "non_choisi",
            "Épreuve facultative non choisie",
            detail="UF_LV : épreuve facultative non choisie",
        ),
    )


def test_an_optional_unit_not_offered_says_why_and_is_not_chosen_even_when_ticked() -> None:
    exam = cap_like()
    aepe = exam.specialities[0]
    uf_lv = dataclasses.replace(
        aepe.units[-1], offered_if=EX_SCOLAIRE, not_offered_message="Réservée aux anciens scolaires"
    )
    exam = dataclasses.replace(
        exam,
        specialities=(
            dataclasses.replace(aepe, units=(*aepe.units[:-1], uf_lv)),
            *exam.specialities[1:],
        ),
    )
    decided = lines(exam, candidature(chosen=["UF_LV"]))["UF_LV"]
    assert decided.decisions == (
        Decision(
            "UF_LV",
            "non_choisi",
            "Réservée aux anciens scolaires",
            detail="UF_LV : non proposée (offered_if)",
        ),
    )
    plain = dataclasses.replace(uf_lv, not_offered_message="")
    exam = dataclasses.replace(
        exam,
        specialities=(
            dataclasses.replace(aepe, units=(*aepe.units[:-1], plain)),
            *exam.specialities[1:],
        ),
    )
    assert lines(exam, candidature(chosen=["UF_LV"]))["UF_LV"].reason == (
        "Épreuve facultative non proposée pour votre candidature"
    )
    assert (
        lines(exam, candidature(chosen=["UF_LV"], categorie="ex_scolaire"))["UF_LV"].status
        == "choisi"
    )


def test_a_chosen_optional_unit_counts_as_inscrit_for_the_pieces() -> None:
    piece = Piece(
        "attestation_langue",
        "Attestation de langue",
        required_if=cond({"unit": "UF_LV", "status": "inscrit"}),
    )
    exam = dataclasses.replace(cap_like(), pieces=(piece,))
    answers = candidature(chosen=["UF_LV"], languages={"UF_LV": "anglais"})
    assert unit_statuses(compute_units(exam, answers, SESSION_2025))["UF_LV"] == "inscrit"
    assert required_pieces(exam, answers, SESSION_2025) == (
        PieceLine(
            code="attestation_langue",
            label="Attestation de langue",
            reason="Pièce demandée pour votre candidature.",
            delivery="upload",
            delivery_label="Dépôt en ligne",
            formats=("pdf",),
            max_size_mb=5,
            deadline=SESSION_2025.registration_close,
            detail="Pièce demandée : épreuve UF_LV inscrite (règle pieces.attestation_langue).",
        ),
    )
    assert required_pieces(exam, candidature(), SESSION_2025) == ()


def test_a_piece_for_everyone_carries_every_field_of_the_spec() -> None:
    piece = Piece(
        "photo",
        "Photo d'identité",
        delivery="post",
        formats=("jpg", "png"),
        max_size_mb=2,
        deadline_days_after_close=10,
        reason="Pour votre convocation",
        help="Une photo récente",
    )
    exam = dataclasses.replace(cap_like(), pieces=(piece,))
    assert required_pieces(exam, candidature(), SESSION_2025) == (
        PieceLine(
            code="photo",
            label="Photo d'identité",
            reason="Pour votre convocation",
            delivery="post",
            delivery_label="Envoi par courrier",
            formats=("jpg", "png"),
            max_size_mb=2,
            deadline=dt.date(2024, 11, 30),
            help="Une photo récente",
            detail="Pièce demandée à tous les candidats.",
        ),
    )


def test_a_piece_whose_condition_holds_through_a_negation_names_its_rule_only() -> None:
    piece = Piece(
        "attestation",
        "Attestation",
        required_if=cond({"not": {"field": "categorie", "equals": "ex_scolaire"}}),
    )
    exam = dataclasses.replace(cap_like(), pieces=(piece,))
    (line,) = required_pieces(exam, candidature(), SESSION_2025)
    assert line.detail == "Pièce demandée pour votre candidature (règle pieces.attestation)."


def test_an_exam_without_specialities_takes_its_common_units() -> None:
    exam = dataclasses.replace(cap_like(), specialities=())
    assert list(lines(exam, candidature())) == ["EG1", "EG2", "EG3", "UF_LV", "UF_AA"]


def test_an_unknown_speciality_gives_no_units() -> None:
    assert lines(cap_like(), candidature(specialite="inconnue")) == {}


def test_a_speciality_without_variants_keeps_every_unit_it_lists() -> None:
    exam = cap_like()
    only = Speciality("solo", "Solo", exam.specialities[1].units)
    exam = dataclasses.replace(exam, specialities=(only,))
    assert list(lines(exam, candidature(specialite="solo"))) == [
        "EP1",
        "EP2",
        "EG1",
        "EG2",
        "EG3",
        "UF_AA",
    ]


def test_a_pieces_reason_names_the_categories_specialities_and_choices_by_their_labels() -> None:
    piece = Piece(
        "attestation",
        "Attestation",
        required_if=cond(
            {
                "all": [
                    {"field": "categorie", "equals": "ex_scolaire"},
                    {"field": "specialite", "in": ["aepe_agrement_am", "patissier"]},
                    {"field": "etablissement", "equals": "individuels"},
                    {"field": "amenagement", "equals": False},
                ]
            }
        ),
    )
    exam = dataclasses.replace(cap_like(), pieces=(piece,))
    answers = candidature(categorie="ex_scolaire", specialite="aepe_agrement_am")
    for _ in range(2):  # the labels are read once per exam, then from the cache
        (line,) = required_pieces(exam, answers, SESSION_2025)
        assert line.detail == (
            "Pièce demandée : Categorie égal à EX. SCOLAIRE ; Specialite parmi (AEPE ep1, ep3 "
            "agrément, Pâtissier) ; Etablissement égal à INDIVIDUELS ; Amenagement : non "
            "(règle pieces.attestation)."
        )


def test_a_grade_of_a_corresponding_unit_counts_only_from_the_speciality_the_spec_names() -> None:
    old = Correspondence(speciality="petite_enfance", unit="UP1", counts_for="EP1")
    rule = dataclasses.replace(BENEFICE, same_speciality=True, correspondences=(old,))
    exam = with_rules(rule)
    grades = [
        {"unit": "UP1", "grade": 13, "year": 2023, "speciality": "petite_enfance"},
        {"unit": "UP1", "grade": 16, "year": 2023, "speciality": "autre"},
        {"unit": "UP1", "grade": 17, "year": 2023},
        {"unit": "EP2", "grade": 15, "year": 2023, "speciality": "petite_enfance"},
    ]
    decided = lines(exam, candidature(grades=grades))
    assert decided["EP1"].decisions == (kept_grade("EP1", "13", 2023),)
    assert decided["EP2"].decisions == (compulsory("EP2"),)
    assert decided["EP3"].decisions == (compulsory("EP3"),)


def test_a_benefice_open_to_any_speciality_keeps_a_grade_from_another_one() -> None:
    grades = [{"unit": "EP1", "grade": 12, "year": 2023, "speciality": "patissier"}]
    assert lines(cap_like(), candidature(grades=grades))["EP1"].decisions == (
        kept_grade("EP1", "12", 2023),
    )


def test_a_unit_of_a_choice_group_that_is_not_offered_is_not_chosen_even_when_ticked() -> None:
    base = bacpro_like()
    mcv = base.specialities[0]
    units = tuple(
        dataclasses.replace(u, offered_if=EX_SCOLAIRE) if u.code == "E4_ALLEMAND" else u
        for u in mcv.units
    )
    exam = dataclasses.replace(base, specialities=(dataclasses.replace(mcv, units=units),))
    ticked = candidature(specialite="mcv", chosen=["E4_ALLEMAND"])
    assert lines(exam, ticked)["E4_ALLEMAND"].decisions == (
        in_group("E4_ALLEMAND", "non_choisi", "non choisie"),
    )
    ticked["fields"]["categorie"] = "ex_scolaire"
    assert lines(exam, ticked)["E4_ALLEMAND"].decisions == (
        in_group("E4_ALLEMAND", "inscrit", "choisie"),
    )


def test_in_forme_progressive_a_unit_not_named_for_this_session_is_not_presented() -> None:
    grades = [{"unit": "EP2", "grade": 8, "year": 2024}]
    answers = candidature(grades=grades, chosen=["EP1"], forme="progressive")
    decided = lines(cap_like(), answers)
    progressive = "Non présentée à cette session (forme progressive)"
    assert decided["EP1"].decisions == (compulsory("EP1"),)
    assert decided["EP2"].decisions == (
        Decision(
            "EP2",
            "non_presente",
            progressive,
            detail="EP2 : non présentée à cette session (forme progressive)",
        ),
        Decision(
            "EP2",
            "inscrit",
            "Note de 8/20 obtenue en 2024 : inférieure à 10/20, elle ne peut pas être conservée",
            "acquis.notes_conservees",
            detail="EP2 : note de 8/20 obtenue en 2024 inférieure à 10/20, pas de bénéfice "
            "(règle acquis.notes_conservees)",
        ),
    )
    assert decided["EP2"].status == "non_presente"


def test_a_benefice_on_a_unit_of_a_choice_group_comes_before_the_choice() -> None:
    base = bacpro_like()
    rule = AcquisRule("notes", "benefice", "Notes", ("E4_ANGLAIS",), min_grade=10)
    exam = dataclasses.replace(base, acquis_rules=(rule,))
    answers = candidature(
        grades=[{"unit": "E4_ANGLAIS", "grade": 12, "year": 2024}],
        specialite="mcv",
        chosen=["E4_ANGLAIS"],
    )
    assert lines(exam, answers)["E4_ANGLAIS"].decisions == (
        Decision(
            "E4_ANGLAIS",
            "benefice",
            "Note de 12/20 obtenue en 2024 conservée",
            "acquis.notes",
            grants=True,
            renounceable=True,
            detail="E4_ANGLAIS : bénéfice de la note 12/20 obtenue en 2024 conservé "
            "(règle acquis.notes)",
        ),
        in_group("E4_ANGLAIS", "inscrit", "choisie"),
    )


def test_a_unit_line_says_its_status_mode_pick_and_reason_as_the_pages_print_them() -> None:
    line = lines(cap_like(), candidature([CAP_2021], categorie="fpc_public"))["EG1"]
    assert (line.status_label, line.mode_label, line.reason, line.detail, line.taken) == (
        "Dispensé",
        "CCF",
        "CAP obtenu en 2021",
        "EG1 dispensée : CAP obtenu en 2021 (règle acquis.cap_anterieur)",
        False,
    )
    assert (line.printed_code, line.is_group, line.language_label) == ("EG1", False, None)
    official = dataclasses.replace(line, official_code="UG1", language="x", pick_labels=())
    assert (official.printed_code, official.language_label, official.pick_label("y")) == (
        "UG1",
        "x",
        "y",
    )
    eps = dataclasses.replace(line, language="foot", pick_labels=(("foot", "Football"),))
    assert (eps.language_label, eps.pick_label("foot"), eps.pick_label("judo")) == (
        "Football",
        "Football",
        "judo",
    )
    group = dataclasses.replace(line, children=("A", "B"), decisions=())
    assert (group.is_group, group.status_label, group.mode_label, group.reason, group.detail) == (
        True,
        "",
        "",
        "",
        "",
    )
    for status, taken in (
        ("inscrit", True),
        ("choisi", True),
        ("benefice", False),
        ("non_choisi", False),
        ("non_presente", False),
    ):
        assert dataclasses.replace(line, status=status).taken is taken
    no_mode = dataclasses.replace(line, mode=None)
    assert no_mode.mode_label == ""
    plain = Decision("EG1", "inscrit", "Pour le candidat")
    assert plain.explanation == "Pour le candidat"
    assert dataclasses.replace(plain, detail="Pour le bureau").explanation == "Pour le bureau"


def test_a_group_line_whose_sub_units_differ_is_inscrit() -> None:
    base = bacpro_like()
    dispense = AcquisRule("cap_anterieur", "dispense", "CAP", ("E11",), diplomas=("cap",))
    exam = dataclasses.replace(base, acquis_rules=(dispense, *base.acquis_rules))
    answers = candidature(
        [CAP_2021],
        [{"unit": "E12", "grade": 12, "year": 2024}],
        specialite="mcv",
        chosen=["E4_ANGLAIS"],
    )
    decided = lines(exam, answers)
    assert (decided["E11"].status, decided["E12"].status) == ("dispense", "benefice")
    assert decided["E1"].decisions == (
        Decision(
            "E1",
            "inscrit",
            "Sous-épreuves E11, E12",
            detail="E1 : inscrit (sous-épreuves E11, E12)",
        ),
    )


def test_a_rule_whose_condition_reads_the_declared_diplomas_and_the_age_decides_alone() -> None:
    adult_with_cap = cond({"all": [{"acquis": "cap"}, {"age": "date_naissance", "ge": 18}]})
    exam = with_rules(dataclasses.replace(BENEFICE, when=adult_with_cap))
    grade = [{"unit": "EP1", "grade": 12, "year": 2023}]
    assert lines(exam, candidature([CAP_2021], grade))["EP1"].decisions == (
        kept_grade("EP1", "12", 2023),
    )
    assert lines(exam, candidature((), grade))["EP1"].decisions == (compulsory("EP1"),)
    minor = candidature([CAP_2021], grade, date_naissance="2010-01-01")
    assert lines(exam, minor)["EP1"].decisions == (compulsory("EP1"),)


def test_a_unit_has_no_mode_until_a_category_is_chosen() -> None:
    decided = lines(cap_like(), candidature(categorie=None))
    assert {line.mode for line in decided.values()} == {None}
    assert decided["EP1"].mode_label == ""


def _with_units_of_aepe(**changes_by_code: dict[str, Any]) -> Exam:
    exam = cap_like()
    aepe = exam.specialities[0]
    units = tuple(
        dataclasses.replace(u, **changes_by_code[u.code]) if u.code in changes_by_code else u
        for u in aepe.units
    )
    return dataclasses.replace(
        exam, specialities=(dataclasses.replace(aepe, units=units), *exam.specialities[1:])
    )


def test_a_compulsory_language_unit_names_its_language_and_keeps_its_refused_grades() -> None:
    exam = _with_units_of_aepe(EP2={"languages": ("anglais", "espagnol")})
    answers = candidature(
        grades=[{"unit": "EP2", "grade": 8, "year": 2024}], languages={"EP2": "espagnol"}
    )
    decisions = lines(exam, answers)["EP2"].decisions
    assert decisions[0] == Decision(
        "EP2",
        "inscrit",
        "Épreuve obligatoire (langue : espagnol)",
        detail="EP2 : épreuve obligatoire (langue : espagnol)",
    )
    assert [d.detail for d in decisions[1:]] == [
        "EP2 : note de 8/20 obtenue en 2024 inférieure à 10/20, pas de bénéfice "
        "(règle acquis.notes_conservees)"
    ]


def test_an_activity_unit_names_its_activity_by_its_label_or_as_stored() -> None:
    from engine.spec.model import Choice

    sports = (Choice("foot", "Football"),)
    exam = _with_units_of_aepe(UF_LV={"activities": sports, "languages": ()})
    for stored, said in (("foot", "Football"), ("tennis", "tennis")):
        answers = candidature(chosen=["UF_LV"], languages={"UF_LV": stored})
        line = lines(exam, answers)["UF_LV"]
        assert (line.language, line.pick_kind, line.pick_labels, line.decisions) == (
            stored,
            "activite",
            (("foot", "Football"),),
            (
                Decision(
                    "UF_LV",
                    "choisi",
                    f"Épreuve facultative choisie (activité : {said})",
                    detail=f"UF_LV : épreuve facultative choisie (activité : {said})",
                ),
            ),
        )


def test_a_variant_without_the_parent_unit_leaves_out_its_sub_units() -> None:
    base = bacpro_like()
    mcv = base.specialities[0]
    variant = Variant("mcv_e2", "MCV, E2 seulement", ("E2",))
    exam = dataclasses.replace(base, specialities=(dataclasses.replace(mcv, variants=(variant,)),))
    assert list(lines(exam, candidature(specialite="mcv_e2"))) == ["E2"]


def test_an_exam_without_a_category_field_selects_no_category_even_for_an_empty_code() -> None:
    from engine.rules import selection

    exam = cap_like()
    tabs = tuple(
        dataclasses.replace(
            t,
            sections=tuple(
                dataclasses.replace(s, fields=tuple(f for f in s.fields if f.type != "category"))
                for s in t.sections
            ),
        )
        for t in exam.tabs
    )
    exam = dataclasses.replace(exam, tabs=tabs)
    chosen = selection(exam, {"": "individuel", "specialite": "aepe", "forme": "globale"})
    assert (chosen.category, chosen.speciality and chosen.speciality.code, chosen.forme) == (
        None,
        "aepe",
        "globale",
    )


def test_an_exam_without_specialities_selects_its_common_units_under_an_empty_code() -> None:
    from engine.rules import selection

    exam = dataclasses.replace(cap_like(), specialities=())
    chosen = selection(exam, {"categorie": "individuel"}).speciality
    assert chosen == Speciality(code="", label="", units=exam.common_units)


def test_a_forme_answer_that_is_not_a_text_selects_no_forme() -> None:
    from engine.rules import selection

    assert [selection(cap_like(), {"forme": v}).forme for v in ("progressive", True, 1, None)] == [
        "progressive",
        None,
        None,
        None,
    ]
