"""Long option lists rendered once per list: escaped as Jinja escapes, the answer selected."""

from __future__ import annotations

import re
from typing import Any

import pytest
from jinja2 import Environment
from registration_support import Candidate, open_session
from wtforms.fields.choices import SelectChoice

from web.registration.options import option_tags

pytestmark = pytest.mark.db_agnostic  # checks markup and headers: SQLite pass only

# What the wizard's template wrote for each option before the lists were cached.
LOOP = Environment(autoescape=True).from_string(
    '{% for choice in choices %}<option value="{{ choice.value }}" '
    '{% if choice.value == current %}selected{% endif %}>{{ choice.label }}</option>{% endfor %}'
)
TRICKY = [
    SelectChoice("a\"b'<", "Lycée <b>« Jean & Marie »</b>"),
    SelectChoice("x", "Quote \" and apostrophe '"),
    SelectChoice("", "vide"),
    SelectChoice("y&z", "<script>alert(1)</script>"),
]


def options_of(html: str) -> list[tuple[str, bool, str]]:
    """(value, selected, label) of each <option>, as written in the HTML."""
    found = re.findall(r'<option value="([^"]*)"\s*(selected)?\s*>(.*?)</option>', html)
    return [(value, bool(selected), label) for value, selected, label in found]


def test_the_cached_options_are_escaped_and_selected_as_the_template_loop_wrote_them() -> None:
    for current in ("a\"b'<", "y&z", "x", "", "absent", None):
        assert options_of(option_tags(TRICKY, current)) == options_of(
            LOOP.render(choices=TRICKY, current=current)), current
    html = option_tags(TRICKY, "y&z")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<option value="y&amp;z" selected>' in html


def test_one_answer_selected_never_shows_in_the_next_page_of_the_same_list() -> None:
    first = option_tags(TRICKY, "x")
    second = option_tags(TRICKY, "y&z")
    assert [v for v, chosen, _ in options_of(first) if chosen] == ["x"]
    assert [v for v, chosen, _ in options_of(second) if chosen] == ["y&amp;z"]
    assert [v for v, chosen, _ in options_of(option_tags(TRICKY, None)) if chosen] == []


def selected_in(page: str, select_id: str) -> list[str]:
    block = re.search(rf'<select[^>]*id="{select_id}".*?</select>', page, re.S)
    assert block is not None, select_id
    return [v for v, chosen, _ in options_of(block.group(0)) if chosen]


def test_each_candidate_sees_their_own_nationality_selected_in_the_long_list(
    app: Any, client: Any, auth: Any
) -> None:
    session_id = open_session(app, "cfg")
    for nationality in ("FR", "AL", "FR"):
        person = auth.create()
        auth.logout()
        auth.login(person.email)
        candidate = Candidate(client, person)
        candidate.start(session_id)
        page = candidate.tab("identification").get_data(as_text=True)
        assert selected_in(page, "nationalite") == [""]  # « Sélectionner une option »
        assert len(options_of(page)) > 400  # countries, nationalities, départements
        candidate.next_ok("identification", {**candidate.identification(),
                                             "nationalite": nationality})
        page = candidate.tab("identification").get_data(as_text=True)
        assert selected_in(page, "nationalite") == [nationality]
        assert selected_in(page, "adresse_pays") == ["FR"]
        # A page sent back with an error shows what was posted, not what is stored.
        refused = candidate.post("identification", {**candidate.identification(),
                                                    "nationalite": "AF", "code_postal": "35"})
        assert refused.status_code == 200
        assert selected_in(refused.get_data(as_text=True), "nationalite") == ["AF"]


def test_a_list_is_rendered_once_whatever_the_answer(monkeypatch: Any) -> None:
    from web.registration import options

    calls: list[int] = []
    real = options._render

    def counted(key: Any) -> Any:
        calls.append(1)
        return real(key)

    monkeypatch.setattr(options, "_render", counted)
    monkeypatch.setattr(options, "_cache", {})
    for current in ("x", "y&z", None):
        option_tags([SelectChoice(c.value, c.label) for c in TRICKY], current)
    assert calls == [1]
    option_tags(TRICKY[:2], "x")  # another list: rendered on its own
    assert calls == [1, 1]
