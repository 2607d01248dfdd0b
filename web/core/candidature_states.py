"""Candidature states, their French labels and the moves allowed between them, in one place."""

from __future__ import annotations

from datetime import datetime

from web.core.models import (
    CANDIDATURE_EXCLUDED,
    CANDIDATURE_PREREGISTERED,
    CANDIDATURE_REGISTERED,
    CANDIDATURE_WITHDRAWN,
    CANDIDATURE_WITHDRAWN_BY_OFFICE,
    Candidature,
    utcnow,
)

STATE_LABELS = {
    CANDIDATURE_PREREGISTERED: "Pré-inscrit",
    CANDIDATURE_REGISTERED: "Inscrit",
    CANDIDATURE_WITHDRAWN: "Désinscrit par le candidat",
    CANDIDATURE_WITHDRAWN_BY_OFFICE: "Désinscrit par le gestionnaire",
    CANDIDATURE_EXCLUDED: "Écartée",
}

# The moves, named by who makes them and what they do.
WITHDRAW_BY_CANDIDATE = "withdraw_by_candidate"
WITHDRAW_BY_OFFICE = "withdraw_by_office"
EXCLUDE = "exclude"
# A pupil's pre-registration saved by the pupil (Enregistrer): numbered, confirmed.
COMPLETE = "complete"

MOVES: dict[tuple[str, str], str] = {
    (CANDIDATURE_REGISTERED, WITHDRAW_BY_CANDIDATE): CANDIDATURE_WITHDRAWN,
    (CANDIDATURE_REGISTERED, WITHDRAW_BY_OFFICE): CANDIDATURE_WITHDRAWN_BY_OFFICE,
    (CANDIDATURE_REGISTERED, EXCLUDE): CANDIDATURE_EXCLUDED,
    (CANDIDATURE_PREREGISTERED, COMPLETE): CANDIDATURE_REGISTERED,
    (CANDIDATURE_PREREGISTERED, WITHDRAW_BY_CANDIDATE): CANDIDATURE_WITHDRAWN,
    (CANDIDATURE_PREREGISTERED, WITHDRAW_BY_OFFICE): CANDIDATURE_WITHDRAWN_BY_OFFICE,
    (CANDIDATURE_PREREGISTERED, EXCLUDE): CANDIDATURE_EXCLUDED,
}
MOVE_LABELS = {
    WITHDRAW_BY_CANDIDATE: "désinscrire",
    WITHDRAW_BY_OFFICE: "désinscrire",
    EXCLUDE: "écarter",
    COMPLETE: "enregistrer",
}


def state_label(state: str) -> str:
    return STATE_LABELS.get(state, state)


class MoveRefused(Exception):
    """A move that the candidature's state does not allow, with the French reason."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def can_move(candidature: Candidature, move: str) -> bool:
    return (candidature.state, move) in MOVES


def apply_move(candidature: Candidature, move: str, now: datetime | None = None) -> str:
    """Move the candidature to the state `move` leads to; return the state it left."""
    target = MOVES.get((candidature.state, move))
    if target is None:
        verb = MOVE_LABELS.get(move, move)
        of = "d'" if verb[:1] in "aeéèêiouy" else "de "  # "d'écarter", "de désinscrire"
        raise MoveRefused(
            f"Impossible {of}{verb} cette candidature : elle est à l'état "
            f"« {state_label(candidature.state)} »."
        )
    previous = candidature.state
    candidature.state = target
    candidature.state_changed_at = now or utcnow()
    return previous
