"""A spec's checked data compiled into the Exam model, whole: every key read into its place,
each default when a key is absent, and each condition with the wizard position it may read."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from engine.conditions import (
    AcquisDeclared,
    Compare,
    IsSet,
    RelativeDate,
)
from engine.errors import SourceMap
from engine.spec.compile import ConditionSite, compile_exam
from engine.spec.model import (
    AcquisRule,
    Category,
    Choice,
    ChoiceGroup,
    Correspondence,
    Diploma,
    Exam,
    Field,
    FormerSpeciality,
    Mark,
    Migration,
    Piece,
    Progressive,
    Section,
    SessionWindow,
    Speciality,
    Tab,
    Unit,
    UnitGroup,
    Variant,
)
from engine.spec.model_results import ResultRules

FR = {"field": "pays", "equals": "FR"}
CAP = {"acquis": "cap"}


def full_spec() -> dict[str, Any]:
    return {
        "exam": {
            "code": "capx",
            "label": "CAP X",
            "short_label": "CAPX",
            "domain": "examen",
            "version": 2026.1,
            "birth_date_field": "ne_le",
        },
        "texts": {"intro_id": "Vos informations.", "cgu": "Conditions générales."},
        "tabs": [
            {
                "code": "modalites",
                "title": "Modalités",
                "role": "acceptance",
                "text": "cgu",
                "sections": [
                    {
                        "fields": [
                            {
                                "code": "ok",
                                "type": "checkbox",
                                "label": "J'accepte",
                                "required": True,
                            }
                        ]
                    }
                ],
            },
            {
                "code": "ident",
                "title": "Identité",
                "role": "fields",
                "intro": "intro_id",
                "visible_if": {"field": "ok", "equals": True},
                "save": True,
                "sections": [
                    {
                        "title": "Naissance",
                        "visible_if": {"field": "ok", "set": True},
                        "fields": [
                            {
                                "code": "pays",
                                "type": "reference",
                                "label": "Pays",
                                "list": "countries",
                                "from_account": "pays_naissance",
                                "summary_label": "Pays de naissance",
                                "default": "FR",
                                "autocomplete": "country",
                            },
                            {
                                "code": "ne_le",
                                "type": "date",
                                "label": "Né le",
                                "min": "1900-01-01",
                                "max": {"session": "start", "years": -14},
                                "min_message": "Trop tôt.",
                                "max_message": "Trop tard.",
                            },
                            {
                                "code": "nom",
                                "type": "text",
                                "label": "Nom",
                                "help": "En capitales",
                                "min_length": 2,
                                "max_length": 30,
                                "pattern": "[A-Z]+",
                                "pattern_message": "Capitales.",
                                "prefill": "nom",
                                "required": FR,
                                "visible_if": {"field": "pays", "set": True},
                                "refuse_if": {"field": "nom", "equals": "X"},
                                "refuse_message": "Pas X.",
                            },
                            {
                                "code": "enfants",
                                "type": "integer",
                                "label": "Enfants",
                                "min": 0,
                                "max": 9,
                            },
                            {
                                "code": "cp",
                                "type": "postal_code",
                                "label": "CP",
                                "depends_on": "pays",
                                "required": False,
                            },
                            {
                                "code": "voie",
                                "type": "radio",
                                "label": "Voie",
                                "choices": [
                                    {"value": 1, "label": "Une"},
                                    {"value": "b", "label": "Bé", "visible_if": FR},
                                ],
                            },
                        ],
                    },
                    {
                        "fields": [
                            {
                                "code": "mel",
                                "type": "email",
                                "label": "Mél",
                                "required": {"field": "ok", "equals": True},
                            }
                        ]
                    },
                ],
            },
            {
                "code": "qualif",
                "title": "Qualification",
                "role": "fields",
                "sections": [
                    {
                        "title": "Q",
                        "fields": [
                            {"code": "categorie", "type": "category", "label": "Catégorie"},
                            {"code": "specialite", "type": "speciality", "label": "Spécialité"},
                        ],
                    }
                ],
            },
            {"code": "acquis", "title": "Acquis", "role": "acquis"},
            {
                "code": "epreuves",
                "title": "Épreuves",
                "role": "units",
                "sections": [{"fields": [{"code": "sport", "type": "text", "label": "Sport"}]}],
            },
            {"code": "recap", "title": "Récapitulatif", "role": "summary"},
        ],
        "categories": [
            {
                "code": "individuel",
                "label": "INDIVIDUEL",
                "formes": ["globale", "progressive"],
                "unit_mode": "ponctuel",
                "eligible_if": {"age": "ne_le", "ge": 18},
                "ineligible_message": "Majeur seulement.",
                "self_registration": False,
                "official_code": 520,
            },
            {"code": "scolaire", "label": "SCOLAIRE", "formes": ["globale"], "unit_mode": "ccf"},
        ],
        "unit_groups": [
            {"code": "obl", "label": "Obligatoires"},
            {"code": "fac", "label": "Facultatives"},
        ],
        "common_units": [
            {
                "code": "EG1",
                "label": "Français",
                "group": "obl",
                "kind": "ecrit",
                "coefficient": 3,
                "duration": 2,
                "official_code": "UG1",
            },
            {
                "code": "UF",
                "label": "Langue",
                "group": "fac",
                "kind": "oral",
                "optional": True,
                "languages": ["anglais", "allemand"],
                "modes": {"individuel": "ccf"},
                "offered_if": FR,
                "not_offered_message": "Pas ici.",
                "activities": [{"value": 7, "label": "Sept"}],
            },
            {"code": "EG1", "label": "Doublon", "group": "obl", "kind": "oral"},
        ],
        "specialities": [
            {
                "code": "cuisine",
                "label": "Cuisine",
                "units": [
                    {
                        "code": "EP1",
                        "label": "Pratique",
                        "group": "obl",
                        "kind": "pratique",
                        "parent": "EP",
                        "offered_if": CAP,
                    },
                    "EG1",
                    "INCONNUE",
                    42,
                ],
                "variants": [
                    {
                        "code": "cuisine_v",
                        "label": "Variante",
                        "units": ["EP1", 5],
                        "sessions": {"from": 2025, "until": 2027, "months": [6]},
                    }
                ],
                "eligible_if": {"field": "categorie", "equals": "individuel"},
                "sessions": {"from": 2024},
            },
            {"code": "patisserie", "label": "Pâtisserie"},
        ],
        "choice_groups": [
            {"code": "lv", "label": "Langue", "units": ["UF", 3], "min": 1, "max": 2},
            {"code": "opt", "label": "Option", "units": ["EG1"]},
        ],
        "acquis": {
            "diplomas": [{"code": "cap", "label": "CAP"}],
            "former_specialities": [{"code": "ancienne", "label": "Ancienne"}],
            "rules": [
                {
                    "code": "disp",
                    "type": "dispense",
                    "label": "Dispense",
                    "units": ["EG1", 9],
                    "diplomas": ["cap"],
                    "when": FR,
                    "reason": "Diplômé.",
                    "renounceable": False,
                },
                {
                    "code": "ben",
                    "type": "benefice",
                    "label": "Bénéfice",
                    "units": ["EP1"],
                    "min_grade": 12,
                    "within_years": 5,
                    "same_speciality": True,
                    "correspondences": [{"speciality": "ancienne", "unit": 4, "counts_for": "EP1"}],
                },
                {"code": "nue", "type": "benefice", "label": "Nue", "units": []},
            ],
        },
        "pieces_defaults": {"formats": ["jpg"], "deadline_days_after_close": 21},
        "pieces": [
            {
                "code": "identite",
                "label": "Identité",
                "formats": ["pdf", "jpeg", "jpg"],
                "max_size_mb": 2,
                "deadline_days_after_close": 7,
                "help": "Recto verso",
                "reason": "Identité.",
                "delivery": "post",
                "required_if": CAP,
            },
            {"code": "photo", "label": "Photo"},
        ],
        "progressive": {"min_units": "2", "max_units": 4},
        "migrations": [
            {
                "field": "voie",
                "choices": {1: "b"},
                "units": {"EP9": 1},
                "accept": ["coefficient"],
                "only": [7, "EG1"],
                "from_version": 2025.1,
                "sessions_from": 2027,
                "reason": "Nouvelle voie.",
            },
            {},
        ],
    }


MARK_TAB = Mark("s.yaml", 10, 5)
MARK_FIELD = Mark("s.yaml", 20, 9)
MARK_UNIT = Mark("s.yaml", 30, 5)
MARKS = SourceMap(
    values={
        ("tabs", 1): MARK_TAB,
        ("tabs", 1, "sections", 0, "fields", 2): MARK_FIELD,
        ("common_units", 1): MARK_UNIT,
    }
)
DEFAULT = MARKS.default


def test_every_key_of_a_spec_is_compiled_into_its_place_in_the_exam():
    compiled = compile_exam(full_spec(), MARKS, "exams/capx.yaml", "abc123")
    assert compiled.errors == []
    ok = Field("ok", "checkbox", "J'accepte", "modalites", "", 0, required=True, mark=DEFAULT)
    visible_fr = Compare("pays", "equals", "FR")
    fields = (
        Field(
            "pays",
            "reference",
            "Pays",
            "ident",
            "Naissance",
            1,
            list="countries",
            from_account="pays_naissance",
            summary_label="Pays de naissance",
            default="FR",
            autocomplete="country",
            mark=MARK_TAB,
        ),
        Field(
            "ne_le",
            "date",
            "Né le",
            "ident",
            "Naissance",
            2,
            min=dt.date(1900, 1, 1),
            max=RelativeDate("start", years=-14),
            min_message="Trop tôt.",
            max_message="Trop tard.",
            mark=MARK_TAB,
        ),
        Field(
            "nom",
            "text",
            "Nom",
            "ident",
            "Naissance",
            3,
            required=visible_fr,
            visible_if=IsSet("pays"),
            help="En capitales",
            min_length=2,
            max_length=30,
            pattern="[A-Z]+",
            pattern_message="Capitales.",
            prefill="nom",
            refuse_if=Compare("nom", "equals", "X"),
            refuse_message="Pas X.",
            mark=MARK_FIELD,
        ),
        Field(
            "enfants", "integer", "Enfants", "ident", "Naissance", 4, min=0, max=9, mark=MARK_TAB
        ),
        Field("cp", "postal_code", "CP", "ident", "Naissance", 5, depends_on="pays", mark=MARK_TAB),
        Field(
            "voie",
            "radio",
            "Voie",
            "ident",
            "Naissance",
            6,
            choices=(Choice("1", "Une"), Choice("b", "Bé", visible_fr)),
            mark=MARK_TAB,
        ),
    )
    mel = Field(
        "mel", "email", "Mél", "ident", "", 7, required=Compare("ok", "equals", True), mark=MARK_TAB
    )
    categorie = Field("categorie", "category", "Catégorie", "qualif", "Q", 8, mark=DEFAULT)
    specialite = Field("specialite", "speciality", "Spécialité", "qualif", "Q", 9, mark=DEFAULT)
    sport = Field("sport", "text", "Sport", "epreuves", "", 10, mark=DEFAULT)
    eg1 = Unit(
        "EG1",
        "Français",
        "obl",
        "ecrit",
        coefficient=3,
        duration="2",
        official_code="UG1",
        mark=DEFAULT,
    )
    uf = Unit(
        "UF",
        "Langue",
        "fac",
        "oral",
        optional=True,
        languages=("anglais", "allemand"),
        modes={"individuel": "ccf"},
        activities=(Choice("7", "Sept"),),
        offered_if=visible_fr,
        not_offered_message="Pas ici.",
        mark=MARK_UNIT,
    )
    doublon = Unit("EG1", "Doublon", "obl", "oral", mark=DEFAULT)
    ep1 = Unit(
        "EP1",
        "Pratique",
        "obl",
        "pratique",
        parent="EP",
        offered_if=AcquisDeclared("cap"),
        mark=DEFAULT,
    )
    expected = Exam(
        code="capx",
        label="CAP X",
        short_label="CAPX",
        domain="examen",
        version="2026.1",
        source_hash="abc123",
        path="exams/capx.yaml",
        birth_date_field="ne_le",
        texts={"intro_id": "Vos informations.", "cgu": "Conditions générales."},
        tabs=(
            Tab(
                "modalites",
                "Modalités",
                "acceptance",
                (Section("", (ok,)),),
                text="Conditions générales.",
                mark=DEFAULT,
            ),
            Tab(
                "ident",
                "Identité",
                "fields",
                (Section("Naissance", fields, IsSet("ok")), Section("", (mel,))),
                visible_if=Compare("ok", "equals", True),
                save=True,
                intro="Vos informations.",
                mark=MARK_TAB,
            ),
            Tab(
                "qualif",
                "Qualification",
                "fields",
                (Section("Q", (categorie, specialite)),),
                mark=DEFAULT,
            ),
            Tab("acquis", "Acquis", "acquis", mark=DEFAULT),
            Tab("epreuves", "Épreuves", "units", (Section("", (sport,)),), mark=DEFAULT),
            Tab("recap", "Récapitulatif", "summary", mark=DEFAULT),
        ),
        categories=(
            Category(
                "individuel",
                "INDIVIDUEL",
                ("globale", "progressive"),
                "ponctuel",
                eligible_if=_age_18(),
                ineligible_message="Majeur seulement.",
                self_registration=False,
                official_code="520",
            ),
            Category("scolaire", "SCOLAIRE", ("globale",), "ccf"),
        ),
        unit_groups=(UnitGroup("obl", "Obligatoires"), UnitGroup("fac", "Facultatives")),
        common_units=(eg1, uf, doublon),
        specialities=(
            Speciality(
                "cuisine",
                "Cuisine",
                (ep1, eg1),
                (Variant("cuisine_v", "Variante", ("EP1", "5"), SessionWindow(2025, 2027, (6,))),),
                eligible_if=Compare("categorie", "equals", "individuel"),
                sessions=SessionWindow(2024, None, ()),
            ),
            Speciality("patisserie", "Pâtisserie", ()),
        ),
        choice_groups=(
            ChoiceGroup("lv", "Langue", ("UF", "3"), 1, 2),
            ChoiceGroup("opt", "Option", ("EG1",), 0, 1),
        ),
        diplomas=(Diploma("cap", "CAP"),),
        acquis_rules=(
            AcquisRule(
                "disp",
                "dispense",
                "Dispense",
                ("EG1", "9"),
                diplomas=("cap",),
                renounceable=False,
                when=visible_fr,
                reason="Diplômé.",
            ),
            AcquisRule(
                "ben",
                "benefice",
                "Bénéfice",
                ("EP1",),
                min_grade=12.0,
                within_years=5,
                same_speciality=True,
                correspondences=(Correspondence("ancienne", "4", "EP1"),),
            ),
            AcquisRule("nue", "benefice", "Nue", ()),
        ),
        pieces=(
            Piece(
                "identite",
                "Identité",
                "post",
                ("pdf", "jpeg"),
                2,
                7,
                AcquisDeclared("cap"),
                help="Recto verso",
                reason="Identité.",
            ),
            Piece("photo", "Photo", "upload", ("jpeg",), 5, 21),
        ),
        return_days_after_close=21,
        progressive=Progressive(2, 4),
        former_specialities=(FormerSpeciality("ancienne", "Ancienne"),),
        migrations=(
            Migration(
                field="voie",
                choices=(("1", "b"),),
                units=(("EP9", "1"),),
                accept=("coefficient",),
                only=("7", "EG1"),
                from_version="2025.1",
                sessions_from=2027,
                reason="Nouvelle voie.",
            ),
            Migration(),
        ),
    )
    assert compiled.exam == expected
    assert compiled.field_paths == {
        "ok": [("tabs", 0, "sections", 0, "fields", 0)],
        **{f.code: [("tabs", 1, "sections", 0, "fields", k)] for k, f in enumerate(fields)},
        "mel": [("tabs", 1, "sections", 1, "fields", 0)],
        "categorie": [("tabs", 2, "sections", 0, "fields", 0)],
        "specialite": [("tabs", 2, "sections", 0, "fields", 1)],
        "sport": [("tabs", 4, "sections", 0, "fields", 0)],
    }


def _age_18() -> Any:
    from engine.conditions import Age

    return Age("ne_le", "ge", 18)


def test_each_condition_is_kept_with_the_fields_it_may_read():
    compiled = compile_exam(full_spec(), MARKS, "exams/capx.yaml", "abc123")
    fr = Compare("pays", "equals", "FR")
    cap = AcquisDeclared("cap")
    name = ("tabs", 1, "sections", 0, "fields", 2)
    # Fields 0-7 come before the qualification tab (categorie 8, specialite 9); the units
    # tab starts at field 10 (sport); the acquis tab, with no field, at 10 too.
    assert compiled.sites == [
        ConditionSite(Compare("ok", "equals", True), ("tabs", 1, "visible_if"), "tab", 1),
        ConditionSite(IsSet("ok"), ("tabs", 1, "sections", 0, "visible_if"), "section", 1),
        ConditionSite(fr, (*name, "required"), "required", 3, "nom"),
        ConditionSite(IsSet("pays"), (*name, "visible_if"), "field", 3, "nom"),
        ConditionSite(Compare("nom", "equals", "X"), (*name, "refuse_if"), "refuse", 4),
        ConditionSite(
            fr,
            ("tabs", 1, "sections", 0, "fields", 5, "choices", 1, "visible_if"),
            "choice",
            6,
            "voie",
        ),
        ConditionSite(
            Compare("ok", "equals", True),
            ("tabs", 1, "sections", 1, "fields", 0, "required"),
            "required",
            7,
            "mel",
        ),
        ConditionSite(fr, ("common_units", 1, "offered_if"), "unit", 10),
        ConditionSite(fr, ("acquis", "rules", 0, "when"), "acquis", 10),
        ConditionSite(_age_18(), ("categories", 0, "eligible_if"), "category", 8),
        ConditionSite(cap, ("specialities", 0, "units", 0, "offered_if"), "unit", 10),
        ConditionSite(
            Compare("categorie", "equals", "individuel"),
            ("specialities", 0, "eligible_if"),
            "speciality",
            9,
        ),
        ConditionSite(cap, ("pieces", 0, "required_if"), "piece", 11),
    ]


def minimal_spec() -> dict[str, Any]:
    return {
        "exam": {
            "code": "mini",
            "label": "Mini",
            "short_label": "MINI",
            "domain": "concours",
            "version": 3,
        },
        "tabs": [
            {
                "code": "t",
                "title": "T",
                "role": "fields",
                "sections": [{"fields": [{"code": "a", "type": "text", "label": "A"}]}],
            },
            {"code": "fin", "title": "Fin", "role": "summary", "sections": []},
        ],
        "acquis": {
            "rules": [
                {
                    "code": "r",
                    "type": "benefice",
                    "label": "R",
                    "units": ["U"],
                    "when": {"field": "a", "set": True},
                }
            ]
        },
        "common_units": [
            {
                "code": "U",
                "label": "U",
                "group": "g",
                "kind": "oral",
                "offered_if": {"field": "a", "set": False},
            }
        ],
        "pieces": [{"code": "p", "label": "P"}],
    }


def test_an_absent_key_takes_the_languages_default():
    compiled = compile_exam(minimal_spec(), SourceMap(), "mini.yaml", "h")
    assert compiled.errors == []
    a = Field("a", "text", "A", "t", "", 0, mark=DEFAULT)
    assert compiled.exam == Exam(
        code="mini",
        label="Mini",
        short_label="MINI",
        domain="concours",
        version="3",
        source_hash="h",
        path="mini.yaml",
        birth_date_field=None,
        texts={},
        tabs=(
            Tab("t", "T", "fields", (Section("", (a,)),), mark=DEFAULT),
            Tab("fin", "Fin", "summary", (), mark=DEFAULT),
        ),
        categories=(),
        unit_groups=(),
        common_units=(Unit("U", "U", "g", "oral", offered_if=IsSet("a", False), mark=DEFAULT),),
        specialities=(),
        choice_groups=(),
        diplomas=(),
        acquis_rules=(AcquisRule("r", "benefice", "R", ("U",), when=IsSet("a")),),
        pieces=(Piece("p", "P", "upload", ("pdf",), 5, 0),),
        return_days_after_close=0,
        progressive=Progressive(1, None),
    )
    # Without a units tab or an acquis tab, their conditions may read every field.
    assert [(s.kind, s.before) for s in compiled.sites] == [("unit", 1), ("acquis", 1)]


def test_a_spec_without_tabs_compiles_to_an_exam_without_fields():
    spec = minimal_spec()
    del spec["tabs"]
    compiled = compile_exam(spec, SourceMap(), "mini.yaml", "h")
    assert (compiled.exam.tabs, compiled.errors) == ((), [])
    assert [(s.kind, s.before) for s in compiled.sites] == [("unit", 0), ("acquis", 0)]


def test_condition_and_date_bound_errors_are_returned_with_their_places():
    spec = minimal_spec()
    spec["tabs"][0]["sections"][0]["fields"] = [
        {
            "code": "d",
            "type": "date",
            "label": "D",
            "min": "2024-02-30",
            "max": {"session": "fin"},
            "visible_if": {"field": "a"},
        },
        {"code": "n", "type": "integer", "label": "N", "min": "2024-02-30"},
        {"code": "r", "type": "text", "label": "R", "required": {"field": "x", "equals": []}},
    ]
    compiled = compile_exam(spec, SourceMap(), "mini.yaml", "h")
    field_path = "$.tabs[0].sections[0].fields"
    assert [(e.code, e.path) for e in compiled.errors] == [
        ("E308", f"{field_path}[0].visible_if"),
        ("E314", f"{field_path}[0].min"),
        ("E315", f"{field_path}[0].max.session"),
        ("E314", f"{field_path}[2].required.equals"),
    ]
    fields = compiled.exam.fields
    assert [(f.code, f.min, f.max, f.required, f.visible_if) for f in fields] == [
        ("d", None, None, False, None),
        ("n", "2024-02-30", None, False, None),
        ("r", None, None, False, None),
    ]


def test_conditions_of_tabs_without_fields_and_of_types_without_a_field_read_every_field():
    spec = minimal_spec()
    spec["tabs"][1:1] = [
        {"code": "acquis", "title": "Acquis", "role": "acquis"},
        {"code": "ep", "title": "Épreuves", "role": "units"},
    ]
    spec["categories"] = [
        {
            "code": "c",
            "label": "C",
            "formes": ["globale"],
            "unit_mode": "ccf",
            "eligible_if": {"field": "a", "set": True},
        }
    ]
    spec["specialities"] = [{"code": "s", "label": "S", "eligible_if": {"field": "a", "set": True}}]
    compiled = compile_exam(spec, SourceMap(), "mini.yaml", "h")
    assert compiled.errors == []
    assert [(s.kind, s.before) for s in compiled.sites] == [
        ("unit", 1),
        ("acquis", 1),
        ("category", 1),
        ("speciality", 1),
    ]


def test_results_rules_are_the_exam_s_with_each_speciality_s_then_variant_s_keys_over_them():
    spec = minimal_spec()
    exam_note = "Règles de l'examen."
    spec["results"] = {"pass_mark": 12, "decimals": 1, "note": exam_note}
    spec["specialities"] = [
        {
            "code": "cuisine",
            "label": "Cuisine",
            "results": {"note": "Règles de la cuisine.", "absent": "zero"},
            "variants": [
                {"code": "cuisine_v", "label": "V", "units": [], "results": {"decimals": 3}},
                {"code": "cuisine_w", "label": "W", "units": []},
            ],
        },
        {"code": "patisserie", "label": "Pâtisserie"},
    ]
    spec["documents"] = {"convocation": "common/convocation.html", "releve": "common/r.html"}
    exam = compile_exam(spec, SourceMap(), "mini.yaml", "h").exam
    own = ResultRules(
        pass_mark=Decimal(12), decimals=1, note="Règles de la cuisine.", absent="zero"
    )
    assert (
        exam.results,
        [(s.code, s.results, [(v.code, v.results) for v in s.variants]) for s in exam.specialities],
        exam.documents,
    ) == (
        ResultRules(pass_mark=Decimal(12), decimals=1, note=exam_note),
        [
            (
                "cuisine",
                own,
                [("cuisine_v", dataclasses.replace(own, decimals=3)), ("cuisine_w", own)],
            ),
            ("patisserie", ResultRules(pass_mark=Decimal(12), decimals=1, note=exam_note), []),
        ],
        (("convocation", "common/convocation.html"), ("releve", "common/r.html")),
    )


def test_a_speciality_or_variant_gives_results_rules_of_its_own_when_the_exam_gives_none():
    spec = minimal_spec()
    spec["specialities"] = [
        {
            "code": "cuisine",
            "label": "Cuisine",
            "variants": [{"code": "cuisine_v", "label": "V", "units": [], "results": {}}],
        },
        {"code": "patisserie", "label": "Pâtisserie", "results": {"decimals": 0}},
    ]
    exam = compile_exam(spec, SourceMap(), "mini.yaml", "h").exam
    assert (
        exam.results,
        [(s.code, s.results, [(v.code, v.results) for v in s.variants]) for s in exam.specialities],
        exam.documents,
    ) == (
        None,
        [
            ("cuisine", None, [("cuisine_v", ResultRules())]),
            ("patisserie", ResultRules(decimals=0), []),
        ],
        (),
    )
