"""Default lengths of free texts: the shared macros and the wizard stop the typing at 255
characters (2 000 in a textarea) unless the field declares its own, and the server refuses a
longer value with a French message."""

from __future__ import annotations

import re
from typing import Any

from registration_support import Candidate, errors_of, open_session


def _maxlengths(html: str) -> list[str]:
    return re.findall(r"<(?:input|textarea)\b[^>]*?(?:maxlength=\"(\d+)\"[^>]*)?>", html)


def test_the_shared_macros_give_a_default_length_unless_the_field_has_one(app: Any) -> None:
    from flask import render_template_string
    from flask_wtf import FlaskForm
    from wtforms import StringField, TextAreaField

    from web.core.forms import at_most

    class Lengths(FlaskForm):
        free = StringField("Libre")
        short = StringField("Court", validators=[at_most(40, "Le court")])
        note = TextAreaField("Note")
        letter = TextAreaField("Lettre", validators=[at_most(500, "La lettre")])

    with app.test_request_context():
        html = render_template_string(
            '{% from "_forms.html" import input, textarea %}{{ input(form.free) }}'
            '{{ input(form.short) }}{{ input(form.free, type="date") }}'
            "{{ textarea(form.note) }}{{ textarea(form.letter) }}",
            form=Lengths(meta={"csrf": False}),
        )
    assert _maxlengths(html) == ["255", "40", "", "2000", "500"]


def test_the_timetable_and_measures_forms_refuse_longer_texts_in_french(app: Any) -> None:
    from werkzeug.datastructures import MultiDict

    from web.backoffice.publication_forms import EntryForm, MeasuresForm

    with app.test_request_context(method="POST"):
        entry = EntryForm(
            formdata=MultiDict(
                {
                    "unit": "001",
                    "day": "12/06/2027",
                    "starts_at": "8h",
                    "duration": "2h",
                    "centre": "C" * 201,
                    "address": "A" * 501,
                }
            ),
            meta={"csrf": False},
        )
        entry.unit.choices, entry.speciality.choices = [("001", "Épreuve")], [("", "Toutes")]
        assert not entry.validate()
        assert entry.centre.errors == ["Le centre d'examen doit comporter au plus 200 caractères."]
        assert entry.address.errors == [
            "L'adresse du centre doit comporter au plus 500 caractères."
        ]
        measures = MeasuresForm(formdata=MultiDict({"measures": "M" * 2001}), meta={"csrf": False})
        assert not measures.validate()
        assert measures.measures.errors == [
            "Les mesures accordées doivent comporter au plus 2000 caractères."
        ]


def test_the_wizard_inputs_carry_the_length_the_engine_checks(
    app: Any,
    client: Any,
    auth: Any,
) -> None:
    account = auth.create(nom_naissance="LAMY", prenoms="Paul", sexe="M")
    assert auth.login(account.email).status_code == 302
    candidate = Candidate(client, account)
    assert "/brouillon/" in candidate.start(open_session(app, "cap")).location
    candidate.next_ok("modalites", {"modalites_acceptees": "y"})
    html = candidate.tab("identification").get_data(as_text=True)
    [address] = re.findall(r'<input[^>]*name="adresse_1"[^>]*>', html)
    [email] = re.findall(r'<input[^>]*name="email"[^>]*>', html)
    assert 'maxlength="38"' in address and 'maxlength="255"' in email  # own, then default
    long_email = "a" * 250 + "@example.org"
    refused = candidate.post("identification", {**candidate.identification(), "email": long_email})
    assert "Ce champ doit comporter au plus 255 caractères." in errors_of(refused)[0]
