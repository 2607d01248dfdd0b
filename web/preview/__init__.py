"""Live preview of one spec file: the real wizard, without database, account or session.

`python -m web.preview exams/bp_x.yaml` (or `python -m engine preview …`, which starts this
module as a subprocess so that the engine never imports web) serves on 127.0.0.1:

- the wizard of the spec, rendered by the portal's own templates and page logic
  (web.registration.page), for a dummy candidate (draft.DummyCandidate) whose draft is kept
  in memory (draft.DraftHolder);
- a side panel (panel.py) setting the category, speciality, forme and acquis, beside the
  units table with its reasons, the pieces asked for and the confirmation PDF (the engine's
  renderer, with sample data);
- the validator's problems, `file:line:col`, on the page when the spec has errors;
- a reload of the page as soon as the spec or one of its fragments changes (the page waits
  on /apercu/version, which answers when the files' hash moves).
"""

from __future__ import annotations

import secrets
from functools import cached_property
from pathlib import Path
from typing import Any

from flask import Flask
from flask_login import LoginManager
from jinja2 import BaseLoader, ChoiceLoader, FileSystemLoader, PrefixLoader

from web import PROJECT_ROOT, init_pages
from web.core.extensions import csrf
from web.registration.options import option_tags

HERE = Path(__file__).resolve().parent
CORE_TEMPLATES = HERE.parent / "core" / "templates"


class PreviewFlask(Flask):
    """The preview's own base.html (portal chrome, side panel) comes first; it extends the
    portal's as `portal/base.html`."""

    @cached_property
    def jinja_loader(self) -> BaseLoader | None:  # type: ignore[override]
        return ChoiceLoader(
            [
                FileSystemLoader(HERE / "templates"),
                PrefixLoader({"portal": FileSystemLoader(CORE_TEMPLATES)}),
                FileSystemLoader(CORE_TEMPLATES),
            ]
        )


def create_preview_app(spec: str | Path, config: dict[str, Any] | None = None) -> Flask:
    """The preview of the spec file `spec` (its path as the author wrote it)."""
    app = PreviewFlask(__name__, static_folder=str(HERE.parent / "core" / "static"))
    app.config.update(
        SECRET_KEY=secrets.token_hex(32),
        PORTAL_NAME="EXAMFORMS",
        SERVICE_NAME="Aperçu d'un examen",
        DSFR_DIR=str(PROJECT_ROOT / "node_modules" / "@gouvfr" / "dsfr" / "dist"),
        WTF_CSRF_TIME_LIMIT=None,
        PREVIEW_SPEC=str(spec),
        # How long /apercu/version waits for a change, and how often it looks.
        PREVIEW_WAIT_SECONDS=25.0,
        PREVIEW_POLL_SECONDS=0.05,
    )
    if config:
        app.config.update(config)
    init_pages(app)
    # The wizard's templates write their option lists as the portal does (rendered once).
    app.add_template_global(option_tags, "option_tags")
    csrf.init_app(app)
    logins = LoginManager(app)

    from web.preview import views
    from web.preview.draft import DraftHolder, DummyCandidate

    dummy = DummyCandidate()
    logins.request_loader(lambda _request: dummy)
    app.extensions["examforms.preview"] = DraftHolder()
    app.register_blueprint(views.bp)
    app.register_error_handler(Exception, views.unexpected)
    return app
