"""Public pages: home, Ouverture des services, help, legal notice, communes lookup."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template, request
from werkzeug.wrappers import Response

from web import catalogue, reference
from web import db as database
from web.models import utcnow

bp = Blueprint("public", __name__)


@bp.get("/")
def home() -> str:
    return render_template("public/home.html")


@bp.get("/ouverture-des-services")
def opening() -> str:
    """Domain → exam → session → academy, then that academy's general-public periods."""
    db = database.session()
    args = request.args
    domain = args.get("domaine", "")
    domain = domain if domain in dict(catalogue.DOMAINS) else ""
    exams = [e for e in catalogue.exams() if e.domain == domain] if domain else []
    exam = next((e for e in exams if e.code == args.get("examen")), None)
    sessions = catalogue.sessions_of(db, exam.code) if exam else []
    session = next((s for s in sessions if str(s.id) == args.get("session")), None)
    academies = reference.academies() if session else []
    open_here = catalogue.academies_with_periods(db, session.id) if session else set()
    academy = next((a for a in academies if a[0] == args.get("academie")), None)
    periods = catalogue.periods_of(db, session.id, academy[0]) if session and academy else []
    summary: list[dict[str, Any]] = []
    if domain:
        summary.append({"label": dict(catalogue.DOMAINS)[domain], "params": {}})
    if exam:
        summary.append({"label": exam.label, "params": {"domaine": domain}})
    if session:
        summary.append({"label": session.label, "params": {"domaine": domain, "examen": exam.code}})
    if academy and session and exam:
        summary.append(
            {
                "label": reference.academy_label(academy[0]),
                "params": {"domaine": domain, "examen": exam.code, "session": session.id},
            }
        )
    return render_template(
        "public/opening.html",
        domains=catalogue.DOMAINS,
        domain=domain,
        exams=exams,
        exam=exam,
        sessions=sessions,
        session=session,
        academies=academies,
        open_here=open_here,
        academy=academy,
        periods=periods,
        summary=summary,
        academy_label=reference.academy_label,
        now=utcnow(),
    )


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


@bp.get("/mentions-legales")
def legal() -> str:
    return render_template("public/legal.html")
