"""The preview's pages: the wizard of the spec, its side panel, the confirmation, the reload."""

from __future__ import annotations

import time
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from engine.confirmation import render_confirmation_pdf
from engine.confirmation.samples import sample_confirmation
from engine.spec.model import Exam
from engine.specs import CheckedSpec, check_spec
from engine.wizard import WizardState, build_state, validate_all
from web.preview.draft import DraftHolder, PreviewDraft
from web.preview.panel import apply_panel, panel_context
from web.registration import mirror, page
from web.registration.context import account_values
from web.registration.service import MSG_INCOMPLETE, schema_problems

REGISTRATION = page.__file__.rsplit("/", 1)[0]
bp = Blueprint(
    "preview",
    __name__,
    static_folder=f"{REGISTRATION}/static",
    static_url_path="/apercu/static",
    template_folder=f"{REGISTRATION}/templates",
)
mirror.register(bp)

MSG_NOT_SAVED = (
    "Aperçu : la candidature serait enregistrée (rien ne l'est ici). Sur le portail, "
    "Enregistrer attribuerait le N° Inscription ; la confirmation d'inscription de ces "
    "réponses s'ouvre depuis le panneau."
)
MSG_OUTSIDE_SCHEMA = (
    "Aperçu : ces réponses ne suivent pas le schéma JSON des réponses de l'examen, le portail "
    "refuserait de les enregistrer : {problem}"
)
MSG_PANEL_SAVED = "Le panneau a été appliqué aux réponses de l'aperçu."


def _holder() -> DraftHolder:
    return current_app.extensions["examforms.preview"]  # type: ignore[no-any-return]


def _checked() -> CheckedSpec:
    return check_spec(current_app.config["PREVIEW_SPEC"])


def _draft(exam: Exam) -> tuple[PreviewDraft, dict[str, Any]]:
    account = account_values(current_user)
    return _holder().of(exam, account), account


def _state(exam: Exam) -> tuple[PreviewDraft, WizardState]:
    draft, account = _draft(exam)
    return draft, build_state(exam, draft.answers, draft.session.calendar, account)


def _errors_page(checked: CheckedSpec) -> tuple[str, int]:
    return render_template(
        "preview/errors.html",
        checked=checked,
        spec=current_app.config["PREVIEW_SPEC"],
        version=checked.source_hash,
    ), 200


MSG_UNEXPECTED = (
    "L'aperçu n'a pas pu afficher cette page ({kind}) : le détail est dans le terminal qui "
    "l'a lancé. Corrigez le fichier ou recommencez avec des réponses vides."
)


def unexpected(error: Exception) -> Any:
    """An HTTP error keeps its page; anything else is told on a page (and logged with its
    traceback in the terminal), never as a bare 500: the author keeps the reload."""
    if isinstance(error, HTTPException):
        return error
    current_app.logger.exception("preview page failed")
    return render_template(
        "preview/unexpected.html",
        message=MSG_UNEXPECTED.format(kind=type(error).__name__),
        spec=current_app.config["PREVIEW_SPEC"],
        version=_checked().source_hash,
    ), 500


@bp.get("/")
def start() -> Any:
    checked = _checked()
    if checked.exam is None:
        return _errors_page(checked)
    draft, state = _state(checked.exam)
    return redirect(url_for(".tab", draft_id=draft.id, tab_code=page.wizard_codes(state)[0]))


@bp.route("/apercu/<int:draft_id>/<tab_code>", methods=["GET", "POST"])
def tab(draft_id: int, tab_code: str) -> Any:
    checked = _checked()
    exam = checked.exam
    if exam is None:
        return _errors_page(checked)
    draft, account = _draft(exam)
    calendar = draft.session.calendar
    state = build_state(exam, draft.answers, calendar, account)
    codes = page.wizard_codes(state)
    if tab_code not in codes:  # a tab the edited spec no longer has (or hides)
        return redirect(url_for(".tab", draft_id=draft.id, tab_code=codes[0]))
    if request.method == "GET":
        return _render(checked, exam, draft, state, tab_code, {}, None)
    posted = page.post_tab(exam, draft, calendar, account, tab_code, request.form, state)
    _holder().store(posted.state.answers, posted.reached)
    step = page.next_step(posted)
    if step.kind == "render":
        return _render(
            checked, exam, draft, posted.state, tab_code, posted.errors, request.form, step.notice,
            acquis_rows=posted.posted if step.as_posted else None,
        )
    if step.kind == "save":
        return _save(checked, exam, draft, posted.state, tab_code)
    if step.reached:
        _holder().store(posted.state.answers, step.reached)
    return redirect(url_for(".tab", draft_id=draft.id, tab_code=step.tab) + step.anchor)


def _save(
    checked: CheckedSpec, exam: Exam, draft: PreviewDraft, state: WizardState, tab_code: str
) -> Any:
    """Enregistrer checks what the portal's save checks (every tab, the answers' schema),
    and stores nothing."""
    errors = validate_all(state)
    if errors:
        flash(MSG_INCOMPLETE, "error")
        first = next(c for c in page.wizard_codes(state) if c in errors)
        return _render(checked, exam, draft, state, first, errors[first], None)
    problems = schema_problems(exam, state.answers)
    if problems:
        flash(MSG_OUTSIDE_SCHEMA.format(problem=problems[0]), "error")
    else:
        flash(MSG_NOT_SAVED, "success")
    return redirect(url_for(".tab", draft_id=draft.id, tab_code=tab_code))


def _render(
    checked: CheckedSpec,
    exam: Exam,
    draft: PreviewDraft,
    state: WizardState,
    tab_code: str,
    errors: dict[str, str],
    formdata: Any,
    notice: str = "",
    acquis_rows: dict[str, Any] | None = None,
) -> str:
    return page.render_tab(
        exam,
        draft,
        state,
        tab_code,
        errors,
        formdata,
        notice,
        open_all=True,
        acquis_rows=acquis_rows,
        quit_url=url_for(".start"),
        spec=current_app.config["PREVIEW_SPEC"],
        version=checked.source_hash,
        warnings=checked.warnings,
        **panel_context(exam, state),
    )


@bp.post("/apercu/panneau")
def panel() -> Response:
    exam = _checked().exam
    if exam is None:
        return redirect(url_for(".start"))
    draft, _account = _draft(exam)
    answers = apply_panel(exam, draft.answers, request.form, draft.session.year, draft.academy_code)
    _holder().store(answers)
    flash(MSG_PANEL_SAVED, "success")
    back = request.form.get("onglet", "")
    return redirect(
        url_for(".tab", draft_id=draft.id, tab_code=back) if back else url_for(".start")
    )


@bp.post("/apercu/recommencer")
def restart() -> Response:
    _holder().reset()
    return redirect(url_for(".start"))


@bp.get("/apercu/confirmation.pdf")
def confirmation() -> Any:
    exam = _checked().exam
    if exam is None:
        return redirect(url_for(".start"))
    draft, state = _state(exam)
    data = sample_confirmation(state, draft.session.label, draft.session.saved_at)
    return Response(
        render_confirmation_pdf(data),
        mimetype="application/pdf",
        headers={"Content-Disposition": "inline; filename=confirmation-apercu.pdf"},
    )


@bp.get("/apercu/version")
def version() -> Response:
    """The hash of the spec and its fragments; with `depuis`, answered once it differs from
    that value (or after PREVIEW_WAIT_SECONDS): the page reloads when it changes."""
    since = request.args.get("depuis", "")
    wait = float(current_app.config["PREVIEW_WAIT_SECONDS"])
    step = float(current_app.config["PREVIEW_POLL_SECONDS"])
    deadline = time.monotonic() + wait
    current = _checked().source_hash
    while since and current == since and time.monotonic() < deadline:
        time.sleep(step)
        current = _checked().source_hash
    return jsonify(version=current)
