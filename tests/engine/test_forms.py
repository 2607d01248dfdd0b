"""WTForms classes built from a tab: field types, French dates, read-only fields, reserved names."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form
from wtforms.fields import BooleanField, EmailField, RadioField, SelectField, StringField

from engine.forms import bind_state, field_name, form_data, posted_values, tab_form_class
from engine.spec.model import Section
from engine.submission import submit_tab
from engine.wizard import build_state
from tests.engine.factories import ACCOUNT_ABROAD, ACCOUNT_FR, SESSION_2025, cap_like, field
from tests.engine.factories import complete_answers as done

REFS = None     # no reference lists: these tests are about the form, not the data


def test_each_field_type_gets_its_wtforms_field():
    exam = cap_like()
    form = tab_form_class(exam, "identification", references=REFS)()
    assert isinstance(form.adresse_1, StringField)
    assert isinstance(form.email, EmailField)
    assert type(form.nationalite) is SelectField
    info = tab_form_class(exam, "informations", references=REFS)()
    assert isinstance(info.amenagement, RadioField)
    assert [c.value for c in info.amenagement.choices] == ["oui", "non"]
    accept = tab_form_class(exam, "modalites", references=REFS)()
    assert isinstance(accept.modalites_acceptees, BooleanField)


def test_the_form_class_is_built_once_per_spec_tab_and_base():
    exam = cap_like()

    class OtherBase(Form):
        pass

    first = tab_form_class(exam, "identification", references=REFS)
    assert tab_form_class(exam, "identification", references=REFS) is first
    assert tab_form_class(exam, "identification", OtherBase, references=REFS) is not first
    assert issubclass(tab_form_class(exam, "identification", OtherBase, references=REFS),
                      OtherBase)


def test_a_birth_date_is_accepted_as_jj_mm_aaaa_or_iso_and_shown_in_french():
    exam = cap_like()
    cls = tab_form_class(exam, "identification", references=REFS)
    french = cls(MultiDict({"date_naissance": "30/05/1998"}))
    iso = cls(MultiDict({"date_naissance": "1998-05-30"}))
    assert french.date_naissance.data == iso.date_naissance.data == dt.date(1998, 5, 30)
    shown = cls(data=form_data(exam, "identification", done()))
    assert shown.date_naissance._value() == "30/05/1990"
    wrong = cls(MultiDict({"date_naissance": "1998/05/30"}))
    assert not wrong.validate()
    assert wrong.date_naissance.errors == ["La date doit être au format JJ/MM/AAAA."]


def test_account_fields_are_rendered_read_only():
    exam = cap_like()
    form = tab_form_class(exam, "identification", references=REFS)()
    assert form.pays_naissance.render_kw["readonly"] is True
    assert "readonly" in form.pays_naissance()
    assert not (form.email.render_kw or {}).get("readonly")


def test_the_forms_validators_mirror_the_wizards_messages():
    exam = cap_like()
    cls = tab_form_class(exam, "identification", references=REFS)
    form = cls(MultiDict({"code_postal": "511", "adresse_1": "x" * 40, "email": "a@"}))
    form.validate()
    assert form.code_postal.errors == ["Le code postal doit comporter 5 chiffres."]
    assert form.adresse_1.errors == ["Ce champ doit comporter au plus 38 caractères."]
    assert form.email.errors == ["L'adresse mail n'est pas valide."]


def test_a_field_code_that_clashes_with_a_form_attribute_is_prefixed_and_mapped_back():
    exam = cap_like()
    tabs = list(exam.tabs)
    clash = field("data", "text", "modalites", label="Données")
    tabs[0] = dataclasses.replace(tabs[0], sections=(*tabs[0].sections, Section("X", (clash,))))
    exam = dataclasses.replace(exam, tabs=tuple(tabs), source_hash=exam.source_hash + "-clash")
    cls = tab_form_class(exam, "modalites", references=REFS)
    assert field_name("data") == "f_data"
    form = cls(MultiDict({"f_data": "bonjour", "modalites_acceptees": "y"}))
    assert isinstance(form.data, dict)            # the form's own attribute is intact
    assert posted_values(form) == {"data": "bonjour", "modalites_acceptees": "y"}


def test_bound_to_a_candidate_the_form_offers_only_the_choices_the_wizard_allows():
    exam = cap_like()
    state = build_state(exam, done(), SESSION_2025, ACCOUNT_FR)
    form = tab_form_class(exam, "informations", references=REFS)()
    rendered = bind_state(form, state.tab("informations"))
    assert [c.value for c in form.etablissement.choices] == ["individuels"]
    assert form.categorie.flags.required
    assert [view.code for view, _ in rendered] == [
        "categorie", "etablissement", "amenagement"]         # amenagement_detail hidden


def test_only_visible_fields_are_bound_and_posted_values_go_through_the_wizard():
    exam = cap_like()
    state = build_state(exam, done(), SESSION_2025, ACCOUNT_ABROAD)
    cls = tab_form_class(exam, "identification", references=REFS)
    form = cls(MultiDict({"nom_pere": "ALAOUI", "nom_mere": "", "pays_naissance": "FR"}))
    assert "nom_pere" in [v.code for v, _ in bind_state(form, state.tab("identification"))]
    result = submit_tab(exam, done(), "identification", posted_values(form), SESSION_2025,
                        ACCOUNT_ABROAD, references=None)
    assert result.state.answers["fields"]["pays_naissance"] == "MA"    # not the posted FR
    assert result.errors["nom_mere"] == "Ce champ est obligatoire."
    assert result.state.answers["fields"]["nom_pere"] == "ALAOUI"


def test_the_recapitulatif_prints_every_visible_answer_as_the_candidate_reads_it():
    from engine.forms import summary

    exam = cap_like()
    typed = done(amenagement=True, amenagement_detail="Tiers temps")
    state = build_state(exam, typed, SESSION_2025, ACCOUNT_FR)
    rows = {r.code: r.value for s in summary(state) for r in s.rows}
    assert rows["date_naissance"] == "30/05/1990"
    assert rows["amenagement"] == "Oui"
    assert rows["categorie"] == "INDIVIDUEL"
    assert rows["forme"] == "Forme globale"
    assert rows["pays_naissance"] == "FRANCE (DONT OUTRE-MER)"
    assert "nom_pere" not in rows


def test_a_hidden_answer_is_never_printed_on_the_recapitulatif():
    from engine.forms import summary

    exam = cap_like()
    typed = done(amenagement=False, amenagement_detail="Tiers temps")
    state = build_state(exam, typed, SESSION_2025, ACCOUNT_FR)
    assert "amenagement_detail" not in {r.code for s in summary(state) for r in s.rows}


def test_the_browser_mirror_gets_each_fields_visibility_and_requiredness_as_json():
    from engine.forms import mirror_conditions

    mirror = mirror_conditions(cap_like(), "identification")
    assert mirror["nom_pere"]["visible_if"] == {"field": "pays_naissance", "not_equals": "FR"}
    assert mirror["nom_pere"]["required"] is True
    assert mirror["code_postal"]["required"] == {"field": "adresse_pays", "equals": "FR"}
    assert mirror["adresse_1"]["visible_if"] is None


def test_the_web_side_can_build_the_tab_on_flaskform_with_csrf():
    import flask
    from flask_wtf import FlaskForm

    app = flask.Flask(__name__)
    app.config.update(SECRET_KEY="test", WTF_CSRF_ENABLED=True)
    cls = tab_form_class(cap_like(), "informations", FlaskForm, references=REFS)
    with app.test_request_context(method="POST", data={"categorie": "individuel"}):
        form = cls()
        assert "csrf_token" in form
        assert not form.validate()                      # no CSRF token posted
        assert "csrf_token" in form.errors
        assert posted_values(form) == {"categorie": "individuel"}


# ---------------------------------------------------------------- issue 11, the engine's part

def test_a_field_with_a_maximum_length_renders_maxlength_and_a_french_message() -> None:
    from werkzeug.datastructures import MultiDict
    from wtforms import Form as PlainForm

    from engine.forms import _unbound
    from engine.spec.model import Field

    field = Field(code="nom_pere", type="text", label="Nom du père", tab="t", section="",
                  order=0, max_length=50)

    class OneField(PlainForm):
        nom_pere = _unbound(None, field, None)  # type: ignore[arg-type]

    form = OneField(MultiDict({"nom_pere": "x" * 51}))
    assert 'maxlength="50"' in form.nom_pere()
    assert not form.validate()
    assert form.nom_pere.errors == ["Ce champ doit comporter au plus 50 caractères."]


def test_a_date_that_does_not_exist_says_so_rather_than_blaming_the_format() -> None:
    from werkzeug.datastructures import MultiDict
    from wtforms import Form as PlainForm

    from engine.forms import FrenchDateField

    class OneDate(PlainForm):
        jour = FrenchDateField()

    wrong_day = OneDate(MultiDict({"jour": "31/02/1998"}))
    wrong_day.validate()
    assert wrong_day.jour.errors == ["Cette date n'existe pas."]
    wrong_format = OneDate(MultiDict({"jour": "31-02-98"}))
    wrong_format.validate()
    assert wrong_format.jour.errors == ["La date doit être au format JJ/MM/AAAA."]


def test_a_birth_date_in_the_future_gets_a_precise_message() -> None:
    import datetime as dt

    from engine.answers import birth_date_problem

    today = dt.date(2026, 12, 1)
    assert birth_date_problem(dt.date(2027, 1, 1), today) == (
        "La date de naissance ne peut pas être postérieure à la date du jour.")
    assert birth_date_problem(dt.date(1899, 12, 31), today) is not None
    assert birth_date_problem(dt.date(2000, 5, 17), today) is None


def test_no_english_wtforms_message_reaches_a_candidate() -> None:
    from werkzeug.datastructures import MultiDict
    from wtforms import Form as PlainForm

    from engine.forms import _unbound
    from engine.spec.model import Field

    number = Field(code="nombre", type="integer", label="Nombre", tab="t", section="",
                   order=0, min=1, max=3)
    yesno = Field(code="oui_non", type="yesno", label="Oui ou non", tab="t", section="",
                  order=1)

    class Two(PlainForm):
        nombre = _unbound(None, number, None)  # type: ignore[arg-type]
        oui_non = _unbound(None, yesno, None)  # type: ignore[arg-type]

    form = Two(MultiDict({"nombre": "douze", "oui_non": "peut-être"}))
    form.validate()
    assert form.nombre.errors[0] == "Ce champ doit être un nombre entier."
    assert not any("valid" in e or "Number" in e for e in form.nombre.errors)
    assert form.oui_non.errors == []   # the wizard answers "Répondez par Oui ou par Non."
    form = Two(MultiDict({"nombre": "9"}))
    form.validate()
    assert form.nombre.errors == ["La valeur doit être comprise entre 1 et 3."]


@pytest.mark.parametrize("exam_code", ["cap", "bacpro", "cfg"])
def test_code_postal_is_marked_required_from_the_first_display(exam_code: str) -> None:
    from pathlib import Path

    from engine.conditions import SessionCalendar
    from engine.specs import load_exam
    from engine.wizard import build_state, initial_answers

    exam = load_exam(Path(__file__).resolve().parents[2] / "exams" / f"{exam_code}.yaml")
    calendar = SessionCalendar(year=2026, start=dt.date(2026, 6, 1),
                               registration_close=dt.date(2025, 11, 28))
    state = build_state(exam, initial_answers(exam, {}), calendar)
    postal = state.field("code_postal")
    assert postal is not None and postal.required is True
    assert state.answers["fields"]["adresse_pays"] == "FR"
