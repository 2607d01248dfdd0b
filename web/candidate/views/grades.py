"""Mes notes: nothing before the office publishes the results; from then on, the grades per
unit, the result and its explanation, the grades kept for later sessions, and the link to the
relevé de notes once its publication has given one."""

from __future__ import annotations

from flask import render_template
from flask_login import login_required

from web.candidate import bp
from web.candidate.services import readable_candidature
from web.candidate.views.candidature import _common
from web.core import db as database
from web.results.shown import published_results


@bp.get("/mes-inscriptions/<int:candidature_id>/notes")
@login_required
def grades(candidature_id: int) -> str:
    # Results come after the registration side is closed: a closed session keeps Mes notes.
    context = _common(candidature_id, readable_candidature)
    context["results"] = published_results(
        database.session(), context["exam"], context["candidature"]
    )
    return render_template("candidate/notes.html", **context)
