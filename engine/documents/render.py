"""A published document: the exam's template rendered in the sandbox, as an HTML fragment for
the accessible version and inside the portal's page layout as a PDF (xhtml2pdf).

Both come from one rendering of one template with the same data, so they always say the
same; the fragment's top heading is an h2, under the page's h1 where it is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, Template, TemplateError, select_autoescape
from markupsafe import Markup

from engine.confirmation.reader_metadata import with_reader_metadata
from engine.confirmation.render import ConfirmationRenderError, _pdf
from engine.documents.sandbox import DocumentTemplateError, describe, load

PAGE_TEMPLATE = "page.html"


@dataclass(frozen=True)
class RenderedDocument:
    pdf: bytes
    html: str


@lru_cache(maxsize=1)
def _page() -> Template:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template(PAGE_TEMPLATE)


def _body(root: Path, name: str, context: Mapping[str, Any], for_pdf: bool) -> str:
    try:
        return load(root, name, for_pdf).render(dict(context))
    except DocumentTemplateError:
        raise
    except TemplateError as exc:
        raise DocumentTemplateError(describe(exc, name)) from exc


def render_accessible(root: Path, name: str, context: Mapping[str, Any]) -> str:
    """The accessible HTML fragment alone (what a stored version is compared with).
    Raises DocumentTemplateError."""
    return _body(root, name, context, for_pdf=False)


def render_document(
    root: Path, name: str, context: Mapping[str, Any], title: str
) -> RenderedDocument:
    """The template `name` of the exams folder `root` with `context`: PDF and accessible HTML.

    Raises DocumentTemplateError (the template's fault, its line named) or
    ConfirmationRenderError (the PDF could not be laid out)."""
    html = render_accessible(root, name, context)
    pdf_body = _body(root, name, context, for_pdf=True)
    # The fragment was rendered with every value escaped: it is markup as it stands.
    page = _page().render(title=title, body=Markup(pdf_body))  # noqa: S704  # nosec B704
    try:
        pdf = with_reader_metadata(_pdf(page), title)
    except ConfirmationRenderError:
        raise
    return RenderedDocument(pdf=pdf, html=html)
