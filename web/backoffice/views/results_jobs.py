"""Calculer les résultats of a session part: start the background job, follow it, restart it
(the document publications' jobs: web.documents.jobs, a page that refreshes itself)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from web.backoffice import audit, bp
from web.backoffice.access import current_staff
from web.backoffice.views.publication_pages import REFRESH_SECONDS, job_or_404, restart_job
from web.backoffice.views.session_pages import exam_labels, part_or_404
from web.core import db as database
from web.core.forms import ConfirmForm
from web.core.models import PublicationJob, utcnow
from web.core.wording import counted
from web.documents import jobs, tasks
from web.results import computation

ACTION_STARTED = "results.computation_started"
ACTION_RESTARTED = "results.computation_restarted"
MSG_RUNNING = "Un calcul des résultats est déjà en cours pour cette session : voici son avancement."


def _job_url(job: PublicationJob) -> str:
    return url_for(
        "backoffice.results_job",
        session_id=job.session_id,
        academy_code=job.academy_code,
        computation_id=job.id,
    )


def _job(session_id: int, academy_code: str, job_id: int) -> PublicationJob:
    part_or_404(session_id, academy_code)
    job = job_or_404(job_id)
    if (job.kind, job.session_id, job.academy_code) != (
        computation.KIND,
        session_id,
        academy_code,
    ):
        abort(404)
    return job


@bp.post("/sessions/<int:session_id>/<academy_code>/resultats/calcul")
def results_compute(session_id: int, academy_code: str) -> Response:
    part = part_or_404(session_id, academy_code)
    back = redirect(
        url_for("backoffice.results_session", session_id=session_id, academy_code=academy_code)
    )
    if not ConfirmForm().validate_on_submit():
        flash("La page a expiré : relancez le calcul.", "error")
        return back
    db = database.session()
    staff = current_staff()
    try:
        job = jobs.create(db, staff, computation.KIND, part.session, academy_code)
    except jobs.JobRefused:
        db.rollback()
        running = computation.latest_job(db, part)
        flash(MSG_RUNNING, "info")
        return redirect(_job_url(running)) if running is not None else back
    audit.record(
        db,
        staff,
        ACTION_STARTED,
        academy_code=academy_code,
        target=("session_academy", part.id),
        after={"job": job.id},
    )
    db.commit()
    tasks.start(job.id)
    flash(
        "Le calcul des résultats est lancé : il se poursuit en arrière-plan, cette page montre "
        "son avancement.",
        "success",
    )
    return redirect(_job_url(job))


@bp.get("/sessions/<int:session_id>/<academy_code>/resultats/calcul/<int:computation_id>")
def results_job(session_id: int, academy_code: str, computation_id: int) -> str:
    job = _job(session_id, academy_code, computation_id)
    now = utcnow()
    return render_template(
        "backoffice/results/job.html",
        job=job,
        part=part_or_404(session_id, academy_code),
        session=job.session,
        title=computation.TITLE,
        state=jobs.state_label(job, now, computation.STATE_LABELS),
        interrupted=jobs.shown_state(job, now) == jobs.INTERRUPTED,
        active=jobs.is_active(job, now),
        restartable=jobs.can_restart(job, now),
        failures=jobs.failures(database.session(), job.id),
        exam_label=exam_labels().get(job.session.exam_code, job.session.exam_code.upper()),
        refresh=REFRESH_SECONDS,
        form=ConfirmForm(),
    )


@bp.post("/sessions/<int:session_id>/<academy_code>/resultats/calcul/<int:computation_id>/relancer")
def results_job_restart(session_id: int, academy_code: str, computation_id: int) -> Response:
    job = _job(session_id, academy_code, computation_id)
    back = redirect(_job_url(job))
    if not ConfirmForm().validate_on_submit():
        return back
    todo = restart_job(job, ACTION_RESTARTED, {})
    if todo is not None:
        flash(f"Le calcul reprend : {counted(todo, 'résultat', 'résultats')} à calculer.",
              "success")
    return back
