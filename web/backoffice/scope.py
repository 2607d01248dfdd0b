"""What a staff member may see and act on: its academy's data, or everything for the admin.

Every back-office query on sessions, candidatures, pieces and exports goes through here, so
that the academy restriction is written once and not route by route.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user
from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from web.core import reference
from web.core.models import Account, Candidature, ExamSession, SessionAcademy

T = TypeVar("T", bound=tuple[Any, ...])


@dataclass(frozen=True)
class Scope:
    """The academies a staff member works for (None: every academy, national administrator)."""

    account_id: int
    academies: frozenset[str] | None

    @property
    def national(self) -> bool:
        return self.academies is None

    def allows(self, academy_code: str) -> bool:
        return self.academies is None or academy_code in self.academies

    def where(self, query: Select[T], column: ColumnElement[str] | Any) -> Select[T]:
        """`query` restricted to rows whose `column` is one of the scope's academies."""
        if self.academies is None:
            return query
        return query.where(column.in_(sorted(self.academies)))

    def academy_choices(self) -> list[tuple[str, str]]:
        """(code, label) of the academies this staff member may pick (forms, filters)."""
        return [(c, label) for c, label in reference.academies() if self.allows(c)]

    # ------------------------------------------------------------------ lookups (or 404)

    def candidatures(self) -> Select[tuple[Candidature]]:
        return self.where(select(Candidature), Candidature.academy_code)

    def candidature_or_404(self, db: Session, candidature_id: int) -> Candidature:
        found = db.get(Candidature, candidature_id)
        if found is None or not self.allows(found.academy_code):
            abort(404)  # another academy's candidature looks missing
        return found

    def session_parts(self) -> Select[tuple[SessionAcademy]]:
        return self.where(select(SessionAcademy), SessionAcademy.academy_code)

    def session_part_or_404(
        self, db: Session, session_id: int, academy_code: str
    ) -> SessionAcademy:
        found = db.scalar(select(SessionAcademy).where(
            SessionAcademy.session_id == session_id, SessionAcademy.academy_code == academy_code
        ))
        if found is None or not self.allows(found.academy_code):
            abort(404)
        return found

    def session_or_404(self, db: Session, session_id: int) -> ExamSession:
        """A session in which at least one of the scope's academies takes part."""
        found = db.get(ExamSession, session_id)
        if found is None or not any(self.allows(p.academy_code) for p in found.academies):
            if found is None or not self.national:
                abort(404)
        return found


def scope_of(account: Account) -> Scope:
    if account.is_admin:
        return Scope(account.id, None)
    return Scope(account.id, frozenset({account.academy_code}) if account.academy_code
                 else frozenset())


def current_scope() -> Scope:
    account: Account = current_user._get_current_object()  # type: ignore[attr-defined]
    return scope_of(account)
