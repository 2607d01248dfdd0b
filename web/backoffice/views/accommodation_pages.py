"""The aménagement measures granted to a candidature that asked for one, entered by the office
on the candidature's page; the notification prints them."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for

from web.backoffice import audit, bp
from web.backoffice.access import current_staff
from web.backoffice.publication_forms import MeasuresForm
from web.backoffice.scope import current_scope
from web.core import db as database
from web.core.forms import parse_date
from web.core.models import AccommodationGrant, Account, utcnow


@bp.route("/candidatures/<int:candidature_id>/amenagements", methods=["GET", "POST"])
def candidatures_measures(candidature_id: int) -> Any:
    db = database.session()
    candidature = current_scope().candidature_or_404(db, candidature_id)
    if not candidature.accommodation_requested:
        abort(404)
    grant = db.get(AccommodationGrant, candidature.id)
    form = MeasuresForm()
    if not form.is_submitted() and grant is not None:
        form.measures.data = grant.measures
        form.decided_on.data = grant.decided_on.strftime("%d/%m/%Y") if grant.decided_on else ""
    if form.validate_on_submit():
        before = {"measures": grant.measures} if grant is not None else {}
        if grant is None:
            grant = AccommodationGrant(candidature_id=candidature.id)
            db.add(grant)
        grant.measures = str(form.measures.data)
        grant.decided_on = parse_date(form.decided_on.data) if form.decided_on.data else None
        grant.updated_by_id = current_staff().id
        grant.updated_at = utcnow()
        audit.record(
            db,
            current_staff(),
            "candidature.measures_saved",
            academy_code=candidature.academy_code,
            target=("candidature", candidature.id),
            before=before,
            after={"measures": grant.measures},
        )
        db.commit()
        flash(
            "Les mesures d'aménagement sont enregistrées. Publiez la notification depuis "
            "« Publier des documents ».",
            "success",
        )
        return redirect(
            url_for("backoffice.candidatures_detail", candidature_id=candidature.id)
            + "#amenagements"
        )
    return render_template(
        "backoffice/candidature_measures.html",
        candidature=candidature,
        form=form,
        account=db.get(Account, candidature.account_id),
    ), 422 if form.errors else 200
