"""The candidate's actions on Mes justificatifs: Ajouter, Supprimer, J'ai fourni toutes mes pièces.

Each one commits. A file's bytes are stored only once its row is written, and removed again
if the transaction fails: no row without its file, no file without its row.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from web.candidate.pieces.errors import (
    MSG_FILE_NOT_FOUND,
    MSG_GROUP_NOT_FOUND,
    MSG_NOT_REQUESTED,
    PieceRefused,
)
from web.candidate.pieces.groups import (
    MAX_FILES_PER_PIECE,
    REMOVAL_DELETED,
    REMOVAL_REPLACED,
    PieceGroup,
    PiecesOverview,
    PieceView,
    overview_of,
)
from web.candidate.pieces.locking import locked
from web.candidate.pieces.status import refresh_pieces_status
from web.core.models import (
    PIECE_UNCHECKED,
    Candidature,
    CandidaturePiece,
    PieceFile,
    PieceLock,
    utcnow,
)
from web.core.storage import Storage, StorageError, new_key
from web.core.uploads import UploadRefused, check_upload

log = logging.getLogger(__name__)

MSG_BY_POST = (
    "Cette pièce est à envoyer par courrier : elle ne se dépose pas en ligne."
)
MSG_FROZEN = "Cette pièce est validée : vous ne pouvez plus la modifier ni la supprimer."
MSG_NEW_IN_LOCKED = (
    "Cette pièce est demandée depuis la validation de vos pièces : pour la déposer, "
    "contactez le service des examens et concours dont vous dépendez."
)
MSG_LOCKED_GROUP = (
    "Vous avez déjà indiqué avoir fourni toutes ces pièces : elles ne peuvent plus être "
    "modifiées. Contactez le service des examens et concours pour toute correction."
)
MSG_DEADLINE_PASSED = (
    "La date limite de dépôt de cette pièce ({deadline}) est dépassée : contactez le service "
    "des examens et concours dont vous dépendez."
)
MSG_TOO_MANY_FILES = (
    f"Vous avez déjà déposé {MAX_FILES_PER_PIECE} fichiers pour cette pièce : supprimez-en "
    "un avant d'en ajouter un autre."
)
MSG_REPLACE_ONLY = (
    "Cette pièce a été déclarée non conforme : déposez un nouveau fichier pour la remplacer."
)
MSG_SAVE_FAILED = (
    "Votre fichier n'a pas pu être enregistré, il n'a pas été conservé : réessayez dans "
    "quelques instants."
)
MSG_MISSING_FILES = (
    "Vous ne pouvez pas encore indiquer avoir fourni toutes vos pièces : ajoutez d'abord un "
    "fichier pour : {labels}."
)
MSG_ALREADY_CONFIRMED = "Vous avez déjà indiqué avoir fourni toutes ces pièces."


def _piece_or_refuse(overview: PiecesOverview, code: str) -> PieceView:
    piece = overview.piece(code)
    if piece is None:
        raise PieceRefused(MSG_NOT_REQUESTED, missing=True)
    return piece


def _refuse_adding(piece: PieceView, now: datetime) -> None:
    """Why Ajouter is not possible for this piece now, if it is not."""
    if piece.can_add(now):
        return
    if not piece.is_upload:
        raise PieceRefused(MSG_BY_POST)
    if piece.new_in_locked_group:
        raise PieceRefused(MSG_NEW_IN_LOCKED)
    if piece.frozen:
        raise PieceRefused(MSG_FROZEN)
    if piece.group_locked:
        raise PieceRefused(MSG_LOCKED_GROUP)
    if piece.deadline_passed(now):
        raise PieceRefused(MSG_DEADLINE_PASSED.format(deadline=f"{piece.deadline:%d/%m/%Y}"))
    raise PieceRefused(MSG_TOO_MANY_FILES)


def add_file(
    db: Session, storage: Storage, candidature: Candidature, piece_code: str,
    data: bytes, filename: str | None, now: datetime | None = None,
) -> PieceFile:
    """Ajouter: check the file, store it under a random key; a Non conforme piece is replaced.

    Raises PieceRefused (the checks' French message included) and stores nothing then.
    """
    now = now or utcnow()
    # Refused early with the right reason, before the file is parsed; checked again locked.
    asked = _piece_or_refuse(overview_of(db, candidature), piece_code)
    _refuse_adding(asked, now)
    try:
        checked = check_upload(data, filename, asked.line.formats, asked.line.max_size_mb)
    except UploadRefused as refused:
        raise PieceRefused(refused.message) from refused
    with locked(db, candidature):
        piece = _piece_or_refuse(overview_of(db, candidature), piece_code)
        _refuse_adding(piece, now)
        row = piece.row
        if row is None:
            row = CandidaturePiece(candidature_id=candidature.id, piece_code=piece_code,
                                   updated_at=now)
            db.add(row)
        if piece.replaceable:
            _replace(db, candidature, row, piece, now)
        stored = PieceFile(
            storage_key=new_key("pieces"), original_name=checked.name,
            content_type=checked.content_type, size=checked.size, sha256=checked.sha256,
            uploaded_at=now,
        )
        row.files.append(stored)
        row.updated_at = now
        db.flush()
        try:
            storage.save(stored.storage_key, checked.data)
        except StorageError as error:
            log.error("piece file not stored: %s", error)
            raise PieceRefused(MSG_SAVE_FAILED) from error
        try:
            refresh_pieces_status(db, candidature)
            db.commit()
        except Exception as error:
            db.rollback()
            _forget(storage, stored.storage_key)
            log.exception("piece file row not committed, its bytes removed")
            raise PieceRefused(MSG_SAVE_FAILED) from error
    return stored


def _replace(
    db: Session, candidature: Candidature, row: CandidaturePiece, piece: PieceView,
    now: datetime,
) -> None:
    """A Non conforme piece given again: old files kept as history, status reset, the group
    to confirm again (the guide: "je devrai cliquer de nouveau sur J'ai fourni")."""
    for old in row.current_files:
        old.removed_at = now
        old.removal = REMOVAL_REPLACED
    row.status = PIECE_UNCHECKED
    row.comment = ""
    row.validated_at = None
    db.execute(delete(PieceLock).where(
        PieceLock.candidature_id == candidature.id, PieceLock.group_key == piece.group_key,
    ))


def _forget(storage: Storage, key: str) -> None:
    try:
        storage.delete(key)
    except StorageError:
        log.exception("could not remove the stored bytes of %s", key)


def delete_file(
    db: Session, storage: Storage, candidature: Candidature, file_id: int,
    now: datetime | None = None,
) -> PieceFile:
    """Supprimer, before validation: the row stays as history, the bytes go after commit."""
    now = now or utcnow()
    with locked(db, candidature):
        overview = overview_of(db, candidature)
        found = next(
            ((p, f) for p in overview.pieces for f in p.files if f.id == file_id), None
        )
        if found is None:
            raise PieceRefused(MSG_FILE_NOT_FOUND, missing=True)
        piece, stored = found
        if not piece.can_delete:
            if piece.not_compliant:
                raise PieceRefused(MSG_REPLACE_ONLY)
            raise PieceRefused(MSG_FROZEN if piece.frozen else MSG_LOCKED_GROUP)
        stored.removed_at = now
        stored.removal = REMOVAL_DELETED
        assert piece.row is not None
        piece.row.updated_at = now
        refresh_pieces_status(db, candidature)
        db.commit()
    _forget(storage, stored.storage_key)
    return stored


@dataclass(frozen=True)
class Confirmation:
    group: PieceGroup
    validated: tuple[str, ...]  # codes of the pieces given a validation date now


def confirm_group(
    db: Session, candidature: Candidature, key: str, now: datetime | None = None
) -> Confirmation:
    """J'ai fourni toutes mes pièces: lock the group, a validation date on each piece.

    Refused while a piece to deposit online has no file.
    """
    now = now or utcnow()
    with locked(db, candidature):
        group = overview_of(db, candidature).group(key)
        if group is None:
            raise PieceRefused(MSG_GROUP_NOT_FOUND, missing=True)
        if group.locked:
            raise PieceRefused(MSG_ALREADY_CONFIRMED)
        if group.missing:
            labels = " ; ".join(p.label for p in group.missing)
            raise PieceRefused(MSG_MISSING_FILES.format(labels=labels))
        validated: list[str] = []
        for piece in group.pieces:
            row = piece.row
            if row is None:
                row = CandidaturePiece(candidature_id=candidature.id, piece_code=piece.code,
                                       updated_at=now)
                db.add(row)
            if row.validated_at is None:
                row.validated_at = now
                row.updated_at = now
                validated.append(piece.code)
        db.add(PieceLock(candidature_id=candidature.id, group_key=key, locked_at=now))
        refresh_pieces_status(db, candidature)
        db.commit()
    confirmed = overview_of(db, candidature).group(key)
    assert confirmed is not None
    return Confirmation(confirmed, tuple(validated))
