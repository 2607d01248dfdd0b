"""Candidatures of the scope: the searchable list, one candidature's file, its stored PDFs."""

from __future__ import annotations

from flask import abort, make_response, render_template, request, session
from werkzeug.wrappers import Response

from web.backoffice import audit, bp
from web.backoffice.candidatures import detail, listing
from web.backoffice.candidatures.filters import Filters
from web.backoffice.scope import current_scope
from web.core import db as database
from web.core.models import DOCUMENT_CONFIRMATION, AccommodationGrant, Document

LIST_PATH = "/gestion/candidatures"
LIST_KEY = "candidatures_list"


def _safe(target: str) -> bool:
    return target.startswith(LIST_PATH) and "//" not in target and "\\" not in target


def back_to_list() -> str:
    """The list the staff member came from, with its filters: passed along as `retour`, or
    the last one seen (after an action's redirect)."""
    for target in (request.args.get("retour", ""), session.get(LIST_KEY, "")):
        if _safe(target):
            return str(target)
    return LIST_PATH


@bp.get("/candidatures")
def candidatures() -> str:
    db = database.session()
    scope = current_scope()
    filters = Filters.from_args(request.args)
    here = request.full_path.rstrip("?")
    session[LIST_KEY] = here if len(here) < 500 else LIST_PATH
    return render_template(
        "backoffice/candidatures.html",
        filters=filters, search=filters.search, page=listing.page_of(db, scope, filters),
        choices=listing.choices(db, scope, filters), national=scope.national,
        here=here,
    )


@bp.get("/candidatures/<int:candidature_id>")
def candidatures_detail(candidature_id: int) -> str:
    db = database.session()
    candidature = current_scope().candidature_or_404(db, candidature_id)
    return render_template(
        "backoffice/candidature.html", file=detail.file_of(db, candidature),
        back=back_to_list(), value_label=audit.value_label, shown_value=audit.shown_value,
        grant=db.get(AccommodationGrant, candidature.id),
        office_documents=[d for d in candidature.documents if d.kind != DOCUMENT_CONFIRMATION],
    )


@bp.get("/candidatures/<int:candidature_id>/documents/<int:document_id>")
def candidatures_document(candidature_id: int, document_id: int) -> Response:
    """A stored version's PDF, as it was rendered when saved (never rebuilt)."""
    db = database.session()
    candidature = current_scope().candidature_or_404(db, candidature_id)
    document = db.get(Document, document_id)
    if document is None or document.candidature_id != candidature.id:
        abort(404)
    response = make_response(document.content)
    response.headers["Content-Type"] = document.content_type
    response.headers["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
