"""The relevé de notes: the same content in the PDF and in its accessible version, every
value escaped, letters Helvetica lacks replaced in the PDF only."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from engine.confirmation import AcademyBlock
from engine.statement import (
    StatementData,
    StatementLine,
    render_statement_accessible,
    render_statement_pdf,
)

DATA = StatementData(
    academy=AcademyBlock("ACADÉMIE DE RENNES", "Rennes", office_lines=("Rectorat",)),
    exam_label="CERTIFICAT D'APTITUDE PROFESSIONNELLE",
    session_label="JUIN 2026",
    speciality="Cuisine",
    candidate_name="MONSIEUR NGUYỄN <b>Paul</b>",
    birth_date=date(1998, 5, 30),
    candidate_number="2026-000001",
    inscription_number="003",
    lines=(
        StatementLine("EP1", "Organisation de la production", "4", "14,00/20"),
        StatementLine("EG3", "Éducation physique et sportive", "1", "ABS", "Absent(e)"),
    ),
    decision="AJOURNÉ",
    average="9,06/20",
    explanation=("Ajourné : moyenne 9,06 < 10",),
    kept=("EP1 - Organisation : 14/20",),
    published_on=date(2026, 7, 5),
    version=2,
)


def test_the_pdf_prints_the_grades_the_result_and_the_kept_grades() -> None:
    pdf = render_statement_pdf(DATA)
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in (
        "RELEVÉ DE NOTES",
        "Inscription n° :",
        "003",
        "EP1 - Organisation de la production",
        "14,00/20",
        "ABS",
        "Résultat : AJOURNÉ",
        "Moyenne : 9,06/20",
        "Ajourné : moyenne 9,06 < 10",
        "EP1 - Organisation : 14/20",
        "Publié le : 05/07/2026",
        "Version 2",
        "NGUYEN <b>Paul</b>",
    ):
        assert expected in text, expected
    assert reader.metadata.title == (
        "Relevé de notes - CERTIFICAT D'APTITUDE PROFESSIONNELLE"
        " - session JUIN 2026 - inscription n° 003"
    )


def test_the_accessible_version_says_the_same_escaped_with_every_letter() -> None:
    html = render_statement_accessible(DATA)
    assert "NGUYỄN &lt;b&gt;Paul&lt;/b&gt;" in html and "<b>" not in html
    assert '<h2 class="fr-h4" id="releve-titre">RELEVÉ DE NOTES' in html
    assert "<caption>Notes par épreuve</caption>" in html and "9,06/20" in html
    assert "Version 2, publiée le 05/07/2026" in html


def test_an_unpublished_releve_says_its_version_without_a_date() -> None:
    import dataclasses

    html = render_statement_accessible(dataclasses.replace(DATA, published_on=None, version=1))
    assert '<p id="releve-version">Version 1</p>' in html


def test_a_template_failure_is_a_render_error_naming_the_releve(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jinja2 import TemplateError

    from engine.confirmation.render import ConfirmationRenderError
    from engine.statement import render

    class Broken:
        def render(self, context: object) -> str:
            raise TemplateError("boom")

    monkeypatch.setattr(render, "template", lambda name, for_pdf, here: Broken())
    with pytest.raises(ConfirmationRenderError) as failed:
        render_statement_accessible(DATA)
    assert str(failed.value) == "statement template failed: boom"
