"""Confirmation d'inscription rendering: Jinja2 template → HTML → PDF with xhtml2pdf."""

from __future__ import annotations

import io
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateError,
    select_autoescape,
)

from engine.confirmation.french import long_date_upper, short_date, to_paris, version_line, yes_no
from engine.confirmation.model import (
    CONSENT_WARNING,
    CORRECTION_NOTICE,
    ID_NOTICE,
    SIGNATURE_LABEL,
    ConfirmationData,
)
from engine.confirmation.reader_metadata import with_reader_metadata

TEMPLATE_NAME = "confirmation.html"
_BEFORE_RED, _AFTER_RED = CORRECTION_NOTICE.split("{red}")
WORDING = {
    "consent_warning": CONSENT_WARNING,
    "signature_label": SIGNATURE_LABEL,
    "correction_before": _BEFORE_RED,
    "correction_after": _AFTER_RED,
    "id_notice": ID_NOTICE,
}


class ConfirmationRenderError(Exception):
    """The document could not be produced: a bug, never the candidate's doing (log it, 500)."""


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Letters that Unicode does not decompose into a base letter and a mark.
_UNDECOMPOSABLE = {"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i", "Ŧ": "T"}


def drawable(value: object) -> object:
    """The value with letters Helvetica cannot draw replaced by their base letter (ễ → e).

    The PDF's built-in fonts cover Windows-1252 only; a name such as "Nguyễn" would
    otherwise print a black box, and so would a control character (made a space).
    Jinja calls this on every printed expression.
    """
    if not isinstance(value, str):
        return value
    if _CONTROL.search(value):
        # Pasted control characters print as boxes; a space reads the same to the office.
        value = _CONTROL.sub(" ", value)
    if value.isascii():
        return value
    try:
        value.encode("cp1252")
        return value
    except UnicodeEncodeError:
        pass
    out = []
    for char in value:
        try:
            char.encode("cp1252")
            out.append(char)
        except UnicodeEncodeError:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if c.isascii())
            out.append(base or _UNDECOMPOSABLE.get(char, "?"))
    return "".join(out)


@lru_cache(maxsize=8)
def template(name: str = TEMPLATE_NAME, for_pdf: bool = True) -> Template:
    """A template of this folder, compiled once per process. Every value is escaped; for the
    PDF, letters its font cannot draw are replaced too (`drawable`)."""
    env = Environment(
        loader=FileSystemLoader(str(Path(__file__).parent)),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=drawable if for_pdf else None,
    )
    return env.get_template(name)


def document_title(data: ConfirmationData) -> str:
    """The title a reader's PDF viewer and the accessible version show:
    "Confirmation d'inscription - CAP … - session JUIN 2027 - inscription n° 001"."""
    parts = [data.title.capitalize(), data.exam_label, f"session {data.session_label}"]
    if data.inscription_number:
        parts.append(f"inscription n° {data.inscription_number}")
    return " - ".join(part for part in parts if part)


def context(
    data: ConfirmationData, page_total: int | None = None, compact: bool = False
) -> dict[str, Any]:
    """What both renderings (the PDF's XHTML and the accessible HTML) print, worked out once."""
    edited_on = data.edited_on or to_paris(data.version_at).date()
    return {
        "d": data,
        "version_line": version_line(data.version, data.version_at),
        "birth_date": short_date(data.candidate.birth_date),
        "accommodation": yes_no(data.candidate.accommodation_requested),
        "return_by": long_date_upper(data.return_by) if data.return_by else "",
        "edited_on": short_date(edited_on),
        "reference": data.admin_reference or data.academy.label,
        "page_total": page_total,
        "compact": compact,
        "wording": WORDING,
        "document_title": document_title(data),
    }


def _html(data: ConfirmationData, page_total: int | None, compact: bool = False) -> str:
    try:
        return template().render(context(data, page_total, compact))
    except TemplateError as exc:
        raise ConfirmationRenderError(f"confirmation template failed: {exc}") from exc


def render_confirmation_html(data: ConfirmationData) -> str:
    """The document as XHTML for xhtml2pdf (every value escaped). Raises ConfirmationRenderError."""
    return _html(data, None)


def _refuse_external(uri: str, rel: str | None) -> str:
    # No fetch from a rendering: the template has no resources, and a value that
    # smuggled a URL must not make the server call out.
    raise ConfirmationRenderError(f"external resource refused: {uri!r}")


def _pdf(html: str) -> bytes:
    from xhtml2pdf import pisa  # imported late: heavy, and only the PDF path needs it

    from engine.confirmation.default_css import install

    install()
    out = io.BytesIO()
    try:
        status = pisa.CreatePDF(html, dest=out, encoding="utf-8", link_callback=_refuse_external)
    except ConfirmationRenderError:
        raise
    except Exception as exc:  # xhtml2pdf raises whatever its parsers raise
        raise ConfirmationRenderError(f"xhtml2pdf failed: {exc}") from exc
    if status.err:
        raise ConfirmationRenderError(f"xhtml2pdf reported {status.err} error(s)")
    pdf = out.getvalue()
    if not pdf.startswith(b"%PDF"):
        raise ConfirmationRenderError("xhtml2pdf produced no PDF")
    return pdf


def html_to_pdf(html: str, title: str) -> bytes:
    """Any document of the portal (XHTML from an autoescaping template) as a PDF titled for
    the reader's viewer, in French. Raises ConfirmationRenderError."""
    return with_reader_metadata(_pdf(html), title)


# A page object of ReportLab's output (not the /Pages tree); ReportLab never puts
# page dictionaries in compressed object streams.
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def page_count(pdf: bytes) -> int:
    return len(_PAGE_OBJECT.findall(pdf))


# What decides how many pages a confirmation takes, roughly: its exam, units, consents and
# lines; the layout the last document of that shape ended with is tried first.
Shape = tuple[object, ...]
Layout = tuple[bool, int]  # (compact, pages)
_LAYOUTS: dict[Shape, Layout] = {}
MAX_SHAPES = 1024


def _shape(data: ConfirmationData) -> Shape:
    return (
        data.exam_label, tuple(len(s.units) for s in data.unit_sections),
        sum(len(s.note) // 80 for s in data.unit_sections), len(data.consents),
        sum(len(c.text) // 80 for c in data.consents), len(data.extra_lines),
        len(data.candidate.address_lines), data.return_by is not None,
        len(data.legal_notice) // 80, len(data.certify_text) // 80,
    )


def render_confirmation_pdf(data: ConfirmationData) -> bytes:
    """The document as PDF bytes, titled and in French for the reader's viewer.
    Raises ConfirmationRenderError.
    """
    return with_reader_metadata(_laid_out_pdf(data), document_title(data))


def _laid_out_pdf(data: ConfirmationData) -> bytes:
    """The document as xhtml2pdf lays it out.

    xhtml2pdf lays a document out twice to print "page x / <pdf:pagecount>". Most
    confirmations fit on one page, so the first pass prints "/ 1" and only a longer
    document is laid out again: in the compact layout, then, if that still overflows,
    with its real total. The footer is a frame of its own:
    its text cannot move the body, so the second pass paginates like the first.

    A document of the same shape as an earlier multi-page one (a Bac Pro's units list) is
    laid out at once as that one ended, and kept when its page count confirms the total
    printed; otherwise it takes the passes above.
    """
    shape = _shape(data)
    guess = _LAYOUTS.get(shape)
    if guess is not None and guess != (False, 1):
        compact, total = guess
        pdf = _pdf(_html(data, total, compact))
        if page_count(pdf) == total:
            return pdf
    pdf, layout = _measured(data)
    if len(_LAYOUTS) >= MAX_SHAPES:
        _LAYOUTS.clear()
    _LAYOUTS[shape] = layout
    return pdf


def _measured(data: ConfirmationData) -> tuple[bytes, Layout]:
    pdf = _pdf(_html(data, 1))
    pages = page_count(pdf)
    if pages == 1:
        return pdf, (False, 1)
    # A long units list: tighter rows often keep the whole document on one page.
    compact = _pdf(_html(data, 1, compact=True))
    if page_count(compact) == 1:
        return compact, (True, 1)
    pdf = _pdf(_html(data, pages))
    if page_count(pdf) != pages:  # never seen; the exact, slower way if it happens
        pdf = _pdf(_html(data, None))
    return pdf, (False, page_count(pdf))
