"""Établissements pages: an academy's list, add one, correct a label, (de)activate, export."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for

from web.backoffice import audit, bp
from web.backoffice import establishments as rules
from web.backoffice.access import current_staff
from web.backoffice.establishment_forms import LabelForm, NewEstablishmentForm
from web.backoffice.establishments import EstablishmentRefused
from web.backoffice.refusals import show_refusal
from web.backoffice.scope import Scope, current_scope
from web.backoffice.views.session_pages import commit
from web.core import db as database
from web.core import reference
from web.core.establishments import Listed
from web.core.forms import ConfirmForm, as_choices

MSG_RACE = "La liste vient d'être modifiée par ailleurs : vérifiez-la puis recommencez."
MSG_UNCHANGED = "Aucune modification."
MSG_CHOOSE_ACADEMY = "Choisissez d'abord l'académie dont vous modifiez la liste."


def academy_choices(scope: Scope) -> list[tuple[str, str]]:
    """(slug, label) of the lists this staff member maintains (the national one: admin)."""
    choices = [(code, label) for code, label in scope.academy_choices()]
    if scope.national:
        choices.append((rules.NATIONAL_SLUG, rules.academy_name("")))
    return choices


def chosen_academy(scope: Scope, slug: str | None) -> str | None:
    """The academy of the page: a gestionnaire's own (another one is 404), the one the
    administrator picked (None until it does)."""
    if not scope.national:
        own = sorted(scope.academies or ())
        if not own or (slug and slug != own[0]):
            abort(404)
        return own[0]
    if not slug:
        return None
    academy = rules.academy_of_slug(slug)
    if academy is None:
        abort(404)
    return academy


def entry_or_404(code: str) -> Listed:
    """An entry of an academy in the staff member's scope (another academy's looks missing)."""
    found = rules.find(database.session(), code)
    if found is None or not current_scope().allows(found.establishment.academy):
        abort(404)
    return found


def list_url(academy: str, **args: Any) -> str:
    return url_for("backoffice.establishments", academie=rules.academy_slug(academy), **args)


@bp.get("/etablissements")
def establishments() -> Any:
    """The academy's establishments, searchable by name or UAI, a page at a time."""
    scope = current_scope()
    academy = chosen_academy(scope, request.args.get("academie"))
    query = request.args.get("q", "").strip()[:100]
    page = None
    if academy is not None:
        listing = rules.academy_list(database.session(), academy)
        page = rules.search(listing, query, request.args.get("page", 1, type=int) or 1)
    return render_template(
        "backoffice/establishments/list.html", academy=academy, query=query, page=page,
        choices=academy_choices(scope) if scope.national else [],
        slug=rules.academy_slug(academy) if academy is not None else "",
        academy_name=rules.academy_name(academy) if academy is not None else "",
        departement_label=reference.departement_label,
    )


@bp.route("/etablissements/nouveau", methods=["GET", "POST"])
def establishments_new() -> Any:
    """Add an establishment that the national list lacks, to the page's academy."""
    db = database.session()
    academy = chosen_academy(current_scope(), request.args.get("academie"))
    if academy is None:
        flash(MSG_CHOOSE_ACADEMY, "info")
        return redirect(url_for("backoffice.establishments"))
    form = NewEstablishmentForm()
    form.departement.choices = as_choices([("", "Choisissez un département"),
                                           *rules.departements_of(academy)])
    if form.validate_on_submit():
        try:
            row = rules.add(db, current_staff(), academy, form.uai.data or "",
                            form.label.data or "", form.departement.data or "")
        except EstablishmentRefused as refused:
            db.rollback()
            show_refusal(form, refused)
        else:
            if commit(db):
                flash(f"L'établissement {row.label} ({row.uai}) est ajouté : les candidats "
                      "peuvent le choisir dès maintenant.", "success")
                return redirect(list_url(academy, q=row.uai))
            form.form_errors.append(MSG_RACE)
    return render_template(
        "backoffice/establishments/new.html", form=form, academy=academy,
        academy_name=rules.academy_name(academy), slug=rules.academy_slug(academy),
        candidates=rules.candidates_phrase(academy),
    ), 422 if form.errors or form.form_errors else 200


@bp.route("/etablissements/<code>/libelle", methods=["GET", "POST"])
def establishments_label(code: str) -> Any:
    """Correct an establishment's label (the national list's, or the office's own)."""
    db = database.session()
    line = entry_or_404(code)
    form = LabelForm()
    if request.method == "GET":
        form.label.data = line.establishment.label
    if form.validate_on_submit():
        try:
            changed = rules.correct_label(db, current_staff(), line, form.label.data or "")
        except EstablishmentRefused as refused:
            db.rollback()
            show_refusal(form, refused)
        else:
            if commit(db):
                flash("Le libellé est corrigé : les candidats, le Récapitulatif et la "
                      "confirmation d'inscription affichent désormais le nouveau." if changed
                      else MSG_UNCHANGED, "success" if changed else "info")
                return redirect(list_url(line.establishment.academy,
                                         q=line.establishment.uai or line.establishment.label))
            form.form_errors.append(MSG_RACE)
    return render_template(
        "backoffice/establishments/label.html", form=form, line=line,
        academy_name=rules.academy_name(line.establishment.academy),
        slug=rules.academy_slug(line.establishment.academy),
    ), 422 if form.errors or form.form_errors else 200


def _switch(code: str, active: bool) -> Any:
    db = database.session()
    line = entry_or_404(code)
    form = ConfirmForm()
    error = ""
    if form.validate_on_submit():
        changed = rules.set_active(db, current_staff(), line, active)
        if commit(db):
            e = line.establishment
            if not changed:
                flash(MSG_UNCHANGED, "info")
            elif active:
                flash(f"{e.printed_label} est réactivé : les candidats peuvent de nouveau le "
                      "choisir.", "success")
            else:
                flash(f"{e.printed_label} est désactivé : il n'est plus proposé aux "
                      "candidats ; les candidatures qui l'ont choisi l'affichent toujours.",
                      "success")
            return redirect(list_url(e.academy, q=e.uai or e.label))
        error = MSG_RACE
    return render_template(
        "backoffice/establishments/switch.html", form=form, line=line, active=active,
        error=error, academy_name=rules.academy_name(line.establishment.academy),
        candidates=rules.candidates_phrase(line.establishment.academy),
        slug=rules.academy_slug(line.establishment.academy),
    ), 422 if error else 200


@bp.route("/etablissements/<code>/desactivation", methods=["GET", "POST"])
def establishments_deactivate(code: str) -> Any:
    """Deactivate an establishment that closed, after a page saying what it does."""
    return _switch(code, False)


@bp.route("/etablissements/<code>/reactivation", methods=["GET", "POST"])
def establishments_reactivate(code: str) -> Any:
    return _switch(code, True)


@bp.get("/etablissements/export.csv")
def establishments_export() -> Any:
    """The academy's current list, as the import reads it (UTF-8 with BOM for spreadsheets)."""
    db = database.session()
    scope = current_scope()
    academy = chosen_academy(scope, request.args.get("academie"))
    if academy is None:  # the administrator, before choosing an academy
        flash(MSG_CHOOSE_ACADEMY, "info")
        return redirect(url_for("backoffice.establishments"))
    text = rules.export_csv(rules.academy_list(db, academy))
    audit.record(db, current_staff(), "establishment.exported", academy_code=academy,
                 after={"lines": text.count("\n") - 1})
    db.commit()
    name = f"etablissements-{rules.academy_slug(academy)}.csv"
    return Response("\ufeff" + text, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "private, no-store",
    })
