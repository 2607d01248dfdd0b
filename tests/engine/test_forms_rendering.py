"""A tab's form, whole: the input each field type renders, the French message each validator
gives, the stored answers shown back, the typed ones read, and the answers as displayed."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form

from engine.forms import (
    bind_state,
    display_value,
    form_data,
    mirror_conditions,
    posted_values,
    spec_choices,
    tab_form_class,
)
from engine.spec.model import Exam
from engine.views import ChoiceView, FieldView, SectionView, TabView
from tests.engine.factories import cap_like, field, section, tab

T = "divers"


def every_type() -> Exam:
    """One field of each type and option; each labelled "Libellé <code>"."""
    extra = tab(
        T,
        "fields",
        section(
            "Divers",
            field("cgu", "checkbox", T, help="Cochez pour accepter"),
            field("amenagement", "yesno", T),
            field("ne_le", "date", T),
            field("enfants", "integer", T, min=1, max=3),
            field("rang", "integer", T, min=2),
            field("age", "integer", T, max=99),
            field("libre", "integer", T),
            field("detail", "textarea", T, max_length=200),
            field("mel", "email", T),
            field("tel", "phone", T),
            field("cp", "postal_code", T),
            field("etab", "select", T, choices=[("a", "A"), ("b", "B")]),
            field("horaire", "radio", T, choices=[("matin", "Matin"), ("soir", "Soir")]),
            field("categorie", "category", T),
            field("specialite", "speciality", T),
            field("forme", "forme", T),
            field("pays", "reference", T, list="countries"),
            field("commune", "reference", T, list="communes", depends_on="cp"),
            field("commune_seule", "reference", T, list="communes"),
            field("ine", "text", T, pattern="[0-9]{3}", min_length=3),
            field("nom", "text", T, from_account="nom", min_length=2, max_length=20),
            field("court", "text", T, min_length=2),
            field("validate", "text", T, pattern="[a-z]+", pattern_message="Minuscules seulement."),
            field("note", "textarea", T),
            field("portable", "phone", T, max_length=14),
        ),
    )
    labelled = tuple(dataclasses.replace(f, label=f"Libellé {f.code}") for f in extra.fields)
    return dataclasses.replace(
        cap_like(),
        tabs=(
            dataclasses.replace(
                extra, sections=(dataclasses.replace(extra.sections[0], fields=labelled),)
            ),
        ),
    )


def refs(name: str) -> list[tuple[str, str]]:
    return [("FR", "France"), ("MA", "Maroc")] if name == "countries" else [("X", "Inconnu")]


def radios(name: str, *choices: tuple[str, str]) -> str:
    items = "".join(
        f'<li><input id="{name}-{i}" name="{name}" type="radio" value="{value}"> '
        f'<label for="{name}-{i}">{label}</label></li>'
        for i, (value, label) in enumerate(choices)
    )
    return f'<ul id="{name}">{items}</ul>'


def options(name: str, *choices: tuple[str, str]) -> str:
    items = "".join(f'<option value="{value}">{label}</option>' for value, label in choices)
    return f'<select id="{name}" name="{name}">{items}</select>'


def test_each_field_type_renders_its_input_with_the_limits_the_server_checks():
    form = tab_form_class(every_type(), T, references=refs)()
    rendered = {bound.name: (type(bound).__name__, str(bound())) for bound in form}
    assert rendered == {
        "cgu": ("BooleanField", '<input id="cgu" name="cgu" type="checkbox" value="y">'),
        "amenagement": ("RadioField", radios("amenagement", ("oui", "Oui"), ("non", "Non"))),
        "ne_le": ("FrenchDateField", '<input id="ne_le" name="ne_le" type="date" value="">'),
        "enfants": (
            "FrenchIntegerField",
            '<input id="enfants" max="3" min="1" name="enfants" type="number" value="">',
        ),
        "rang": (
            "FrenchIntegerField",
            '<input id="rang" min="2" name="rang" type="number" value="">',
        ),
        "age": (
            "FrenchIntegerField",
            '<input id="age" max="99" name="age" type="number" value="">',
        ),
        "libre": ("FrenchIntegerField", '<input id="libre" name="libre" type="number" value="">'),
        "detail": (
            "TextAreaField",
            '<textarea id="detail" maxlength="200" name="detail">\r\n</textarea>',
        ),
        "mel": ("EmailField", '<input id="mel" maxlength="255" name="mel" type="email" value="">'),
        "tel": ("TelField", '<input id="tel" maxlength="255" name="tel" type="tel" value="">'),
        "cp": (
            "StringField",
            '<input id="cp" inputmode="numeric" maxlength="255" name="cp" type="text" value="">',
        ),
        "etab": ("SelectField", options("etab", ("a", "A"), ("b", "B"))),
        "horaire": ("RadioField", radios("horaire", ("matin", "Matin"), ("soir", "Soir"))),
        "categorie": (
            "SelectField",
            options(
                "categorie",
                ("individuel", "INDIVIDUEL"),
                ("ex_scolaire", "EX. SCOLAIRE"),
                ("enseignement_distance", "ENSEIGNEMENT A DISTANCE"),
                ("fpc_public", "FPC PUBLIC"),
            ),
        ),
        "specialite": (
            "SelectField",
            options(
                "specialite",
                ("aepe", "Accompagnant éducatif petite enfance"),
                ("aepe_agrement_am", "AEPE ep1, ep3 agrément"),
                ("patissier", "Pâtissier"),
            ),
        ),
        "forme": (
            "SelectField",
            options("forme", ("globale", "Forme globale"), ("progressive", "Forme progressive")),
        ),
        "pays": ("SelectField", options("pays", ("FR", "France"), ("MA", "Maroc"))),
        "commune": (
            "StringField",
            '<input data-depends-on="cp" id="commune" name="commune" type="text" value="">',
        ),
        "commune_seule": (
            "StringField",
            '<input data-depends-on="" id="commune_seule" '
            'name="commune_seule" type="text" value="">',
        ),
        "ine": (
            "StringField",
            '<input id="ine" maxlength="255" minlength="3" name="ine" type="text" value="">',
        ),
        "nom": (
            "StringField",
            '<input aria-readonly="true" disabled id="nom" maxlength="20" '
            'minlength="2" name="nom" readonly type="text" value="">',
        ),
        "court": (
            "StringField",
            '<input id="court" maxlength="255" minlength="2" name="court" type="text" value="">',
        ),
        "f_validate": (
            "StringField",
            '<input id="f_validate" maxlength="255" name="f_validate" type="text" value="">',
        ),
        "note": (
            "TextAreaField",
            '<textarea id="note" maxlength="2000" name="note">\r\n</textarea>',
        ),
        "portable": (
            "TelField",
            '<input id="portable" maxlength="14" name="portable" type="tel" value="">',
        ),
    }
    assert form.cgu.description == "Cochez pour accepter"
    assert {bound.name: (bound.label.text, bound.description) for bound in form} == {
        name: (f"Libellé {code}", "Cochez pour accepter" if code == "cgu" else "")
        for name, code in type(form).FIELD_CODES.items()
    }
    assert str(form.ne_le.label) == '<label for="ne_le">Libellé ne_le</label>'
    assert type(form).__name__ == "TabForm_capx_divers"
    assert type(form).TAB_CODE == T


def test_each_validator_of_a_tab_says_in_french_what_is_wrong_with_its_field():
    form = tab_form_class(every_type(), T, references=refs)(
        MultiDict(
            {
                "ne_le": "31/02/1998",
                "enfants": "9",
                "rang": "1",
                "age": "100",
                "libre": "douze",
                "detail": "x" * 201,
                "mel": "julie@",
                "cp": "511",
                "ine": "12a",
                "nom": "x" * 21,
                "court": "a",
                "f_validate": "ABC",
                "amenagement": "peut-être",
                "etab": "z",
                "portable": "06 12 34 56 78 9",
            }
        )
    )
    assert not form.validate()
    assert form.errors == {
        "ne_le": ["Cette date n'existe pas."],
        "enfants": ["La valeur doit être comprise entre 1 et 3."],
        "rang": ["La valeur doit être supérieure ou égale à 2."],
        "age": ["La valeur doit être inférieure ou égale à 99."],
        "libre": ["Ce champ doit être un nombre entier."],
        "detail": ["Ce champ doit comporter au plus 200 caractères."],
        "mel": ["L'adresse mail n'est pas valide."],
        "cp": ["Le code postal doit comporter 5 chiffres."],
        "ine": ["Le format de ce champ n'est pas valide."],
        "nom": ["Ce champ doit comporter entre 2 et 20 caractères."],
        "court": ["Ce champ doit comporter au moins 2 caractères."],
        "f_validate": ["Minuscules seulement."],
        "portable": ["Ce champ doit comporter au plus 14 caractères."],
    }
    assert (form.ne_le.data, form.libre.data) == (None, None)


def test_a_tab_of_well_typed_answers_validates_and_keeps_what_was_typed():
    typed = {
        "cgu": "y",
        "ne_le": "30/05/1998",
        "enfants": " 3 ",
        "rang": "2",
        "age": "99",
        "libre": "-7",
        "mel": "julie@example.fr",
        "cp": "51100",
        "ine": "123",
        "nom": "Li",
        "court": "ab",
        "amenagement": "oui",
        "etab": "b",
        "detail": "",
    }
    form = tab_form_class(every_type(), T, references=refs)(
        MultiDict({**typed, "f_validate": "abc"})
    )
    assert form.validate(), form.errors
    data = form.data
    assert (data["cgu"], data["ne_le"], data["enfants"], data["libre"], data["ine"]) == (
        True,
        dt.date(1998, 5, 30),
        3,
        -7,
        "123",
    )
    assert data["detail"] == ""
    assert posted_values(form) == {**typed, "validate": "abc"}


def test_a_blank_date_or_number_is_no_answer_and_no_error():
    form = tab_form_class(every_type(), T, references=refs)(
        MultiDict({"ne_le": "  ", "enfants": " ", "libre": ""})
    )
    assert form.validate(), form.errors
    assert (form.ne_le.data, form.enfants.data, form.libre.data) == (None, None, None)


def test_stored_answers_are_shown_back_as_dates_and_oui_non_unreadable_ones_left_out():
    exam = every_type()
    stored = {
        "fields": {
            "ne_le": "1998-05-30",
            "amenagement": False,
            "enfants": 2,
            "validate": "abc",
            "mel": None,
            "cgu": True,
            "etab": "b",
        }
    }
    assert form_data(exam, T, stored) == {
        "ne_le": dt.date(1998, 5, 30),
        "amenagement": "non",
        "enfants": 2,
        "f_validate": "abc",
        "cgu": True,
        "etab": "b",
    }
    assert form_data(
        exam, T, {"fields": {"ne_le": "1998-02-30", "amenagement": True, "enfants": 0}}
    ) == {"amenagement": "oui", "enfants": 0}
    assert form_data(
        exam, T, {"fields": {"ne_le": dt.date(1998, 5, 30), "amenagement": "oui"}}
    ) == {"ne_le": dt.date(1998, 5, 30), "amenagement": "oui"}
    assert form_data(exam, T, {}) == {}

    class Base(Form):
        enfants = "an attribute of the base class"

    assert form_data(exam, T, {"fields": {"enfants": 2, "validate": "abc"}}, Base) == {
        "f_enfants": 2,
        "f_validate": "abc",
    }


def test_each_field_type_offers_every_choice_the_spec_can_give():
    exam = every_type()
    by_code = {f.code: f for f in exam.fields}
    assert {
        code: spec_choices(exam, by_code[code], refs)
        for code in (
            "etab",
            "horaire",
            "categorie",
            "specialite",
            "forme",
            "pays",
            "commune",
            "ine",
        )
    } == {
        "etab": [("a", "A"), ("b", "B")],
        "horaire": [("matin", "Matin"), ("soir", "Soir")],
        "categorie": [
            ("individuel", "INDIVIDUEL"),
            ("ex_scolaire", "EX. SCOLAIRE"),
            ("enseignement_distance", "ENSEIGNEMENT A DISTANCE"),
            ("fpc_public", "FPC PUBLIC"),
        ],
        "specialite": [
            ("aepe", "Accompagnant éducatif petite enfance"),
            ("aepe_agrement_am", "AEPE ep1, ep3 agrément"),
            ("patissier", "Pâtissier"),
        ],
        "forme": [("globale", "Forme globale"), ("progressive", "Forme progressive")],
        "pays": [("FR", "France"), ("MA", "Maroc")],
        "commune": [("X", "Inconnu")],
        "ine": [],
    }
    assert spec_choices(exam, by_code["pays"], None) == []
    odd = dataclasses.replace(
        exam, categories=(dataclasses.replace(exam.categories[0], formes=("modulaire", "globale")),)
    )
    assert spec_choices(odd, by_code["forme"], refs) == [
        ("modulaire", "Modulaire"),
        ("globale", "Forme globale"),
    ]


def view(f: Any, value: Any, **kw: Any) -> FieldView:
    return FieldView(f, required=False, readonly=False, value=value, **kw)


def test_an_answer_is_displayed_as_the_candidate_reads_it():
    exam = every_type()
    by_code = {f.code: f for f in exam.fields}
    offered = (ChoiceView("a", "Lycée A"),)
    refused = (ChoiceView("b", "Lycée B", "Réservé"),)
    labels = {("countries", "MA"): "MAROC"}

    def label(list_name: str, code: str) -> str | None:
        return labels.get((list_name, code))

    shown = [
        display_value(view(by_code["cgu"], None), label),
        display_value(view(by_code["cgu"], True), label),
        display_value(view(by_code["amenagement"], False), label),
        display_value(view(by_code["ne_le"], "1998-05-30"), label),
        display_value(view(by_code["ne_le"], "1998-02-30"), label),
        display_value(view(by_code["etab"], "a", choices=offered, refused=refused), label),
        display_value(view(by_code["etab"], "b", choices=offered, refused=refused), label),
        display_value(view(by_code["etab"], "c", choices=offered, refused=refused), label),
        display_value(view(by_code["pays"], "MA"), label),
        display_value(view(by_code["pays"], "BE"), label),
        display_value(view(by_code["pays"], "MA"), None),
        display_value(view(by_code["enfants"], 2), label),
        display_value(view(by_code["court"], "1998-05-30"), label),
    ]
    assert shown == [
        "",
        "Oui",
        "Non",
        "30/05/1998",
        "1998-02-30",
        "Lycée A",
        "Lycée B",
        "c",
        "MAROC",
        "BE",
        "MA",
        "2",
        "1998-05-30",
    ]


def test_the_browser_mirror_joins_a_sections_condition_and_its_fields_own():
    cap = cap_like()
    t = "conditions"
    exam = dataclasses.replace(
        cap,
        tabs=(
            tab(
                t,
                "fields",
                section(
                    "Parents",
                    field("nom_pere", "text", t, required=True),
                    field(
                        "detail",
                        "text",
                        t,
                        visible_if={"field": "amenagement", "equals": True},
                        required={"field": "adresse_pays", "equals": "FR"},
                    ),
                    visible_if={"field": "pays_naissance", "not_equals": "FR"},
                ),
                section(
                    "Autre",
                    field("data", "text", t),
                    field("libre", "text", t, visible_if={"field": "amenagement", "equals": True}),
                ),
            ),
        ),
    )
    assert mirror_conditions(exam, t) == {
        "nom_pere": {
            "name": "nom_pere",
            "required": True,
            "visible_if": {"field": "pays_naissance", "not_equals": "FR"},
        },
        "detail": {
            "name": "detail",
            "required": {"field": "adresse_pays", "equals": "FR"},
            "visible_if": {
                "all": [
                    {"field": "pays_naissance", "not_equals": "FR"},
                    {"field": "amenagement", "equals": True},
                ]
            },
        },
        "data": {"name": "f_data", "required": False, "visible_if": None},
        "libre": {
            "name": "libre",
            "required": False,
            "visible_if": {"field": "amenagement", "equals": True},
        },
    }


def test_bound_to_a_candidate_each_visible_field_gets_its_offered_choices_and_required_flag():
    exam = every_type()
    by_code = {f.code: f for f in exam.fields}
    form = tab_form_class(exam, T, references=refs)()
    tab_view = TabView(
        exam.tabs[0],
        1,
        (
            SectionView(
                "Divers",
                (
                    FieldView(
                        by_code["etab"],
                        True,
                        False,
                        None,
                        (ChoiceView("b", "B seul"),),
                        has_choices=True,
                    ),
                    FieldView(by_code["nom"], False, True, "Li"),
                    FieldView(by_code["validate"], True, False, None),
                ),
            ),
        ),
    )
    bound = bind_state(form, tab_view)
    assert [(v.code, b.name, b.flags.required) for v, b in bound] == [
        ("etab", "etab", True),
        ("nom", "nom", False),
        ("validate", "f_validate", True),
    ]
    assert [(c.value, c.label) for c in form.etab.choices] == [("b", "B seul")]
    assert [(c.value, c.label) for c in form.horaire.choices] == [
        ("matin", "Matin"),
        ("soir", "Soir"),
    ]


def test_the_recapitulatif_lists_each_answered_field_under_its_tab_and_section_titles():
    from engine.forms import SummaryRow, SummarySection, summary
    from engine.wizard import build_state
    from tests.engine.factories import SESSION_2025

    exam = dataclasses.replace(
        cap_like(),
        tabs=(
            tab(
                "un",
                "fields",
                section(
                    "Premier",
                    field("a", "text", "un", summary_label="Libellé court"),
                    field("b", "yesno", "un"),
                ),
                section("Vide", field("c", "text", "un")),
            ),
            tab(
                "deux",
                "fields",
                section("Second", field("pays", "reference", "deux", list="countries")),
            ),
        ),
    )
    state = build_state(exam, {"fields": {"a": "x", "b": False, "pays": "MA"}}, SESSION_2025)
    assert summary(state, lambda list_name, code: f"{list_name}:{code}") == (
        SummarySection(
            "un", "Premier", (SummaryRow("a", "Libellé court", "x"), SummaryRow("b", "B", "Non"))
        ),
        SummarySection("deux", "Second", (SummaryRow("pays", "Pays", "countries:MA"),)),
    )


def test_the_portal_reads_reference_lists_from_the_engines_data_communes_being_searched():
    from engine.forms import reference_choices, reference_label

    assert reference_choices("communes") == []
    countries = reference_choices("countries")
    assert countries[0] == ("FR", "FRANCE (DONT OUTRE-MER)")
    assert ("MA", "MAROC") in countries
    assert reference_label("countries", "MA") == "MAROC"
    assert reference_label("countries", "ZZ") is None
    form = tab_form_class(every_type(), T)()
    assert [(c.value, c.label) for c in form.pays.choices][:1] == [
        ("FR", "FRANCE (DONT OUTRE-MER)")
    ]


def test_a_field_named_like_an_attribute_of_the_web_sides_base_form_is_prefixed():
    class Base(Form):
        enfants = "an attribute of the base class"

    cls = tab_form_class(every_type(), T, Base, references=refs)
    assert cls.FIELD_CODES["f_enfants"] == "enfants"
    assert "enfants" not in cls.FIELD_CODES
    form = cls(MultiDict({"f_enfants": "2", "enfants": "3"}))
    assert form.enfants == "an attribute of the base class"
    assert posted_values(form)["enfants"] == "2"


def test_a_field_code_is_prefixed_when_reserved_private_or_an_attribute_of_the_base_form():
    from engine.forms import field_name

    class Base(Form):
        enfants = "an attribute of the base class"

    assert [field_name(code) for code in ("nom", "hidden_tag", "data", "_cache", "a_b")] == [
        "nom",
        "f_hidden_tag",
        "f_data",
        "f__cache",
        "a_b",
    ]
    assert (field_name("enfants"), field_name("enfants", Base)) == ("enfants", "f_enfants")


def test_a_tab_the_spec_does_not_have_has_no_form():
    with pytest.raises(KeyError, match="^'nulle_part'$"):
        tab_form_class(every_type(), "nulle_part", references=refs)
