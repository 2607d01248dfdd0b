"""The imported pupils as the back office lists them: the parts one can import into, the
classes, one class's pupils, and a new initial password given by the office."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from web.backoffice import audit
from web.backoffice.pupils.importer import Target
from web.backoffice.scope import Scope
from web.core import initial_password, reference
from web.core.models import (
    CANDIDATURE_PREREGISTERED,
    Account,
    Candidature,
    ExamSession,
    SchoolPupil,
    SessionAcademy,
    utcnow,
)
from web.registration.context import exam_of


@dataclass(frozen=True)
class Part:
    """A session opened in an academy, which pupils can be imported into."""

    id: int
    session: ExamSession
    academy_code: str

    @property
    def label(self) -> str:
        exam = exam_of(self.session.exam_code)
        name = exam.short_label if exam is not None else self.session.exam_code.upper()
        return f"{name} {self.session.label} - {reference.academy_label(self.academy_code)}"

    def target(self) -> Target | None:
        exam = exam_of(self.session.exam_code)
        return Target(exam, self.session, self.academy_code) if exam is not None else None


def importable_parts(db: Session, scope: Scope) -> list[Part]:
    """The open parts of the scope's academies whose exam the portal serves."""
    query = scope.where(
        select(SessionAcademy).join(ExamSession, ExamSession.id == SessionAcademy.session_id)
        .where(SessionAcademy.closed_at.is_(None), ExamSession.closed.is_(False))
        .order_by(ExamSession.exam_code, ExamSession.label, SessionAcademy.academy_code),
        SessionAcademy.academy_code)
    parts = [Part(p.id, p.session, p.academy_code) for p in db.scalars(query)]
    return [p for p in parts if exam_of(p.session.exam_code) is not None]


@dataclass(frozen=True)
class ClassLine:
    session_id: int
    session_label: str
    exam_code: str
    academy_code: str
    establishment_code: str
    class_label: str
    pupils: int
    preregistered: int
    printable: int


def classes(db: Session, scope: Scope) -> list[ClassLine]:
    """Every imported class of the scope: pupils, still pré-inscrits, slips printable."""
    query = scope.where(
        select(SchoolPupil.session_id, ExamSession.label, ExamSession.exam_code,
               SchoolPupil.academy_code, SchoolPupil.establishment_code,
               SchoolPupil.class_label, func.count(SchoolPupil.id),
               func.sum(case((Candidature.state == CANDIDATURE_PREREGISTERED, 1), else_=0)),
               func.sum(case((Account.initial_password_seed.is_not(None), 1), else_=0)))
        .join(ExamSession, ExamSession.id == SchoolPupil.session_id)
        .join(Candidature, Candidature.id == SchoolPupil.candidature_id)
        .join(Account, Account.id == SchoolPupil.account_id)
        .group_by(SchoolPupil.session_id, ExamSession.label, ExamSession.exam_code,
                  SchoolPupil.academy_code, SchoolPupil.establishment_code,
                  SchoolPupil.class_label)
        .order_by(ExamSession.exam_code, ExamSession.label, SchoolPupil.establishment_code,
                  SchoolPupil.class_label),
        SchoolPupil.academy_code)
    return [ClassLine(*row[:6], int(row[6]), int(row[7] or 0), int(row[8] or 0))
            for row in db.execute(query)]


def class_pupils(db: Session, scope: Scope, session_id: int, establishment: str,
                 class_label: str) -> list[SchoolPupil]:
    """The pupils of one class, by name (the scope's academies only)."""
    query = scope.where(
        select(SchoolPupil).join(Account, Account.id == SchoolPupil.account_id)
        .where(SchoolPupil.session_id == session_id,
               SchoolPupil.establishment_code == establishment,
               SchoolPupil.class_label == class_label)
        .order_by(Account.name_key, Account.prenoms, SchoolPupil.id),
        SchoolPupil.academy_code)
    return list(db.scalars(query))


def pupil_in_scope(db: Session, scope: Scope, pupil_id: int) -> SchoolPupil | None:
    found = db.get(SchoolPupil, pupil_id)
    return found if found is not None and scope.allows(found.academy_code) else None


def new_initial_password(db: Session, actor: Account, pupil: SchoolPupil,
                         now: datetime | None = None) -> None:
    """A new slip for a pupil who lost theirs: the old password (initial or chosen) stops
    working, every session of the account ends (the caller commits)."""
    now = now or utcnow()
    account = pupil.account
    account.initial_password_seed = initial_password.new_seed()
    account.password_hash = ""  # nosec B105 - no password until the pupil chooses one
    account.session_version += 1
    pupil.reset_at = now
    audit.record(db, actor, "pupils.password_reset", academy_code=pupil.academy_code,
                 target=("account", account.id),
                 summary=f"Nouveau mot de passe initial pour {account.login}")
