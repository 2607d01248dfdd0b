"""xhtml2pdf's default stylesheet (the user agent's: headings, tables, lists), parsed once per
process instead of once per document.

xhtml2pdf parses it again for every PDF (3 ms of a 28 ms convocation) although it never
changes; the rules it builds are read-only once parsed (its cascade relies on that), and the
default stylesheet has no @page or @font-face, the only rules that act on a document while
they are parsed. pisaDocument makes its context itself, so the process's documents get this
context class through the module that makes it (`install`, idempotent). A document's own
<style> is parsed with the document, as before.
"""

from __future__ import annotations

from typing import Any, ClassVar

from xhtml2pdf import context as _context
from xhtml2pdf import document as _document
from xhtml2pdf import parser as _parser

# Parsed default stylesheets by their text (one in practice: xhtml2pdf's own).
MAX_KEPT = 4


class OnceParsedDefaultContext(_context.pisaContext):  # type: ignore[misc]
    _parsed: ClassVar[dict[str, Any]] = {}

    def _parseCSSSource(self, text: str, sourceName: str) -> Any:  # noqa: N802, N803
        if sourceName != _parser.DEFAULT_CSS_SOURCE:
            return super()._parseCSSSource(text, sourceName)
        parsed = self._parsed.get(text)
        if parsed is None:
            if len(self._parsed) >= MAX_KEPT:
                self._parsed.clear()
            parsed = self._parsed[text] = super()._parseCSSSource(text, sourceName)
        return parsed


def install() -> None:
    """Make xhtml2pdf's documents use the once-parsed default stylesheet."""
    if _document.pisaContext is not OnceParsedDefaultContext:
        _document.pisaContext = OnceParsedDefaultContext
