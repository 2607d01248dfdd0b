"""Two versions of exams/cap.yaml for the diff tests: the shipped one and a next one.

The next version adds a speciality (Boulanger), raises the coefficient of Cuisine's EP1
from 4 to 5 and removes arabe from the optional language's choices; `migrations` adds
rules to the next version.
"""

from __future__ import annotations

from pathlib import Path

CAP = Path(__file__).resolve().parents[2] / "exams" / "cap.yaml"

BOULANGER = """
  - code: boulanger
    label: Boulanger
    units:
      - code: EP1
        label: Production et commercialisation de produits de boulangerie
        group: obligatoires
        kind: ecrit_pratique
        coefficient: 13
        duration: 6 h
      - code: EP2
        label: Production de viennoiseries
        group: obligatoires
        kind: pratique
        coefficient: 4
        duration: 3 h
      - EG1
      - EG2
      - EG3
      - EG4
      - UF_LV
"""

MIGRATIONS = """
migrations:
  - accept: [coefficient]
    only: [EP1]
    sessions_from: 2027
    reason: Arrêté modifiant le coefficient de l'EP1 de Cuisine à compter de la session 2027
  - accept: [language_removed]
    only: [arabe]
    reason: L'arabe n'est plus proposé en langue facultative
"""


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"exams/cap.yaml changed: {old!r} is not written once"
    return text.replace(old, new)


def next_cap(migrations: str = "") -> str:
    """The text of the next version of exams/cap.yaml."""
    text = CAP.read_text(encoding="utf-8")
    text = _replace_once(text, 'version: "2026.1"', 'version: "2027.1"')
    text = _replace_once(
        text,
        "        coefficient: 4\n        duration: 2 h\n",
        "        coefficient: 5\n        duration: 2 h\n",
    )
    text = _replace_once(
        text,
        "    languages: [anglais, allemand, espagnol, italien, portugais, arabe]\n    modes:",
        "    languages: [anglais, allemand, espagnol, italien, portugais]\n    modes:",
    )
    text = _replace_once(text, "      - UF_LV\n\nacquis:", f"      - UF_LV\n{BOULANGER}\nacquis:")
    return text + migrations


def write_next_cap(folder: Path, migrations: str = "") -> Path:
    """The next version written as folder/cap.yaml (its fragments come from exams/common/)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "cap.yaml"
    path.write_text(next_cap(migrations), encoding="utf-8")
    return path
