"""One candidature's file as the office reads it: answers, units, versions, pieces, messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.forms import SummarySection, summary
from engine.rules import PieceLine, UnitLine
from engine.spec.model import Exam
from engine.wizard import WizardState
from web.backoffice import audit
from web.backoffice.candidatures.filters import PIECES_LABELS
from web.backoffice.candidatures.labels import (
    PIECE_STATUS_LABELS,
    ExamLabels,
    exam_labels,
    state_label,
)
from web.candidate.services import saved_state
from web.core import reference
from web.core.candidature_states import EXCLUDE, WITHDRAW_BY_OFFICE, can_move
from web.core.models import (
    DOCUMENT_CONFIRMATION,
    AcademyOffice,
    Account,
    AuditEntry,
    Candidature,
    CandidaturePiece,
    CandidatureVersion,
    Document,
    OutboxMessage,
    RegistrationPeriod,
    utcnow,
)
from web.core.session_calendar import current_or_last_period, open_period
from web.registration.context import exam_of, reopened


@dataclass(frozen=True)
class PieceRow:
    """A piece the rules ask for, with what the candidate gave and the office decided."""

    line: PieceLine
    record: CandidaturePiece | None

    @property
    def status_label(self) -> str:
        return PIECE_STATUS_LABELS.get(self.record.status if self.record else "", "Non contrôlée")

    @property
    def files(self) -> list[object]:
        return list(self.record.current_files) if self.record is not None else []


@dataclass(frozen=True)
class VersionRow:
    version: CandidatureVersion
    document: Document | None


@dataclass(frozen=True)
class Actions:
    """What the office may do with the candidature now, and why not when it may not."""

    edit: bool
    exclude: bool
    withdraw: bool
    reopen: bool
    reopen_refusal: str


@dataclass(frozen=True)
class CandidatureFile:
    candidature: Candidature
    account: Account
    labels: ExamLabels
    exam: Exam | None
    state: WizardState | None
    summary: tuple[SummarySection, ...]
    units: tuple[UnitLine, ...]
    pieces: tuple[PieceRow, ...]
    pieces_status: str
    versions: tuple[VersionRow, ...]
    messages: tuple[OutboxMessage, ...]
    history: tuple[AuditEntry, ...]
    state_label: str
    academy_label: str
    office: AcademyOffice | None
    period: RegistrationPeriod | None
    period_open: bool
    reopened_until: datetime | None
    actions: Actions


MSG_REOPEN_WHILE_OPEN = (
    "Le service d'inscription est encore ouvert : le candidat peut modifier sa candidature "
    "lui-même jusqu'à la clôture."
)
MSG_REOPEN_INACTIVE = "Seule une candidature à l'état « Inscrit » peut être rouverte."
MSG_REOPEN_SESSION_CLOSED = "La session est fermée : ses candidatures ne sont plus modifiables."


def reopen_refusal(db: Session, candidature: Candidature, now: datetime | None = None) -> str:
    """Why the candidature cannot be reopened for modification now ("" when it can)."""
    if not candidature.is_active:
        return MSG_REOPEN_INACTIVE
    if candidature.session.closed:
        return MSG_REOPEN_SESSION_CLOSED
    if open_period(db, candidature.session, candidature.academy_code, now) is not None:
        return MSG_REOPEN_WHILE_OPEN
    return ""


def actions_of(db: Session, candidature: Candidature, exam: Exam | None) -> Actions:
    refusal = reopen_refusal(db, candidature)
    return Actions(
        edit=candidature.is_active and exam is not None,
        exclude=can_move(candidature, EXCLUDE),
        withdraw=can_move(candidature, WITHDRAW_BY_OFFICE),
        reopen=not refusal,
        reopen_refusal=refusal,
    )


def _versions(db: Session, candidature: Candidature) -> tuple[VersionRow, ...]:
    documents = {
        d.version: d for d in db.scalars(select(Document).where(
            Document.candidature_id == candidature.id, Document.kind == DOCUMENT_CONFIRMATION))
    }
    return tuple(VersionRow(v, documents.get(v.version))
                 for v in sorted(candidature.versions, key=lambda v: -v.version))


def _pieces(db: Session, candidature: Candidature, state: WizardState | None
            ) -> tuple[PieceRow, ...]:
    if state is None:
        return ()
    records = {p.piece_code: p for p in db.scalars(
        select(CandidaturePiece).where(CandidaturePiece.candidature_id == candidature.id))}
    return tuple(PieceRow(line, records.get(line.code)) for line in state.pieces())


def file_of(db: Session, candidature: Candidature) -> CandidatureFile:
    account = db.get(Account, candidature.account_id)
    assert account is not None  # the foreign key forbids a candidature without its account
    exam = exam_of(candidature.exam_code)
    state = saved_state(db, account, candidature, exam) if exam is not None else None
    now = utcnow()
    messages = tuple(db.scalars(
        select(OutboxMessage).where(OutboxMessage.account_id == account.id)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    ))
    return CandidatureFile(
        candidature=candidature,
        account=account,
        labels=exam_labels(candidature.exam_code),
        exam=exam,
        state=state,
        summary=summary(state) if state is not None else (),
        units=state.units if state is not None else (),
        pieces=_pieces(db, candidature, state),
        pieces_status=PIECES_LABELS.get(candidature.pieces_status, candidature.pieces_status),
        versions=_versions(db, candidature),
        messages=messages,
        history=tuple(audit.history_of(db, "candidature", candidature.id)),
        state_label=state_label(candidature.state),
        academy_label=reference.academy_label(candidature.academy_code),
        office=db.get(AcademyOffice, candidature.academy_code),
        period=current_or_last_period(db, candidature.session, candidature.academy_code, now),
        period_open=open_period(db, candidature.session, candidature.academy_code, now)
        is not None,
        reopened_until=candidature.reopened_until if reopened(candidature, now) else None,
        actions=actions_of(db, candidature, exam),
    )
