"""The wizard as the guides tell it: contextual fields, skipped tabs, required fields, messages."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import wizard
from engine.conditions import EvalContext
from engine.spec.model import Category
from engine.submission import submit_tab
from engine.wizard import build_state, prune, validate_all, validate_tab
from tests.engine.factories import (
    ACCOUNT_ABROAD,
    ACCOUNT_FR,
    SESSION_2025,
    answers,
    cap_like,
    complete_answers,
)


@pytest.fixture
def exam():  # type: ignore[no-untyped-def]
    return cap_like()


def visible_codes(state: wizard.WizardState, tab: str) -> list[str]:
    view = state.tab(tab)
    assert view is not None
    return [f.code for f in view.fields]


def test_parents_names_are_asked_only_of_a_candidate_born_abroad(exam):
    abroad = build_state(exam, answers(), SESSION_2025, ACCOUNT_ABROAD)
    in_france = build_state(exam, answers(), SESSION_2025, ACCOUNT_FR)
    assert {"nom_pere", "nom_mere"} <= set(visible_codes(abroad, "identification"))
    assert "nom_pere" not in visible_codes(in_france, "identification")


def test_parents_names_disappear_and_are_dropped_when_the_birth_country_becomes_france(exam):
    typed = answers(pays_naissance="MA", nom_pere="ALAOUI", nom_mere="BENNANI")
    kept = prune(exam, typed, SESSION_2025)
    assert kept["fields"]["nom_pere"] == "ALAOUI"
    typed["fields"]["pays_naissance"] = "FR"
    assert "nom_pere" not in prune(exam, typed, SESSION_2025)["fields"]
    assert "nom_mere" not in prune(exam, typed, SESSION_2025)["fields"]


def test_birth_country_comes_from_the_account_never_from_posted_data(exam):
    posted = answers(pays_naissance="MA", nom_pere="ALAOUI")
    state = build_state(exam, posted, SESSION_2025, ACCOUNT_FR)
    assert state.answers["fields"]["pays_naissance"] == "FR"
    assert "nom_pere" not in state.answers["fields"]
    view = state.field("pays_naissance")
    assert view is not None and view.readonly


def test_account_fields_fill_the_first_answers_and_email_stays_editable(exam):
    first = wizard.initial_answers(exam, ACCOUNT_FR)
    assert first["fields"]["date_naissance"] == "1990-05-30"
    assert first["fields"]["email"] == "julie.martin@example.fr"
    state = build_state(exam, first, SESSION_2025, ACCOUNT_FR)
    email = state.field("email")
    assert email is not None and not email.readonly


def test_a_field_hidden_because_another_became_hidden_is_dropped_too(exam):
    typed = complete_answers(amenagement=True, amenagement_detail="Tiers temps")
    assert prune(exam, typed, SESSION_2025)["fields"]["amenagement_detail"] == "Tiers temps"
    typed["fields"]["amenagement"] = False
    assert "amenagement_detail" not in prune(exam, typed, SESSION_2025)["fields"]


def test_the_answers_of_a_skipped_tab_are_dropped(exam):
    scolaire = complete_answers(categorie="ex_scolaire", dernier_etablissement="LYCEE X")
    state = build_state(exam, scolaire, SESSION_2025, ACCOUNT_FR)
    assert "scolarite" in [t.code for t in state.tabs]
    assert state.answers["fields"]["dernier_etablissement"] == "LYCEE X"
    individuel = complete_answers(categorie="individuel", dernier_etablissement="LYCEE X")
    state = build_state(exam, individuel, SESSION_2025, ACCOUNT_FR)
    assert "scolarite" not in [t.code for t in state.tabs]
    assert "dernier_etablissement" not in state.answers["fields"]


def test_tabs_are_numbered_in_order_with_the_receipt_last_and_enregistrer_on_the_summary(exam):
    state = build_state(exam, complete_answers(), SESSION_2025, ACCOUNT_FR)
    assert [t.number for t in state.tabs] == list(range(1, len(state.tabs) + 1))
    assert state.tabs[-1].role == "receipt"
    assert state.save_tab == "recapitulatif"
    assert state.next_tab("informations") == "qualification"
    assert state.previous_tab("qualification") == "informations"
    assert state.previous_tab("modalites") is None


def test_postal_code_is_required_only_for_an_address_in_france(exam):
    in_france = complete_answers(code_postal=None)
    state = build_state(exam, in_france, SESSION_2025, ACCOUNT_FR)
    assert validate_tab(state, "identification") == {"code_postal": "Ce champ est obligatoire."}
    abroad = complete_answers(code_postal=None, adresse_pays="BE")
    state = build_state(exam, abroad, SESSION_2025, ACCOUNT_FR)
    assert validate_tab(state, "identification") == {}


def test_each_tab_reports_its_missing_required_fields_in_french(exam):
    state = build_state(exam, answers(), SESSION_2025, ACCOUNT_ABROAD)
    errors = validate_tab(state, "identification")
    for code in ("nationalite", "nom_pere", "nom_mere", "adresse_1", "telephone_mobile"):
        assert errors[code] == "Ce champ est obligatoire."
    assert "code_postal" not in errors          # no address country yet: not required
    assert "pays_naissance" not in errors       # from the account


def test_the_modalites_box_must_be_ticked(exam):
    state = build_state(exam, answers(modalites_acceptees=False), SESSION_2025, ACCOUNT_FR)
    assert validate_tab(state, "modalites") == {
        "modalites_acceptees": "Vous devez cocher cette case pour continuer."
    }


@pytest.mark.parametrize(
    ("code", "typed", "message"),
    [
        ("code_postal", "5110", "Le code postal doit comporter 5 chiffres."),
        ("email", "julie.martin@", "L'adresse mail n'est pas valide."),
        ("telephone_mobile", "06123", "Le numéro de téléphone doit comporter 10 chiffres "
                                      "(par exemple 0612345678)."),
        ("adresse_1", "x" * 39, "Ce champ doit comporter au plus 38 caractères."),
        ("numero_ine", "12345", "Le numéro INE comporte 9 chiffres et 2 lettres."),
    ],
)
def test_posting_a_malformed_value_gives_the_fields_french_message(exam, code, typed, message):
    done = complete_answers()
    posted = {k: v for k, v in done["fields"].items() if isinstance(v, str)}
    posted[code] = typed
    result = submit_tab(exam, done, "identification", posted, SESSION_2025, ACCOUNT_FR,
                        references=None)
    assert result.errors == {code: message}


def test_a_date_is_typed_as_jj_mm_aaaa_and_stored_in_iso():
    exam = cap_like()
    from engine.answers import normalize_value

    date_field = next(f for f in exam.fields if f.code == "date_naissance")
    assert normalize_value(date_field, "30/05/1998").value == "1998-05-30"
    assert normalize_value(date_field, "1998-05-30").value == "1998-05-30"
    assert normalize_value(date_field, "30.05.1998").error == (
        "La date doit être au format JJ/MM/AAAA.")
    assert normalize_value(date_field, "31/02/1998").error == "Cette date n'existe pas."


def test_phone_numbers_typed_with_spaces_are_stored_as_ten_digits(exam):
    done = complete_answers()
    posted = {k: v for k, v in done["fields"].items() if isinstance(v, str)}
    posted["telephone_mobile"] = "06 12 34 56 78"
    result = submit_tab(exam, done, "identification", posted, SESSION_2025, ACCOUNT_FR,
                        references=None)
    assert result.ok
    assert result.state.answers["fields"]["telephone_mobile"] == "0612345678"


def test_a_hidden_field_posted_anyway_is_neither_stored_nor_checked(exam):
    done = complete_answers()
    posted = {k: v for k, v in done["fields"].items() if isinstance(v, str)}
    posted["nom_pere"] = "x" * 80          # born in France: Filiation is hidden
    result = submit_tab(exam, done, "identification", posted, SESSION_2025, ACCOUNT_FR,
                        references=None)
    assert result.ok
    assert "nom_pere" not in result.state.answers["fields"]


def test_a_minor_is_not_offered_the_individual_category_and_is_told_why(exam):
    minor = dict(ACCOUNT_FR, date_naissance="2008-03-01")     # 17 on 31/12/2025
    state = build_state(exam, complete_answers(), SESSION_2025, minor)
    categorie = state.field("categorie")
    assert categorie is not None
    assert "individuel" not in [c.value for c in categorie.choices]
    assert validate_tab(state, "informations")["categorie"] == (
        "Un candidat individuel doit être majeur au 31 décembre de l'année de l'examen.")


def test_majority_is_reached_on_31_december_of_the_session_year(exam):
    # 18 on 31 December 2025, though still 17 at the June session: majeur for the rules.
    born_late = dict(ACCOUNT_FR, date_naissance="2007-12-31")
    state = build_state(exam, complete_answers(), SESSION_2025, born_late)
    categorie = state.field("categorie")
    assert categorie is not None and "individuel" in [c.value for c in categorie.choices]


def test_a_pre_registered_category_is_never_offered_on_the_portal(exam):
    scolaire = Category("scolaire", "SCOLAIRE", ("globale",), "ccf", self_registration=False)
    exam = dataclasses.replace(exam, categories=(scolaire, *exam.categories))
    state = build_state(exam, complete_answers(categorie="scolaire"), SESSION_2025, ACCOUNT_FR)
    categorie = state.field("categorie")
    assert categorie is not None
    offered = [c.value for c in categorie.choices]
    assert "scolaire" not in offered and "individuel" in offered
    assert "scolaire" not in [c.value for c in categorie.refused]
    assert validate_tab(state, "informations") == {"categorie": "Ce choix n'est pas proposé."}


@pytest.mark.parametrize("spec", ["cap", "bacpro"])
def test_the_real_specs_keep_scolaires_and_apprentis_for_their_establishments(spec, request):
    exam = request.getfixturevalue(spec)
    pre_registered = {c.code: c for c in exam.categories if not c.self_registration}
    assert sorted(pre_registered) == ["apprenti", "scolaire"]
    assert all(c.unit_mode == "ccf" and c.formes == ("globale",)
               for c in pre_registered.values())
    field = next(f for f in exam.fields if f.type == "category")
    offered, refused = wizard.offered_choices(
        exam, field, EvalContext({}, SESSION_2025))
    shown = {c.value for c in (*offered, *refused)}
    assert shown and not shown & set(pre_registered)


def test_the_cned_establishment_is_offered_only_to_distance_learners(exam):
    individuel = build_state(exam, complete_answers(), SESSION_2025, ACCOUNT_FR)
    distance = build_state(exam, complete_answers(categorie="enseignement_distance"),
                           SESSION_2025, ACCOUNT_FR)
    assert [c.value for c in individuel.field("etablissement").choices] == ["individuels"]
    assert [c.value for c in distance.field("etablissement").choices] == ["individuels", "cned"]
    tampered = build_state(exam, complete_answers(etablissement="cned"), SESSION_2025, ACCOUNT_FR)
    assert validate_tab(tampered, "informations") == {
        "etablissement": "Ce choix n'est pas proposé."}


def test_the_formes_offered_are_those_of_the_chosen_category(exam):
    individuel = build_state(exam, complete_answers(), SESSION_2025, ACCOUNT_FR)
    distance = build_state(exam, complete_answers(categorie="enseignement_distance",
                                                  forme="progressive"), SESSION_2025, ACCOUNT_FR)
    assert [c.value for c in individuel.field("forme").choices] == ["globale", "progressive"]
    assert [c.value for c in distance.field("forme").choices] == ["globale"]
    assert validate_tab(distance, "qualification") == {"forme": "Ce choix n'est pas proposé."}


def test_specialities_are_offered_with_their_variants(exam):
    state = build_state(exam, complete_answers(), SESSION_2025, ACCOUNT_FR)
    offered = [c.value for c in state.field("specialite").choices]
    assert offered == ["aepe", "aepe_agrement_am", "patissier"]


def test_a_complete_candidature_passes_every_tab(exam):
    state = build_state(exam, complete_answers(), SESSION_2025, ACCOUNT_FR)
    assert validate_all(state, references=None) == {}


def test_full_validation_lists_the_problems_of_every_tab(exam):
    state = build_state(exam, complete_answers(modalites_acceptees=None, forme=None),
                        SESSION_2025, ACCOUNT_FR)
    assert validate_all(state, references=None) == {
        "modalites": {"modalites_acceptees": "Ce champ est obligatoire."},
        "qualification": {"forme": "Ce champ est obligatoire."},
    }


def test_a_nationality_outside_the_reference_list_is_refused(exam):
    state = build_state(exam, complete_answers(nationalite="ZZ"), SESSION_2025, ACCOUNT_FR)
    assert validate_tab(state, "identification") == {"nationalite": "Ce choix n'est pas proposé."}
    ok = build_state(exam, complete_answers(), SESSION_2025, ACCOUNT_FR)
    assert validate_tab(ok, "identification") == {}


def test_the_epreuves_tab_says_there_is_nothing_to_choose_when_nothing_is_choosable(exam):
    variant = build_state(exam, complete_answers(specialite="aepe_agrement_am"),
                          SESSION_2025, ACCOUNT_FR)
    aepe = build_state(exam, complete_answers(), SESSION_2025, ACCOUNT_FR)
    assert not variant.has_unit_choices
    assert aepe.has_unit_choices


def test_the_acquis_tab_offers_grades_only_for_units_that_can_keep_a_benefice(exam):
    state = build_state(exam, complete_answers(), SESSION_2025, ACCOUNT_FR)
    assert [u.code for u in state.gradable_units()] == ["EP1", "EP2", "EP3", "EG1", "EG2"]
    variant = build_state(exam, complete_answers(specialite="aepe_agrement_am"),
                          SESSION_2025, ACCOUNT_FR)
    assert [u.code for u in variant.gradable_units()] == ["EP1", "EP3"]


def test_a_condition_only_sees_the_fields_that_come_before_it():
    import dataclasses

    from engine.spec.model import Section
    from tests.engine.factories import field

    exam = cap_like()
    tabs = list(exam.tabs)
    early = field("avant", "text", "modalites", visible_if={"field": "apres", "set": True})
    late = field("apres", "text", "modalites")
    tabs[0] = dataclasses.replace(tabs[0], sections=(Section("X", (early, late)),))
    exam = dataclasses.replace(exam, tabs=tuple(tabs), source_hash=exam.source_hash + "-order")
    state = build_state(exam, answers(avant="a", apres="b"), SESSION_2025, ACCOUNT_FR)
    assert state.answers["fields"]["apres"] == "b"
    assert "avant" not in state.answers["fields"]


@settings(deadline=None)
@given(st.dictionaries(st.sampled_from([f.code for f in cap_like().fields
                                        if f.tab == "identification"]),
                       st.text(max_size=60), max_size=12))
def test_any_posted_identification_tab_gets_french_messages_on_visible_fields_only(posted):
    exam = cap_like()
    result = submit_tab(exam, complete_answers(), "identification", posted, SESSION_2025,
                        ACCOUNT_ABROAD, references=None)
    shown = {f.code for f in result.state.tab("identification").fields}
    assert set(result.errors) <= shown
    assert all(m.endswith(".") and m[0].isupper() for m in result.errors.values())
    assert set(result.state.answers["fields"]) <= {f.code for t in result.state.tabs
                                                   for f in t.fields}
