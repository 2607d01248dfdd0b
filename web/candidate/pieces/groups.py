"""A candidature's pieces as Mes justificatifs shows them: by delivery mode and deadline.

The engine says which pieces the answers require (and the spec's deadlines); the rows say
what happened to each (files, validation date, the office's status). A group is one delivery
mode and one deadline; "J'ai fourni toutes mes pièces" locks a group (PieceLock).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from engine.rules import PieceLine
from web.core.catalogue import PARIS
from web.core.models import (
    PIECE_COMPLIANT,
    PIECE_NOT_COMPLIANT,
    PIECE_RECEIVED,
    Candidature,
    CandidaturePiece,
    CandidatureVersion,
    PieceFile,
    PieceLock,
    SessionAcademy,
    utcnow,
)

DELIVERY_ORDER = ("upload", "post")
GROUP_TITLES = {"upload": "Dépôt en ligne", "post": "Envoi par courrier"}
OTHER_TITLE = "Autres modalités"
STATUS_LABELS = {
    PIECE_RECEIVED: "Reçue",
    PIECE_NOT_COMPLIANT: "Non conforme",
    PIECE_COMPLIANT: "Conforme",
}
# More files than this for one piece is a mistake (recto and verso, a few pages at most).
MAX_FILES_PER_PIECE = 5
# How a file left the current ones (PieceFile.removal).
REMOVAL_DELETED = "supprime"
REMOVAL_REPLACED = "remplace"


def group_key(delivery: str, deadline: date) -> str:
    """"upload-20270131": stored in PieceLock.group_key, safe in a form and a URL."""
    return f"{delivery}-{deadline:%Y%m%d}"


def paris_today(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(PARIS).date()


@dataclass(frozen=True)
class PieceView:
    """One required piece with what the candidate gave and what the office said."""

    line: PieceLine
    deadline: date
    group_key: str
    row: CandidaturePiece | None
    group_locked: bool

    @property
    def code(self) -> str:
        return self.line.code

    @property
    def label(self) -> str:
        return self.line.label

    @property
    def delivery(self) -> str:
        return self.line.delivery

    @property
    def is_upload(self) -> bool:
        return self.line.delivery == "upload"

    @property
    def files(self) -> list[PieceFile]:
        return self.row.current_files if self.row is not None else []

    @property
    def history(self) -> list[PieceFile]:
        return [f for f in self.row.files if f.removed_at is not None] if self.row else []

    @property
    def status(self) -> str:
        return self.row.status if self.row is not None else ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, "")

    @property
    def comment(self) -> str:
        """The office's comment, shown with a Non conforme status only."""
        return self.row.comment if self.row is not None and self.not_compliant else ""

    @property
    def received_on(self) -> date | None:
        return self.row.received_on if self.row is not None else None

    @property
    def validated_at(self) -> datetime | None:
        return self.row.validated_at if self.row is not None else None

    @property
    def not_compliant(self) -> bool:
        return self.status == PIECE_NOT_COMPLIANT

    @property
    def frozen(self) -> bool:
        """Neither added to nor deleted from: validated, or taken in hand by the office.

        Only Non conforme reopens a piece (the guide's "je peux redéposer cette pièce").
        """
        if self.status in (PIECE_RECEIVED, PIECE_COMPLIANT):
            return True
        return self.validated_at is not None and not self.not_compliant

    @property
    def replaceable(self) -> bool:
        return self.is_upload and self.not_compliant

    @property
    def new_in_locked_group(self) -> bool:
        """Required since the group was locked (a modification): only the office unlocks it."""
        return self.group_locked and not self.frozen and not self.not_compliant

    @property
    def to_give(self) -> bool:
        """Still to give: not handed in, or handed in but the group not confirmed."""
        return not self.frozen

    @property
    def missing_file(self) -> bool:
        return self.is_upload and not self.files and not self.frozen

    def deadline_passed(self, now: datetime | None = None) -> bool:
        """The deposit closes at the end of the deadline's day, Paris time."""
        return paris_today(now) > self.deadline

    def can_add(self, now: datetime | None = None) -> bool:
        if self.replaceable:
            return True  # the office asked for it again, whatever the date
        return (
            self.is_upload and not self.frozen and not self.group_locked
            and not self.not_compliant and not self.deadline_passed(now)
            and len(self.files) < MAX_FILES_PER_PIECE
        )

    @property
    def can_delete(self) -> bool:
        return (
            self.is_upload and not self.frozen and not self.group_locked
            and not self.not_compliant
        )


@dataclass(frozen=True)
class PieceGroup:
    """Pieces of one delivery mode due on the same day; locked by J'ai fourni."""

    key: str
    delivery: str
    deadline: date
    pieces: tuple[PieceView, ...]
    lock: PieceLock | None
    locked: bool

    @property
    def title(self) -> str:
        return GROUP_TITLES.get(self.delivery, OTHER_TITLE)

    @property
    def is_upload(self) -> bool:
        return self.delivery == "upload"

    @property
    def locked_at(self) -> datetime | None:
        if self.lock is not None:
            return self.lock.locked_at
        dates = [p.validated_at for p in self.pieces if p.validated_at is not None]
        return max(dates) if self.locked and dates else None

    @property
    def missing(self) -> tuple[PieceView, ...]:
        return tuple(p for p in self.pieces if p.missing_file)

    @property
    def can_confirm(self) -> bool:
        return not self.locked and any(not p.frozen for p in self.pieces)


@dataclass(frozen=True)
class PiecesOverview:
    candidature_id: int
    groups: tuple[PieceGroup, ...]
    # The candidature was saved again after a group was locked (the Grenoble guide's case).
    modified_after_lock: bool

    @property
    def pieces(self) -> tuple[PieceView, ...]:
        return tuple(p for g in self.groups for p in g.pieces)

    def piece(self, code: str) -> PieceView | None:
        return next((p for p in self.pieces if p.code == code), None)

    def group(self, key: str) -> PieceGroup | None:
        return next((g for g in self.groups if g.key == key), None)

    def group_of(self, code: str) -> PieceGroup | None:
        return next((g for g in self.groups if any(p.code == code for p in g.pieces)), None)

    @property
    def any_locked(self) -> bool:
        return any(g.locked for g in self.groups)

    @property
    def needs_attention(self) -> bool:
        """The envelope's pieces line: something still to give, or a Non conforme piece."""
        return any(p.to_give or p.not_compliant for p in self.pieces)

    @property
    def submitted_at(self) -> datetime | None:
        """When the candidate last confirmed a group that is still locked."""
        dates = [g.locked_at for g in self.groups if g.locked and g.locked_at is not None]
        return max(dates) if dates else None


def deadline_override(db: Session, session_id: int, academy_code: str) -> date | None:
    """The office's date for every piece of this session and academy, if it set one."""
    return db.scalar(
        select(SessionAcademy.pieces_deadline).where(
            SessionAcademy.session_id == session_id,
            SessionAcademy.academy_code == academy_code,
        )
    )


def dated_lines(
    db: Session, session_id: int, academy_code: str, lines: Iterable[PieceLine]
) -> tuple[PieceLine, ...]:
    """The engine's pieces with the office's deadline where it set one (Récapitulatif)."""
    override = deadline_override(db, session_id, academy_code)
    return tuple(replace(line, deadline=override) if override else line for line in lines)


def piece_rows(db: Session, candidature_id: int) -> dict[str, CandidaturePiece]:
    rows = db.scalars(
        select(CandidaturePiece)
        .where(CandidaturePiece.candidature_id == candidature_id)
        .options(selectinload(CandidaturePiece.files))
        .execution_options(populate_existing=True)
    )
    return {row.piece_code: row for row in rows}


def lock_rows(db: Session, candidature_id: int) -> dict[str, PieceLock]:
    rows = db.scalars(
        select(PieceLock).where(PieceLock.candidature_id == candidature_id)
        .execution_options(populate_existing=True)
    )
    return {row.group_key: row for row in rows}


def overview_of(
    db: Session, candidature: Candidature, lines: Iterable[PieceLine] | None = None
) -> PiecesOverview:
    """The required pieces merged with their rows, grouped; `lines` default to the rules'."""
    if lines is None:
        # Imported here: `required` reaches web.registration, whose wizard imports this module.
        from web.candidate.pieces.required import required_lines

        lines = required_lines(db, candidature)
    override = deadline_override(db, candidature.session_id, candidature.academy_code)
    rows = piece_rows(db, candidature.id)
    locks = lock_rows(db, candidature.id)
    by_key: dict[str, list[tuple[PieceLine, date]]] = {}
    for line in lines:
        deadline = override or line.deadline
        by_key.setdefault(group_key(line.delivery, deadline), []).append((line, deadline))
    groups: list[PieceGroup] = []
    for key, members in by_key.items():
        delivery, deadline = members[0][0].delivery, members[0][1]
        lock = locks.get(key)
        found = [rows.get(line.code) for line, _ in members]
        # A lock made under another deadline (the office moved the date) still holds while
        # every piece of the group keeps its validation date.
        locked = lock is not None or all(r is not None and r.validated_at for r in found)
        views = tuple(
            PieceView(line, day, key, row, locked)
            for (line, day), row in zip(members, found, strict=True)
        )
        groups.append(PieceGroup(key, delivery, deadline, views, lock, locked))
    groups.sort(key=lambda g: (_delivery_rank(g.delivery), g.deadline))
    return PiecesOverview(
        candidature.id, tuple(groups), _modified_after(db, candidature.id, groups)
    )


def _delivery_rank(delivery: str) -> int:
    return DELIVERY_ORDER.index(delivery) if delivery in DELIVERY_ORDER else len(DELIVERY_ORDER)


def _modified_after(db: Session, candidature_id: int, groups: list[PieceGroup]) -> bool:
    locked = [g.locked_at for g in groups if g.locked and g.locked_at is not None]
    if not locked:
        return False
    last_saved = db.scalar(
        select(func.max(CandidatureVersion.saved_at)).where(
            CandidatureVersion.candidature_id == candidature_id,
            CandidatureVersion.version > 1,
        )
    )
    if last_saved is None:
        return False
    if last_saved.tzinfo is None:  # func.max bypasses the UTCDateTime column type
        from datetime import UTC

        last_saved = last_saved.replace(tzinfo=UTC)
    return last_saved > min(locked)
