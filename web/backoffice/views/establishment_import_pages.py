"""Import of establishments from a CSV: upload, preview with the refused lines, apply.

Between the preview and the application the file waits in the uploads storage (shared by
every app server, like the pieces), under a random key that only the staff member's signed
session names; the application plans again from it and applies only an identical plan.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from engine import csvtext
from web.backoffice import bp
from web.backoffice import establishment_import as importer
from web.backoffice import establishments as rules
from web.backoffice.access import current_staff
from web.backoffice.establishment_forms import ApplyImportForm, ImportForm
from web.backoffice.scope import current_scope
from web.backoffice.views.establishment_pages import chosen_academy, commit, list_url
from web.core import db as database
from web.core import reference, storage
from web.core.storage import StorageError

PENDING = "establishment_import"
MSG_EXPIRED = "L'aperçu n'est plus disponible : importez de nouveau le fichier."
MSG_CHANGED = (
    "La liste a été modifiée depuis l'aperçu : voici l'aperçu à jour, vérifiez-le puis "
    "confirmez de nouveau."
)
MSG_STORAGE = (
    "Le fichier n'a pas pu être conservé pour l'aperçu (stockage indisponible) : réessayez "
    "dans quelques minutes."
)
MSG_RACE = "La liste vient d'être modifiée par ailleurs : importez de nouveau le fichier."


def _limits() -> tuple[int, int]:
    config = current_app.config
    return (int(config.get("ESTABLISHMENTS_IMPORT_MAX_BYTES", importer.MAX_BYTES)),
            int(config.get("ESTABLISHMENTS_IMPORT_MAX_LINES", importer.MAX_LINES)))


def _forget_pending() -> None:
    pending = session.pop(PENDING, None)
    if isinstance(pending, dict) and pending.get("key"):
        try:
            storage.current().delete(str(pending["key"]))
        except StorageError:
            current_app.logger.warning("pending establishments import not deleted")


def _page_academy() -> str | None:
    return chosen_academy(current_scope(), request.args.get("academie"))


def _upload_page(form: ImportForm, academy: str | None, status: int = 200) -> Any:
    max_bytes, max_lines = _limits()
    example = rules.departements_of(academy or "reims")
    return render_template(
        "backoffice/establishments/import.html", form=form, academy=academy,
        academy_phrase=rules.academy_phrase(academy) if academy is not None else "",
        departement_example=example[0][0] if example else "51",
        academy_name=rules.academy_name(academy) if academy is not None else "",
        slug=rules.academy_slug(academy) if academy is not None else "",
        limit=csvtext.shown_size(max_bytes), max_lines=max_lines,
    ), status


def _preview_page(planned: importer.ImportPlan, name: str, academy: str | None,
                  message: str = "", status: int = 200) -> Any:
    form = ApplyImportForm()
    form.digest.data = planned.digest  # not the posted one, when the plan changed
    return render_template(
        "backoffice/establishments/preview.html", plan=planned, form=form, name=name,
        academy=academy, message=message, added=importer.ADDED,
        corrected=importer.CORRECTED, reactivated=importer.REACTIVATED,
        unchanged=importer.UNCHANGED,
        academy_name=rules.academy_name(academy) if academy is not None else "",
        slug=rules.academy_slug(academy) if academy is not None else "",
        academy_label=rules.academy_name, departement_label=reference.departement_label,
    ), status


@bp.route("/etablissements/import", methods=["GET", "POST"])
def establishments_import() -> Any:
    """Upload a CSV: its preview lists what each line does and every line refused."""
    academy = _page_academy()
    form = ImportForm()
    if not form.validate_on_submit():
        return _upload_page(form, academy, 422 if form.errors else 200)
    max_bytes, max_lines = _limits()
    data = form.file.data.read(max_bytes + 1)
    try:
        text = importer.decode(data, max_bytes, max_lines)
    except importer.ImportRefused as refused:
        form.file.errors = [refused.message]
        return _upload_page(form, academy, 422)
    planned = importer.plan(database.session(), current_scope(), text)
    database.session().rollback()  # the plan only read
    _forget_pending()
    name = (form.file.data.filename or "fichier.csv")[:100]
    if planned.changes:
        key = storage.new_key("imports")
        try:
            storage.current().save(key, data)
        except StorageError:
            form.form_errors.append(MSG_STORAGE)
            return _upload_page(form, academy, 503)
        session[PENDING] = {"key": key, "name": name}
    return _preview_page(planned, name, academy)


@bp.post("/etablissements/import/application")
def establishments_import_apply() -> Response | Any:
    """Apply the previewed import, if the list still gives the same plan."""
    db = database.session()
    academy = _page_academy()
    form = ApplyImportForm()
    pending = session.get(PENDING)
    back = url_for("backoffice.establishments_import", academie=request.args.get("academie"))
    if not form.validate_on_submit() or not isinstance(pending, dict):
        flash(MSG_EXPIRED, "info")
        return redirect(back)
    try:
        data = storage.current().read(str(pending.get("key", "")))
        text = importer.decode(data, *_limits())
    except (StorageError, importer.ImportRefused):
        session.pop(PENDING, None)
        flash(MSG_EXPIRED, "info")
        return redirect(back)
    name = str(pending.get("name", ""))
    planned = importer.plan(db, current_scope(), text)
    if planned.digest != form.digest.data:
        db.rollback()
        return _preview_page(planned, name, academy, MSG_CHANGED, 409)
    counts = importer.apply(db, current_staff(), planned)
    if not commit(db):
        flash(MSG_RACE, "error")
        return redirect(back)
    _forget_pending()
    flash(f"Le fichier {name} est importé : {counts[importer.ADDED]} établissement(s) "
          f"ajouté(s), {counts[importer.CORRECTED]} libellé(s) corrigé(s), "
          f"{counts[importer.REACTIVATED]} réactivé(s) ; {len(planned.refused)} ligne(s) "
          "refusée(s).", "success")
    if academy is None and len(planned.academies) == 1:
        academy = planned.academies[0]
    if academy is None:
        return redirect(url_for("backoffice.establishments"))
    return redirect(list_url(academy))
