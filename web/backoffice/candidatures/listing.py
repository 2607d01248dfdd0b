"""One page of the candidatures list, and the choices its filters offer, within the scope."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select, union
from sqlalchemy.orm import Session

from engine.spec.model import Exam
from web.backoffice.candidatures.filters import PIECES_LABELS, YES_NO, Criteria, Filters, criteria
from web.backoffice.candidatures.labels import ExamLabels, exam_labels, state_label, yes_no
from web.backoffice.scope import Scope
from web.core import reference
from web.core.candidature_states import STATE_LABELS
from web.core.models import Account, Candidature, ExamSession, RegistrationPeriod, SessionAcademy
from web.registration.context import exam_of, exams

PAGE_SIZE = 50


@dataclass(frozen=True)
class Row:
    """One line of the list, every code already in French."""

    id: int
    inscription_number: str
    candidate_number: str
    birth_name: str
    usage_name: str
    first_names: str
    birth_date: date | None
    email: str
    exam_label: str
    session_label: str
    academy_label: str
    speciality: str
    category: str
    state: str
    state_label: str
    pieces: str
    accommodation: str


@dataclass(frozen=True)
class Page:
    rows: tuple[Row, ...]
    total: int
    page: int
    pages: int


def _exams() -> Mapping[str, Exam]:
    try:
        return exams()
    except Exception:  # noqa: BLE001 - a broken spec hides its specialities, never the list
        return {}


def filter_criteria(db: Session, filters: Filters) -> Criteria:
    return criteria(db, filters, _exams)


def selected(scope: Scope, found: Criteria, *columns: Any) -> Select[Any]:
    """SELECT `columns` of the scope's candidatures matching `found`, account and session joined."""
    query = (
        select(*columns).select_from(Candidature)
        .join(Account, Account.id == Candidature.account_id)
        .join(ExamSession, ExamSession.id == Candidature.session_id)
    )
    return scope.where(query, Candidature.academy_code).where(*found.clauses)


def ordered(query: Select[Any], filters: Filters) -> Select[Any]:
    """Names in order for a name search, else the latest candidatures first."""
    if filters.search.kind == "name":
        return query.order_by(Account.name_key, Account.prenoms, Candidature.id)
    return query.order_by(Candidature.id.desc())


def count_query(scope: Scope, found: Criteria) -> Select[Any]:
    """How many match: the account joined only when a criterion reads it."""
    query = select(func.count()).select_from(Candidature)
    if found.needs_account:
        query = query.join(Account, Account.id == Candidature.account_id)
    return scope.where(query, Candidature.academy_code).where(*found.clauses)


def count(db: Session, scope: Scope, found: Criteria) -> int:
    return int(db.scalar(count_query(scope, found)) or 0)


def row_of(candidature: Candidature, account: Account, session_label: str,
           labels: ExamLabels) -> Row:
    return Row(
        id=candidature.id,
        inscription_number=candidature.inscription_number or "",
        candidate_number=account.candidate_number or "",
        birth_name=account.nom_naissance,
        usage_name=account.nom_usage,
        first_names=account.prenoms,
        birth_date=account.date_naissance,
        email=account.email,
        exam_label=labels.short_label,
        session_label=session_label,
        academy_label=reference.academy_label(candidature.academy_code),
        speciality=labels.speciality(candidature.speciality_code),
        category=labels.category(candidature.category_code),
        state=candidature.state,
        state_label=state_label(candidature.state),
        pieces=PIECES_LABELS.get(candidature.pieces_status, candidature.pieces_status),
        accommodation=yes_no(candidature.accommodation_requested),
    )


def page_of(db: Session, scope: Scope, filters: Filters) -> Page:
    found = filter_criteria(db, filters)
    if found.impossible:
        return Page((), 0, 1, 1)
    total = count(db, scope, found)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(filters.page, pages)
    query = ordered(selected(scope, found, Candidature, Account, ExamSession.label), filters)
    rows = db.execute(query.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    # Once per exam, not per row: finding a spec checks its files.
    labels = {code: exam_labels(code) for code in {c.exam_code for c, _, _ in rows}}
    return Page(tuple(row_of(c, a, label, labels[c.exam_code]) for c, a, label in rows),
                total, page, pages)


# ---------------------------------------------------------------------------- filter choices


@dataclass(frozen=True)
class Choices:
    exams: tuple[tuple[str, str], ...]
    sessions: tuple[tuple[int, str], ...]
    # (exam label, ((code, label), ...)) for the <optgroup>s of the two selects.
    specialities: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    categories: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    states: tuple[tuple[str, str], ...] = tuple(STATE_LABELS.items())
    pieces: tuple[tuple[str, str], ...] = tuple(PIECES_LABELS.items())
    yes_no: tuple[tuple[str, str], ...] = tuple(YES_NO.items())


def scope_sessions(db: Session, scope: Scope) -> list[ExamSession]:
    """Sessions in which the scope's academies take part (an opened part or a period)."""
    ids = union(
        scope.where(select(SessionAcademy.session_id), SessionAcademy.academy_code),
        scope.where(select(RegistrationPeriod.session_id), RegistrationPeriod.academy_code),
    ).subquery()
    return list(db.scalars(
        select(ExamSession).where(ExamSession.id.in_(select(ids.c.session_id)))
        .order_by(ExamSession.year.desc(), ExamSession.exam_code, ExamSession.label)
    ))


def choices(db: Session, scope: Scope, filters: Filters) -> Choices:
    sessions = scope_sessions(db, scope)
    codes = sorted({s.exam_code for s in sessions})
    labels = {code: exam_labels(code) for code in codes}
    shown = [c for c in codes if not filters.examen or c == filters.examen]
    specialities, categories = [], []
    for code in shown:
        exam = exam_of(code)
        if exam is None:
            continue
        offered: list[tuple[str, str]] = []
        for speciality in exam.specialities:
            offered.append((speciality.code, speciality.label))
            offered.extend((v.code, v.label) for v in speciality.variants)
        if offered:
            specialities.append((labels[code].short_label, tuple(offered)))
        if exam.categories:
            categories.append((labels[code].short_label,
                               tuple((c.code, c.label) for c in exam.categories)))
    session_choices = tuple(
        (s.id, f"{labels[s.exam_code].short_label} - {s.label}") for s in sessions
        if not filters.examen or s.exam_code == filters.examen
    )
    return Choices(tuple((c, labels[c].short_label) for c in codes), session_choices,
                   tuple(specialities), tuple(categories))
