"""The exam office's control of a candidature's pieces: statuses, unlocking a group.

For the back office, which writes its audit entry from the returned Change and commits.
Each function first ends the caller's transaction (a commit, so that locking the
candidature is the new transaction's first statement): call it before adding the audit
entry. It then flushes its changes and leaves the commit to the caller. No mail is sent
(the guide: "Je ne reçois pas de mail automatique"); the envelope and Mes justificatifs
show the news.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from web.candidate.pieces.errors import MSG_GROUP_NOT_FOUND, MSG_NOT_REQUESTED, PieceRefused
from web.candidate.pieces.groups import STATUS_LABELS, overview_of, paris_today
from web.candidate.pieces.locking import lock_candidature
from web.candidate.pieces.status import refresh_pieces_status
from web.core.models import (
    PIECE_NOT_COMPLIANT,
    PIECE_STATUSES,
    PIECE_UNCHECKED,
    Candidature,
    CandidaturePiece,
    PieceLock,
    utcnow,
)

COMMENT_MAX = 2000
MSG_UNKNOWN_STATUS = "Statut de pièce inconnu."
MSG_FUTURE_RECEPTION = "La date de réception ne peut pas être postérieure à aujourd'hui."
MSG_COMMENT_TOO_LONG = f"Le commentaire ne doit pas dépasser {COMMENT_MAX} caractères."
MSG_NOT_LOCKED = "Ces pièces ne sont pas verrouillées : il n'y a rien à déverrouiller."


@dataclass(frozen=True)
class Change:
    """What an office action changed, ready for an AuditEntry (JSON-safe values)."""

    action: str
    target_type: str
    target_id: int | None
    summary: str
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _piece_state(row: CandidaturePiece | None) -> dict[str, Any]:
    if row is None:
        return {"status": PIECE_UNCHECKED, "comment": "", "received_on": None}
    return {"status": row.status, "comment": row.comment, "received_on": _iso(row.received_on)}


def set_piece_status(
    db: Session, candidature: Candidature, piece_code: str, status: str,
    comment: str = "", received_on: date | None = None, actor_id: int | None = None,
    now: datetime | None = None,
) -> Change:
    """Reçue (optional reception date), Non conforme (comment shown to the candidate),
    Conforme, or back to no status ("").

    The comment is kept with Non conforme only; the reception date stays until the status
    goes back to none. Raises PieceRefused with the French reason.
    """
    now = now or utcnow()
    if status not in PIECE_STATUSES:
        raise PieceRefused(MSG_UNKNOWN_STATUS)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise PieceRefused(MSG_COMMENT_TOO_LONG)
    if received_on is not None and received_on > paris_today(now):
        raise PieceRefused(MSG_FUTURE_RECEPTION)
    lock_candidature(db, candidature)
    piece = overview_of(db, candidature).piece(piece_code)
    if piece is None:
        db.rollback()
        raise PieceRefused(MSG_NOT_REQUESTED, missing=True)
    row = piece.row
    if row is None:
        row = CandidaturePiece(candidature_id=candidature.id, piece_code=piece_code,
                               updated_at=now)
        db.add(row)
    before = {**_piece_state(piece.row), "pieces_status": candidature.pieces_status}
    row.status = status
    row.comment = comment if status == PIECE_NOT_COMPLIANT else ""
    if status == PIECE_UNCHECKED:
        row.received_on = None
    elif received_on is not None:
        row.received_on = received_on
    row.status_set_at = now
    row.status_set_by = actor_id
    row.updated_at = now
    status_change = refresh_pieces_status(db, candidature)
    after = {**_piece_state(row), "pieces_status": status_change.after}
    label = STATUS_LABELS.get(status, "aucun statut")
    return Change(
        action="piece_status", target_type="candidature_piece", target_id=row.id,
        summary=f"Pièce « {piece.label} » : {label}", before=before, after=after,
    )


def unlock_group(
    db: Session, candidature: Candidature, group_key: str, actor_id: int | None = None,
    now: datetime | None = None,
) -> Change:
    """Let the candidate change a locked group again (after a modification, the Grenoble
    guide's "contacter le rectorat pour déposer les nouvelles pièces").

    The validation dates of the group's pieces are cleared; statuses stay (a Conforme piece
    stays as it is). `actor_id` is the caller's, for its audit entry.
    """
    now = now or utcnow()
    lock_candidature(db, candidature)
    group = overview_of(db, candidature).group(group_key)
    if group is None or not group.locked:
        db.rollback()
        if group is None:
            raise PieceRefused(MSG_GROUP_NOT_FOUND, missing=True)
        raise PieceRefused(MSG_NOT_LOCKED)
    before = {
        "locked_at": _iso(group.locked_at),
        "validated": {p.code: _iso(p.validated_at) for p in group.pieces if p.validated_at},
        "pieces_status": candidature.pieces_status,
    }
    db.execute(delete(PieceLock).where(
        PieceLock.candidature_id == candidature.id, PieceLock.group_key == group_key,
    ))
    for piece in group.pieces:
        if piece.row is not None and piece.row.validated_at is not None:
            piece.row.validated_at = None
            piece.row.updated_at = now
    status_change = refresh_pieces_status(db, candidature)
    after = {"locked_at": None, "validated": {}, "pieces_status": status_change.after}
    return Change(
        action="pieces_unlock", target_type="candidature", target_id=candidature.id,
        summary=f"Pièces déverrouillées : {group.title}, date limite {group.deadline:%d/%m/%Y}",
        before=before, after=after,
    )
