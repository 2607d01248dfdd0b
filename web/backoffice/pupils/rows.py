"""One line of a pupils' CSV checked: identity, class, establishment, speciality, category.

Columns (headers compared without case nor accents, in any order; `;` or `,`):
uai, classe, nom, prenoms, date_naissance, sexe, specialite, categorie, forme, and
optionally nom_usage and email. Every refusal is a French sentence naming the line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from engine.csvtext import MSG_FORMULA, formula_start
from engine.establishments import uai_is_valid
from engine.spec.model import Exam
from web.core.forms import parse_date
from web.core.text import search_key

REQUIRED = ("uai", "classe", "nom", "prenoms", "date_naissance", "sexe", "specialite",
            "categorie", "forme")
OPTIONAL = ("nom_usage", "email")
ALIASES = {
    "prenom": "prenoms", "prenom(s)": "prenoms", "date_de_naissance": "date_naissance",
    "nom_de_naissance": "nom", "nom_de_famille": "nom", "uai_etablissement": "uai",
    "etablissement": "uai", "forme_de_passage": "forme", "categorie_candidat": "categorie",
    "nom_d_usage": "nom_usage", "adresse_mail": "email", "mail": "email",
}
SPECIALITY_COLUMN = "specialite"
NAME_CHARS = re.compile(r"^[^\W\d_]+(?:[ '’\-][^\W\d_]+)*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CLASS_MAX, NAME_MAX, FIRST_NAMES_MAX = 40, 100, 150
SEXES = {"M": "M", "H": "M", "MASCULIN": "M", "F": "F", "FEMININ": "F"}
FORMES = {"GLOBALE": "globale", "FORME GLOBALE": "globale", "PROGRESSIVE": "progressive",
          "FORME PROGRESSIVE": "progressive"}


def required_columns(exam: Exam) -> tuple[str, ...]:
    """The columns a file must have: an exam without specialities (the CFG) has no
    speciality column to fill (one left empty is accepted)."""
    if exam.specialities:
        return REQUIRED
    return tuple(c for c in REQUIRED if c != SPECIALITY_COLUMN)


@dataclass(frozen=True)
class PupilRow:
    """A line accepted: what the import creates for it."""

    number: int
    uai: str
    class_label: str
    nom: str
    nom_usage: str
    prenoms: str
    born: date
    sexe: str
    speciality: str
    category: str
    forme: str
    email: str

    @property
    def identity_key(self) -> str:
        return f"{search_key(self.nom)}|{search_key(self.prenoms)}|{self.born.isoformat()}"


@dataclass(frozen=True)
class Context:
    """What the lines are checked against: the exam of the session, its year, the academy's
    establishments (code → label)."""

    exam: Exam
    year: int
    month: int
    academy_label: str
    session_label: str
    establishments: Mapping[str, str]

    def speciality_choices(self) -> list[tuple[str, str]]:
        """(code, label) of the specialities and variants this session admits, in order."""
        found: list[tuple[str, str]] = []
        for sp in self.exam.specialities:
            if sp.sessions is not None and not sp.sessions.admits(self.year, self.month):
                continue
            for code, label, window in [(sp.code, sp.label, None),
                                        *((v.code, v.label, v.sessions) for v in sp.variants)]:
                if window is None or window.admits(self.year, self.month):
                    found.append((code, label))
        return found

    def specialities(self) -> dict[str, str]:
        """search key of a code or label → the code, for the specialities of this session."""
        found: dict[str, str] = {}
        for code, label in self.speciality_choices():
            found[search_key(code)] = code
            found[search_key(label)] = code
        return found

    def categories(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for c in self.exam.categories:
            found[search_key(c.code)] = c.code
            found[search_key(c.label)] = c.code
        return found


class Checker:
    """Checks the lines of one file against one context (lookups built once)."""

    def __init__(self, context: Context, today: date) -> None:
        self.context = context
        self.today = today
        self._specialities = context.specialities()
        self._categories = context.categories()
        self._formes = {c.code: c.formes for c in context.exam.categories}

    def check(self, n: int, line: Mapping[str, str]) -> PupilRow | list[str]:
        problems = [MSG_FORMULA.format(n=n, column=column, start=start.strip() or "tabulation")
                    for column, value in line.items()
                    if (start := formula_start(value))]
        if problems:
            return problems
        ctx = self.context
        uai = line.get("uai", "").upper()
        if not uai:
            problems.append(f"Ligne {n} : l'UAI de l'établissement manque.")
        elif not uai_is_valid(uai):
            problems.append(f"Ligne {n} : l'UAI « {uai} » n'est pas valide.")
        elif uai not in ctx.establishments:
            problems.append(f"Ligne {n} : l'UAI {uai} n'est pas un établissement de "
                            f"{ctx.academy_label}.")
        class_label = " ".join(line.get("classe", "").split())
        if not class_label:
            problems.append(f"Ligne {n} : la classe manque.")
        elif len(class_label) > CLASS_MAX:
            problems.append(f"Ligne {n} : la classe dépasse {CLASS_MAX} caractères.")
        nom = self._name(n, line.get("nom", ""), "le nom", NAME_MAX, problems)
        nom_usage = self._name(n, line.get("nom_usage", ""), "le nom d'usage", NAME_MAX,
                               problems, required=False)
        prenoms = self._name(n, line.get("prenoms", ""), "le prénom", FIRST_NAMES_MAX, problems)
        born = self._born(n, line.get("date_naissance", ""), problems)
        sexe = SEXES.get(search_key(line.get("sexe", "")))
        if sexe is None:
            problems.append(f"Ligne {n} : le sexe doit être M ou F.")
        speciality = self._speciality(n, line.get(SPECIALITY_COLUMN, ""), problems)
        category = self._categories.get(search_key(line.get("categorie", "")))
        forme = ""
        if category is None:
            problems.append(f"Ligne {n} : la catégorie « {line.get('categorie', '')} » "
                            f"n'existe pas pour l'examen {ctx.exam.short_label}.")
        else:
            forme = self._forme(n, line.get("forme", ""), category, problems)
        email = line.get("email", "")
        if email and (not EMAIL.match(email) or len(email) > 254):
            problems.append(f"Ligne {n} : l'adresse mail « {email} » n'est pas valide.")
        if problems or born is None or sexe is None or speciality is None or category is None:
            return problems
        return PupilRow(n, uai, class_label, nom, nom_usage, prenoms, born, sexe, speciality,
                        category, forme, email.lower())

    def _speciality(self, n: int, raw: str, problems: list[str]) -> str | None:
        ctx = self.context
        if not ctx.exam.specialities:
            if raw.strip():
                problems.append(f"Ligne {n} : l'examen {ctx.exam.short_label} n'a pas de "
                                f"spécialité : laissez la colonne specialite vide (« {raw} »).")
                return None
            return ""
        speciality = self._specialities.get(search_key(raw))
        if speciality is None:
            problems.append(f"Ligne {n} : la spécialité « {raw} » n'existe pas pour l'examen "
                            f"{ctx.exam.short_label} de la session {ctx.session_label}.")
        return speciality

    @staticmethod
    def _name(n: int, raw: str, what: str, limit: int, problems: list[str],
              required: bool = True) -> str:
        text = " ".join(raw.split())
        if not text:
            if required:
                problems.append(f"Ligne {n} : {what} manque.")
        elif len(text) > limit:
            problems.append(f"Ligne {n} : {what} dépasse {limit} caractères.")
        elif not NAME_CHARS.match(text):
            problems.append(f"Ligne {n} : {what} « {text} » ne doit contenir que des lettres, "
                            "des espaces, des traits d'union et des apostrophes.")
        return text

    def _born(self, n: int, raw: str, problems: list[str]) -> date | None:
        found = parse_date(raw) if raw else None
        if found is None:
            problems.append(f"Ligne {n} : la date de naissance « {raw} » n'est pas une date "
                            "valide (JJ/MM/AAAA).")
        elif found >= self.today or found.year < 1900:
            problems.append(f"Ligne {n} : la date de naissance {found:%d/%m/%Y} est "
                            "impossible.")
            return None
        return found

    def _forme(self, n: int, raw: str, category: str, problems: list[str]) -> str:
        allowed = self._formes.get(category, ())
        if not raw and len(allowed) == 1:
            return allowed[0]
        forme = FORMES.get(search_key(raw))
        if forme is None or forme not in allowed:
            shown = " ou ".join(allowed) or "aucune"
            problems.append(f"Ligne {n} : la forme de passage « {raw} » n'est pas permise à "
                            f"cette catégorie ({shown}).")
        return forme or ""
