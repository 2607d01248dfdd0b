"""The confirmation's accessible HTML version says what the PDF says, and the PDF tells the
reader's viewer its title and language."""

from __future__ import annotations

import html
import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from engine.confirmation import render_confirmation_accessible, render_confirmation_pdf
from engine.confirmation.render import drawable
from engine.confirmation.samples import cap_example, cfg_example

EXAMPLES = {"cfg": cfg_example, "cap": cap_example}


def words(text: str) -> set[str]:
    """The words of a text, as the PDF's font draws them (ễ printed e): an address's dots
    kept, a sentence's full stop left out."""
    drawn = str(drawable(text.replace("\u00a0", " ")))
    return set(re.findall(r"[\w@'’-]+(?:\.[\w-]+)*", drawn))


def visible_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


@pytest.mark.parametrize("exam", sorted(EXAMPLES))
def test_every_word_the_pdf_prints_is_in_the_accessible_version(exam: str) -> None:
    data = EXAMPLES[exam]()
    pdf_text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(render_confirmation_pdf(data))).pages
    )
    accessible = visible_text(render_confirmation_accessible(data))
    # The page numbers are the paper's own; the rest is the same content.
    missing = words(pdf_text) - words(accessible) - {"page", "1", "/"}
    assert not missing, f"the accessible version lacks {sorted(missing)}"
    for sentence in (
        "CERTIFIE EXACT",
        "Le jour de l'examen, une pièce d'identité avec photographie vous sera demandée.",
        data.candidate.full_name,
        data.inscription_number,
        data.session_label,
    ):
        assert sentence in " ".join(accessible.split())


def test_the_accessible_version_is_structured_and_escapes_every_value() -> None:
    data = cap_example()
    data = replace(data, candidate=replace(data.candidate, usage_name="<script>x</script>"))
    fragment = render_confirmation_accessible(data)
    assert "<script>" not in fragment
    assert "&lt;script&gt;x&lt;/script&gt;" in fragment
    assert fragment.count("<h2") == 1
    assert "<caption>" in fragment and '<th scope="col">Statut</th>' in fragment
    assert "<dt>Né(e) le :</dt>" in fragment


def test_the_accessible_version_keeps_letters_the_pdf_font_cannot_draw() -> None:
    data = cfg_example()
    data = replace(data, candidate=replace(data.candidate, first_names="Thị Ngọc"))
    assert "Thị Ngọc" in render_confirmation_accessible(data)


@pytest.mark.parametrize("exam", sorted(EXAMPLES))
def test_the_pdf_has_a_title_the_viewer_shows_and_the_french_language(exam: str) -> None:
    data = EXAMPLES[exam]()
    reader = PdfReader(io.BytesIO(render_confirmation_pdf(data)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr-FR"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    title = reader.metadata.title
    assert title.startswith(f"Confirmation d'inscription - {data.exam_label} - session ")
    assert data.inscription_number in title
