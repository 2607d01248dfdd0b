"""The candidatures as the space shows them: the active ones, cards, what needs attention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from flask import abort
from sqlalchemy import not_, or_, select
from sqlalchemy.orm import Session

from engine.forms import display_value
from engine.spec.model import Exam
from engine.wizard import WizardState, build_state
from web.candidate.pieces.groups import overview_of
from web.core.catalogue import is_part_closed, part_join
from web.core.models import (
    DOCUMENT_CONFIRMATION,
    DOCUMENT_STATEMENT,
    INACTIVE_STATES,
    AcademyOffice,
    Account,
    Candidature,
    Document,
    DocumentsViewed,
    ExamSession,
    RegistrationPeriod,
    SessionAcademy,
    utcnow,
)
from web.core.session_calendar import calendar_of, current_or_last_period, open_period
from web.registration.context import (
    academy_name,
    account_values,
    exam_of,
    modification_period,
    reopened,
)
from web.results.publication import published_at

MSG_PIECES_REQUESTED = "Votre candidature possède au moins une demande de pièce justificative."
MSG_DOCUMENT_TO_VIEW = "Votre candidature possède au moins un document à visualiser."
MSG_RESULTS_PUBLISHED = "Vos notes et votre résultat sont publiés : consultez Mes notes."
# The field that names the candidate's establishment, by the specs' shared convention.
ESTABLISHMENT_FIELD = "etablissement"


def _candidatures(db: Session, account_id: int, closed: bool) -> list[Candidature]:
    """The account's candidatures not désinscrite nor excluded, of sessions open (`closed`
    False) or closed nationally or by the academy's office (True), newest first."""
    session_closed = or_(ExamSession.closed.is_(True), SessionAcademy.closed_at.is_not(None))
    return list(
        db.scalars(
            select(Candidature)
            .join(ExamSession, ExamSession.id == Candidature.session_id)
            .outerjoin(SessionAcademy, part_join(Candidature.session_id,
                                                 Candidature.academy_code))
            .where(
                Candidature.account_id == account_id,
                Candidature.state.not_in(INACTIVE_STATES),
                session_closed if closed else not_(session_closed),
            )
            .order_by(Candidature.created_at.desc(), Candidature.id.desc())
        )
    )


def active_candidatures(db: Session, account_id: int) -> list[Candidature]:
    """The guide's Mes inscriptions: not désinscrite, not excluded, session not closed (neither
    nationally nor by the academy's office)."""
    return _candidatures(db, account_id, closed=False)


def closed_candidatures(db: Session, account_id: int) -> list[Candidature]:
    """Mes inscriptions' Sessions fermées: the candidatures not désinscrite nor excluded of a
    session closed nationally or by the academy's office, kept for their results and
    documents (read only)."""
    return _candidatures(db, account_id, closed=True)


def readable_candidature(db: Session, account: Account, candidature_id: int) -> Candidature:
    """The account's own candidature, not désinscrite nor excluded, whatever its session: for
    the pages that only show it (its menu, Mon inscription, Mes documents and their files,
    Mes notes). Anything else answers 404, so ids cannot be probed."""
    found = db.get(Candidature, candidature_id)
    if found is None or found.account_id != account.id or not found.is_active:
        abort(404)
    return found


def visible_candidature(db: Session, account: Account, candidature_id: int) -> Candidature:
    """The account's own candidature of a session still open: for every page that changes it
    (Modifier, désinscription, pieces); anything else answers 404.

    Another account's candidature, a désinscrite one and one of a closed session all look
    missing, so ids cannot be probed and a withdrawn candidature cannot be reopened by URL.
    """
    found = readable_candidature(db, account, candidature_id)
    if is_part_closed(db, found.session, found.academy_code):
        abort(404)
    return found


def is_closed(db: Session, candidature: Candidature) -> bool:
    """Whether the candidature's session is over for its academy (its pages are read only)."""
    return is_part_closed(db, candidature.session, candidature.academy_code)


def exam_or_404(candidature: Candidature) -> Exam:
    exam = exam_of(candidature.exam_code)
    if exam is None:
        abort(404)
    return exam


def period_open(db: Session, candidature: Candidature, now: datetime | None = None) -> bool:
    """Whether the candidate may still modify or withdraw (the registration period is open)."""
    return open_period(db, candidature.session, candidature.academy_code, now) is not None


def can_modify(db: Session, candidature: Candidature, now: datetime | None = None) -> bool:
    """Modifier: while the period is open, or after it until the office's reopening ends."""
    return modification_period(db, candidature, now) is not None


def reopened_until(candidature: Candidature, now: datetime | None = None) -> datetime | None:
    """The end of the office's reopening when it applies now (for the page to say so)."""
    return candidature.reopened_until if reopened(candidature, now) else None


def shown_period(db: Session, candidature: Candidature) -> RegistrationPeriod | None:
    return current_or_last_period(db, candidature.session, candidature.academy_code)


def saved_state(
    db: Session,
    account: Account,
    candidature: Candidature,
    exam: Exam,
    period: RegistrationPeriod | None | Literal[False] = False,
) -> WizardState:
    """The wizard state of the stored answers, as the Récapitulatif shows them (`period`:
    the candidature's shown_period when the caller has it already)."""
    if period is False:
        period = shown_period(db, candidature)
    return build_state(
        exam, candidature.answers,
        calendar_of(candidature.session, period, candidature.academy_code),
        account_values(account),
    )


def latest_documents(candidature: Candidature, now: datetime | None = None) -> list[Document]:
    """The latest version the candidate may see of each kind of document (published, its
    visibility moment reached), oldest kind first."""
    now = now or utcnow()
    latest: dict[str, Document] = {}
    for doc in candidature.documents:
        if not doc.is_visible(now):
            continue
        if doc.kind not in latest or doc.version > latest[doc.kind].version:
            latest[doc.kind] = doc
    return sorted(latest.values(), key=lambda d: d.id)


def documents_viewed_at(db: Session, candidature_id: int) -> datetime | None:
    row = db.get(DocumentsViewed, candidature_id)
    return row.viewed_at if row is not None else None


def mark_documents_viewed(db: Session, candidature_id: int, now: datetime | None = None) -> None:
    """Remember that the owner has looked at the documents (the caller commits)."""
    now = now or utcnow()
    row = db.get(DocumentsViewed, candidature_id)
    if row is None:
        db.add(DocumentsViewed(candidature_id=candidature_id, viewed_at=now))
    else:
        row.viewed_at = now


def attention_messages(
    db: Session, candidature: Candidature, state: WizardState, closed: bool = False
) -> list[str]:
    """The envelope's lines: a piece still to give or Non conforme (not once the session is
    closed: nothing can be given any more), documents published since the last visit."""
    messages: list[str] = []
    lines = [] if closed else state.pieces()
    if lines and overview_of(db, candidature, lines).needs_attention:
        messages.append(MSG_PIECES_REQUESTED)
    seen = documents_viewed_at(db, candidature.id)
    unseen = [d for d in latest_documents(candidature) if seen is None or d.shown_at > seen]
    if unseen:
        messages.append(MSG_DOCUMENT_TO_VIEW)
    # Published results whose relevé de notes the candidate has not opened yet.
    if published_at(db, candidature) is not None and any(
        doc.kind == DOCUMENT_STATEMENT for doc in unseen
    ):
        messages.append(MSG_RESULTS_PUBLISHED)
    return messages


def establishment_label(state: WizardState) -> str:
    view = state.field(ESTABLISHMENT_FIELD)
    return display_value(view) if view is not None else ""


@dataclass(frozen=True)
class Card:
    """One card of Mes inscriptions."""

    candidature: Candidature
    exam_label: str
    academy_label: str
    establishment: str
    session_label: str
    inscription_number: str
    attention: tuple[str, ...]
    can_withdraw: bool
    # The session is closed (nationally or by the office): the card is read only, with its
    # confirmation d'inscription (the latest one published) linked from Mes inscriptions.
    closed: bool = False
    confirmation: Document | None = None


def card_of(db: Session, account: Account, candidature: Candidature) -> Card:
    closed = is_closed(db, candidature)
    confirmation = next((d for d in latest_documents(candidature)
                         if d.kind == DOCUMENT_CONFIRMATION), None) if closed else None
    exam = exam_of(candidature.exam_code)
    if exam is None:
        # A spec removed from EXAMS_DIR: still show the candidature, with what the row holds.
        return Card(candidature, candidature.exam_code.upper(),
                    academy_name(candidature.academy_code), "", candidature.session.label,
                    candidature.inscription_number or "", (), False, closed, confirmation)
    state = saved_state(db, account, candidature, exam)
    return Card(
        candidature=candidature,
        exam_label=exam.label,
        academy_label=academy_name(candidature.academy_code),
        establishment=establishment_label(state),
        session_label=candidature.session.label,
        inscription_number=candidature.inscription_number or "",
        attention=tuple(attention_messages(db, candidature, state, closed)),
        can_withdraw=not closed and period_open(db, candidature),
        closed=closed,
        confirmation=confirmation,
    )


def office_of(db: Session, candidature: Candidature) -> AcademyOffice | None:
    return db.get(AcademyOffice, candidature.academy_code)
