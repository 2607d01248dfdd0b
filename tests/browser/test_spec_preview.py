"""The live preview in Chromium: the wizard and its side panel, then the page reloading by
itself when the spec file is edited."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from preview_support import edit, spec_copy


@pytest.fixture
def preview_url(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    from web.preview import create_preview_app
    from web.preview.__main__ import HOST, serve_in_thread

    spec = spec_copy(tmp_path)
    server = serve_in_thread(create_preview_app(spec))
    try:
        yield f"http://{HOST}:{server.server_port}/", spec
    finally:
        server.shutdown()


def test_the_author_sets_the_panel_then_sees_an_edit_without_reloading_by_hand(
    page: Any,
    preview_url: tuple[str, Path],
    screenshot: Callable[[Any, str], Path],
    axe_check: Callable[[Any], list[dict[str, Any]]],
) -> None:
    url, spec = preview_url
    page.goto(url + "apercu/1/qualification")
    assert page.locator("#titre-onglet").inner_text() == "4 - Qualification présentée"
    # Each choice of the panel applies at once: the page comes back with its effect.
    for select, value in (
        ("#panneau-categorie", "individuel"),
        ("#panneau-specialite", "cuisine"),
        ("#panneau-forme", "globale"),
    ):
        with page.expect_navigation():
            page.select_option(select, value)
        assert page.locator(select).input_value() == value
    assert "Inscrit" in page.locator("#panneau-epreuves #epreuve-EG1").inner_text()
    with page.expect_navigation():
        page.click("label[for=panneau-diplome-bep]")
    row = page.locator("#panneau-epreuves #epreuve-EG1")
    assert "Dispensé" in row.inner_text()
    # The wizard shows the panel's answers, through the portal's own page.
    assert page.locator("#specialite").input_value() == "cuisine"
    assert not axe_check(page)
    shot = screenshot(page, "preview-panel-cap-cuisine")
    assert shot.stat().st_size > 0

    edit(
        spec,
        "  label: CERTIFICAT D'APTITUDE PROFESSIONNELLE",
        "  label: CERTIFICAT EN COURS D'ÉCRITURE",
    )
    page.wait_for_function(
        "document.querySelector('#entete-candidature').innerText.includes('EN COURS')",
        timeout=5000,
    )
    # The reload kept the in-memory answers.
    assert "Dispensé" in page.locator("#panneau-epreuves #epreuve-EG1").inner_text()
    edit(spec, "  short_label: CAP", "  short_label: [CAP")
    page.wait_for_selector("#erreurs-spec", timeout=5000)
    assert ":" in page.locator("#erreurs-spec li").first.inner_text()
    screenshot(page, "preview-spec-errors")
