"""What the wizard offers, refuses and checks, pinned by whole results: the choices offered and
refused with their reasons, each field's message, the reference lists' checks."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from engine.conditions import EvalContext
from engine.spec.model import Exam, SessionWindow, Speciality, Variant
from engine.wizard import (
    ChoiceView,
    FieldView,
    build_state,
    offered_choices,
    reference_check,
    validate_field,
    validate_tab,
)
from tests.engine.factories import (
    ACCOUNT_FR,
    SESSION_2025,
    cap_like,
    complete_answers,
    cond,
    field,
)

COMMUNE = field(
    "commune_naissance",
    "reference",
    "identification",
    list="communes",
    depends_on="departement_naissance",
)
SAINT_MALO, ALLINEUC = "35288", "22001"


@pytest.mark.parametrize(
    ("commune", "departement", "valid"),
    [
        (SAINT_MALO, "35", True),
        (SAINT_MALO, "035", True),
        (f" {SAINT_MALO} ", "35", True),
        (SAINT_MALO, "22", False),
        (ALLINEUC, "22", True),
        (ALLINEUC, "35", False),
        ("99999", "35", False),
        (SAINT_MALO, None, True),
        ("99999", None, False),
    ],
)
def test_a_commune_is_accepted_only_when_it_lies_in_the_chosen_departement(
    commune: str, departement: str | None, valid: bool
) -> None:
    fields = {} if departement is None else {"departement_naissance": departement}
    assert reference_check(COMMUNE, commune, fields) is valid


def test_a_commune_without_a_departement_field_is_checked_against_the_whole_list() -> None:
    anywhere = dataclasses.replace(COMMUNE, depends_on=None)
    assert reference_check(anywhere, ALLINEUC, {"departement_naissance": "35"}) is True
    assert reference_check(anywhere, "99999", {}) is False


def test_a_reference_answer_must_be_in_its_list_and_establishments_are_checked_as_choices() -> None:
    country = field("pays", "reference", "identification", list="countries")
    assert [reference_check(country, code, {}) for code in ("FR", "ZZ")] == [True, False]
    school = field("etablissement", "reference", "informations", list="etablissements")
    assert reference_check(school, "nimporte", {}) is True
    listless = field("libre", "reference", "informations")
    assert reference_check(listless, "nimporte", {}) is True


def test_the_wizard_refuses_a_commune_of_another_departement_with_the_not_offered_message() -> None:
    view = FieldView(COMMUNE, required=True, readonly=False, value=ALLINEUC)
    state = build_state(cap_like(), complete_answers(), SESSION_2025, ACCOUNT_FR)
    state.answers["fields"]["departement_naissance"] = "35"
    assert validate_field(view, state, reference_check) == "Ce choix n'est pas proposé."
    assert validate_field(view, state, None) == ""
    readonly = dataclasses.replace(view, readonly=True)
    assert validate_field(readonly, state, reference_check) == ""
    state.answers["fields"]["departement_naissance"] = "22"
    assert validate_field(view, state, reference_check) == ""


def test_the_nationality_tab_refuses_a_country_that_is_not_in_the_list() -> None:
    state = build_state(cap_like(), complete_answers(nationalite="ZZ"), SESSION_2025, ACCOUNT_FR)
    assert validate_tab(state, "identification") == {"nationalite": "Ce choix n'est pas proposé."}
    assert validate_tab(state, "identification", references=None) == {}


# ------------------------------------------------------------------------ offered and refused


def _speciality_exam(**changes: Any) -> Exam:
    exam = cap_like()
    aepe, patissier = exam.specialities
    return dataclasses.replace(exam, specialities=(dataclasses.replace(aepe, **changes), patissier))


def _offered(exam: Exam, code: str, **answers: Any) -> tuple[tuple[ChoiceView, ...], ...]:
    f = next(f for f in exam.fields if f.code == code)
    return offered_choices(exam, f, EvalContext(answers, SESSION_2025))


AEPE = ChoiceView("aepe", "Accompagnant éducatif petite enfance")
AEPE_AM = ChoiceView("aepe_agrement_am", "AEPE ep1, ep3 agrément")
PATISSIER = ChoiceView("patissier", "Pâtissier")


def test_a_speciality_whose_eligibility_fails_is_refused_with_its_variants() -> None:
    exam = _speciality_exam(eligible_if=cond({"field": "categorie", "equals": "ex_scolaire"}))
    assert _offered(exam, "specialite", categorie="individuel") == ((PATISSIER,), (AEPE, AEPE_AM))
    assert _offered(exam, "specialite", categorie="ex_scolaire") == ((AEPE, AEPE_AM, PATISSIER), ())
    state = build_state(exam, complete_answers(), SESSION_2025, ACCOUNT_FR)
    assert validate_tab(state, "qualification") == {"specialite": "Ce choix n'est pas proposé."}


def test_a_speciality_or_variant_outside_its_sessions_is_neither_offered_nor_refused() -> None:
    closed = SessionWindow(first_year=2026)
    exam = _speciality_exam(sessions=closed)
    assert _offered(exam, "specialite") == ((PATISSIER,), ())
    june = SessionWindow(first_year=2020, last_year=2025, months=(6,))
    exam = _speciality_exam(sessions=june)
    assert _offered(exam, "specialite") == ((AEPE, AEPE_AM, PATISSIER), ())
    aepe = cap_like().specialities[0]
    variant = dataclasses.replace(aepe.variants[0], sessions=SessionWindow(last_year=2024))
    exam = _speciality_exam(variants=(variant,))
    assert _offered(exam, "specialite") == ((AEPE, PATISSIER), ())
    opening = dataclasses.replace(aepe.variants[0], sessions=SessionWindow(months=(6, 9)))
    assert _offered(_speciality_exam(variants=(opening,)), "specialite")[0] == (
        AEPE,
        AEPE_AM,
        PATISSIER,
    )


def test_a_category_the_candidate_cannot_take_is_refused_with_its_message() -> None:
    exam = cap_like()
    individuel = ChoiceView("individuel", "INDIVIDUEL")
    others = (
        ChoiceView("ex_scolaire", "EX. SCOLAIRE"),
        ChoiceView("enseignement_distance", "ENSEIGNEMENT A DISTANCE"),
        ChoiceView("fpc_public", "FPC PUBLIC"),
    )
    assert _offered(exam, "categorie", date_naissance="1990-05-30") == ((individuel, *others), ())
    minor = _offered(exam, "categorie", date_naissance="2010-01-01")
    assert minor == (
        others,
        (ChoiceView("individuel", "INDIVIDUEL", exam.categories[0].ineligible_message),),
    )
    state = build_state(
        exam,
        complete_answers(date_naissance="2010-01-01"),
        SESSION_2025,
        dict(ACCOUNT_FR, date_naissance="2010-01-01"),
    )
    assert validate_tab(state, "informations") == {
        "categorie": (
            "Un candidat individuel doit être majeur au 31 décembre de l'année de l'examen."
        )
    }


def test_a_category_registered_by_an_establishment_is_neither_offered_nor_refused() -> None:
    exam = cap_like()
    pre = dataclasses.replace(exam.categories[1], self_registration=False)
    exam = dataclasses.replace(exam, categories=(exam.categories[0], pre, *exam.categories[2:]))
    offered, refused = _offered(exam, "categorie", date_naissance="1990-05-30")
    assert [c.value for c in offered] == ["individuel", "enseignement_distance", "fpc_public"]
    assert refused == ()


def test_the_formes_offered_are_those_of_the_chosen_category() -> None:
    exam = cap_like()
    assert _offered(exam, "forme", categorie="individuel") == (
        (ChoiceView("globale", "Forme globale"), ChoiceView("progressive", "Forme progressive")),
        (),
    )
    assert _offered(exam, "forme", categorie="enseignement_distance") == (
        (ChoiceView("globale", "Forme globale"),),
        (),
    )
    assert _offered(exam, "forme") == ((), ())
    odd = dataclasses.replace(exam.categories[0], formes=("modulaire",))
    exam = dataclasses.replace(exam, categories=(odd,))
    assert _offered(exam, "forme", categorie="individuel") == (
        (ChoiceView("modulaire", "Modulaire"),),
        (),
    )


def test_a_choice_whose_condition_fails_is_refused_without_a_message() -> None:
    exam = cap_like()
    assert _offered(exam, "etablissement", categorie="individuel") == (
        (ChoiceView("individuels", "INDIVIDUELS"),),
        (ChoiceView("cned", "CNED"),),
    )
    assert _offered(exam, "etablissement", categorie="enseignement_distance") == (
        (ChoiceView("individuels", "INDIVIDUELS"), ChoiceView("cned", "CNED")),
        (),
    )
    state = build_state(exam, complete_answers(etablissement="cned"), SESSION_2025, ACCOUNT_FR)
    assert validate_tab(state, "informations") == {"etablissement": "Ce choix n'est pas proposé."}


def test_a_field_without_choices_offers_and_refuses_nothing() -> None:
    assert _offered(cap_like(), "localite") == ((), ())


# --------------------------------------------------------------------------- field messages


def test_a_required_checkbox_must_be_ticked_and_a_readonly_field_is_never_required() -> None:
    state = build_state(cap_like(), complete_answers(), SESSION_2025, ACCOUNT_FR)
    tick = next(f for f in cap_like().fields if f.code == "modalites_acceptees")
    assert validate_field(FieldView(tick, True, False, False), state, None) == (
        "Vous devez cocher cette case pour continuer."
    )
    assert validate_field(FieldView(tick, True, False, True), state, None) == ""
    assert validate_field(FieldView(tick, False, False, False), state, None) == ""
    assert validate_field(FieldView(tick, True, False, None), state, None) == (
        "Ce champ est obligatoire."
    )
    assert validate_field(FieldView(tick, True, True, None), state, None) == ""
    assert validate_field(FieldView(tick, False, False, None), state, None) == ""


def test_a_speciality_variant_keeps_its_parents_units_only() -> None:
    exam = cap_like()
    aepe = exam.specialities[0]
    variant = Variant("aepe_ep2", "AEPE EP2", ("EP2", "UF_LV"))
    exam = dataclasses.replace(
        exam, specialities=(Speciality(aepe.code, aepe.label, aepe.units, (variant,)),)
    )
    state = build_state(exam, complete_answers(specialite="aepe_ep2"), SESSION_2025, ACCOUNT_FR)
    assert [u.code for u in state.units] == ["EP2", "UF_LV"]


# --------------------------------------------------------------------------- acquis and units


def _acquis_errors(exam: Exam, diplomas: Any = (), grades: Any = (), **fields: Any) -> Any:
    from engine.wizard import validate_acquis

    answers = complete_answers(**fields)
    answers["acquis"] = {"diplomas": list(diplomas), "grades": list(grades), "renounced": []}
    state = build_state(exam, answers, SESSION_2025, ACCOUNT_FR)
    state.answers["acquis"] = answers["acquis"]
    return validate_acquis(state)


YEAR_RANGE = "L'année doit être comprise entre 1900 et 2025."


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (1899, YEAR_RANGE),
        (1900, None),
        (2025, None),
        (2026, YEAR_RANGE),
        (True, YEAR_RANGE),
        ("2020", YEAR_RANGE),
        (None, YEAR_RANGE),
    ],
)
def test_the_acquis_tab_takes_a_year_from_1900_to_the_session_year(
    year: Any, message: str | None
) -> None:
    errors = _acquis_errors(
        cap_like(),
        diplomas=[{"diploma": "cap", "year": year}],
        grades=[{"unit": "EP1", "grade": 12, "year": year}],
    )
    expected = (
        {}
        if message is None
        else {"acquis.diplomas[0].year": message, "acquis.grades[0].year": message}
    )
    assert errors == expected


@pytest.mark.parametrize(
    ("grade", "valid"),
    [
        (0, True),
        (20, True),
        (12.5, True),
        (-0.5, False),
        (20.5, False),
        (True, False),
        ("12", False),
        (None, False),
    ],
)
def test_the_acquis_tab_takes_a_grade_from_0_to_20(grade: Any, valid: bool) -> None:
    errors = _acquis_errors(cap_like(), grades=[{"unit": "EP1", "grade": grade, "year": 2024}])
    assert errors == (
        {} if valid else {"acquis.grades[0].grade": "La note doit être comprise entre 0 et 20."}
    )


def test_the_acquis_tab_checks_the_academy_and_the_diploma_of_each_row() -> None:
    errors = _acquis_errors(
        cap_like(),
        diplomas=[
            {"diploma": "cap", "year": 2020, "academy": "reims"},
            {"diploma": "cap", "year": 2020, "academy": "atlantide"},
            {"diploma": "licence", "year": 2020, "academy": ""},
        ],
        grades=[{"unit": "EP1", "grade": 12, "year": 2024, "academy": "mars"}],
    )
    assert errors == {
        "acquis.diplomas[1].academy": "Choisissez l'académie dans la liste.",
        "acquis.diplomas[2].diploma": "Ce diplôme n'est pas proposé.",
        "acquis.grades[0].academy": "Choisissez l'académie dans la liste.",
    }


def test_a_grade_for_a_same_speciality_benefice_needs_a_known_speciality_of_origin() -> None:
    from engine.spec.model import Correspondence, FormerSpeciality

    exam = cap_like()
    dispense, benefice = exam.acquis_rules
    old = Correspondence("petite_enfance", "UP1", "EP1")
    exam = dataclasses.replace(
        exam,
        acquis_rules=(
            dispense,
            dataclasses.replace(benefice, same_speciality=True, correspondences=(old,)),
        ),
        former_specialities=(FormerSpeciality("petite_enfance", "Petite enfance"),),
    )
    errors = _acquis_errors(
        exam,
        grades=[
            {"unit": "EP1", "grade": 12, "year": 2024},
            {"unit": "EP1", "grade": 12, "year": 2024, "speciality": "inconnue"},
            {"unit": "EP1", "grade": 12, "year": 2024, "speciality": "patissier"},
            {"unit": "UP1", "grade": 12, "year": 2024, "speciality": "petite_enfance"},
            {"unit": "EG3", "grade": 12, "year": 2024},
        ],
    )
    assert errors == {
        "acquis.grades[0].speciality": "Indiquez la spécialité dans laquelle cette note a été "
        "obtenue.",
        "acquis.grades[1].speciality": "Ce choix n'est pas proposé.",
        "acquis.grades[4].unit": "Aucune note ne peut être conservée pour cette épreuve.",
    }


def _with_units(chosen: Any, languages: Any = None, **fields: Any) -> Any:
    answers = complete_answers(**fields)
    answers["units"] = {"chosen": list(chosen), "languages": dict(languages or {})}
    return answers


def _units_errors(exam: Exam, chosen: Any, languages: Any = None, **fields: Any) -> Any:
    answers = _with_units(chosen, languages, **fields)
    return validate_tab(build_state(exam, answers, SESSION_2025, ACCOUNT_FR), "epreuves")


def test_in_forme_progressive_the_candidate_presents_between_the_min_and_max_units() -> None:
    from engine.spec.model import Progressive

    exam = dataclasses.replace(cap_like(), progressive=Progressive(min_units=2, max_units=3))
    at_least = "En forme progressive, choisissez au moins 2 épreuve(s) à présenter à cette session."
    at_most = "En forme progressive, vous pouvez présenter au plus 3 épreuve(s) à cette session."
    assert _units_errors(exam, ["EP1"], forme="progressive") == {"units.progressive": at_least}
    assert _units_errors(exam, ["EP1", "EP2"], forme="progressive") == {}
    assert _units_errors(exam, ["EP1", "EP2", "EP3"], forme="progressive") == {}
    assert _units_errors(exam, ["EP1", "EP2", "EP3", "EG1"], forme="progressive") == {
        "units.progressive": at_most
    }
    unlimited = dataclasses.replace(exam, progressive=Progressive(min_units=1))
    assert _units_errors(unlimited, ["EP1", "EP2", "EP3", "EG1", "EG2"], forme="progressive") == {}
    assert _units_errors(exam, [], forme="globale") == {}


def test_one_language_cannot_be_chosen_for_two_units_but_an_activity_may_repeat() -> None:
    from tests.engine.factories import bacpro_like

    base = bacpro_like()
    mcv = base.specialities[0]
    units = tuple(
        dataclasses.replace(u, languages=("anglais", "espagnol")) if u.code == "E4_ANGLAIS" else u
        for u in mcv.units
    )
    exam = dataclasses.replace(base, specialities=(dataclasses.replace(mcv, units=units),))
    twice = {"E4_ANGLAIS": "anglais", "UF_LV": "anglais"}
    assert _units_errors(exam, ["E4_ANGLAIS", "UF_LV"], twice, specialite="mcv") == {
        "units.languages.UF_LV": "Cette langue est déjà choisie pour l'épreuve E4_ANGLAIS."
    }
    apart = {"E4_ANGLAIS": "anglais", "UF_LV": "espagnol"}
    assert _units_errors(exam, ["E4_ANGLAIS", "UF_LV"], apart, specialite="mcv") == {}


def test_a_list_that_depends_on_another_field_is_checked_as_its_list_unless_communes() -> None:
    country = field("pays", "reference", "identification", list="countries", depends_on="zone")
    assert [reference_check(country, code, {"zone": "35"}) for code in ("FR", "ZZ")] == [
        True,
        False,
    ]


def test_the_check_before_saving_reports_each_tab_with_its_reference_errors() -> None:
    from engine.wizard import validate_all

    state = build_state(cap_like(), complete_answers(nationalite="ZZ"), SESSION_2025, ACCOUNT_FR)
    assert validate_all(state) == {"identification": {"nationalite": "Ce choix n'est pas proposé."}}
    assert validate_all(state, None) == {}


def test_a_unit_with_activities_needs_one_and_two_units_may_share_an_activity() -> None:
    from engine.spec.model import Choice

    exam = cap_like()
    aepe = exam.specialities[0]
    sports = (Choice("foot", "Football"), Choice("judo", "Judo"))
    eps = [
        dataclasses.replace(u, code=code, optional=True, activities=sports, languages=())
        for code, u in (("EPS1", aepe.units[-1]), ("EPS2", aepe.units[-1]))
    ]
    exam = dataclasses.replace(
        exam, specialities=(dataclasses.replace(aepe, units=(*aepe.units[:-1], *eps)),)
    )
    assert _units_errors(exam, ["EPS1"]) == {
        "units.languages.EPS1": "Choisissez l'activité de cette épreuve."
    }
    assert _units_errors(exam, ["EPS1", "EPS2"], {"EPS1": "foot", "EPS2": "foot"}) == {}
    assert _units_errors(exam, ["EPS1"], {"EPS1": "tennis"}) == {
        "units.languages.EPS1": "Ce choix n'est pas proposé."
    }
    state = build_state(exam, _with_units(["EPS1"], {"EPS1": "judo"}), SESSION_2025, ACCOUNT_FR)
    (line,) = [u for u in state.units if u.code == "EPS1"]
    assert (line.language, line.language_label, line.pick_kind, line.reason) == (
        "judo",
        "Judo",
        "activite",
        "Épreuve facultative choisie (activité : Judo)",
    )


def test_a_date_bound_relative_to_the_session_is_taken_from_the_sessions_calendar() -> None:
    from engine.conditions import RelativeDate

    born = field(
        "date_x", "date", "identification", max=RelativeDate("start", years=-16), required=True
    )
    state = build_state(cap_like(), complete_answers(), SESSION_2025, ACCOUNT_FR)
    assert validate_field(FieldView(born, True, False, "2010-01-01"), state, None) == (
        "La date doit être antérieure ou égale au 02/06/2009."
    )
    assert validate_field(FieldView(born, True, False, "2009-06-02"), state, None) == ""


def test_a_field_shown_for_a_declared_diploma_sees_only_the_rows_the_acquis_tab_accepts() -> None:
    from tests.engine.factories import section, tab

    exam = cap_like()
    # A condition reads the acquis from the Acquis tab on (E225): here on the tab after it.
    extra = tab(
        "complements",
        "fields",
        section("Situation", field("situation", "text", "complements", max_length=20)),
        section(
            "Diplôme",
            field("mention", "text", "complements", max_length=20),
            visible_if={"acquis": "cap"},
        ),
    )
    at = [t.code for t in exam.tabs].index("acquis") + 1
    exam = dataclasses.replace(exam, tabs=(*exam.tabs[:at], extra, *exam.tabs[at:]))

    def titles(year: int | None) -> list[str]:
        answers = complete_answers()
        if year is not None:
            answers["acquis"]["diplomas"] = [{"diploma": "cap", "year": year}]
        view = build_state(exam, answers, SESSION_2025, ACCOUNT_FR).tab("complements")
        assert view is not None
        return [s.title for s in view.sections]

    assert titles(2020) == ["Situation", "Diplôme"]
    assert titles(None) == ["Situation"]
    assert titles(2035) == ["Situation"]


def test_pruning_takes_the_accounts_values_when_an_account_is_given() -> None:
    from engine.wizard import prune
    from tests.engine.factories import ACCOUNT_ABROAD

    answers = complete_answers(nom_pere="ALAOUI", nom_mere="BENANI")
    assert "nom_pere" not in prune(cap_like(), answers, SESSION_2025, ACCOUNT_FR)["fields"]
    abroad = prune(cap_like(), answers, SESSION_2025, ACCOUNT_ABROAD)["fields"]
    assert (abroad["pays_naissance"], abroad["nom_pere"]) == ("MA", "ALAOUI")


def test_a_choice_group_without_units_in_the_speciality_does_not_stop_the_next_checks() -> None:
    from engine.spec.model import ChoiceGroup
    from tests.engine.factories import bacpro_like

    base = bacpro_like()
    elsewhere = ChoiceGroup("ailleurs", "Ailleurs", ("ZZ1", "ZZ2"), 1, 1)
    exam = dataclasses.replace(base, choice_groups=(elsewhere, *base.choice_groups))
    assert _units_errors(exam, [], specialite="mcv") == {
        "units.lv_obligatoire": "Choisissez au moins 1 épreuve(s) : Langue vivante obligatoire."
    }


def test_a_language_unit_after_an_activity_unit_is_still_checked() -> None:
    from engine.spec.model import Choice

    exam = cap_like()
    aepe = exam.specialities[0]
    sports = (Choice("foot", "Football"),)
    eps = dataclasses.replace(aepe.units[-1], code="EPS1", activities=sports, languages=())
    exam = dataclasses.replace(
        exam,
        specialities=(dataclasses.replace(aepe, units=(*aepe.units[:-1], eps, aepe.units[-1])),),
    )
    assert _units_errors(exam, ["EPS1", "UF_LV"], {"EPS1": "foot"}) == {
        "units.languages.UF_LV": "Choisissez la langue de cette épreuve."
    }


def test_an_optional_unit_no_longer_offered_is_unticked_by_the_wizard() -> None:
    exam = cap_like()
    aepe = exam.specialities[0]
    offered_if = cond({"field": "categorie", "equals": "ex_scolaire"})
    uf_lv = dataclasses.replace(aepe.units[-1], offered_if=offered_if)
    exam = dataclasses.replace(
        exam, specialities=(dataclasses.replace(aepe, units=(*aepe.units[:-1], uf_lv)),)
    )
    ticked = _with_units(["UF_LV"], {"UF_LV": "anglais"})
    assert build_state(exam, ticked, SESSION_2025, ACCOUNT_FR).answers["units"] == {
        "chosen": [],
        "languages": {},
    }
    ticked["fields"]["categorie"] = "ex_scolaire"
    assert build_state(exam, ticked, SESSION_2025, ACCOUNT_FR).answers["units"] == {
        "chosen": ["UF_LV"],
        "languages": {"UF_LV": "anglais"},
    }


def test_the_wizard_decides_the_units_with_the_age_and_the_declared_diplomas() -> None:
    exam = cap_like()
    dispense, benefice = exam.acquis_rules
    adult_with_cap = cond({"all": [{"acquis": "cap"}, {"age": "date_naissance", "ge": 18}]})
    exam = dataclasses.replace(
        exam, acquis_rules=(dispense, dataclasses.replace(benefice, when=adult_with_cap))
    )
    answers = complete_answers()
    answers["acquis"]["diplomas"] = [{"diploma": "cap", "year": 2020}]
    answers["acquis"]["grades"] = [{"unit": "EP1", "grade": 12, "year": 2023}]
    units = {u.code: u for u in build_state(exam, answers, SESSION_2025, ACCOUNT_FR).units}
    assert (units["EP1"].status, units["EG1"].status) == ("benefice", "dispense")


def test_the_wizard_keeps_a_grade_of_a_corresponding_unit_only_for_a_unit_of_the_speciality() -> (
    None
):
    from engine.spec.model import Correspondence

    exam = cap_like()
    dispense, benefice = exam.acquis_rules
    links = (Correspondence("ancienne", "UP1", "EP1"), Correspondence("ancienne", "UP9", "EP9"))
    exam = dataclasses.replace(
        exam, acquis_rules=(dispense, dataclasses.replace(benefice, correspondences=links))
    )
    answers = complete_answers()
    answers["acquis"]["grades"] = [
        {"unit": unit, "grade": 12, "year": 2023, "speciality": "ancienne"}
        for unit in ("UP1", "UP9", "EP2")
    ]
    kept = build_state(exam, answers, SESSION_2025, ACCOUNT_FR).answers["acquis"]["grades"]
    assert [g["unit"] for g in kept] == ["UP1", "EP2"]


def test_a_reference_field_other_than_establishments_offers_no_choices_of_its_own() -> None:
    exam = cap_like()
    f = next(f for f in exam.fields if f.code == "nationalite")
    reims = dataclasses.replace(SESSION_2025, academy="reims")
    assert offered_choices(exam, f, EvalContext({}, reims)) == ((), ())
    school = field("lycee", "reference", "informations", list="etablissements")
    offered, refused = offered_choices(exam, school, EvalContext({}, reims))
    assert len(offered) > 1 and refused == ()


def test_a_variant_outside_its_sessions_does_not_hide_the_next_variant() -> None:
    aepe = cap_like().specialities[0]
    closed = dataclasses.replace(aepe.variants[0], sessions=SessionWindow(last_year=2024))
    other = Variant("aepe_autre", "AEPE autre", ("EP1",))
    exam = _speciality_exam(variants=(closed, other))
    assert _offered(exam, "specialite") == (
        (AEPE, ChoiceView("aepe_autre", "AEPE autre"), PATISSIER),
        (),
    )
