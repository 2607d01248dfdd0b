"""The accessible version of the Confirmation d'inscription (RGAA 13.3): the same content as the
PDF, as an HTML fragment with headings, a definition list and data tables.

It is rendered from the same ConfirmationData and the same context as the PDF, so the two can
never say different things; the web side stores it beside the PDF and shows it in a page.
Unlike the PDF (Helvetica), HTML draws every letter: names keep their accents (Nguyễn).
"""

from __future__ import annotations

from jinja2 import TemplateError

from engine.confirmation.model import ConfirmationData
from engine.confirmation.render import ConfirmationRenderError, context, template

TEMPLATE_NAME = "accessible.html"


def render_confirmation_accessible(data: ConfirmationData) -> str:
    """The document as an HTML fragment (every value escaped), its top heading an h2 so that it
    sits under the page's h1. Raises ConfirmationRenderError."""
    try:
        return template(TEMPLATE_NAME, for_pdf=False).render(context(data))
    except TemplateError as exc:
        raise ConfirmationRenderError(f"accessible confirmation template failed: {exc}") from exc
