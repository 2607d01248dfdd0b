"""Pieces justificatives of a candidature: what Mes justificatifs shows, the candidate's
deposits, and the exam office's control (the back office calls these, never the views).

Candidate actions (add_file, delete_file, confirm_group) commit. Office actions
(set_piece_status, unlock_group) end the caller's transaction, lock the candidature, flush
and return a Change for the caller's audit entry: the caller adds it, then commits. Every
one raises PieceRefused with a French message; `refused.missing` means the thing does not
exist for this candidature (answer 404).
"""

from web.candidate.pieces.control import Change, set_piece_status, unlock_group
from web.candidate.pieces.deposit import Confirmation, add_file, confirm_group, delete_file
from web.candidate.pieces.errors import PieceRefused
from web.candidate.pieces.files import (
    PiecesArchive,
    candidature_file,
    piece_file_bytes,
    pieces_zip,
    safe_name,
)
from web.candidate.pieces.groups import (
    PieceGroup,
    PiecesOverview,
    PieceView,
    group_key,
    overview_of,
)
from web.candidate.pieces.required import required_lines
from web.candidate.pieces.status import (
    PIECES_STATUS_LABELS,
    StatusChange,
    pieces_status_of,
    refresh_pieces_status,
)

__all__ = [
    "PIECES_STATUS_LABELS", "Change", "Confirmation", "PieceGroup", "PieceRefused",
    "PieceView", "PiecesArchive", "PiecesOverview", "StatusChange", "add_file",
    "candidature_file", "confirm_group", "delete_file", "group_key", "overview_of",
    "piece_file_bytes", "pieces_status_of", "pieces_zip", "refresh_pieces_status",
    "required_lines", "safe_name", "set_piece_status", "unlock_group",
]
