"""The browser harness itself: the accessibility check catches real violations."""

from __future__ import annotations

from typing import Any

import pytest


def test_the_accessibility_check_reports_an_image_without_alternative_and_a_bare_field(
    live_server: Any, page: Any, axe_check: Any
) -> None:
    page.goto(live_server.url + "/")
    # A serious (unlabelled field) and a critical (image without alt) violation, added on purpose.
    page.evaluate(
        """() => {
            const main = document.querySelector('main') || document.body;
            main.insertAdjacentHTML('beforeend',
                '<img src="/dsfr/favicon/favicon.svg"><input type="text" id="sans-etiquette">');
        }"""
    )
    with pytest.raises(AssertionError) as failure:
        axe_check(page)
    report = str(failure.value)
    assert "image-alt" in report
    assert "label" in report
    assert "#sans-etiquette" in report


def test_the_accessibility_check_passes_the_home_page_as_served(
    live_server: Any, page: Any, axe_check: Any
) -> None:
    page.goto(live_server.url + "/")
    axe_check(page)
