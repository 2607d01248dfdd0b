"""Public pages: home, Ouverture des services, help, site map, legal notice, accessibility
statement, communes lookup."""

from __future__ import annotations

from flask import current_app, jsonify, render_template, request
from sqlalchemy import select
from werkzeug.wrappers import Response

from web.core import catalogue, reference
from web.core import db as database
from web.core.models import AcademyOffice, utcnow
from web.public import accessibility, bp


@bp.get("/")
def home() -> str:
    return render_template("public/home.html")


@bp.get("/ouverture-des-services")
def opening() -> str:
    """Domain → exam → session → academy, then that academy's general-public periods."""
    sel = catalogue.selection_from(database.session(), request.args)
    return render_template("public/opening.html", domains=catalogue.DOMAINS, sel=sel, now=utcnow())


@bp.get("/communes")
def communes_json() -> Response:
    """Communes of a département matching an optional name fragment (for the account form)."""
    dept = request.args.get("departement", "")[:3]
    query = request.args.get("q", "")[:60]
    rows = reference.communes(dept, query, limit=50 if query else reference.ALL)
    return jsonify([{"code": code, "nom": name} for code, name in rows])


@bp.get("/aide")
def help() -> str:
    return render_template("public/help.html")


@bp.get("/plan-du-site")
def site_map() -> str:
    return render_template("public/site_map.html")


@bp.get("/mentions-legales")
def legal() -> str:
    return render_template("public/legal.html")


@bp.get("/accessibilite")
def accessibility_statement() -> str:
    """Déclaration d'accessibilité, after the official model (décret n° 2019-768)."""
    offices = (
        database.session()
        .scalars(
            select(AcademyOffice).where(AcademyOffice.email != "").order_by(AcademyOffice.name)
        )
        .all()
    )
    return render_template(
        "public/accessibility.html",
        facts=accessibility,
        contact_email=current_app.config.get("ACCESSIBILITY_CONTACT_EMAIL", ""),
        offices=offices,
        base_url=current_app.config["PUBLIC_BASE_URL"],
    )
