"""Préparer une session à partir d'une autre: pick the earlier session, see its candidates
who were not admitted, confirm, and they are pré-inscrits to this session (redoublants),
each one to complete the candidature from their account."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for

from web.backoffice import bp
from web.backoffice.access import current_staff
from web.backoffice.results.repeaters import prepare, refusal, repeaters, source_parts
from web.backoffice.views.results_pages import _context, _exam
from web.backoffice.views.session_pages import part_or_404
from web.core import db as database
from web.core.forms import ConfirmForm, record_id
from web.core.wording import counted


@bp.route(
    "/sessions/<int:session_id>/<academy_code>/resultats/redoublants", methods=["GET", "POST"]
)
def results_repeaters(session_id: int, academy_code: str) -> Any:
    db = database.session()
    target = part_or_404(session_id, academy_code)
    exam = _exam(target)
    sources = source_parts(db, target)
    wanted = request.values.get("source", type=record_id)
    source = next((p for p in sources if p.session_id == wanted), None)
    if wanted is not None and source is None:
        abort(404)
    form = ConfirmForm()
    found = repeaters(db, exam, source, target.session) if source is not None else []
    problem = refusal(db, source, target) if source is not None else ""
    if source is not None and not problem and form.validate_on_submit():
        ticked = set(request.form.getlist("candidature"))
        chosen = [r for r in found if str(r.candidature.id) in ticked]
        saved = prepare(db, current_staff(), exam, chosen, target)
        if saved:
            flash(
                f"{counted(len(saved), 'candidat pré-inscrit', 'candidats pré-inscrits')} à la "
                f"session {target.session.label} : "
                "chacun a reçu un mail lui demandant de compléter et d'enregistrer sa "
                "candidature pour qu'elle passe à « Inscrit ».",
                "success",
            )
        else:
            flash("Aucun candidat pré-inscrit : aucun n'était coché, ou ils le sont déjà.", "error")
        return redirect(url_for("backoffice.candidatures", session=session_id))
    return render_template(
        "backoffice/results/repeaters.html",
        **_context(target),
        sources=sources,
        source=source,
        repeaters=found,
        problem=problem,
        form=form,
    ), 422 if request.method == "POST" else 200
