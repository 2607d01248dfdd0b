"""The bare page the deadline-day benchmark compares a wizard tab with.

A plain Flask + WTForms app (CSRF on, as the portal's forms) with two forms of the CFG
Identification tab's field count, rendered by WTForms' own widgets, each with a POST that
validates it and redirects: /formulaire has the same fields (a text input for each text
field, a select with as many options for each list, radios for yes/no), /formulaire-texte
only text inputs (the floor of a page of that many fields). No database, no login, no
layout: the floor a wizard tab is measured against. Served by gunicorn with the portal's
configuration file:

    gunicorn -c deploy/gunicorn.conf.py 'tests.bench.bare_app:create_app()'
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, redirect, request, url_for
from flask_wtf import FlaskForm
from wtforms import Field, RadioField, SelectField, StringField

ROOT = Path(__file__).resolve().parents[2]
TAB = "identification"
LIST_TYPES = ("select", "radio", "category", "speciality", "forme", "reference")

PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Formulaire</title></head>
<body><main><h1>Identification</h1>
<form method="post" action="{{ action }}" novalidate>
{{ form.csrf_token }}
{% for field in form if field.name != 'csrf_token' %}
<div class="fr-input-group">{{ field.label(class_='fr-label') }} {{ field(class_='fr-input') }}
{% for error in field.errors %}<p class="fr-message fr-message--error">{{ error }}</p>{% endfor %}
</div>
{% endfor %}
<button type="submit" name="action" value="suivant">Suivant</button>
</form></main></body></html>
"""


def tab_fields(exam_code: str = "cfg", lists: bool = True) -> list[tuple[str, Field]]:
    """(name, unbound field) for each field of the spec's Identification tab, same kinds and
    the same number of options (the same reference lists); all text inputs without `lists`."""
    from engine import reference
    from engine.forms import spec_choices
    from engine.specs import load_exam

    exam = load_exam(ROOT / "exams" / f"{exam_code}.yaml")
    tab = next(t for t in exam.tabs if t.code == TAB)
    out: list[tuple[str, Field]] = []
    for f in tab.fields:
        if not lists:
            out.append((f.code, StringField(f.label)))
        elif f.type == "yesno":
            out.append((f.code, RadioField(f.label, choices=[("oui", "Oui"), ("non", "Non")],
                                           validate_choice=False)))
        elif f.type in LIST_TYPES and f.list != "communes":
            choices = spec_choices(exam, f, lambda name: reference.choices(name))
            out.append((f.code, SelectField(f.label, choices=[("", "Sélectionner une option"),
                                                               *choices])))
        else:
            out.append((f.code, StringField(f.label)))
    return out


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "bare-bench-key")
    for endpoint, lists in (("page", True), ("text_page", False)):
        _route(app, endpoint, lists)

    @app.get("/sante")
    def health() -> str:
        return "ok"

    return app


def _route(app: Flask, endpoint: str, lists: bool) -> None:
    form_class = type(f"BareForm_{endpoint}", (FlaskForm,), dict(tab_fields(lists=lists)))
    template = app.jinja_env.from_string(PAGE)  # compiled once, as render_template caches

    def page() -> Any:
        form = form_class()
        if form.validate_on_submit():
            return redirect(url_for(endpoint))
        return template.render(form=form, action=request.path)

    path = "/formulaire" if lists else "/formulaire-texte"
    app.add_url_rule(path, endpoint, page, methods=["GET", "POST"])
