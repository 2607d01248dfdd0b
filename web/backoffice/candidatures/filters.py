"""The candidatures list's search and filters: read from GET parameters, turned into SQL.

Every criterion lands on an indexed column (the candidature's filter columns, the account's
name keys, birth date, email key and candidate number); the exam becomes the list of its
sessions so that the (academy, session, state) index serves it. The scope's academy
restriction is added by the caller through `Scope.where`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from engine.spec.model import Exam
from web.candidate.pieces.status import PIECES_STATUS_LABELS
from web.core.candidature_states import STATE_LABELS
from web.core.models import Account, Candidature, ExamSession
from web.core.text import prefix_bounds, search_key

# Where the pieces stand, in the pieces area's own words (one place for the labels).
PIECES_LABELS = PIECES_STATUS_LABELS
YES_NO = {"oui": "Oui", "non": "Non"}
MAX_SEARCH = 100

_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_CANDIDATE_NUMBER = re.compile(r"^\d{11}$")  # web.registration.numbers: 0, the year, a serial
_INSCRIPTION_NUMBER = re.compile(r"^\d{1,10}$")

SEARCH_KINDS = {
    "name": "nom",
    "birth_date": "date de naissance",
    "candidate_number": "numéro candidat",
    "inscription_number": "numéro d'inscription",
    "email": "adresse mail",
}


@dataclass(frozen=True)
class Search:
    """What the search box holds, recognised by its form; `problem` when it cannot be used."""

    kind: str = ""
    value: Any = None
    problem: str = ""

    @property
    def needs_account(self) -> bool:
        return self.kind in ("name", "birth_date", "candidate_number", "email")

    @property
    def label(self) -> str:
        return SEARCH_KINDS.get(self.kind, "")


def classify(text: str) -> Search:
    """'12/03/2001' a birth date, an address with @, 11 digits a candidate number, fewer
    digits an inscription number, anything else the start of a birth or usage name."""
    text = " ".join(text.split())[:MAX_SEARCH]
    if not text:
        return Search()
    found = _DATE.match(text)
    if found:
        day, month, year = (int(part) for part in found.groups())
        try:
            return Search("birth_date", date(year, month, day))
        except ValueError:
            return Search("birth_date", None,
                          f"La date « {text} » n'existe pas : saisissez une date de naissance "
                          "au format jj/mm/aaaa, par exemple 30/05/1998.")
    if "@" in text:
        return Search("email", text.lower())
    if _CANDIDATE_NUMBER.match(text):
        return Search("candidate_number", text)
    if _INSCRIPTION_NUMBER.match(text):
        return Search("inscription_number", f"{int(text):03d}")
    key = search_key(text)
    if not key:
        return Search("name", None, "Saisissez au moins une lettre du nom recherché.")
    return Search("name", key)


def printable(text: str) -> str:
    """Without control characters (PostgreSQL refuses a NUL in a string)."""
    return "".join(c if c.isprintable() else " " for c in text)


def _text(args: Mapping[str, Any], name: str, allowed: Mapping[str, str] | None = None) -> str:
    value = printable(str(args.get(name, "") or "")[:MAX_SEARCH]).strip()
    if allowed is not None and value not in allowed:
        return ""
    return value


def _number(args: Mapping[str, Any], name: str) -> int | None:
    value = str(args.get(name, "") or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


@dataclass(frozen=True)
class Filters:
    """The list's criteria, as the GET parameters of a bookmarkable address hold them."""

    recherche: str = ""
    examen: str = ""
    session: int | None = None
    specialite: str = ""
    categorie: str = ""
    etat: str = ""
    pieces: str = ""
    amenagement: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> Filters:
        """Unknown or malformed values are ignored (a hand-edited address never fails)."""
        return cls(
            recherche=_text(args, "recherche"),
            examen=_text(args, "examen"),
            session=_number(args, "session"),
            specialite=_text(args, "specialite"),
            categorie=_text(args, "categorie"),
            etat=_text(args, "etat", STATE_LABELS),
            pieces=_text(args, "pieces", PIECES_LABELS),
            amenagement=_text(args, "amenagement", YES_NO),
            page=max(1, _number(args, "page") or 1),
        )

    def args(self, **changes: Any) -> dict[str, Any]:
        """The non-empty criteria as GET parameters (page 1 left out), with `changes`."""
        values = asdict(replace(self, **changes))
        if values["page"] == 1:
            values.pop("page")
        return {k: v for k, v in values.items() if v not in ("", None)}

    @property
    def search(self) -> Search:
        return classify(self.recherche)

    @property
    def active(self) -> bool:
        return bool(self.args(page=1))


def speciality_codes(exams: Mapping[str, Exam], exam_code: str, code: str) -> list[str]:
    """`code` and, when it names a speciality, its variants (their candidates belong to it)."""
    codes = {code}
    for exam in exams.values():
        if exam_code and exam.code != exam_code:
            continue
        for speciality in exam.specialities:
            if speciality.code == code:
                codes.update(v.code for v in speciality.variants)
    return sorted(codes)


def search_clause(search: Search) -> ColumnElement[bool] | None:
    if search.kind == "name":
        low, high = prefix_bounds(search.value)
        return or_(and_(Account.name_key >= low, Account.name_key < high),
                   and_(Account.usage_name_key >= low, Account.usage_name_key < high))
    if search.kind == "birth_date":
        return Account.date_naissance == search.value
    if search.kind == "candidate_number":
        return Account.candidate_number == search.value
    if search.kind == "email":
        return Account.email_key == search.value
    if search.kind == "inscription_number":
        return Candidature.inscription_number == search.value
    return None


@dataclass(frozen=True)
class Criteria:
    """The WHERE clauses of the filters, and whether they read the account's columns."""

    clauses: tuple[ColumnElement[bool], ...]
    needs_account: bool
    impossible: bool  # a criterion nothing can match (unusable search, exam without session)


def criteria(
    db: Session, filters: Filters, exams: Callable[[], Mapping[str, Exam]]
) -> Criteria:
    clauses: list[ColumnElement[bool]] = []
    impossible = False
    if filters.session is not None:
        clauses.append(Candidature.session_id == filters.session)
    if filters.examen:
        session_ids = list(db.scalars(
            select(ExamSession.id).where(ExamSession.exam_code == filters.examen)
        ))
        impossible = not session_ids
        clauses.append(Candidature.session_id.in_(session_ids))
    if filters.etat:
        clauses.append(Candidature.state == filters.etat)
    if filters.specialite:
        codes = speciality_codes(exams(), filters.examen, filters.specialite)
        clauses.append(Candidature.speciality_code.in_(codes))
    if filters.categorie:
        clauses.append(Candidature.category_code == filters.categorie)
    if filters.pieces:
        clauses.append(Candidature.pieces_status == filters.pieces)
    if filters.amenagement:
        # "= true", not "IS true": only the former can use the index on PostgreSQL.
        wanted = filters.amenagement == "oui"
        clauses.append(Candidature.accommodation_requested == wanted)
    search = filters.search
    if search.problem:
        impossible = True
    found = search_clause(search) if not search.problem else None
    if found is not None:
        clauses.append(found)
    return Criteria(tuple(clauses), search.needs_account, impossible)
