"""xhtml2pdf's default stylesheet is parsed once per process, and the PDFs are the same."""

from __future__ import annotations

import re

import pytest
from xhtml2pdf import context, document, parser

from engine.confirmation import render_confirmation_pdf
from engine.confirmation.default_css import OnceParsedDefaultContext
from engine.confirmation.samples import cap_example, cfg_example


def without_dates(pdf: bytes) -> bytes:
    return re.sub(rb"D:\d{14}\+00'00'|<[0-9a-f]{32}>", b"", pdf)


def test_documents_laid_out_with_the_once_parsed_stylesheet_are_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ours = [without_dates(render_confirmation_pdf(make())) for make in (cfg_example, cap_example)]
    assert document.pisaContext is OnceParsedDefaultContext
    monkeypatch.setattr("engine.confirmation.default_css.install", lambda: None)
    monkeypatch.setattr(document, "pisaContext", context.pisaContext)
    plain = [without_dates(render_confirmation_pdf(make())) for make in (cfg_example, cap_example)]
    assert ours == plain


def test_the_default_stylesheet_is_parsed_once_a_documents_own_each_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parsed: list[str] = []
    original = context.pisaContext._parseCSSSource

    def counting(self: context.pisaContext, text: str, source: str) -> object:
        parsed.append(source)
        return original(self, text, source)

    monkeypatch.setattr(context.pisaContext, "_parseCSSSource", counting)
    monkeypatch.setattr(OnceParsedDefaultContext, "_parsed", {})
    for _ in range(3):
        render_confirmation_pdf(cfg_example())
    assert parsed.count(parser.DEFAULT_CSS_SOURCE) == 1
    assert len(parsed) - 1 == 3  # the confirmation's <style>, once per document
