"""The live preview of a spec (web.preview): the real wizard without database or account,
its side panel, the validator's errors on the page, and the reload after an edit."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import threading
import time
import urllib.request
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from preview_support import edit, spec_copy
from pypdf import PdfReader
from web_helpers import text_of

REPO = Path(__file__).resolve().parents[2]


def html_text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    return spec_copy(tmp_path)


@pytest.fixture
def preview(spec: Path) -> Any:
    from web.preview import create_preview_app

    app = create_preview_app(spec, {"WTF_CSRF_ENABLED": False, "PREVIEW_WAIT_SECONDS": 5})
    return app.test_client()


def _panel(html: str) -> str:
    found = re.search(r'<aside[^>]*id="panneau-apercu".*?</aside>', html, re.S)
    assert found, "no side panel on the page"
    return found.group(0)


def _unit_row(html: str, code: str) -> str:
    found = re.search(rf'<tr id="epreuve-{code}">(.*?)</tr>', _panel(html), re.S)
    assert found, f"no row for {code} in the panel's units table"
    return html_text(found.group(1))


def test_the_preview_serves_the_portals_wizard_for_a_dummy_candidate(preview: Any) -> None:
    start = preview.get("/")
    assert start.status_code == 302 and start.location.endswith("/apercu/1/modalites")
    page = preview.get("/apercu/1/identification")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    # The portal's templates: its header line, its tab bar, its fields and their mirror.
    assert 'id="barre-onglets"' in html and 'id="form-onglet"' in html
    assert "CERTIFICAT D'APTITUDE PROFESSIONNELLE" in text_of(page)
    assert "MARTIN" in html and "Julie Anne" in html  # the dummy identity, read-only fields
    assert 'id="wizard-conditions"' in html and "/apercu/static/wizard.js" in html
    assert 'id="panneau-apercu"' in html and 'id="lien-confirmation"' in html


def test_a_tab_posted_is_checked_and_kept_in_memory(preview: Any) -> None:
    refused = preview.post("/apercu/1/modalites", data={"action": "suivant"})
    assert refused.status_code == 200
    assert "Cet onglet contient des erreurs" in text_of(refused)
    done = preview.post(
        "/apercu/1/modalites", data={"action": "suivant", "modalites_acceptees": "y"}
    )
    assert done.status_code == 302 and done.location.endswith("/apercu/1/identification")
    again = preview.get("/apercu/1/modalites").get_data(as_text=True)
    assert re.search(r'id="modalites_acceptees"[^>]*checked', again)


CUISINE = {
    "onglet": "informations",
    "panneau-categorie": "individuel",
    "panneau-specialite": "cuisine",
    "panneau-forme": "globale",
}


def test_the_side_panel_sets_category_speciality_and_acquis_and_the_units_follow(
    preview: Any,
) -> None:
    before = preview.get("/apercu/1/informations").get_data(as_text=True)
    assert "epreuve-EP1" not in _panel(before)  # no speciality yet: no units
    applied = preview.post("/apercu/panneau", data={**CUISINE, "panneau-diplome": "bep"})
    assert applied.status_code == 302 and applied.location.endswith("/apercu/1/informations")
    html = preview.get("/apercu/1/informations").get_data(as_text=True)
    assert "Inscrit" in _unit_row(html, "EP1") and "Ponctuel" in _unit_row(html, "EP1")
    dispensed = _unit_row(html, "EG1")
    assert "Dispensé" in dispensed and "BEP" in dispensed  # with its reason
    # The wizard shows the same answers: the category is chosen on its tab.
    assert re.search(
        r'<option selected value="individuel"|<option value="individuel" '
        r"selected",
        html,
    )
    graded = preview.post("/apercu/panneau", data={**CUISINE, "panneau-note-EP1": "12,5"})
    assert graded.status_code == 302
    html = preview.get("/apercu/1/informations").get_data(as_text=True)
    assert "Bénéfice" in _unit_row(html, "EP1") and "12,5" in _unit_row(html, "EP1")
    assert "Inscrit" in _unit_row(html, "EG1")  # the diploma was unticked
    # A category the portal never offers can still be previewed, and says so: its units
    # take its mode (CCF for the scolaires).
    assert (
        "SCOLAIRE (ETABLISSEMENT PUBLIC OU PRIVE SOUS CONTRAT) (non proposée sur le "
        "portail)" in html_text(_panel(html))
    )
    preview.post("/apercu/panneau", data={**CUISINE, "panneau-categorie": "scolaire"})
    html = preview.get("/apercu/1/informations").get_data(as_text=True)
    assert "CCF" in _unit_row(html, "EP1")


def test_the_confirmation_is_the_engines_pdf_of_the_previewed_answers(preview: Any) -> None:
    preview.post("/apercu/panneau", data=CUISINE)
    pdf = preview.get("/apercu/confirmation.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "MARTIN" in text and "CUISINE" in text.upper() and "EP1" in text


def test_a_spec_with_errors_shows_them_with_file_line_and_column(preview: Any, spec: Path) -> None:
    edit(
        spec,
        "  label: CERTIFICAT D'APTITUDE PROFESSIONNELLE",
        '  label: "CERTIFICAT\n  lable: oups',
    )
    page = preview.get("/apercu/1/identification")
    assert page.status_code == 200
    text = text_of(page)
    assert "contient des erreurs" in text
    assert re.search(rf"{re.escape(str(spec))}:\d+:\d+ : erreur E001", text), text[:2000]


def test_an_unknown_key_is_shown_at_its_line(preview: Any, spec: Path) -> None:
    edit(spec, "  short_label: CAP", "  short_label: CAP\n  lable: oups")
    text = text_of(preview.get("/"))
    line = spec.read_text(encoding="utf-8").splitlines().index("  lable: oups") + 1
    assert f"{spec}:{line}:3 : erreur E101" in text


def test_an_edit_of_the_spec_or_of_a_fragment_is_picked_up(preview: Any, spec: Path) -> None:
    first = preview.get("/apercu/version").get_json()["version"]
    edit(
        spec,
        "  label: CERTIFICAT D'APTITUDE PROFESSIONNELLE",
        "  label: CERTIFICAT MODIFIÉ DANS L'ÉDITEUR",
    )
    moved = preview.get(f"/apercu/version?depuis={first}").get_json()["version"]
    assert moved != first
    assert "CERTIFICAT MODIFIÉ DANS L'ÉDITEUR" in text_of(preview.get("/apercu/1/modalites"))
    fragment = spec.parent / "common" / "identification.yaml"
    label = re.search(r"label: (Nationalité)", fragment.read_text(encoding="utf-8"))
    assert label, "the shared identification fragment has a Nationalité field"
    edit(fragment, "label: Nationalité", "label: Nationalité (fragment modifié)")
    after = preview.get(f"/apercu/version?depuis={moved}").get_json()["version"]
    assert after != moved
    assert "Nationalité (fragment modifié)" in text_of(preview.get("/apercu/1/identification"))


def test_the_version_waits_for_a_change_then_answers_at_once(preview: Any, spec: Path) -> None:
    first = preview.get("/apercu/version").get_json()["version"]
    answered: dict[str, float] = {}

    def wait() -> None:
        preview.get(f"/apercu/version?depuis={first}")
        answered["at"] = time.perf_counter()

    waiter = threading.Thread(target=wait)
    waiter.start()
    time.sleep(0.3)
    assert "at" not in answered  # nothing changed: the request is still waiting
    edited = time.perf_counter()
    edit(spec, "  short_label: CAP", "  short_label: CAP2")
    waiter.join(5)
    assert "at" in answered and answered["at"] - edited < 1.0


def test_python_m_engine_preview_serves_the_spec_on_the_loopback_and_stops_with_it(
    spec: Path,
) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "engine", "preview", str(spec), "--port", "0"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert found, line
        with urllib.request.urlopen(found.group(0) + "apercu/version") as answer:  # noqa: S310
            assert json.load(answer)["version"]
        with urllib.request.urlopen(found.group(0)) as answer:  # noqa: S310
            assert "CERTIFICAT D&#39;APTITUDE PROFESSIONNELLE" in answer.read().decode()
    finally:
        process.terminate()
        process.wait(10)
    # The server (a subprocess of the command) went with it: its port no longer answers.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(found.group(0) + "apercu/version", timeout=1)  # noqa: S310
        except OSError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the preview server still answers after its command stopped")


def test_the_validators_warnings_sit_at_the_top_of_the_panel() -> None:
    from web.preview import create_preview_app

    spec = REPO / "tests" / "engine" / "broken" / "choices_decided_on_their_own_tab.yaml"
    client = create_preview_app(spec, {"WTF_CSRF_ENABLED": False}).test_client()
    page = client.get("/apercu/1/candidature")
    assert page.status_code == 200
    warnings = re.search(r'id="avertissements-spec".*?</div>', page.get_data(as_text=True), re.S)
    assert warnings, "no warnings on the panel"
    assert html_text(warnings.group(0)).count("W210") == 3


def test_enregistrer_checks_every_tab_as_the_portal_does_and_stores_nothing(
    spec: Path,
) -> None:
    import copy

    from engine.confirmation.samples import SPEC_ANSWERS
    from web.preview import create_preview_app

    app = create_preview_app(spec, {"WTF_CSRF_ENABLED": False})
    client = app.test_client()
    refused = client.post("/apercu/1/conditions", data={"action": "enregistrer"})
    assert refused.status_code == 200
    text = text_of(refused)
    assert "Votre candidature est incomplète" in text
    assert "1 - Modalités d'inscription" in text and "Ce champ est obligatoire." in text
    app.extensions["examforms.preview"].store(copy.deepcopy(SPEC_ANSWERS["cap"]))
    saved = client.post("/apercu/1/conditions", data={"action": "enregistrer"})
    assert saved.status_code == 302 and saved.location.endswith("/apercu/1/conditions")
    assert "la candidature serait enregistrée" in text_of(client.get(saved.location))


def test_an_unexpected_failure_is_a_french_page_that_keeps_the_reload(
    preview: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from web.preview import views

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "build_state", broken)
    page = preview.get("/apercu/1/identification")
    assert page.status_code == 500
    html = page.get_data(as_text=True)
    assert "L'aperçu n'a pas pu afficher cette page (RuntimeError)" in text_of(page)
    assert "/apercu/version" in html  # the page still reloads after the next edit
    assert preview.get("/apercu/nulle-part").status_code == 404


def test_a_preview_without_the_design_system_s_files_says_how_to_install_them(
    tmp_path: Path,
) -> None:
    from web.preview import create_preview_app
    from web.preview.__main__ import missing_design_system

    spec = spec_copy(tmp_path)
    assert missing_design_system(create_preview_app(spec)) == ""
    bare = create_preview_app(spec, {"DSFR_DIR": str(tmp_path / "node_modules")})
    assert missing_design_system(bare) == (
        f"Attention : les styles du portail manquent ({tmp_path / 'node_modules'}) : la page "
        "s'affichera sans mise en forme. Lancez `make setup` (ou `make preview`), qui les "
        "installe."
    )
