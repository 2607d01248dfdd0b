"""The JSON Schema of stored answers, whole: each field type's schema, the acquis and units
parts, the units a candidate may choose and the languages each unit offers."""

from __future__ import annotations

import dataclasses
from typing import Any

from engine.answers import answers_json_schema
from engine.spec.model import AcquisRule, Choice, ChoiceGroup, Correspondence, Exam
from tests.engine.factories import cap_like, field, section, tab

YEAR = {"type": "integer", "minimum": 1900, "maximum": 2200}


def acquis_part(diploma: dict[str, Any], unit: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["diplomas", "grades", "renounced"],
        "properties": {
            "diplomas": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["diploma", "year"],
                    "properties": {"diploma": diploma, "year": YEAR, "academy": {"type": "string"}},
                },
            },
            "grades": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["unit", "grade", "year"],
                    "properties": {
                        "unit": unit,
                        "grade": {"type": "number", "minimum": 0, "maximum": 20},
                        "year": YEAR,
                        "academy": {"type": "string"},
                        "speciality": {"type": "string"},
                    },
                },
            },
            "renounced": {"type": "array", "uniqueItems": True, "items": unit},
        },
    }


def whole(
    exam: Exam,
    fields: dict[str, Any],
    acquis: dict[str, Any],
    chosen: dict[str, Any],
    languages: dict[str, Any],
) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:examforms:answers:{exam.code}:{exam.version}",
        "title": f"Réponses d'une candidature {exam.short_label}",
        "type": "object",
        "additionalProperties": False,
        "required": ["fields", "acquis", "units"],
        "properties": {
            "fields": {"type": "object", "additionalProperties": False, "properties": fields},
            "acquis": acquis,
            "units": {
                "type": "object",
                "additionalProperties": False,
                "required": ["chosen", "languages"],
                "properties": {
                    "chosen": {"type": "array", "uniqueItems": True, "items": chosen},
                    "languages": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": languages,
                    },
                },
            },
        },
    }


def test_each_field_type_is_typed_by_the_schema_and_any_unit_may_be_chosen_in_forme_progressive():
    exam = cap_like()
    units = ["EG1", "EG2", "EG3", "UF_LV", "UF_AA", "EP1", "EP2", "EP3"]
    text = {"type": "string", "minLength": 1}
    fields = {
        "modalites_acceptees": {"type": "boolean"},
        "pays_naissance": text,
        "date_naissance": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "nationalite": text,
        "nom_pere": {**text, "maxLength": 50},
        "nom_mere": {**text, "maxLength": 50},
        "adresse_pays": text,
        "adresse_1": {**text, "maxLength": 38},
        "code_postal": {**text, "pattern": r"^\d{5}$"},
        "localite": {**text, "maxLength": 38},
        "telephone_mobile": {**text, "pattern": r"^(0[1-9]\d{8}|\+\d{8,15})$"},
        "email": {**text, "format": "email", "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$"},
        "numero_ine": {**text, "pattern": "^(?:[0-9]{9}[A-Z]{2})$"},
        "categorie": {
            "type": "string",
            "enum": ["individuel", "ex_scolaire", "enseignement_distance", "fpc_public"],
        },
        "etablissement": {"type": "string", "enum": ["individuels", "cned"]},
        "amenagement": {"type": "boolean"},
        "amenagement_detail": {**text, "maxLength": 200},
        "dernier_etablissement": text,
        "specialite": {"type": "string", "enum": ["aepe", "aepe_agrement_am", "patissier"]},
        "forme": {"type": "string", "enum": ["globale", "progressive"]},
    }
    assert answers_json_schema(exam) == whole(
        exam,
        fields,
        acquis_part({"enum": ["cap", "bac"]}, {"type": "string", "enum": units}),
        {"enum": units},
        {"UF_LV": {"type": "string", "enum": ["anglais", "allemand", "espagnol"]}},
    )


def test_without_forme_progressive_only_optional_and_choice_group_units_may_be_chosen():
    cap = cap_like()
    extra = tab(
        "extra",
        "fields",
        section(
            "Divers",
            field("nombre_enfants", "integer", "extra", min=0, max=12),
            field("rang", "integer", "extra"),
            field("surnom", "text", "extra", min_length=3, pattern="[a-z]+"),
            field("commentaire", "textarea", "extra", pattern="[a-z]+"),
            field("horaire", "radio", "extra", choices=[("matin", "Matin"), ("soir", "Soir")]),
            field("domicile", "email", "extra", pattern="[a-z]+"),
        ),
    )
    exam = dataclasses.replace(
        cap,
        tabs=(extra,),
        categories=(cap.categories[2],),  # forme globale only
        choice_groups=(ChoiceGroup("lv", "Langue", ("EG3", "UF_LV", "EG2"), 1, 1),),
        acquis_rules=(
            AcquisRule(
                "corr",
                "benefice",
                "Correspondance",
                ("EP1",),
                correspondences=(Correspondence("ancienne", "EX9", "EP1"),),
            ),
        ),
    )
    units = ["EG1", "EG2", "EG3", "UF_LV", "UF_AA", "EP1", "EP2", "EP3", "EX9"]
    fields = {
        "nombre_enfants": {"type": "integer", "minimum": 0, "maximum": 12},
        "rang": {"type": "integer"},
        "surnom": {"type": "string", "minLength": 3, "pattern": "^(?:[a-z]+)$"},
        "commentaire": {"type": "string", "minLength": 1, "pattern": "^(?:[a-z]+)$"},
        "horaire": {"type": "string", "enum": ["matin", "soir"]},
        "domicile": {
            "type": "string",
            "minLength": 1,
            "format": "email",
            "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        },
    }
    assert answers_json_schema(exam) == whole(
        exam,
        fields,
        acquis_part({"enum": ["cap", "bac"]}, {"type": "string", "enum": units}),
        {"enum": ["UF_LV", "UF_AA", "EG3", "EG2"]},
        {"UF_LV": {"type": "string", "enum": ["anglais", "allemand", "espagnol"]}},
    )


def test_an_exam_without_diplomas_units_or_choices_accepts_none_in_its_answers():
    cap = cap_like()
    exam = dataclasses.replace(
        cap,
        tabs=(),
        categories=(cap.categories[2],),
        common_units=(),
        specialities=(),
        diplomas=(),
        acquis_rules=(),
        choice_groups=(),
    )
    nothing = {"not": {}}
    assert answers_json_schema(exam) == whole(exam, {}, acquis_part(nothing, nothing), nothing, {})


def test_a_unit_with_activities_offers_their_values_as_its_languages():
    cap = cap_like()
    sport = dataclasses.replace(
        cap.common_units[4], activities=(Choice("natation", "Natation"), Choice("tennis", "Tennis"))
    )
    exam = dataclasses.replace(cap, common_units=(*cap.common_units[:4], sport))
    languages = answers_json_schema(exam)["properties"]["units"]["properties"]["languages"]
    assert languages["properties"] == {
        "UF_LV": {"type": "string", "enum": ["anglais", "allemand", "espagnol"]},
        "UF_AA": {"type": "string", "enum": ["natation", "tennis"]},
    }
