"""The examforms portal: Flask application factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, render_template, request, send_from_directory
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.wrappers import Response

from web.core import db, errors, establishments, reference, session_expiry, sessions, storage
from web.core.catalogue import exam_label, format_paris
from web.core.config import from_environment
from web.core.documents import link_details
from web.core.extensions import csrf, limiter, login_manager
from web.core.external import TrustedProxies
from web.core.forms import RecordIdConverter
from web.core.security import init_headers
from web.core.wording import counted

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _project_path(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else PROJECT_ROOT / path


def init_pages(app: Flask) -> None:
    """What every page of the portal's look needs: filters, the portal's names, the DSFR.

    The spec preview (web.preview) renders the same templates and calls it too."""
    app.jinja_env.filters["paris"] = format_paris
    app.jinja_env.filters["academy_label"] = reference.academy_label
    app.jinja_env.filters["exam_label"] = exam_label
    app.jinja_env.filters["link_details"] = link_details
    app.jinja_env.filters["accord"] = counted
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def _portal() -> dict[str, Any]:
        return {
            "portal_name": app.config["PORTAL_NAME"],
            "service_name": app.config["SERVICE_NAME"],
        }

    @app.route("/dsfr/<path:filename>")
    def dsfr(filename: str) -> Response:
        # The design system is served from node_modules, never copied into the repository.
        response = send_from_directory(app.config["DSFR_DIR"], filename, max_age=86400)
        return response


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build one portal app; `test_config` overrides the environment's settings."""
    app = Flask(
        __name__, instance_relative_config=True,
        template_folder="core/templates", static_folder="core/static",
    )
    app.config.from_mapping(from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    for key in ("EXAMS_DIR", "DSFR_DIR"):
        app.config[key] = str(_project_path(app.config[key]))

    if app.config.get("TRUSTED_PROXIES"):
        proxied = TrustedProxies(app.wsgi_app, app.config["TRUSTED_PROXIES"])
        app.wsgi_app = proxied  # type: ignore[method-assign]
    # Before any blueprint: every <int:…> of the URL map is bounded to the ids a row can have.
    app.url_map.converters["int"] = RecordIdConverter
    db.init_app(app)
    establishments.init_app(app)
    storage.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    init_headers(app)
    errors.init_app(app)
    sessions.init_app(app)
    session_expiry.init_app(app)

    from web.documents import queue

    queue.init_app(app)

    from web import account, backoffice, candidate, cli, ops, public, registration
    from web.account.services import load_user

    app.register_blueprint(public.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(candidate.bp)
    app.register_blueprint(registration.bp)
    app.register_blueprint(backoffice.bp)
    ops.init_app(app)
    cli.init_app(app)
    login_manager.user_loader(load_user)

    init_pages(app)

    @app.errorhandler(CSRFError)
    def _csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Any:
        if error.code == 429:
            return render_template("errors/429.html"), 429
        if error.code == 405 and request.path.startswith(backoffice.bp.url_prefix or "/gestion"):
            # A wrong method on a back-office URL must not tell a non-staff visitor that the
            # URL exists: it answers like any missing page.
            if not (current_user.is_authenticated and current_user.is_staff):
                return render_template("errors/http.html", error=NotFound()), 404
        if error.code in (403, 404, 405, 413):
            return render_template("errors/http.html", error=error), error.code
        return error

    return app
