"""The épreuves timetable of a session part: its entries, add or edit one, delete one (after
a confirmation page), import a CSV (all or nothing)."""

from __future__ import annotations

import functools
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from engine.spec.model import Exam
from web.backoffice import audit, bp
from web.backoffice.access import current_staff
from web.backoffice.publication_forms import EntryForm, TimetableImportForm
from web.backoffice.views.session_pages import exam_labels, part_or_404
from web.core import db as database
from web.core.forms import ConfirmForm, as_choices
from web.core.models import Candidature, Document, SessionAcademy, TimetableEntry
from web.core.wording import counted
from web.documents import timetable, timetable_import
from web.documents.builtin import CONVOCATION
from web.documents.timetable_rows import RawEntry, check_entry
from web.registration.context import exam_of

MSG_NO_EXAM = "La spécification de cet examen n'est pas disponible : le calendrier attend."
MSG_CLOSED = "La session est fermée pour votre académie : son calendrier n'est plus modifiable."


def _exam(part: SessionAcademy) -> Exam:
    exam = exam_of(part.session.exam_code)
    if exam is None:
        abort(404)
    return exam


def _url(part: SessionAcademy) -> str:
    return url_for(
        "backoffice.timetable", session_id=part.session_id, academy_code=part.academy_code
    )


def _entry_or_404(part: SessionAcademy, entry_id: int) -> TimetableEntry:
    entry = database.session().get(TimetableEntry, entry_id)
    if entry is None or (entry.session_id, entry.academy_code) != (
        part.session_id,
        part.academy_code,
    ):
        abort(404)
    return entry


def _form(exam: Exam, entry: TimetableEntry | None = None) -> EntryForm:
    form = EntryForm()
    form.unit.choices = as_choices([("", "Choisir une épreuve")] + timetable.exam_units(exam))
    form.speciality.choices = as_choices(timetable.speciality_choices(exam))
    if entry is not None and not form.is_submitted():
        form.unit.data, form.speciality.data = entry.unit_code, entry.speciality_code
        form.day.data = entry.day.strftime("%d/%m/%Y")
        form.starts_at.data = entry.starts_at.strftime("%H:%M")
        form.duration.data = timetable.shown_duration(entry.duration_minutes).replace(" ", "")
        form.centre.data, form.address.data = entry.centre, entry.address
    return form


def _context(part: SessionAcademy, exam: Exam, **more: Any) -> dict[str, Any]:
    db = database.session()
    return {
        "part": part,
        "session": part.session,
        "exam": exam,
        "exam_label": exam_labels().get(part.session.exam_code, exam.label),
        "entries": timetable.entries(db, part.session_id, part.academy_code),
        "unit_labels": dict(timetable.exam_units(exam)),
        "entry_label": functools.partial(timetable.entry_label, exam),
        "speciality_labels": dict(timetable.speciality_choices(exam)),
        "duration": timetable.shown_duration,
        "confirm": ConfirmForm(),
        **more,
    }


def _save(
    part: SessionAcademy, exam: Exam, form: EntryForm, entry: TimetableEntry | None
) -> Response | None:
    """The form's entry checked like a CSV line, then stored; None when refused."""
    raw = RawEntry(
        str(form.unit.data),
        str(form.speciality.data or ""),
        form.day.data or "",
        form.starts_at.data or "",
        form.duration.data or "",
        form.centre.data or "",
        form.address.data or "",
    )
    fields, problems = check_entry(
        raw, dict(timetable.exam_units(exam)), {s.code for s in exam.specialities}
    )
    if fields is None:
        form.form_errors.extend(p[:1].upper() + p[1:] + "." for p in problems)
        return None
    db = database.session()
    clash = timetable.find(
        db, part.session_id, part.academy_code, fields.unit_code, fields.speciality_code
    )
    if clash is not None and clash is not entry:
        form.unit.errors = [
            "Cette épreuve a déjà un horaire pour cette spécialité : modifiez-le dans le tableau."
        ]
        return None
    before = timetable.snapshot(entry) if entry is not None else {}
    saved = timetable.put(db, part.session_id, part.academy_code, fields, entry)
    db.flush()
    audit.record(
        db,
        current_staff(),
        "timetable.entry_saved",
        academy_code=part.academy_code,
        target=("session", part.session_id),
        before=before,
        after=timetable.snapshot(saved),
    )
    db.commit()
    flash(f"L'horaire de l'épreuve {saved.unit_code} est enregistré.", "success")
    return redirect(_url(part))


@bp.route(
    "/sessions/<int:session_id>/<academy_code>/calendrier",
    methods=["GET", "POST"],
    endpoint="timetable",
)
def timetable_page(session_id: int, academy_code: str) -> Any:
    part = part_or_404(session_id, academy_code)
    return _entry_page(part, None, "backoffice/timetable/list.html", msg_closed=MSG_CLOSED)


@bp.route(
    "/sessions/<int:session_id>/<academy_code>/calendrier/<int:entry_id>", methods=["GET", "POST"]
)
def timetable_entry(session_id: int, academy_code: str, entry_id: int) -> Any:
    part = part_or_404(session_id, academy_code)
    entry = _entry_or_404(part, entry_id)
    return _entry_page(part, entry, "backoffice/timetable/entry.html")


def _entry_page(
    part: SessionAcademy, entry: TimetableEntry | None, template: str, **more: Any
) -> Any:
    """The page with the entry's form (a new one, or `entry`): saved and back to the list,
    or shown again with what was refused."""
    exam = _exam(part)
    form = _form(exam, entry)
    if form.validate_on_submit() and not part.is_closed:
        done = _save(part, exam, form, entry)
        if done is not None:
            return done
    status = 422 if form.errors or form.form_errors else 200
    return render_template(template, **_context(part, exam, form=form, entry=entry, **more)), status


def published_convocations(db: Session, entry: TimetableEntry) -> int:
    """The candidatures of the entry's session part (of its speciality, for a speciality's
    entry) that already have a published convocation: those that may print it."""
    query = (
        select(func.count(func.distinct(Document.candidature_id)))
        .join(Candidature, Candidature.id == Document.candidature_id)
        .where(
            Document.kind == CONVOCATION.code,
            Document.published.is_(True),
            Candidature.session_id == entry.session_id,
            Candidature.academy_code == entry.academy_code,
        )
    )
    if entry.speciality_code:
        query = query.where(Candidature.speciality_code == entry.speciality_code)
    return int(db.scalar(query) or 0)


@bp.route(
    "/sessions/<int:session_id>/<academy_code>/calendrier/<int:entry_id>/suppression",
    methods=["GET", "POST"],
)
def timetable_delete(session_id: int, academy_code: str, entry_id: int) -> Any:
    """The entry's deletion, asked for on its own page: what it is, the convocations
    already published that may print it, then « Supprimer » or « Annuler »."""
    part = part_or_404(session_id, academy_code)
    entry = _entry_or_404(part, entry_id)
    exam = _exam(part)
    form = ConfirmForm()
    db = database.session()
    status = 200
    if request.method == "POST" and part.is_closed:
        status = 403
    elif form.validate_on_submit():
        audit.record(
            db,
            current_staff(),
            "timetable.entry_deleted",
            academy_code=part.academy_code,
            target=("session", part.session_id),
            before=timetable.snapshot(entry),
        )
        db.delete(entry)
        db.commit()
        flash(f"L'horaire de l'épreuve {entry.unit_code} est supprimé.", "success")
        return redirect(_url(part))
    elif request.method == "POST":
        status = 422
    return render_template(
        "backoffice/timetable/delete.html",
        **_context(
            part,
            exam,
            form=form,
            entry=entry,
            published=published_convocations(db, entry),
            list_url=_url(part),
            msg_closed=MSG_CLOSED,
        ),
    ), status


@bp.route("/sessions/<int:session_id>/<academy_code>/calendrier/import", methods=["GET", "POST"])
def timetable_import_page(session_id: int, academy_code: str) -> Any:
    part = part_or_404(session_id, academy_code)
    exam = _exam(part)
    form = TimetableImportForm()
    problems: list[str] = []
    if form.validate_on_submit() and not part.is_closed:
        data = form.file.data.read(timetable_import.MAX_BYTES + 1)
        try:
            planned = timetable_import.plan(
                timetable_import.decode(data),
                dict(timetable.exam_units(exam)),
                {s.code for s in exam.specialities},
            )
        except timetable_import.TimetableImportRefused as refused:
            problems = refused.problems
        else:
            db = database.session()
            count = timetable_import.apply(db, part.session_id, part.academy_code, planned)
            audit.record(
                db,
                current_staff(),
                "timetable.imported",
                academy_code=part.academy_code,
                target=("session", part.session_id),
                after={"lines": count, "file": (form.file.data.filename or "")[:100]},
            )
            db.commit()
            flash(f"Le calendrier est importé : "
                  f"{counted(count, 'épreuve enregistrée', 'épreuves enregistrées')}.", "success")
            return redirect(_url(part))
    status = 422 if form.errors or problems else 200
    return render_template(
        "backoffice/timetable/import.html",
        **_context(
            part, exam, form=form, problems=problems, columns=";".join(timetable_import.COLUMNS)
        ),
    ), status
