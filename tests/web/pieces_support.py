"""Helpers of the Mes justificatifs tests: real PDF, JPEG and PNG files, and a CFG spec whose
signed confirmation also takes pictures and which asks for a piece by post."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

from sample_files import EXECUTABLE, image_bytes, pdf_bytes, zip_bytes
from web_helpers import db_of

__all__ = ["EXECUTABLE", "image_bytes", "pdf_bytes", "zip_bytes"]
ROOT = Path(__file__).resolve().parents[2]
IDENTITY = "piece_identite"
CONFIRMATION = "confirmation_signee"
PHOTOS = "photographies"
# Appended to the CFG's pieces: one by post, due a week after the online ones.
POST_PIECE = """
  - code: photographies
    label: Deux photographies d'identité récentes
    delivery: post
    deadline_days_after_close: 14
"""
SIGNED_FORMATS = ("    formats: [pdf]\n    max_size_mb: 5\n    deadline_days_after_close: 7",
                  "    formats: [pdf, jpg, png]\n    max_size_mb: 1\n"
                  "    deadline_days_after_close: 7")


def pieces_exams(tmp_path: Path) -> Path:
    """A copy of exams/ whose cfg.yaml has the picture formats and the piece by post."""
    target = tmp_path / "exams"
    shutil.copytree(ROOT / "exams", target)
    spec = target / "cfg.yaml"
    text = spec.read_text(encoding="utf-8")
    assert SIGNED_FORMATS[0] in text
    # The piece goes at the end of the pieces list, before the results rules that follow it.
    head, results, tail = text.partition("\nresults:")
    spec.write_text(head.replace(*SIGNED_FORMATS) + POST_PIECE + results + tail,
                    encoding="utf-8")
    return target


def upload(client: Any, candidature_id: int, piece: str, data: bytes, name: str) -> Any:
    """Ajouter: the multipart form of one piece, as the page posts it."""
    return client.post(
        f"/mes-inscriptions/{candidature_id}/justificatifs/{piece}/ajouter",
        data={"fichier": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def confirm(client: Any, candidature_id: int, group: str) -> Any:
    return client.post(f"/mes-inscriptions/{candidature_id}/justificatifs/valider",
                       data={"groupe": group})


def stored_files(app: Any, candidature_id: int | None = None) -> list[Any]:
    """PieceFile rows (of one candidature), oldest first, detached."""
    from sqlalchemy import select

    from web.core.models import CandidaturePiece, PieceFile

    with db_of(app) as db:
        query = select(PieceFile).join(CandidaturePiece).order_by(PieceFile.id)
        if candidature_id is not None:
            query = query.where(CandidaturePiece.candidature_id == candidature_id)
        rows = list(db.scalars(query))
        for row in rows:
            db.expunge(row)
        return rows


def piece_rows(app: Any) -> list[Any]:
    from sqlalchemy import select

    from web.core.models import CandidaturePiece

    with db_of(app) as db:
        rows = list(db.scalars(select(CandidaturePiece).order_by(CandidaturePiece.id)))
        for row in rows:
            db.expunge(row)
        return rows


def files_on_disk(app: Any) -> list[Path]:
    root = Path(app.config["UPLOAD_FOLDER"])
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def candidature_row(app: Any, candidature_id: int) -> Any:
    from web.core.models import Candidature

    with db_of(app) as db:
        row = db.get(Candidature, candidature_id)
        db.expunge(row)
        return row


def set_pieces_deadline(db: Any, session_id: int, academy: str, day: Any) -> None:
    """The office sets one deadline for every piece of its part of the session."""
    from sqlalchemy import select

    from web.core.models import SessionAcademy

    part = db.scalar(select(SessionAcademy).where(SessionAcademy.session_id == session_id,
                                                  SessionAcademy.academy_code == academy))
    if part is None:
        part = SessionAcademy(session_id=session_id, academy_code=academy)
        db.add(part)
    part.pieces_deadline = day
    db.commit()
