"""Where a candidature's pieces stand as a whole (Candidature.pieces_status), kept true."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from engine.rules import PieceLine
from web.candidate.pieces.groups import PiecesOverview, overview_of
from web.core.models import (
    PIECE_COMPLIANT,
    PIECES_COMPLIANT,
    PIECES_MISSING,
    PIECES_NONE,
    PIECES_NOT_COMPLIANT,
    PIECES_TO_CHECK,
    Candidature,
)

PIECES_STATUS_LABELS = {
    PIECES_NONE: "Aucune pièce demandée",
    PIECES_MISSING: "Pièces à fournir",
    PIECES_TO_CHECK: "Pièces à contrôler",
    PIECES_NOT_COMPLIANT: "Pièce non conforme",
    PIECES_COMPLIANT: "Pièces conformes",
}


def pieces_status_of(overview: PiecesOverview) -> str:
    """None asked; all Conforme; one Non conforme; something to give; else to check."""
    pieces = overview.pieces
    if not pieces:
        return PIECES_NONE
    if all(p.status == PIECE_COMPLIANT for p in pieces):
        return PIECES_COMPLIANT
    if any(p.not_compliant for p in pieces):
        return PIECES_NOT_COMPLIANT
    if any(p.to_give for p in pieces):
        return PIECES_MISSING
    return PIECES_TO_CHECK


@dataclass(frozen=True)
class StatusChange:
    before: str
    after: str
    submitted_before: datetime | None
    submitted_after: datetime | None


def refresh_pieces_status(
    db: Session, candidature: Candidature, pieces: Iterable[PieceLine] | None = None
) -> StatusChange:
    """Set pieces_status and pieces_submitted_at from the rows (flushed first); no commit.

    `pieces` are the engine's required pieces when the caller has them (a save of the
    candidature), else they are computed from the stored answers.
    """
    db.flush()
    overview = overview_of(db, candidature, pieces)
    change = StatusChange(
        candidature.pieces_status, pieces_status_of(overview),
        candidature.pieces_submitted_at, overview.submitted_at,
    )
    candidature.pieces_status = change.after
    candidature.pieces_submitted_at = change.submitted_after
    return change
