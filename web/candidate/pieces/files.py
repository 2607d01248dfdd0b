"""A piece's stored files read back: one file's bytes, or a ZIP of a candidature's pieces."""

from __future__ import annotations

import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.candidate.pieces.errors import MSG_FILE_NOT_FOUND, PieceRefused
from web.candidate.pieces.groups import REMOVAL_DELETED, overview_of
from web.core.models import Candidature, CandidaturePiece, PieceFile
from web.core.storage import Storage, StorageError

EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
MSG_UNREADABLE = "Ce fichier ne peut pas être lu pour le moment : réessayez plus tard."


def candidature_file(
    db: Session, candidature: Candidature, file_id: int, *, current_only: bool = True
) -> PieceFile:
    """A file of this candidature's pieces; PieceRefused(missing) for any other id.

    The candidate sees only current files; the office also the replaced ones (history).
    A deleted file's bytes are gone, so it is missing for everyone.
    """
    found = db.scalar(
        select(PieceFile).join(CandidaturePiece, CandidaturePiece.id == PieceFile.piece_id)
        .where(PieceFile.id == file_id, CandidaturePiece.candidature_id == candidature.id)
    )
    if (
        found is None
        or found.removal == REMOVAL_DELETED
        or (current_only and found.removed_at is not None)
    ):
        raise PieceRefused(MSG_FILE_NOT_FOUND, missing=True)
    return found


def piece_file_bytes(
    db: Session, storage: Storage, candidature: Candidature, file_id: int,
    *, current_only: bool = False,
) -> tuple[PieceFile, bytes]:
    """The file's row and its stored bytes (the office's view/download; history included)."""
    found = candidature_file(db, candidature, file_id, current_only=current_only)
    try:
        return found, storage.read(found.storage_key)
    except StorageError as error:
        raise PieceRefused(MSG_UNREADABLE) from error


def safe_name(name: str, content_type: str, fallback: str = "fichier") -> str:
    """An ASCII file name without path or odd characters, ending as its content is."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    ascii_name = bare.encode("ascii", "replace").decode()
    stem = ascii_name.rsplit(".", 1)[0] if "." in ascii_name else ascii_name
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_.-")[:80] or fallback
    return f"{stem}.{EXTENSIONS.get(content_type, 'bin')}"


@dataclass
class PiecesArchive:
    """The ZIP in an anonymous temporary file (gone when closed), positioned at its start."""

    file: IO[bytes]
    filename: str
    entries: list[str]


def pieces_zip(db: Session, storage: Storage, candidature: Candidature) -> PiecesArchive:
    """Every current file of the pieces required now, one folder per piece.

    Written to a temporary file chunk by chunk, never the whole archive in memory; the
    caller sends `file` (Flask's send_file closes it) and may audit `entries`.
    """
    out = tempfile.TemporaryFile(prefix="examforms-pieces-", suffix=".zip")
    entries: list[str] = []
    try:
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for index, piece in enumerate(overview_of(db, candidature).pieces, start=1):
                folder = f"{index:02d}-{re.sub(r'[^A-Za-z0-9_-]+', '_', piece.code)}"
                for number, stored in enumerate(piece.files, start=1):
                    shown = safe_name(stored.original_name, stored.content_type)
                    name = f"{folder}/{number}-{shown}"
                    with archive.open(name, "w") as target:
                        for chunk in storage.chunks(stored.storage_key):
                            target.write(chunk)
                    entries.append(name)
    except StorageError as error:
        out.close()
        raise PieceRefused(MSG_UNREADABLE) from error
    except BaseException:
        out.close()
        raise
    out.seek(0)
    number = candidature.inscription_number or str(candidature.id)
    return PiecesArchive(out, f"pieces-{candidature.exam_code}-{number}.zip", entries)
