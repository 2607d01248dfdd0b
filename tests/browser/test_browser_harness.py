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


def test_the_accessibility_check_fails_on_a_moderate_violation_too(
    live_server: Any, page: Any, axe_check: Any
) -> None:
    page.goto(live_server.url + "/")
    # lang and xml:lang that disagree are of moderate impact: the audit tolerates no impact.
    page.evaluate("() => document.documentElement.setAttribute('xml:lang', 'en')")
    with pytest.raises(AssertionError) as failure:
        axe_check(page)
    assert "html-xml-lang-mismatch" in str(failure.value)
    assert "[moderate]" in str(failure.value)


def test_the_audit_measures_reflow_at_320_px_and_tolerates_only_self_scrolling_tables(
    live_server: Any, make_page: Any, accessibility_audit: Any
) -> None:
    page = make_page(width=1280, height=800)
    page.goto(live_server.url + "/")
    accessibility_audit(page, "harness-reflow-accueil")
    assert accessibility_audit.widths["harness-reflow-accueil"] == 320
    assert page.viewport_size["width"] == 1280, "the audit puts the viewport back"
    # A wide table inside a wrapper that scrolls on its own is fine (WCAG 1.4.10's exception).
    page.evaluate(
        """() => document.querySelector('main').insertAdjacentHTML('beforeend',
            '<div class="fr-table"><div class="fr-table__wrapper"><div class="fr-table__container">'
            + '<div class="fr-table__content"><table><caption>Large</caption><tr>'
            + '<td><img src="/dsfr/favicon/favicon.svg" alt="" width="900" height="20"></td>'
            + '</tr></table></div></div></div></div>')"""
    )
    accessibility_audit(page, "harness-reflow-tableau")
    assert accessibility_audit.widths["harness-reflow-tableau"] == 320
    accessibility_audit.assert_clean()
    # A 495 px wide image is not: the page would scroll sideways.
    page.evaluate(
        """() => document.querySelector('main').insertAdjacentHTML('beforeend',
            '<p id="trop-large"><img src="/dsfr/favicon/favicon.svg" alt="" width="495"'
            + ' height="20"></p>')"""
    )
    accessibility_audit(page, "harness-reflow-trop-large")
    assert accessibility_audit.widths["harness-reflow-trop-large"] >= 495
    with pytest.raises(AssertionError) as failure:
        accessibility_audit.assert_clean()
    assert "reflow at 320 px on harness-reflow-trop-large" in str(failure.value)
    assert "p#trop-large > img ends at" in str(failure.value)
