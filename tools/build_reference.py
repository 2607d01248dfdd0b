"""Build exams/reference/*.json from registry packages and the curated exams/reference/sources/.

Run from the repository root, after `make setup` installed the npm packages:

    .venv/bin/python tools/build_reference.py            # writes exams/reference/
    .venv/bin/python tools/build_reference.py --out DIR  # writes elsewhere (reproducibility check)

The output is deterministic (sorted, no timestamps), so regenerating with the same package
versions gives byte-identical files.
"""

from __future__ import annotations

import argparse
import gettext
import importlib.metadata
import json
import os
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pycountry

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = ROOT / "exams" / "reference"
SOURCES_DIR = REFERENCE_DIR / "sources"
DECOUPAGE = "@etalab/decoupage-administratif"
NATIONALITY = "i18n-nationality"
# The versions the committed files were built from; a different installed version is an error,
# because the output would silently differ from what the README documents.
PINNED = {DECOUPAGE: "6.0.0", NATIONALITY: "1.4.0", "pycountry": "26.2.16"}


class SourceError(Exception):
    """A source package is missing or not at the pinned version."""


def fold(text: str) -> str:
    """Lower case without accents."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def upper_plain(text: str) -> str:
    """The portal's département style, no accents and no hyphens: 'ILLE ET VILAINE'."""
    return fold(text).upper().replace("-", " ")


def find_package(name: str, node_modules: Sequence[Path]) -> Path:
    for base in node_modules:
        pkg = base / name
        if (pkg / "package.json").is_file():
            version = json.loads((pkg / "package.json").read_text(encoding="utf-8"))["version"]
            if version != PINNED[name]:
                raise SourceError(f"{name} is {version} in {base}, expected {PINNED[name]}")
            return pkg
    where = ", ".join(str(p) for p in node_modules)
    raise SourceError(f"npm package {name}@{PINNED[name]} not found in {where} (run `make setup`)")


def default_node_modules() -> list[Path]:
    """./node_modules, then the folders of $BUILD_REFERENCE_NODE_MODULES (os.pathsep-separated)."""
    extra = os.environ.get("BUILD_REFERENCE_NODE_MODULES", "")
    return [ROOT / "node_modules", *(Path(p) for p in extra.split(os.pathsep) if p)]


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def build_countries(overrides: dict[str, Any]) -> list[list[str]]:
    """[alpha-2, portal label, French name]: France first (its label covers overseas), then A-Z."""
    version = importlib.metadata.version("pycountry")
    if version != PINNED["pycountry"]:
        raise SourceError(f"pycountry is {version}, expected {PINNED['pycountry']}")
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    skipped = set(overrides["french_overseas"]) | set(overrides["uninhabited"])
    rows = []
    for country in pycountry.countries:
        code = country.alpha_2
        if code in skipped or code == "FR":
            continue
        name = french.gettext(country.name)
        rows.append([code, name.upper(), name])
    rows.sort(key=lambda r: (fold(r[2]), r[0]))
    return [["FR", overrides["france_label"], "France"], *rows]


def build_nationalities(package: Path, overrides: dict[str, Any]) -> list[list[str]]:
    """[alpha-2, French nationality adjective]: French first, then by label."""
    labels: dict[str, str] = read_json(package / "langs" / "fr.json")["nationalities"]
    labels.update(overrides["nationality_label_fixes"])
    skipped = (set(overrides["french_overseas"]) | set(overrides["uninhabited"])
               | set(overrides["nationality_place_names"]))
    rows = [[code, label] for code, label in labels.items() if code not in skipped and code != "FR"]
    rows.sort(key=lambda r: (fold(r[1]), r[0]))
    return [["FR", labels["FR"]], *rows]


def display_code(code: str) -> str:
    """The portal shows three characters: '035', '02A', '971'."""
    return code.rjust(3, "0")


def build_departements(package: Path, academy_of: dict[str, str]) -> list[list[str | None]]:
    """[code, display code, portal label, name, zone, region name, academy code or null]."""
    data = package / "data"
    regions = {r["code"]: r["nom"] for r in read_json(data / "regions.json")}
    rows: list[list[str | None]] = []
    for dep in read_json(data / "departements.json"):
        code = dep["code"]
        shown = display_code(code)
        region = regions.get(dep["region"], dep["nom"])  # a COM is its own region
        label = f"{shown} - {upper_plain(dep['nom'])}"
        rows.append([code, shown, label, dep["nom"], dep["zone"], region, academy_of.get(code)])
    rows.sort(key=lambda r: str(r[1]))
    return rows


def build_communes(package: Path) -> list[list[Any]]:
    """[code, name, département, postal codes, population, kind, former names].

    kind is "c" for a current commune, "a" for a municipal arrondissement of Paris, Lyon or
    Marseille (births there are registered by arrondissement, so the candidate may know only it).
    Former names are the communes déléguées and associées merged into the commune: an identity
    card issued before the merger shows them, so the search finds the current commune by them.
    """
    records = read_json(package / "data" / "communes.json")
    former: dict[str, set[str]] = {}
    for rec in records:
        if rec["type"] in ("commune-deleguee", "commune-associee") and rec.get("chefLieu"):
            former.setdefault(rec["chefLieu"], set()).add(rec["nom"])
    rows = []
    for rec in records:
        if rec["type"] == "commune-actuelle":
            kind = "c"
        elif rec["type"] == "arrondissement-municipal":
            kind = "a"
        else:
            continue
        names = sorted(n for n in former.get(rec["code"], ()) if n != rec["nom"])
        postal = sorted(rec.get("codesPostaux", []))
        rows.append([rec["code"], rec["nom"], rec["departement"], postal,
                     int(rec.get("population", 0)), kind, names])
    # Sorted as the runtime lists them (département, then name), so it need not sort on load.
    rows.sort(key=lambda r: (r[2].rjust(3, "0"), fold(r[1]), r[0]))
    return rows


def build_academies(
    curated: dict[str, Any], departements: Iterable[list[str | None]]
) -> list[dict[str, Any]]:
    """code, name, portal label, long name, région académique, départements."""
    # A COM is its own region in the source: the région académique is that of the DEP/DROM.
    region_of = {str(d[0]): str(d[5]) for d in departements if d[4] != "com"}
    rows = []
    for acad in curated["academies"]:
        regions = sorted({region_of[d] for d in acad["departements"] if d in region_of})
        of = acad["of"]
        rows.append({
            "code": acad["code"],
            "name": acad["name"],
            "label": f"ACADÉMIE {of.upper()}{acad['name'].upper()}",
            "long_name": f"Académie {of}{acad['name']}",
            "region_academique": regions[0] if len(regions) == 1 else " / ".join(regions),
            "departements": acad["departements"],
        })
    rows.sort(key=lambda r: fold(r["name"]))
    return rows


def dump(path: Path, meta: dict[str, Any], items: list[Any]) -> None:
    """One item per line: compact, yet a diff shows which entries changed."""
    lines = [json.dumps(item, ensure_ascii=False, separators=(",", ":")) for item in items]
    head = json.dumps(meta, ensure_ascii=False, separators=(",", ":"))
    body = ",\n".join(lines)
    path.write_text(f'{{"meta":{head},\n"items":[\n{body}\n]}}\n', encoding="utf-8")


def build(out_dir: Path, node_modules: Sequence[Path]) -> dict[str, int]:
    """Write every list into out_dir; return the item count of each."""
    decoupage = find_package(DECOUPAGE, node_modules)
    nationality = find_package(NATIONALITY, node_modules)
    overrides = read_json(SOURCES_DIR / "overrides.json")
    curated_academies = read_json(SOURCES_DIR / "academies.json")
    pcs = read_json(SOURCES_DIR / "pcs.json")
    academy_of = {d: a["code"] for a in curated_academies["academies"] for d in a["departements"]}

    lists: dict[str, tuple[dict[str, Any], list[Any]]] = {}
    npm_src = f"npm {DECOUPAGE}@{PINNED[DECOUPAGE]}"
    lists["countries"] = (
        {"source": f"PyPI pycountry {PINNED['pycountry']} (ISO 3166-1, French gettext catalogue)",
         "columns": ["code", "label", "name"]},
        build_countries(overrides))
    lists["nationalities"] = (
        {"source": f"npm {NATIONALITY}@{PINNED[NATIONALITY]} langs/fr.json",
         "columns": ["code", "label"]},
        build_nationalities(nationality, overrides))
    departements = build_departements(decoupage, academy_of)
    lists["departements"] = (
        {"source": f"{npm_src} data/departements.json, regions.json",
         "columns": ["code", "display_code", "label", "name", "zone", "region", "academy"]},
        departements)
    lists["communes"] = (
        {"source": f"{npm_src} data/communes.json",
         "columns": ["code", "name", "departement", "postal_codes", "population", "kind",
                     "former_names"]},
        build_communes(decoupage))
    lists["pcs"] = ({"source": pcs["source"], "columns": ["code", "label"]}, pcs["items"])
    lists["academies"] = (
        {"source": curated_academies["source"],
         "outside_academies": curated_academies["outside_academies"]},
        build_academies(curated_academies, departements))

    out_dir.mkdir(parents=True, exist_ok=True)
    for name, (meta, items) in lists.items():
        dump(out_dir / f"{name}.json", meta, items)
    return {name: len(items) for name, (_, items) in lists.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REFERENCE_DIR, help="output folder")
    parser.add_argument("--node-modules", type=Path, action="append", dest="node_modules",
                        help="folder holding the npm packages (repeatable; default ./node_modules "
                             "and $BUILD_REFERENCE_NODE_MODULES)")
    args = parser.parse_args(argv)
    try:
        counts = build(args.out, args.node_modules or default_node_modules())
    except SourceError as exc:
        print(f"build_reference: {exc}", file=sys.stderr)
        return 1
    for name, count in counts.items():
        print(f"{name}: {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
