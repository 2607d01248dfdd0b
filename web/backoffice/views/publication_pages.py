"""Publier des documents: choose a kind and a session, start the job, follow it, restart it.

The job's page refreshes itself (a meta refresh, no script) while the job runs; its counts
are those the workers wrote, so any app server shows the same progress.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

import web.documents.builtin  # noqa: F401  (registers the shipped kinds)
from web.backoffice import audit, bp
from web.backoffice.access import current_staff
from web.backoffice.publication_forms import PublishForm
from web.backoffice.scope import current_scope
from web.backoffice.views.session_pages import exam_labels
from web.core import db as database
from web.core import reference
from web.core.forms import ConfirmForm, as_choices
from web.core.models import ExamSession, PublicationJob, SessionAcademy, utcnow
from web.core.wording import counted
from web.documents import jobs, tasks
from web.documents.kinds import KINDS, kind_of, title_of

REFRESH_SECONDS = 5
RECENT_JOBS = 30


def _parts() -> list[tuple[str, str]]:
    """(session_id:academy, label) of the open session parts of the scope."""
    db = database.session()
    labels = exam_labels()
    parts = db.scalars(
        current_scope()
        .session_parts()
        .join(ExamSession, ExamSession.id == SessionAcademy.session_id)
        .where(ExamSession.closed.is_(False), SessionAcademy.closed_at.is_(None))
        .order_by(
            ExamSession.year.desc(),
            ExamSession.exam_code,
            ExamSession.label,
            SessionAcademy.academy_code,
        )
    )
    return [
        (
            f"{p.session_id}:{p.academy_code}",
            f"{labels.get(p.session.exam_code, p.session.exam_code.upper())} - {p.session.label} "
            f"- {reference.academy_label(p.academy_code)}",
        )
        for p in parts
    ]


def job_or_404(job_id: int) -> PublicationJob:
    job = database.session().get(PublicationJob, job_id)
    if job is None or not current_scope().allows(job.academy_code):
        abort(404)
    return job


def _publish_page(form: PublishForm, status: int = 200) -> tuple[str, int]:
    db = database.session()
    recent = list(
        db.scalars(
            current_scope()
            .where(select(PublicationJob), PublicationJob.academy_code)
            .where(PublicationJob.kind.in_(list(KINDS)))
            .order_by(PublicationJob.created_at.desc(), PublicationJob.id.desc())
            .limit(RECENT_JOBS)
        )
    )
    return render_template(
        "backoffice/documents/publish.html",
        form=form,
        kinds=list(KINDS.values()),
        recent=recent,
        title_of=title_of,
        state_label=jobs.state_label,
        now=utcnow(),
        exam_labels=exam_labels(),
    ), status


@bp.route("/documents", methods=["GET", "POST"])
def documents_publish() -> Any:
    form = PublishForm()
    form.kind.choices = as_choices(
        [("", "Choisir un document")] + [(k.code, k.title) for k in KINDS.values()])
    form.part.choices = as_choices([("", "Choisir une session")] + _parts())
    if request.method == "GET":  # a page's link may choose the document and the session
        for field, value in (
            (form.kind, request.args.get("document")),
            (form.part, request.args.get("session")),
        ):
            if value and value in {choice.value for choice in field.choices}:
                field.data = value
    if not form.validate_on_submit():
        return _publish_page(form, 422 if form.errors else 200)
    session_id, _, academy = str(form.part.data).partition(":")
    db = database.session()
    part = current_scope().session_part_or_404(db, int(session_id), academy)
    staff = current_staff()
    try:
        job = jobs.create(db, staff, str(form.kind.data), part.session, academy)
    except jobs.JobRefused as refused:
        db.rollback()
        form.form_errors.append(refused.message)
        return _publish_page(form, 409)
    audit.record(
        db,
        staff,
        "documents.publication_started",
        academy_code=academy,
        target=("session", part.session_id),
        after={"kind": title_of(job.kind), "job": job.id},
    )
    db.commit()
    tasks.start(job.id)
    flash(
        f"La publication « {title_of(job.kind)} » est lancée : elle se poursuit en arrière-"
        "plan, cette page montre son avancement.",
        "success",
    )
    return redirect(url_for("backoffice.documents_job", job_id=job.id))


@bp.get("/documents/travaux/<int:job_id>")
def documents_job(job_id: int) -> str:
    job = job_or_404(job_id)
    if job.kind not in KINDS:  # another kind of job has its own page
        abort(404)
    now = utcnow()
    db = database.session()
    kind = kind_of(job.kind)
    return render_template(
        "backoffice/documents/job.html",
        job=job,
        title=title_of(job.kind),
        state=jobs.state_label(job, now),
        active=jobs.is_active(job, now),
        restartable=jobs.can_restart(job, now),
        failures=jobs.failures(db, job.id),
        unchanged=jobs.unchanged_count(db, job.id),
        note=kind.note if kind is not None else "",
        exam_label=exam_labels().get(job.session.exam_code, job.session.exam_code.upper()),
        refresh=REFRESH_SECONDS,
        form=ConfirmForm(),
    )


@bp.post("/documents/travaux/<int:job_id>/relancer")
def documents_job_restart(job_id: int) -> Response:
    job = job_or_404(job_id)
    form = ConfirmForm()
    back = redirect(url_for("backoffice.documents_job", job_id=job.id))
    if not form.validate_on_submit():
        return back
    todo = restart_job(job, "documents.publication_restarted", {"kind": title_of(job.kind)})
    if todo is not None:
        flash(
            f"La publication reprend : {counted(todo, 'document', 'documents')} à produire "
            "(ceux déjà publiés ne "
            "sont pas refaits).",
            "success",
        )
    return back


def restart_job(job: PublicationJob, action: str, after: dict[str, Any]) -> int | None:
    """The job's failed items to do again (or an interrupted job carried on), audited and
    queued: how many items are to do; None when there is nothing to restart (said)."""
    db = database.session()
    failed = job.failed
    try:
        todo = jobs.restart(db, job)
    except jobs.JobRefused as refused:
        db.rollback()
        flash(refused.message, "info")
        return None
    audit.record(
        db,
        current_staff(),
        action,
        academy_code=job.academy_code,
        target=("session", job.session_id),
        after={**after, "job": job.id, "failed": failed, "todo": todo},
    )
    db.commit()
    tasks.resume(job.id)
    return todo
