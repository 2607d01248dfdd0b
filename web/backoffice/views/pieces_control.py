"""The office's control of pieces justificatives: the queue, one candidature's pieces, each
piece's status, unlocking a group, the files and the ZIP of a candidature."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from web.backoffice import audit, bp
from web.backoffice.access import current_staff
from web.backoffice.pieces_forms import STATUS_CHOICES, PieceStatusForm
from web.backoffice.scope import current_scope
from web.candidate.pieces import (
    PieceRefused,
    overview_of,
    piece_file_bytes,
    pieces_zip,
    safe_name,
    set_piece_status,
    unlock_group,
)
from web.candidate.pieces.status import PIECES_STATUS_LABELS
from web.core import db as database
from web.core import storage
from web.core.candidature_states import state_label
from web.core.forms import ConfirmForm, page_number, record_id
from web.core.models import PIECES_TO_CHECK, Account, Candidature, ExamSession

QUEUE_PAGE = 50
MSG_STATUS_SAVED = "Statut de la pièce « {label} » enregistré : {status}."
MSG_UNLOCKED = "Les pièces sont déverrouillées : le candidat peut à nouveau les déposer."


def _candidature(candidature_id: int) -> Candidature:
    return current_scope().candidature_or_404(database.session(), candidature_id)


def _refused(refused: PieceRefused) -> None:
    if refused.missing:
        abort(404)


@bp.get("/pieces-a-controler")
def pieces_queue() -> str:
    """Candidatures whose pieces were confirmed and await control, the oldest first."""
    db = database.session()
    scope = current_scope()
    query = scope.candidatures().where(Candidature.pieces_status == PIECES_TO_CHECK)
    session_id = request.args.get("session", type=record_id)
    if session_id:
        query = query.where(Candidature.session_id == session_id)
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = request.args.get("page", 1, type=page_number) or 1
    rows = db.execute(
        query.add_columns(Account, ExamSession)
        .join(Account, Account.id == Candidature.account_id)
        .join(ExamSession, ExamSession.id == Candidature.session_id)
        .order_by(Candidature.pieces_submitted_at.asc().nulls_last(), Candidature.id)
        .offset((page - 1) * QUEUE_PAGE).limit(QUEUE_PAGE)
    ).all()
    sessions = db.execute(
        scope.where(
            select(ExamSession.id, ExamSession.exam_code, ExamSession.label)
            .join(Candidature, Candidature.session_id == ExamSession.id)
            .where(Candidature.pieces_status == PIECES_TO_CHECK)
            .group_by(ExamSession.id, ExamSession.exam_code, ExamSession.label),
            Candidature.academy_code,
        )
    ).all()
    return render_template(
        "backoffice/pieces/queue.html", rows=rows, total=total, page=page,
        pages=max(1, -(-total // QUEUE_PAGE)), sessions=sessions, session_id=session_id,
    )


@bp.get("/candidatures/<int:candidature_id>/pieces")
def candidature_pieces(candidature_id: int) -> str:
    candidature = _candidature(candidature_id)
    return _render(candidature)


def _render(candidature: Candidature, forms: dict[str, PieceStatusForm] | None = None,
            status: int = 200) -> Any:
    db = database.session()
    overview = overview_of(db, candidature)
    forms = forms or {}
    for piece in overview.pieces:
        if piece.code not in forms:
            form = PieceStatusForm(formdata=None, prefix=piece.code)
            form.status.data = piece.status
            form.received_on.data = (piece.received_on.strftime("%d/%m/%Y")
                                     if piece.received_on else "")
            form.comment.data = piece.comment
            forms[piece.code] = form
    account = db.get(Account, candidature.account_id)
    return render_template(
        "backoffice/pieces/candidature.html", candidature=candidature, account=account,
        overview=overview, forms=forms, confirm=ConfirmForm(),
        state_label=state_label(candidature.state),
        pieces_status=PIECES_STATUS_LABELS.get(candidature.pieces_status, ""),
    ), status


@bp.post("/candidatures/<int:candidature_id>/pieces/<piece_code>/statut")
def piece_status(candidature_id: int, piece_code: str) -> Any:
    db = database.session()
    candidature = _candidature(candidature_id)
    form = PieceStatusForm(prefix=piece_code)
    if not form.validate_on_submit():
        return _render(candidature, {piece_code: form}, 422)
    staff = current_staff()
    academy = candidature.academy_code
    try:
        change = set_piece_status(
            db, candidature, piece_code, form.status.data or "", form.comment.data or "",
            form.reception_date, actor_id=staff.id,
        )
    except PieceRefused as refused:
        db.rollback()
        _refused(refused)
        form.form_errors.append(refused.message)
        return _render(_candidature(candidature_id), {piece_code: form}, 422)
    if change.changed:
        audit.record(db, staff, "pieces.status", academy_code=academy,
                     target=("candidature", candidature_id), summary=change.summary,
                     before=change.before, after=change.after)
    db.commit()
    label = next((p.label for p in overview_of(db, candidature).pieces
                  if p.code == piece_code), piece_code)
    shown = next((c.label for c in STATUS_CHOICES if c.value == form.status.data), "")
    flash(MSG_STATUS_SAVED.format(label=label, status=shown), "success")
    return redirect(url_for(".candidature_pieces", candidature_id=candidature_id)
                    + f"#piece-{piece_code}")


@bp.post("/candidatures/<int:candidature_id>/pieces/groupes/<group_key>/deverrouiller")
def pieces_unlock(candidature_id: int, group_key: str) -> Response:
    ConfirmForm()
    db = database.session()
    candidature = _candidature(candidature_id)
    staff = current_staff()
    academy = candidature.academy_code
    try:
        change = unlock_group(db, candidature, group_key, actor_id=staff.id)
    except PieceRefused as refused:
        db.rollback()
        _refused(refused)
        flash(refused.message, "error")
        return redirect(url_for(".candidature_pieces", candidature_id=candidature_id))
    audit.record(db, staff, "pieces.unlock", academy_code=academy,
                 target=("candidature", candidature_id), summary=change.summary,
                 before=change.before, after=change.after)
    db.commit()
    flash(MSG_UNLOCKED, "success")
    return redirect(url_for(".candidature_pieces", candidature_id=candidature_id))


def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "private, no-store"
    # A candidate's file is shown as a document, never run as a page of the portal.
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@bp.get("/candidatures/<int:candidature_id>/pieces/fichiers/<int:file_id>")
def piece_file(candidature_id: int, file_id: int) -> Response:
    """A deposited file (replaced ones included), inline or downloaded (?telecharger=1)."""
    db = database.session()
    candidature = _candidature(candidature_id)
    try:
        stored, content = piece_file_bytes(db, storage.current(), candidature, file_id)
    except PieceRefused as refused:
        _refused(refused)
        flash(refused.message, "error")
        return redirect(url_for(".candidature_pieces", candidature_id=candidature_id))
    download = request.args.get("telecharger") == "1"
    audit.record(db, current_staff(), "pieces.file_read", academy_code=candidature.academy_code,
                 target=("candidature", candidature_id),
                 summary=f"Consultation du fichier « {stored.original_name} »",
                 after={"file_id": stored.id})
    db.commit()
    response = Response(content, mimetype=stored.content_type)
    disposition = "attachment" if download else "inline"
    name = safe_name(stored.original_name, stored.content_type)
    response.headers["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return _private(response)


@bp.get("/candidatures/<int:candidature_id>/pieces.zip")
def pieces_archive(candidature_id: int) -> Response:
    db = database.session()
    candidature = _candidature(candidature_id)
    try:
        archive = pieces_zip(db, storage.current(), candidature)
    except PieceRefused as refused:
        flash(refused.message, "error")
        return redirect(url_for(".candidature_pieces", candidature_id=candidature_id))
    audit.record(db, current_staff(), "pieces.zip", academy_code=candidature.academy_code,
                 target=("candidature", candidature_id),
                 summary=f"Téléchargement des pièces ({len(archive.entries)} fichier(s))",
                 after={"entries": archive.entries})
    db.commit()
    response = send_file(archive.file, mimetype="application/zip", as_attachment=True,
                         download_name=archive.filename)
    return _private(response)
