"""The accessible version of a published document (RGAA 13.3): the HTML stored beside its PDF,
rendered from the same data, shown in a page of the candidate space."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user, login_required
from markupsafe import Markup

from web.candidate import bp
from web.candidate.services import card_of, readable_candidature
from web.core import db as database
from web.core.models import Document


@bp.get("/mes-inscriptions/<int:candidature_id>/documents/<int:document_id>/version-accessible")
@login_required
def accessible_document(candidature_id: int, document_id: int) -> str:
    db = database.session()
    candidature = readable_candidature(db, current_user, candidature_id)
    doc = db.get(Document, document_id)
    if (
        doc is None
        or doc.candidature_id != candidature.id
        or not doc.is_visible()
        or doc.accessible_html is None
    ):
        abort(404)
    # Rendered by the engine's autoescaping template when the version was saved: every value
    # in it is already escaped.
    body = Markup(doc.accessible_html)  # noqa: S704  # nosec B704
    return render_template(
        "candidate/accessible_document.html",
        candidature=candidature,
        card=card_of(db, current_user, candidature),
        doc=doc,
        body=body,
    )
