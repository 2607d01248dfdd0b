"""The JSON Schema of a spec, and the real specs that must pass every check."""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from engine.spec.model import Exam
from engine.spec.shape import schema, validator
from engine.specs import check_spec, load_all

REPO = Path(__file__).resolve().parents[2]
REAL_SPECS = [
    "exams/cap.yaml",
    "exams/bacpro.yaml",
    "exams/cfg.yaml",
    "tests/specs/mc_desserts.yaml",
]


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_validator_is_compiled_once() -> None:
    assert validator() is validator()


def test_every_object_of_the_schema_refuses_unknown_keys() -> None:
    objects = [schema(), *(d for d in schema()["$defs"].values() if d.get("type") == "object")]
    for obj in objects:
        assert "additionalProperties" in obj, obj.get("title", obj)
        assert obj["additionalProperties"] is False or isinstance(obj["additionalProperties"], dict)


@pytest.mark.parametrize("spec", REAL_SPECS)
def test_a_real_spec_passes_the_validator_without_any_problem(
    spec: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    checked = check_spec(spec)
    assert [str(p) for p in checked.problems] == []
    assert checked.exam is not None


def test_load_all_gives_the_three_exams_by_code(exams_dir: Path) -> None:
    exams = load_all(exams_dir)
    assert sorted(exams) == ["bacpro", "cap", "cfg"]


def test_the_cap_fixture_has_aepe_with_its_agrement_variant(cap: Exam) -> None:
    aepe = next(s for s in cap.specialities if s.code == "aepe")
    variant = next(v for v in aepe.variants if v.code == "aepe_agrement_am")
    assert variant.units == ("EP1", "EP3")
    assert {"EP1", "EP3"} <= {u.code for u in aepe.units}


def test_the_cfg_fixture_has_its_three_units_and_saves_on_the_summary(cfg: Exam) -> None:
    # The individual candidate's three (the others are the scolaires' socle components).
    assert [u.code for u in cfg.common_units if u.taken_by("individuel")] == ["001", "002", "003"]
    assert [t.code for t in cfg.tabs if t.save] == ["recapitulatif"]
    assert cfg.tabs[-1].role == "receipt"


def test_the_bacpro_fixture_has_at_least_three_specialities(bacpro: Exam) -> None:
    assert len(bacpro.specialities) >= 3
    assert all(s.units for s in bacpro.specialities)


def test_fields_are_numbered_in_wizard_order_with_their_tab(cap: Exam) -> None:
    assert [f.order for f in cap.fields] == list(range(len(cap.fields)))
    by_code = {f.code: f for f in cap.fields}
    assert by_code["modalites_acceptees"].tab == "modalites"
    assert by_code["specialite"].tab == "qualification"
    assert by_code["nom_pere"].section == "Filiation"


def test_texts_of_acceptance_and_conditions_tabs_are_resolved(cap: Exam) -> None:
    tabs = {t.code: t for t in cap.tabs}
    assert tabs["modalites"].text == cap.texts["modalites"]
    assert tabs["conditions"].text == cap.texts["conditions"]
    assert tabs["recapitulatif"].intro == cap.texts["summary_warning"]


def test_the_source_hash_is_a_sha256(cap: Exam) -> None:
    assert len(cap.source_hash) == 64 and int(cap.source_hash, 16) >= 0
