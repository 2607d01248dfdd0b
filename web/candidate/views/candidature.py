"""Pages of one candidature: menu, Mon inscription (read-only, Modifier), documents, pieces.

The pages that only show the candidature stay open once its session is closed
(readable_candidature); Modifier and the pieces' pages do not (visible_candidature)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from engine.forms import summary
from web.candidate import bp
from web.candidate.pieces import overview_of
from web.candidate.services import (
    can_modify,
    card_of,
    establishment_label,
    exam_or_404,
    latest_documents,
    mark_documents_viewed,
    office_of,
    period_open,
    readable_candidature,
    reopened_until,
    saved_state,
    shown_period,
    visible_candidature,
)
from web.core import db as database
from web.core.catalogue import paris
from web.core.models import (
    CANDIDATURE_PREREGISTERED,
    Account,
    Candidature,
    CandidatureDraft,
    Document,
    SchoolPupil,
    utcnow,
)
from web.registration import drafts
from web.registration.declared import declared_acquis

MSG_MODIFYING = (
    "Vous modifiez votre candidature n°{number} (version {version}) : allez à l'onglet à "
    "modifier avec Suivant, puis cliquez sur Enregistrer pour valider vos modifications. "
    "Tant que vous n'avez pas enregistré, votre candidature reste inchangée."
)
# A pre-registered candidature has no number nor saved version yet.
MSG_COMPLETING = (
    "Vous terminez votre inscription : parcourez chaque onglet avec Suivant pour renseigner "
    "ou corriger vos informations, puis cliquez sur Enregistrer dans le Récapitulatif. "
    "Tant que vous n'avez pas enregistré, votre candidature reste à l'état « Pré-inscrit »."
)
MSG_PIECES_LOCKED = (
    "Vous avez déjà validé vos pièces justificatives : elles restent validées. Si vous "
    "enregistrez une modification, vous devrez obligatoirement envoyer la nouvelle "
    "confirmation d'inscription et contacter le service des examens et concours pour "
    "déposer de nouvelles pièces justificatives et faire valider vos modifications."
)
MSG_READ_ONLY = (
    "Le service d'inscription est fermé : votre candidature ne peut plus être modifiée. "
    "Pour toute demande de modification, contactez le service des examens et concours dont "
    "vous dépendez."
)


Access = Callable[[Session, Account, int], Candidature]


def _common(candidature_id: int, access: Access = visible_candidature) -> dict[str, Any]:
    """What every page of a candidature shows in its header (card, menu, period). `access`:
    readable_candidature for the pages that only show it, which a closed session keeps."""
    db = database.session()
    candidature = access(db, current_user, candidature_id)
    exam = exam_or_404(candidature)
    state = saved_state(db, current_user, candidature, exam)
    return {
        "candidature": candidature,
        "exam": exam,
        "state": state,
        "card": card_of(db, current_user, candidature),
        "period": shown_period(db, candidature),
        "is_open": period_open(db, candidature),
        "can_modify": can_modify(db, candidature),
        "reopened_until": reopened_until(candidature),
        "office": office_of(db, candidature),
        "establishment": establishment_label(state),
    }


@bp.get("/mes-inscriptions/<int:candidature_id>")
@login_required
def candidature(candidature_id: int) -> str:
    """The card selected: Mon inscription, Mes documents, Mes justificatifs, Mes notes."""
    return render_template(
        "candidate/candidature.html", **_common(candidature_id, readable_candidature)
    )


@bp.get("/mes-inscriptions/<int:candidature_id>/inscription")
@login_required
def inscription(candidature_id: int) -> str:
    """Mon inscription: the Récapitulatif in consultation mode, Modifier while open."""
    context = _common(candidature_id, readable_candidature)
    state = context["state"]
    candidature = context["candidature"]
    # Who pré-inscrit it: the pupil's establishment, else the exam office (a redoublant).
    by_school = (
        candidature.state == CANDIDATURE_PREREGISTERED
        and database.session().scalar(
            select(SchoolPupil.id).where(SchoolPupil.candidature_id == candidature.id)
        )
        is not None
    )
    context.update(
        preregistered_by_school=by_school,
        summary=summary(state),
        pieces=state.pieces(),
        declared=declared_acquis(state),
        documents=latest_documents(candidature),
        msg_read_only=MSG_READ_ONLY,
    )
    return render_template("candidate/inscription.html", **context)


@bp.post("/mes-inscriptions/<int:candidature_id>/modifier")
@login_required
def modify(candidature_id: int) -> Response:
    """Modifier: the wizard re-opened on the stored answers, from its first tab."""
    db = database.session()
    candidature = visible_candidature(db, current_user, candidature_id)
    exam = exam_or_404(candidature)
    if not can_modify(db, candidature):
        flash(MSG_READ_ONLY, "error")
        return redirect(url_for(".inscription", candidature_id=candidature.id))
    # A left-over draft (an abandoned modification, or a new candidature started in another
    # window) would otherwise be resumed instead of the saved answers: start afresh from them.
    db.execute(delete(CandidatureDraft).where(
        CandidatureDraft.account_id == current_user.id,
        CandidatureDraft.exam_code == candidature.exam_code,
        CandidatureDraft.session_id == candidature.session_id,
        CandidatureDraft.academy_code == candidature.academy_code,
    ))
    db.commit()
    first = exam.tabs[0].code
    draft = drafts.open_draft(
        db, current_user.id, candidature.exam_code, candidature.session_id,
        candidature.academy_code, dict(candidature.answers), first,
        candidature_id=candidature.id,
    )
    if candidature.state == CANDIDATURE_PREREGISTERED:
        flash(MSG_COMPLETING, "info")
    else:
        flash(MSG_MODIFYING.format(number=candidature.inscription_number,
                                   version=candidature.version), "info")
    if overview_of(db, candidature).any_locked:
        flash(MSG_PIECES_LOCKED, "warning")
    return redirect(url_for("registration.tab", draft_id=draft.id, tab_code=first))


@bp.get("/mes-inscriptions/<int:candidature_id>/documents")
@login_required
def documents(candidature_id: int) -> str:
    """Mes documents: the latest version of each published document; marks them seen."""
    context = _common(candidature_id, readable_candidature)
    candidature = context["candidature"]
    context["documents"] = [
        (doc, paris(doc.shown_at).strftime("%d/%m/%Y %H:%M"))
        for doc in latest_documents(candidature)
    ]
    db = database.session()
    mark_documents_viewed(db, candidature.id)
    db.commit()
    # The envelope of the header is worked out again: the documents are now seen.
    context["card"] = card_of(db, current_user, candidature)
    return render_template("candidate/documents.html", **context)


@bp.get("/mes-inscriptions/<int:candidature_id>/documents/<int:document_id>")
@login_required
def document(candidature_id: int, document_id: int) -> Response:
    """The stored bytes of the document, as rendered when it was saved (never rebuilt)."""
    db = database.session()
    candidature = readable_candidature(db, current_user, candidature_id)
    doc = db.get(Document, document_id)
    if doc is None or doc.candidature_id != candidature.id or not doc.is_visible():
        abort(404)
    mark_documents_viewed(db, candidature.id, max(utcnow(), doc.shown_at))
    db.commit()
    response = make_response(doc.content)
    response.headers["Content-Type"] = doc.content_type
    response.headers["Content-Disposition"] = f'inline; filename="{doc.filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
