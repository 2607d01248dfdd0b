"""The N° Inscription tab after Enregistrer, and stored documents served to their owner only."""

from __future__ import annotations

from flask import abort, make_response, render_template
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from engine.confirmation.french import to_paris
from web.core import db as database
from web.core.models import INACTIVE_STATES, AcademyOffice, Candidature, Document, utcnow
from web.core.session_calendar import calendar_of, current_or_last_period
from web.registration import bp
from web.registration.context import academy_name, account_values, exam_of

# The guide's sentences (seeds/004 "N°Inscription"), used when a spec does not word them.
DEFAULT_TEXTS = {
    "receipt_saved": "Votre inscription a bien été prise en compte le {date} à {heure}.",
    "receipt_closing": (
        "Vous pourrez consulter et, éventuellement, modifier les données de votre dossier "
        "avant la fermeture du service fixée le : {date_fermeture} à {heure_fermeture}."
    ),
    "receipt_contact": (
        "Pour tout renseignement, vous pouvez contacter le service des examens et concours "
        "dont vous dépendez :"
    ),
}


def owned_candidature(candidature_id: int) -> Candidature:
    found = database.session().get(Candidature, candidature_id)
    # Another account's candidature answers like a missing one: ids cannot be probed; a
    # désinscrite or excluded one is out of sight like in Mes inscriptions. A closed
    # session's stays: N° Inscription only shows it.
    if found is None or found.account_id != current_user.id or not found.is_active:
        abort(404)
    return found


def latest_documents(candidature: Candidature) -> list[Document]:
    """The latest published version of each kind of document of the candidature."""
    latest: dict[str, Document] = {}
    for doc in candidature.documents:
        if doc.published and (doc.kind not in latest or doc.version > latest[doc.kind].version):
            latest[doc.kind] = doc
    return list(latest.values())


def fill(text: str, **values: str) -> str:
    """The spec's receipt texts name their blanks {date}, {heure}…; plain replacement only."""
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


@bp.get("/inscription/candidature/<int:candidature_id>/numero")
@login_required
def receipt(candidature_id: int) -> str:
    db = database.session()
    candidature = owned_candidature(candidature_id)
    exam = exam_of(candidature.exam_code)
    if exam is None:
        abort(404)
    session = candidature.session
    period = current_or_last_period(db, session, candidature.academy_code)
    saved = to_paris(candidature.updated_at)
    texts = {**DEFAULT_TEXTS, **exam.texts}
    closing = ""
    if period is not None:
        closes = to_paris(period.closes_at)
        closing = fill(texts.get("receipt_closing", ""),
                       date_fermeture=closes.strftime("%d/%m/%Y"),
                       heure_fermeture=closes.strftime("%H:%M"))
    from engine.wizard import build_state

    state = build_state(exam, candidature.answers,
                        calendar_of(session, period, candidature.academy_code),
                        account_values(current_user))
    return render_template(
        "registration/receipt.html",
        exam=exam, candidature=candidature, session=session, state=state,
        saved_text=fill(texts.get("receipt_saved", ""), date=saved.strftime("%d/%m/%Y"),
                        heure=saved.strftime("%H:%M")),
        closing_text=closing, contact_text=texts.get("receipt_contact", ""),
        office=db.get(AcademyOffice, candidature.academy_code),
        academy_label=academy_name(candidature.academy_code),
        documents=latest_documents(candidature),
        total=len(state.tabs),
    )


@bp.get("/documents/<int:document_id>")
@login_required
def document(document_id: int) -> Response:
    """The stored bytes, as rendered when the version was saved (never rebuilt here)."""
    # One query, owner included: another account's document (or a désinscrite candidature's)
    # answers like a missing one.
    db = database.session()
    doc = db.scalar(
        select(Document)
        .join(Candidature, Candidature.id == Document.candidature_id)
        .where(Document.id == document_id, Document.published.is_(True),
               Candidature.account_id == current_user.id,
               Candidature.state.not_in(INACTIVE_STATES))
    )
    if doc is None or not doc.is_visible():
        abort(404)
    # Imported here: web.space imports web.registration, which imports this module.
    from web.candidate.services import documents_viewed_at, mark_documents_viewed

    # Opened from N° Inscription too: the envelope's "document à visualiser" line clears.
    # Written only when this document is newer than the last visit: a reopened PDF is a read.
    seen = documents_viewed_at(db, doc.candidature_id)
    if seen is None or seen < doc.shown_at:
        mark_documents_viewed(db, doc.candidature_id, max(utcnow(), doc.shown_at))
        db.commit()
    response = make_response(doc.content)
    response.headers["Content-Type"] = doc.content_type
    response.headers["Content-Disposition"] = f'inline; filename="{doc.filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
