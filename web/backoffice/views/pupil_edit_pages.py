"""Modifier l'élève: the office corrects a pré-inscrit pupil (identity, class, speciality,
category, forme); once the pupil has saved the candidature, its own page corrects it."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for

from web.backoffice import bp
from web.backoffice.access import current_staff
from web.backoffice.pupils import classes as listing
from web.backoffice.pupils import correction
from web.backoffice.pupils.forms import PupilEditForm
from web.backoffice.scope import current_scope
from web.backoffice.views.session_pages import commit
from web.core import db as database
from web.core.candidature_states import state_label
from web.core.models import SchoolPupil
from web.registration.context import exam_of

MSG_HOMONYM = (
    "Un autre élève de cette session a déjà ce nom, ces prénoms et cette date de "
    "naissance (identifiant {login}) : vérifiez qu'il ne s'agit pas du même élève."
)
MSG_SAVED = (
    "L'élève {name} est corrigé. Son identifiant de connexion reste {login} : "
    "réimprimez son papillon pour qu'il porte le nom corrigé."
)
MSG_NOTHING = "Aucune donnée n'a été modifiée : il n'y a rien à enregistrer."
MSG_CONFLICT = (
    "Un autre élève de cette session vient d'être enregistré avec la même "
    "identité : la correction n'est pas enregistrée, vérifiez-la."
)
MSG_RACE = (
    "L'élève vient d'enregistrer sa candidature : elle n'est plus « Pré-inscrit » et "
    "la correction n'est pas enregistrée. Corrigez-la depuis la page de la "
    "candidature."
)


def _class_url(pupil: SchoolPupil) -> str:
    return url_for(
        "backoffice.pupils_class",
        session=pupil.session_id,
        uai=pupil.establishment_code,
        classe=pupil.class_label,
    )


def _page(pupil: SchoolPupil, form: PupilEditForm | None, status: int = 200) -> Any:
    return render_template(
        "backoffice/pupils/edit.html",
        pupil=pupil,
        form=form,
        class_url=_class_url(pupil),
        state=state_label(pupil.candidature.state),
    ), status


@bp.route("/eleves/<int:pupil_id>/modifier", methods=["GET", "POST"])
def pupil_edit(pupil_id: int) -> Any:
    """The pupil's identity, class, speciality, category and forme, while pré-inscrit."""
    db = database.session()
    pupil = listing.pupil_in_scope(db, current_scope(), pupil_id)
    exam = exam_of(pupil.candidature.exam_code) if pupil is not None else None
    if pupil is None or exam is None:
        abort(404)
    if not correction.editable(pupil):
        return _page(pupil, None, 409 if request.method == "POST" else 200)
    form = PupilEditForm()
    form.offer(correction.options(db, pupil, exam))
    before = correction.values_of(pupil, exam)
    if not form.is_submitted():
        form.fill(before)
    if not form.validate_on_submit():
        return _page(pupil, form, 422 if form.errors else 200)
    values = form.values()
    if values == before:
        flash(MSG_NOTHING, "info")
        return _page(pupil, form)
    homonym = correction.homonym_login(db, pupil, values)
    if homonym is not None:
        form.nom.errors = [MSG_HOMONYM.format(login=homonym)]
        return _page(pupil, form, 422)
    login = pupil.account.login
    if not correction.apply(db, current_staff(), pupil, exam, values):
        db.rollback()
        flash(MSG_RACE, "error")
        return redirect(url_for("backoffice.pupil_edit", pupil_id=pupil_id))
    if not commit(db):  # another pupil of the session took this identity meanwhile
        flash(MSG_CONFLICT, "error")
        return redirect(url_for("backoffice.pupil_edit", pupil_id=pupil_id))
    flash(MSG_SAVED.format(name=pupil.account.full_name, login=login), "success")
    return redirect(_class_url(pupil) + f"#eleve-{pupil_id}")
