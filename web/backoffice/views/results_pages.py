"""Notes et résultats of a session part: the list with each result, a candidature's grades,
the CSV import, the publication moment and the export."""

from __future__ import annotations

from typing import Any

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response as BaseResponse

from engine.spec.model import Exam
from web.backoffice import audit, bp
from web.backoffice.access import current_staff
from web.backoffice.candidatures import export as exporting
from web.backoffice.candidatures.labels import exam_labels
from web.backoffice.periods import paris_moment
from web.backoffice.refusals import show_refusal
from web.backoffice.results import grade_import as importing
from web.backoffice.results import listing
from web.backoffice.results.entry import MSG_NOT_REGISTERED, store_grades
from web.backoffice.results.export import headers as export_headers
from web.backoffice.results.export import lines as export_lines
from web.backoffice.results.forms import GradesImportForm, PublicationForm
from web.backoffice.results.publishing import (
    PublicationRefused,
    latest_statements_job,
    set_publication,
    start_statements,
)
from web.backoffice.scope import current_scope
from web.backoffice.session_forms import date_of, time_of
from web.backoffice.sessions import SessionRefused
from web.backoffice.views.exports import MEDIA_TYPES
from web.backoffice.views.session_pages import exam_labels as exam_names
from web.backoffice.views.session_pages import part_or_404
from web.core import db as database
from web.core.catalogue import paris
from web.core.forms import ConfirmForm
from web.core.models import INACTIVE_STATES, Account, ExamSession, SessionAcademy, utcnow
from web.core.wording import counted
from web.documents import jobs, tasks
from web.registration.context import exam_of
from web.results.computation import latest_job
from web.results.grades import (
    GradeRefused,
    TypedGrade,
    graded_units,
    grades_of,
    parse_grade,
    shown,
    unit_lines,
)
from web.results.outcome import CONTROL_UNIT, bounds_of, decide
from web.results.publication import publication_of
from web.results.records import part_context, store_for
from web.results.shown import UNSETTLED

ACTION_EXPORTED = "results.exported"
MSG_SAVED = "Les notes sont enregistrées ({changes}) : le résultat est recalculé."
MSG_IMPORTED = "Import terminé : {grades} pour {candidatures}."
MSG_STATEMENTS_STARTED = (
    "La publication des relevés de notes est lancée (publication n°{job}) : seules les "
    "candidatures dont le relevé a changé en reçoivent une nouvelle version, chacune avec un "
    "courriel envoyé au moment de la publication des résultats."
)
MSG_NOT_PUBLISHED = (
    "Fixez d'abord le moment de publication des résultats : les relevés de notes sont "
    "visibles des candidats à partir de ce moment."
)


def _exam(part: SessionAcademy) -> Exam:
    exam = exam_of(part.session.exam_code)
    if exam is None:
        abort(404)
    return exam


def _results_url(part: SessionAcademy, **args: Any) -> str:
    return url_for(
        "backoffice.results_session",
        session_id=part.session_id,
        academy_code=part.academy_code,
        **args,
    )


def _context(part: SessionAcademy) -> dict[str, Any]:
    return {
        "part": part,
        "session": part.session,
        "exam_label": exam_names().get(part.session.exam_code, part.session.exam_code.upper()),
    }


@bp.get("/resultats")
def results() -> str:
    """The scope's session parts, each leading to its Notes et résultats page."""
    db = database.session()
    parts = list(
        db.scalars(
            current_scope()
            .session_parts()
            .join(ExamSession, ExamSession.id == SessionAcademy.session_id)
            .options(selectinload(SessionAcademy.session))
            .order_by(
                ExamSession.year.desc(),
                ExamSession.exam_code,
                ExamSession.label,
                SessionAcademy.academy_code,
            )
        )
    )
    publications = {p.id: publication_of(db, p.session_id, p.academy_code) for p in parts}
    return render_template(
        "backoffice/results/index.html",
        parts=parts,
        labels=exam_names(),
        publications=publications,
        now=utcnow(),
    )


@bp.get("/sessions/<int:session_id>/<academy_code>/resultats")
def results_session(session_id: int, academy_code: str) -> str:
    db = database.session()
    part = part_or_404(session_id, academy_code)
    exam = _exam(part)
    status = request.args.get("resultat", "")
    status = status if status in listing.FILTER_CODES else ""
    query = request.args.get("q", "")[:100]
    number = request.args.get("page", "1")
    context = part_context(db, exam, part.session, academy_code)
    found = listing.summary(db, part, context.context_hash)
    page = listing.page_of(
        db,
        part,
        context.context_hash,
        status,
        query,
        int(number) if number.isdigit() and len(number) < 7 else 1,
        listing.known_total(found, status, query),
    )
    statements = latest_statements_job(db, part)
    return render_template(
        "backoffice/results/session.html",
        **_context(part),
        page=page,
        rows=page.rows,
        summary=found,
        filters=listing.RESULT_FILTERS,
        labels=dict(listing.RESULT_FILTERS),
        status=status,
        query=query,
        job=latest_job(db, part),
        compute_form=ConfirmForm(),
        publication=publication_of(db, part.session_id, part.academy_code),
        now=utcnow(),
        specialities=exam_labels(exam.code).specialities,
        statements_job=statements,
        changed_since_statements=_changed_since(db, part, statements),
        job_state=jobs.state_label,
        form=ConfirmForm(),
    )


def _changed_since(db: Any, part: SessionAcademy, statements: Any) -> int:
    """Results recomputed after the last finished publication of the relevés (0 without one)."""
    if statements is None or statements.finished_at is None:
        return 0
    return listing.computed_since(db, part, statements.finished_at)


def _typed(
    exam: Exam, candidature: Any, codes: list[str]
) -> tuple[dict[str, TypedGrade | None], dict[str, str]]:
    wanted: dict[str, TypedGrade | None] = {}
    errors: dict[str, str] = {}
    bounds = bounds_of(exam, candidature)
    for code in codes:
        box = "controle" if code == CONTROL_UNIT else code
        try:
            wanted[code] = parse_grade(
                request.form.get(f"note-{box}", ""), bounds(code).out_of, bounds(code).scale
            )
        except GradeRefused as refused:
            errors[code] = refused.message
    return wanted, errors


@bp.route(
    "/sessions/<int:session_id>/<academy_code>/resultats/<int:candidature_id>",
    methods=["GET", "POST"],
)
def results_candidature(session_id: int, academy_code: str, candidature_id: int) -> Any:
    """A candidature's grades, unit by unit, and the result they give."""
    db = database.session()
    part = part_or_404(session_id, academy_code)
    exam = _exam(part)
    candidature = current_scope().candidature_or_404(db, candidature_id)
    if (candidature.session_id, candidature.academy_code) != (
        session_id,
        academy_code,
    ) or candidature.state in INACTIVE_STATES:
        abort(404)
    if not candidature.is_registered:
        account = db.get(Account, candidature.account_id)
        name = f"{account.nom_naissance} {account.prenoms}" if account is not None else ""
        flash(MSG_NOT_REGISTERED.format(who=f"Le candidat {name}".strip()), "error")
        return redirect(
            url_for("backoffice.results_session", session_id=session_id, academy_code=academy_code)
        )
    lines = unit_lines(db, exam, candidature)
    graded = graded_units(lines)
    stored = grades_of(db, candidature.id)
    decision = decide(db, exam, candidature, stored, lines)
    has_control = (
        decision.status == "second_groupe"
        or CONTROL_UNIT in stored
        or (decision.control is not None)
    )
    codes = [u.code for u in graded] + ([CONTROL_UNIT] if has_control else [])
    form = ConfirmForm()  # the CSRF token; the boxes are read per unit
    errors: dict[str, str] = {}
    typed = {code: shown(stored.get(code)) for code in codes}
    if form.validate_on_submit():
        wanted, errors = _typed(exam, candidature, codes)
        typed = {
            c: request.form.get(f"note-{'controle' if c == CONTROL_UNIT else c}", "") for c in codes
        }
        if not errors:
            count = store_grades(db, current_staff(), candidature, wanted)
            store_for(db, exam, [candidature])  # committed with the grades
            db.commit()
            flash(MSG_SAVED.format(changes=counted(count, "modification", "modifications")),
                  "success")
            return redirect(
                url_for(
                    "backoffice.results_candidature",
                    session_id=session_id,
                    academy_code=academy_code,
                    candidature_id=candidature.id,
                )
            )
    elif request.method == "POST":
        form.form_errors.append("La page a expiré : enregistrez de nouveau les notes.")
    account = db.get(Account, candidature.account_id)
    return render_template(
        "backoffice/results/candidature.html",
        **_context(part),
        candidature=candidature,
        account=account,
        graded=graded,
        stored=stored,
        typed=typed,
        errors=errors,
        form=form,
        decision=decision,
        has_control=has_control,
        control=CONTROL_UNIT,
        units_bounds=dict(zip(codes, map(bounds_of(exam, candidature), codes), strict=True)),
        speciality=exam_labels(exam.code).speciality(candidature.speciality_code),
    ), 422 if errors or form.form_errors else 200


@bp.route("/sessions/<int:session_id>/<academy_code>/resultats/import", methods=["GET", "POST"])
def results_import(session_id: int, academy_code: str) -> Any:
    """Import the session's grades from a CSV: every line accepted, or nothing stored."""
    db = database.session()
    part = part_or_404(session_id, academy_code)
    exam = _exam(part)
    form = GradesImportForm()
    refused: tuple[str, ...] = ()
    if form.validate_on_submit():
        try:
            text = importing.decode(form.file.data.read(importing.MAX_BYTES + 1))
            planned = importing.plan(db, exam, session_id, academy_code, text)
        except importing.ImportRefused as problem:
            form.file.errors = [problem.message]
        else:
            refused = planned.refused
            if not refused:
                count, touched = importing.apply(db, current_staff(), exam, planned)
                db.commit()
                flash(MSG_IMPORTED.format(
                    grades=counted(count, "note enregistrée", "notes enregistrées"),
                    candidatures=counted(touched, "candidature", "candidatures")), "success")
                return redirect(_results_url(part))
            db.rollback()
    failed = bool(form.errors or refused)
    return render_template(
        "backoffice/results/import.html", **_context(part), form=form, refused=refused
    ), 422 if failed else 200


@bp.route(
    "/sessions/<int:session_id>/<academy_code>/resultats/publication", methods=["GET", "POST"]
)
def results_publication(session_id: int, academy_code: str) -> Any:
    """The moment the candidates of the part see their grades, result and relevé."""
    db = database.session()
    part = part_or_404(session_id, academy_code)
    current = publication_of(db, session_id, academy_code)
    form = PublicationForm()
    moment = None
    if request.method == "POST" and request.form.get("action") == "maintenant":
        if ConfirmForm().validate_on_submit():  # the CSRF token only: no date to give
            moment = utcnow()
    elif request.method == "GET" and current is not None:
        local = paris(current.publishes_at)
        form.day.data, form.hour.data = local.strftime("%d/%m/%Y"), local.strftime("%H:%M")
    elif form.validate_on_submit():
        day = date_of(form.day)
        assert day is not None
        try:
            moment = paris_moment(day, time_of(form.hour), "hour")
        except SessionRefused as refused:
            show_refusal(form, refused)
    if moment is not None:
        try:
            set_publication(db, current_staff(), _exam(part), part, moment)
        except PublicationRefused as refused:
            db.rollback()
            form.form_errors.append(refused.message)
            moment = None
    if moment is not None:
        db.commit()
        flash(
            f"Les résultats seront visibles des candidats à partir du "
            f"{paris(moment).strftime('%d/%m/%Y à %H:%M')}."
            if moment > utcnow()
            else "Les résultats sont publiés : les candidats voient leurs notes et leur résultat, "
            "et leur relevé de notes dès qu'il est produit.",
            "success",
        )
        _start_statements(part)
        return redirect(_results_url(part))
    found = listing.summary(
        db, part, part_context(db, _exam(part), part.session, academy_code).context_hash
    )
    return render_template(
        "backoffice/results/publication.html",
        **_context(part),
        form=form,
        summary=found,
        unsettled=UNSETTLED,
        pending=sum(found.counts[code] for code in UNSETTLED),
        status_labels=dict(listing.RESULT_FILTERS),
        publication=current,
        now=utcnow(),
    ), 422 if form.errors or form.form_errors else 200


def _start_statements(part: SessionAcademy) -> int | None:
    """Start (committed, then queued) the job publishing the part's relevés de notes; its id,
    or None when one is already running (the office is told)."""
    db = database.session()
    try:
        job = start_statements(db, current_staff(), part)
    except jobs.JobRefused as refused:
        db.rollback()
        flash(refused.message, "info")
        return None
    db.commit()
    tasks.start(job.id)
    flash(MSG_STATEMENTS_STARTED.format(job=job.id), "success")
    return int(job.id)


@bp.post("/sessions/<int:session_id>/<academy_code>/resultats/releves")
def results_statements(session_id: int, academy_code: str) -> BaseResponse:
    """Publish the relevés de notes again (after a grade corrected): a new version only for
    the candidatures whose relevé changed."""
    db = database.session()
    part = part_or_404(session_id, academy_code)
    if not ConfirmForm().validate_on_submit():
        return redirect(_results_url(part))
    if publication_of(db, session_id, academy_code) is None:
        flash(MSG_NOT_PUBLISHED, "error")
        return redirect(_results_url(part))
    job_id = _start_statements(part)
    if job_id is None:
        return redirect(_results_url(part))
    return redirect(url_for("backoffice.documents_job", job_id=job_id))


@bp.get("/sessions/<int:session_id>/<academy_code>/resultats/export.<any(csv, xlsx):extension>")
def results_export(session_id: int, academy_code: str, extension: str) -> BaseResponse:
    db = database.session()
    part = part_or_404(session_id, academy_code)
    exam = _exam(part)
    status = request.args.get("resultat", "")
    status = status if status in listing.FILTER_CODES else ""
    context = part_context(db, exam, part.session, academy_code)
    query = request.args.get("q", "")[:100]
    count = listing.count_of(db, part, context.context_hash, status, query)
    staff = current_staff()
    audit.record(
        db,
        staff,
        ACTION_EXPORTED,
        academy_code=academy_code,
        target=("session_academy", part.id),
        summary=f"Export {extension.upper()} des résultats de {count} candidature(s)",
        after={"format": extension, "lignes": count},
    )
    db.commit()
    rows = listing.export_rows(database.engine(), part, context.context_hash, status, query)
    lines = export_lines(exam, rows, exam_labels(exam.code).specialities)
    writer = exporting.csv_chunks if extension == "csv" else exporting.xlsx_chunks
    name = (
        f"resultats-{part.session.exam_code}-{academy_code}-"
        f"{paris(utcnow()).strftime('%Y%m%d-%H%M')}.{extension}"
    )
    response = Response(
        stream_with_context(writer(export_headers(exam), lines)),
        mimetype=MEDIA_TYPES[extension],
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
