"""Importing school pupils from a CSV: all the lines, or none.

`plan` reads the file and checks every line (the rules of web.backoffice.pupils.rows, then
duplicates within the file and with pupils already imported into the session); a single
refused line refuses the whole file, with every refused line's number and reason. `apply`
writes an accepted plan in bulk (a few INSERTs of many rows each): the accounts with their
login nom.prenomN and initial-password seed, the candidatures in the state "pré-inscrit"
with the imported answers, and the pupils' class rows, then one audit entry.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from engine import csvtext
from engine.answers import normalize_value
from engine.spec.model import Exam
from engine.wizard import initial_answers
from web.account.services import email_key
from web.backoffice import audit
from web.backoffice.establishments import academy_phrase
from web.backoffice.pupils.logins import LoginAllocator, login_base
from web.backoffice.pupils.rows import ALIASES, Checker, Context, PupilRow, required_columns
from web.core import establishments, initial_password
from web.core.models import (
    CANDIDATURE_PREREGISTERED,
    Account,
    Candidature,
    ExamSession,
    SchoolPupil,
    utcnow,
)
from web.core.text import search_key
from web.registration.indexing import filter_columns

MAX_BYTES = 4 * 1024 * 1024
MAX_LINES = 20_000
ESTABLISHMENT_FIELD = "etablissement"
_CHUNK = 500


@dataclass(frozen=True)
class Target:
    """Where the pupils are pre-registered: an exam session, in one academy."""

    exam: Exam
    session: ExamSession
    academy_code: str


@dataclass(frozen=True)
class PupilPlan:
    rows: tuple[PupilRow, ...]
    refused: tuple[str, ...]
    digest: str

    @property
    def accepted(self) -> bool:
        return bool(self.rows) and not self.refused

    @property
    def classes(self) -> list[tuple[str, str, int]]:
        """(UAI, class, pupils) of the file, in order."""
        counts: dict[tuple[str, str], int] = {}
        for row in self.rows:
            counts[(row.uai, row.class_label)] = counts.get((row.uai, row.class_label), 0) + 1
        return [(uai, label, n) for (uai, label), n in sorted(counts.items())]


def decode(data: bytes, max_bytes: int = MAX_BYTES, max_lines: int = MAX_LINES) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 (a French spreadsheet's "CSV")."""
    return csvtext.decode(data, max_bytes, max_lines, csvtext.UTF8_OR_CP1252)


def context_of(db: Session, target: Target) -> Context:
    session = target.session
    offered = establishments.academy_list(db, target.academy_code).offered
    start = session.starts_on or date(session.year, 6, 1)
    return Context(
        exam=target.exam, year=session.year, month=start.month,
        academy_label=academy_phrase(target.academy_code),
        session_label=session.label,
        establishments={e.code: e.label for e in offered if e.uai},
    )


def _chunks(items: list[str]) -> list[list[str]]:
    return [items[i:i + _CHUNK] for i in range(0, len(items), _CHUNK)]


def _already_imported(db: Session, session_id: int, keys: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for chunk in _chunks(keys):
        found.update((k, v) for k, v in db.execute(
            select(SchoolPupil.identity_key, Account.login)
            .join(Account, Account.id == SchoolPupil.account_id)
            .where(SchoolPupil.session_id == session_id, SchoolPupil.identity_key.in_(chunk))
        ).all())
    return {k: v or "" for k, v in found.items()}


def _emails_taken(db: Session, emails: list[str]) -> set[str]:
    taken: set[str] = set()
    for chunk in _chunks(emails):
        taken.update(db.scalars(select(Account.email_key).where(Account.email_key.in_(chunk))))
    return taken


def plan(db: Session, target: Target, text: str, today: date | None = None) -> PupilPlan:
    """Every line checked; the rows to import, or the refused lines with their reason."""
    table = csvtext.read_table(text, required_columns(target.exam), ALIASES)
    refused: list[tuple[int, str]] = []
    checker = Checker(context_of(db, target), today or date.today())
    rows: list[PupilRow] = []
    first_line: dict[str, int] = {}
    emails: dict[str, int] = {}
    for n, line in table.rows():
        outcome = checker.check(n, line)
        if isinstance(outcome, list):
            refused.extend((n, p) for p in outcome)
            continue
        key = outcome.identity_key
        if key in first_line:
            refused.append((n, f"Ligne {n} : cet élève ({outcome.nom} {outcome.prenoms}, né(e) "
                               f"le {outcome.born:%d/%m/%Y}) figure déjà ligne "
                               f"{first_line[key]}."))
            continue
        if outcome.email and outcome.email in emails:
            refused.append((n, f"Ligne {n} : l'adresse mail {outcome.email} figure déjà ligne "
                               f"{emails[outcome.email]}."))
            continue
        first_line[key] = n
        if outcome.email:
            emails[outcome.email] = n
        rows.append(outcome)
    refused.extend((0, p) for p in table.problems)
    imported = _already_imported(db, target.session.id, list(first_line))
    taken = _emails_taken(db, list(emails))
    for row in rows:
        if row.identity_key in imported:
            refused.append((row.number, f"Ligne {row.number} : cet élève est déjà importé pour "
                                        f"cette session (identifiant "
                                        f"{imported[row.identity_key]})."))
        elif row.email and row.email in taken:
            refused.append((row.number, f"Ligne {row.number} : l'adresse mail {row.email} est "
                                        "déjà celle d'un compte du portail."))
    if not rows and not refused:
        refused.append((0, "Le fichier ne contient aucun élève."))
    refused.sort(key=lambda item: item[0])
    digest = hashlib.sha256(repr((rows, refused)).encode()).hexdigest()
    return PupilPlan(tuple(rows), tuple(p for _, p in refused), digest)


def _copied(value: Any) -> Any:
    """A copy of nested answers (dicts, lists, plain values): deepcopy's memo is not needed."""
    if isinstance(value, dict):
        return {k: _copied(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copied(v) for v in value]
    return value


class PupilAnswers:
    """The answers of a new candidature for one pupil: the exam's initial answers (its
    defaults) worked out once, then each pupil's account values and the establishment's."""

    def __init__(self, exam: Exam) -> None:
        self._base = initial_answers(exam)
        self._from_account = [(f, f.from_account or f.prefill) for f in exam.fields
                              if f.from_account or f.prefill]
        self._codes = {f.type: f.code for f in exam.fields
                       if f.type in ("category", "speciality", "forme")}

    def of(self, row: PupilRow) -> tuple[dict[str, Any], dict[str, Any]]:
        """The candidature's answers and the fields the establishment fixes."""
        return self.corrected(self._base, row)

    def corrected(self, answers: dict[str, Any], row: PupilRow,
                  keys: tuple[str, ...] | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
        """A copy of `answers` given the row's account values (only those of `keys`, when
        given), its establishment's fields and its forme; and the fields those fix."""
        account = {"sexe": row.sexe, "nom_naissance": row.nom, "nom_usage": row.nom_usage,
                   "prenoms": row.prenoms, "date_naissance": row.born, "pays_naissance": "FR",
                   "email": row.email}
        out = _copied(answers)
        fields = out.setdefault("fields", {})
        for f, key in self._from_account:
            if keys is not None and key not in keys:
                continue
            value = normalize_value(f, account.get(key)).value
            if value is not None:
                fields[f.code] = value
            elif keys is not None:  # a correction empties what the account no longer has
                fields.pop(f.code, None)
        codes = self._codes
        fixed = {ESTABLISHMENT_FIELD: row.uai}
        if "category" in codes:
            fixed[codes["category"]] = row.category
        if "speciality" in codes:
            fixed[codes["speciality"]] = row.speciality
        fields.update(fixed)
        if "forme" in codes:
            if row.forme:
                fields[codes["forme"]] = row.forme
            elif keys is not None:
                fields.pop(codes["forme"], None)
        return out, fixed


def _ids(db: Session, column: Any, key: Any, values: list[Any]) -> dict[Any, int]:
    """key → id of the rows just written (read back in chunks: no per-row RETURNING)."""
    found: dict[Any, int] = {}
    for start in range(0, len(values), _CHUNK):
        chunk = values[start:start + _CHUNK]
        found.update((k, i) for k, i in db.execute(select(key, column).where(key.in_(chunk))))
    return found


@dataclass(frozen=True)
class Imported:
    count: int
    classes: int


def apply(db: Session, actor: Account | None, target: Target, planned: PupilPlan,
          now: datetime | None = None) -> Imported:
    """Write the accepted plan (the caller commits)."""
    if not planned.accepted:
        raise ValueError("only an accepted plan is applied")
    now = now or utcnow()
    exam, session, academy = target.exam, target.session, target.academy_code
    make_answers = PupilAnswers(exam)
    logins = LoginAllocator.of_database(db, [login_base(r.nom, r.prenoms) for r in planned.rows])
    accounts, candidatures, pupils = [], [], []
    for row in planned.rows:
        base = login_base(row.nom, row.prenoms)
        login, number = logins.next(base)
        answers, fixed = make_answers.of(row)
        accounts.append({
            "email": row.email, "email_key": email_key(row.email) if row.email else "@" + login,
            "password_hash": "", "role": "candidat", "sexe": row.sexe,  # nosec B105
            "nom_naissance": row.nom, "nom_usage": row.nom_usage, "prenoms": row.prenoms,
            "date_naissance": row.born, "pays_naissance": "FR", "activated_at": now,
            "created_at": now, "session_version": 1,
            "name_key": search_key(row.nom)[:100],
            "usage_name_key": search_key(row.nom_usage)[:100],
            "login": login, "initial_password_seed": initial_password.new_seed(),
            "school_preset": {exam.code: fixed},
        })
        columns = filter_columns(exam, answers)
        candidatures.append({
            "exam_code": exam.code, "session_id": session.id, "academy_code": academy,
            "state": CANDIDATURE_PREREGISTERED, "created_at": now, "updated_at": now,
            "state_changed_at": now, "version": 0, "answers": answers,
            "spec_version": exam.version, "spec_hash": exam.source_hash,
            "speciality_code": columns.speciality_code, "category_code": columns.category_code,
            "accommodation_requested": False,
        })
        pupils.append({
            "session_id": session.id, "academy_code": academy, "establishment_code": row.uai,
            "class_label": row.class_label, "identity_key": row.identity_key,
            "login_base": base, "login_number": number, "imported_at": now,
            "imported_by": actor.email if actor is not None else "ligne de commande",
        })
    # Core executemany INSERTs (one statement, many rows each), the ids read back by login.
    db.execute(insert(Account.__table__), accounts)
    by_login = _ids(db, Account.id, Account.login, [a["login"] for a in accounts])
    account_ids = [by_login[a["login"]] for a in accounts]
    for values, account_id in zip(candidatures, account_ids, strict=True):
        values["account_id"] = account_id
    db.execute(insert(Candidature.__table__), candidatures)
    by_account = _ids(db, Candidature.id, Candidature.account_id, account_ids)
    for values, account_id in zip(pupils, account_ids, strict=True):
        values["account_id"], values["candidature_id"] = account_id, by_account[account_id]
    db.execute(insert(SchoolPupil.__table__), pupils)
    classes = len(planned.classes)
    audit.record(
        db, actor, "pupils.imported", academy_code=academy,
        summary=(f"Import de {len(pupils)} élève(s) de {classes} classe(s) pour "
                 f"{exam.short_label} {session.label}"),
        after={"session": session.id, "classes": [f"{u} {c}" for u, c, _ in planned.classes]},
    )
    return Imported(len(pupils), classes)
