"""Relevé de notes rendering, with the confirmation's machinery: Jinja2 → XHTML → xhtml2pdf."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from engine.confirmation.french import short_date
from engine.confirmation.render import ConfirmationRenderError, html_to_pdf, template
from engine.statement.model import StatementData

HERE = str(Path(__file__).parent)


def document_title(data: StatementData) -> str:
    """ "Relevé de notes - CAP … - session JUIN 2026 - inscription n° 003"."""
    parts = [data.title.capitalize(), data.exam_label, f"session {data.session_label}"]
    if data.inscription_number:
        parts.append(f"inscription n° {data.inscription_number}")
    return " - ".join(parts)


def context(data: StatementData) -> dict[str, Any]:
    return {
        "d": data,
        "birth_date": short_date(data.birth_date),
        "published_on": short_date(data.published_on) if data.published_on else "",
        "document_title": document_title(data),
    }


def _render(name: str, data: StatementData, for_pdf: bool) -> str:
    try:
        return template(name, for_pdf, HERE).render(context(data))
    except TemplateError as exc:
        raise ConfirmationRenderError(f"statement template failed: {exc}") from exc


def render_statement_pdf(data: StatementData) -> bytes:
    """The relevé as PDF bytes, titled and in French. Raises ConfirmationRenderError."""
    return html_to_pdf(_render("statement.html", data, True), document_title(data))


def render_statement_accessible(data: StatementData) -> str:
    """The relevé as an HTML fragment (top heading h2). Raises ConfirmationRenderError."""
    return _render("statement_accessible.html", data, False)
