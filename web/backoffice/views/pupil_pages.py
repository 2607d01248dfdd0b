"""Pupils pages: import a CSV, the imported classes, a class's pupils, their slips."""

from __future__ import annotations

from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response

from engine import csvtext
from web.backoffice import bp
from web.backoffice.access import current_staff
from web.backoffice.pupils import classes as listing
from web.backoffice.pupils import importer, slips
from web.backoffice.pupils.forms import PupilImportForm
from web.backoffice.scope import current_scope
from web.backoffice.views.session_pages import commit
from web.core import db as database
from web.core import establishments
from web.core.candidature_states import state_label
from web.core.forms import ConfirmForm, as_choices
from web.core.wording import counted

MSG_NO_PART = "Choisissez une session ouverte de votre académie."
MSG_RACE = ("Un autre import vient d'enregistrer des élèves aux mêmes identifiants : importez "
            "de nouveau le fichier.")
MSG_NOTHING_TO_PRINT = ("Tous les élèves de cette classe ont déjà choisi leur mot de passe : "
                        "aucun papillon n'est imprimable. Donnez un nouveau mot de passe "
                        "initial à l'élève qui a perdu le sien.")
MSG_NOT_PRINTABLE = ("Cet élève a déjà choisi son mot de passe : son papillon n'est plus "
                     "imprimable. Donnez-lui un nouveau mot de passe initial.")


def _limits() -> tuple[int, int]:
    config = current_app.config
    return (int(config.get("PUPILS_IMPORT_MAX_BYTES", importer.MAX_BYTES)),
            int(config.get("PUPILS_IMPORT_MAX_LINES", importer.MAX_LINES)))


def _import_page(form: PupilImportForm, parts: list[listing.Part], status: int = 200,
                 planned: importer.PupilPlan | None = None) -> Any:
    return render_template("backoffice/pupils/import.html", form=form, parts=parts,
                           plan=planned, limit=csvtext.shown_size(_limits()[0])), status


@bp.route("/eleves/import", methods=["GET", "POST"])
def pupils_import() -> Any:
    """Upload a CSV: imported whole, or refused whole with every bad line and why."""
    db = database.session()
    parts = listing.importable_parts(db, current_scope())
    form = PupilImportForm()
    form.part.choices = as_choices([("", "Choisissez une session")]
                                   + [(str(p.id), p.label) for p in parts])
    if not form.validate_on_submit():
        return _import_page(form, parts, 422 if form.errors else 200)
    part = next((p for p in parts if str(p.id) == form.part.data), None)
    target = part.target() if part is not None else None
    if target is None:
        form.part.errors = [MSG_NO_PART]
        return _import_page(form, parts, 422)
    max_bytes, max_lines = _limits()
    try:
        text = importer.decode(form.file.data.read(max_bytes + 1), max_bytes, max_lines)
    except csvtext.CsvRefused as refused:
        form.file.errors = [refused.message]
        return _import_page(form, parts, 422)
    planned = importer.plan(db, target, text)
    if not planned.accepted:
        db.rollback()
        return _import_page(form, parts, 422, planned)
    done = importer.apply(db, current_staff(), target, planned)
    if not commit(db):
        form.form_errors.append(MSG_RACE)
        return _import_page(form, parts, 409)
    flash(f"{counted(done.count, 'élève importé', 'élèves importés')} "
          f"({counted(done.classes, 'classe', 'classes')}) : leurs candidatures "
          "sont à l'état « Pré-inscrit ». Imprimez les papillons de connexion de chaque classe.",
          "success")
    return redirect(url_for("backoffice.pupils"))


def _establishment_label(code: str) -> str:
    found = establishments.find(database.session(), code)
    return found.establishment.printed_label if found else code


@bp.get("/eleves")
def pupils() -> str:
    """The imported classes of the academy, with their slips."""
    lines = listing.classes(database.session(), current_scope())
    return render_template("backoffice/pupils/classes.html", lines=lines,
                           establishment_label=_establishment_label)


class _NoClass(Exception):
    """The address names no class (a link cut short): the classes page instead."""


def _class_pupils() -> tuple[tuple[int, str, str], list[Any]]:
    session_id = request.args.get("session", type=int)
    uai, label = request.args.get("uai", ""), request.args.get("classe", "")
    if session_id is None or not uai or not label:
        raise _NoClass
    found = listing.class_pupils(database.session(), current_scope(), session_id, uai, label)
    if not found:
        abort(404)  # another academy's class looks missing
    return (session_id, uai, label), found


@bp.errorhandler(_NoClass)
def _no_class(_: _NoClass) -> Response:
    return redirect(url_for("backoffice.pupils"))


@bp.get("/eleves/classe")
def pupils_class() -> str:
    (session_id, uai, label), found = _class_pupils()
    return render_template(
        "backoffice/pupils/class.html", pupils=found, session_id=session_id, uai=uai,
        class_label=label, establishment=_establishment_label(uai), state_label=state_label,
        printable=slips.printable,
        session_label=found[0].candidature.session.label,
    )


def _pdf(content: bytes, name: str) -> Response:
    response = make_response(content)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text)[:40]


@bp.get("/eleves/classe/papillons.pdf")
def pupils_class_slips() -> Response:
    (session_id, uai, label), found = _class_pupils()
    if not any(slips.printable(p) for p in found):
        flash(MSG_NOTHING_TO_PRINT, "error")
        return redirect(url_for("backoffice.pupils_class", session=session_id, uai=uai,
                                classe=label))
    content = slips.render(database.session(), found)
    return _pdf(content, f"papillons-{uai}-{_safe(label)}.pdf")


@bp.get("/eleves/<int:pupil_id>/papillon.pdf")
def pupil_slip(pupil_id: int) -> Response:
    db = database.session()
    pupil = listing.pupil_in_scope(db, current_scope(), pupil_id)
    if pupil is None:
        abort(404)
    back = url_for("backoffice.pupils_class", session=pupil.session_id,
                   uai=pupil.establishment_code, classe=pupil.class_label)
    if not slips.printable(pupil):
        flash(MSG_NOT_PRINTABLE, "error")
        return redirect(back)
    return _pdf(slips.render(db, [pupil]), f"papillon-{pupil.account.login}.pdf")


@bp.route("/eleves/<int:pupil_id>/nouveau-mot-de-passe", methods=["GET", "POST"])
def pupil_new_password(pupil_id: int) -> Any:
    """A new initial password (a lost slip), once confirmed: the old password stops working."""
    db = database.session()
    pupil = listing.pupil_in_scope(db, current_scope(), pupil_id)
    if pupil is None:
        abort(404)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("backoffice/pupils/new_password.html", pupil=pupil, form=form,
                               printable=slips.printable(pupil))
    listing.new_initial_password(db, current_staff(), pupil)
    login = pupil.account.login
    back = url_for("backoffice.pupils_class", session=pupil.session_id,
                   uai=pupil.establishment_code, classe=pupil.class_label)
    db.commit()
    flash(f"Un nouveau mot de passe initial est donné à {login} : imprimez son papillon et "
          "remettez-le-lui. Son ancien mot de passe ne fonctionne plus.", "success")
    return redirect(back + f"#eleve-{pupil_id}")
