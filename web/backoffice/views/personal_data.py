"""Modifier les données personnelles: the form, the confirmation of the changes, the save."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from engine.forms import bind_state, display_value, form_data, tab_form_class
from engine.spec.model import Exam, Tab
from engine.wizard import WizardState
from web.account.services import identity_values
from web.backoffice import bp
from web.backoffice.access import current_staff
from web.backoffice.candidatures import personal_data
from web.backoffice.candidatures.forms import CivilStatusForm
from web.backoffice.candidatures.labels import exam_labels, state_label
from web.backoffice.scope import current_scope
from web.candidate.services import saved_state
from web.core import db as database
from web.core.models import Account, Candidature
from web.registration.context import RegistrationRefused, exam_of
from web.registration.posted import field_values

MSG_SAVED = (
    "Les données personnelles sont modifiées : version {version} enregistrée, nouvelle "
    "confirmation d'inscription disponible, mail envoyé au candidat."
)
MSG_NOTHING = "Aucune donnée n'a été modifiée : il n'y a rien à enregistrer."
MSG_OTHER_TABS = (
    "La modification rend la candidature incohérente ({problems}) : elle n'est pas "
    "enregistrée. Rouvrez-la au candidat pour qu'il complète les onglets concernés."
)
MSG_NOT_EDITABLE = (
    "Cette candidature n'est plus active : ses données ne peuvent plus être modifiées."
)


def _context(candidature_id: int) -> tuple[Candidature, Account, Exam, Tab, WizardState]:
    db = database.session()
    candidature = current_scope().candidature_or_404(db, candidature_id)
    account = db.get(Account, candidature.account_id)
    exam = exam_of(candidature.exam_code)
    tab = personal_data.identification_tab(exam) if exam is not None else None
    if account is None or exam is None or tab is None:
        abort(404)
    return candidature, account, exam, tab, saved_state(db, account, candidature, exam)


def _civil_form(account: Account) -> CivilStatusForm:
    form = CivilStatusForm()
    if request.method == "GET":
        form.sexe.data = account.sexe
        form.nom_naissance.data = account.nom_naissance
        form.nom_usage.data = account.nom_usage
        form.prenoms.data = account.prenoms
        form.date_naissance.data = (account.date_naissance.strftime("%d/%m/%Y")
                                    if account.date_naissance else "")
        form.pays_naissance.data = account.pays_naissance
        form.departement_naissance.data = account.departement_naissance
        form.commune_naissance.data = account.commune_naissance
    form.fill_choices()
    return form


def _render(candidature: Candidature, account: Account, exam: Exam, tab: Tab,
            state: WizardState, civil: CivilStatusForm, errors: dict[str, str],
            status: int = 200, **context: Any) -> tuple[str, int]:
    view = state.tab(tab.code)
    formdata = request.form if request.method == "POST" else None
    form = tab_form_class(exam, tab.code, base=FlaskForm)(
        formdata=formdata, data=form_data(exam, tab.code, state.answers, FlaskForm),
        meta={"csrf": False})
    pairs = [(v, b) for v, b in bind_state(form, view) if not v.readonly] if view else []
    for field_view, bound in pairs:
        if field_view.code in errors:
            bound.errors = [errors[field_view.code]]
    sections = [(s.title, [(v, b) for v, b in pairs if v.code in {f.code for f in s.fields}])
                for s in view.sections] if view else []
    return render_template(
        "backoffice/candidature_personal_data.html", candidature=candidature,
        account=account, labels=exam_labels(candidature.exam_code),
        state_label=state_label(candidature.state), civil=civil,
        sections=[(title, items) for title, items in sections if items],
        error_items=[(b.id, v.label, errors[v.code]) for v, b in pairs if v.code in errors],
        display=display_value, **context,
    ), status


@bp.route("/candidatures/<int:candidature_id>/donnees-personnelles", methods=["GET", "POST"])
def candidatures_personal_data(candidature_id: int) -> Any:
    candidature, account, exam, tab, before = _context(candidature_id)
    if not candidature.is_active:
        flash(MSG_NOT_EDITABLE, "error")
        return redirect(url_for("backoffice.candidatures_detail", candidature_id=candidature.id))
    civil = _civil_form(account)
    action = request.form.get("action", "")
    if request.method == "GET" or action == "communes":
        return _render(candidature, account, exam, tab, before, civil, {})
    if not civil.validate_on_submit():
        return _render(candidature, account, exam, tab, before, civil, {}, 422)
    view = before.tab(tab.code)
    assert view is not None
    correction = personal_data.check(exam, tab, before, account, identity_values(civil),
                                     field_values(view, request.form))
    if action == "corriger":  # back from the confirmation, with what was typed
        return _render(candidature, account, exam, tab, correction.state, civil, {})
    if not correction.ok:
        return _render(candidature, account, exam, tab, correction.state, civil,
                       correction.errors, 422)
    if not correction.changes:
        flash(MSG_NOTHING, "info")
        return _render(candidature, account, exam, tab, correction.state, civil, {})
    if action != "confirmer":
        return _confirmation(candidature, account, correction)
    return _save(candidature, account, exam, correction)


def _confirmation(candidature: Candidature, account: Account,
                  correction: personal_data.Correction) -> str:
    """The step before saving: every change, before and after, and the posted values kept."""
    kept = [(k, v) for k, v in request.form.items(multi=True)
            if k not in ("csrf_token", "action")]
    return render_template(
        "backoffice/candidature_personal_data_confirm.html", candidature=candidature,
        account=account, labels=exam_labels(candidature.exam_code),
        state_label=state_label(candidature.state), changes=correction.changes, kept=kept,
    )


def _save(candidature: Candidature, account: Account, exam: Exam,
          correction: personal_data.Correction) -> Response | tuple[str, int]:
    db = database.session()
    try:
        saved = personal_data.save(db, current_staff(), exam, candidature, account, correction)
    except RegistrationRefused as refused:
        db.rollback()
        problems = "; ".join(msg for tab in refused.errors.values() for msg in tab.values())
        flash(MSG_OTHER_TABS.format(problems=problems) if problems else refused.message, "error")
        return redirect(url_for("backoffice.candidatures_detail", candidature_id=candidature.id))
    flash(MSG_SAVED.format(version=saved.version), "success")
    return redirect(url_for("backoffice.candidatures_detail", candidature_id=saved.id))
