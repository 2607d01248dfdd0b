"""Mes justificatifs: the pieces by group, Ajouter, Supprimer, J'ai fourni toutes mes pièces."""

from __future__ import annotations

import io
import logging
import re
from typing import Any

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from web.candidate import bp
from web.candidate.pieces import (
    PieceRefused,
    add_file,
    confirm_group,
    delete_file,
    overview_of,
    piece_file_bytes,
)
from web.candidate.pieces.deposit import MSG_SAVE_FAILED
from web.candidate.services import visible_candidature
from web.candidate.views.candidature import _common
from web.core import db as database
from web.core import storage
from web.core.catalogue import paris
from web.core.uploads import accepted_extensions, formats_label, max_bytes

log = logging.getLogger(__name__)
GROUP_KEY = re.compile(r"^[a-z]+-[0-9]{8}$")
MSG_ADDED = "Le fichier « {name} » a été ajouté à la pièce « {label} »."
MSG_DELETED = "Le fichier « {name} » a été supprimé."
MSG_CONFIRMED = (
    "Vos pièces ont été validées le {stamp} : le service des examens et concours peut "
    "maintenant les contrôler. Elles ne peuvent plus être modifiées ni supprimées."
)
MSG_MODIFIED_AFTER_LOCK = (
    "Vous avez modifié votre candidature après avoir validé vos pièces justificatives : "
    "vos pièces restent validées et ne peuvent plus être modifiées. Vous devez "
    "obligatoirement envoyer la nouvelle confirmation d'inscription (Mes documents) et "
    "contacter le service des examens et concours pour pouvoir déposer de nouvelles pièces "
    "et faire valider vos modifications."
)
MSG_MISSING_FILE_FIELD = "Choisissez un fichier à déposer."


def _page(candidature_id: int, error: tuple[str, str] | None = None, status: int = 200) -> Any:
    """The page; `error` is (piece code, message) of a refused upload, shown at its form."""
    context = _common(candidature_id)
    db = database.session()
    overview = overview_of(db, context["candidature"], context["state"].pieces())
    context.update(
        overview=overview,
        error=error,
        paris=paris,
        formats_label=formats_label,
        accept=lambda formats: ",".join(accepted_extensions(formats)),
        msg_modified_after_lock=MSG_MODIFIED_AFTER_LOCK,
    )
    return render_template("candidate/justificatifs.html", **context), status


def _to_page(candidature_id: int, anchor: str = "") -> Response:
    target = url_for(".pieces", candidature_id=candidature_id)
    return redirect(f"{target}#{anchor}" if anchor else target)


def _refused(refused: PieceRefused, candidature_id: int, anchor: str = "") -> Response:
    """Back to the page with the reason; 404 for what is not this candidature's."""
    database.session().rollback()
    if refused.missing:
        abort(404)
    flash(refused.message, "error")
    return _to_page(candidature_id, anchor)


@bp.get("/mes-inscriptions/<int:candidature_id>/justificatifs")
@login_required
def pieces(candidature_id: int) -> Any:
    """Mes justificatifs: the pieces the rules ask of this candidature, by mode and deadline."""
    return _page(candidature_id)


@bp.post("/mes-inscriptions/<int:candidature_id>/justificatifs/<piece_code>/ajouter")
@login_required
def add_piece_file(candidature_id: int, piece_code: str) -> Any:
    """Ajouter: one file for one piece (multipart); a refusal is shown at the piece's form."""
    db = database.session()
    candidature = visible_candidature(db, current_user, candidature_id)
    piece = overview_of(db, candidature).piece(piece_code)
    if piece is None:
        abort(404)
    try:
        upload = request.files.get("fichier")
        # Never more than one byte past the piece's maximum is read.
        data = upload.stream.read(max_bytes(piece.line.max_size_mb) + 1) if upload else b""
    except OSError:
        # The request's body is spooled to a temporary file: the server's disk is full.
        log.exception("upload not received for candidature %d", candidature_id)
        return _page(candidature_id, (piece_code, MSG_SAVE_FAILED), 400)
    if upload is None:
        return _page(candidature_id, (piece_code, MSG_MISSING_FILE_FIELD), 400)
    try:
        stored = add_file(db, storage.current(), candidature, piece_code, data, upload.filename)
    except PieceRefused as refused:
        db.rollback()
        if refused.missing:
            abort(404)
        return _page(candidature_id, (piece_code, refused.message), 400)
    flash(MSG_ADDED.format(name=stored.original_name, label=piece.label), "success")
    return _to_page(candidature_id, f"piece-{piece_code}")


@bp.post("/mes-inscriptions/<int:candidature_id>/justificatifs/fichiers/<int:file_id>/supprimer")
@login_required
def delete_piece_file(candidature_id: int, file_id: int) -> Response:
    db = database.session()
    candidature = visible_candidature(db, current_user, candidature_id)
    try:
        removed = delete_file(db, storage.current(), candidature, file_id)
    except PieceRefused as refused:
        return _refused(refused, candidature_id)
    flash(MSG_DELETED.format(name=removed.original_name), "success")
    return _to_page(candidature_id, f"piece-{removed.piece.piece_code}")


@bp.post("/mes-inscriptions/<int:candidature_id>/justificatifs/valider")
@login_required
def confirm_pieces(candidature_id: int) -> Response:
    """J'ai fourni toutes mes pièces, for the group named by the form."""
    db = database.session()
    candidature = visible_candidature(db, current_user, candidature_id)
    key = request.form.get("groupe", "")
    try:
        done = confirm_group(db, candidature, key)
    except PieceRefused as refused:
        # An unknown group (a page left open while the deadlines moved) is said, not 404.
        refused.missing = False
        return _refused(refused, candidature_id, f"groupe-{key}" if GROUP_KEY.match(key) else "")
    stamp = paris(done.group.locked_at).strftime("%d/%m/%Y à %H:%M") if done.group.locked_at else ""
    flash(MSG_CONFIRMED.format(stamp=stamp), "success")
    return _to_page(candidature_id, f"groupe-{key}")


@bp.get("/mes-inscriptions/<int:candidature_id>/justificatifs/fichiers/<int:file_id>")
@login_required
def piece_file(candidature_id: int, file_id: int) -> Response:
    """One of the candidate's current files, as stored (its type is the checked one)."""
    db = database.session()
    candidature = visible_candidature(db, current_user, candidature_id)
    try:
        stored, data = piece_file_bytes(
            db, storage.current(), candidature, file_id, current_only=True
        )
    except PieceRefused as refused:
        return _refused(refused, candidature_id)
    response = send_file(
        io.BytesIO(data), mimetype=stored.content_type, download_name=stored.original_name,
        as_attachment=False, max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
    """A request body over MAX_CONTENT_LENGTH: said in French, with the way back."""
    from flask import current_app

    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    candidature_id = (request.view_args or {}).get("candidature_id")
    back = url_for(".pieces", candidature_id=candidature_id) if candidature_id else ""
    mib = 1024 * 1024
    shown = f"{limit / mib:g} Mo".replace(".", ",") if limit >= mib else f"{limit // 1024} Ko"
    return render_template(
        "candidate/fichier_trop_volumineux.html", limit=shown, back=back,
    ), 413
