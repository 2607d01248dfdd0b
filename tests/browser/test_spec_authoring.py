"""In Chromium: the exams' documentation pages pass axe-core, and the back office shows a
spec version that is not served because it would break candidatures of an open session."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from portal_steps import Portal

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "web" / "backoffice"))
sys.path.insert(0, str(REPO / "tests" / "web"))


def test_the_documentation_pages_pass_axe_core(
    make_page: Any, accessibility_audit: Any, tmp_path: Path
) -> None:
    from engine.__main__ import main

    specs = [str(REPO / "exams" / f"{n}.yaml") for n in ("bacpro", "cap", "cfg")]
    assert main(["doc", *specs, "--out", str(tmp_path)]) == 0
    page = make_page()
    for name in ("index", "cap", "bacpro", "cfg"):
        page.goto((tmp_path / f"{name}.html").as_uri())
        accessibility_audit(page, f"documentation-{name}")
    page.goto((tmp_path / "index.html").as_uri())
    page.click("text=CERTIFICAT D'APTITUDE PROFESSIONNELLE (CAP)")
    assert page.locator("h1").inner_text() == "CERTIFICAT D'APTITUDE PROFESSIONNELLE (CAP)"
    accessibility_audit.assert_clean()


def test_the_office_sees_the_version_that_waits(
    portal: Portal, live_server: Any, accessibility_audit: Any, tmp_path: Path
) -> None:
    from session_support import open_part
    from test_spec_versions import CUISINE, save_candidature, served

    from tests.conftest import StaffActions
    from tests.engine.cap_versions import CAP, next_cap
    from web.registration import spec_guard

    spec_guard.forget()
    exams_dir = tmp_path / "exams"
    exams_dir.mkdir()
    shutil.copy(CAP, exams_dir / "cap.yaml")
    app = live_server.app
    app.config["EXAMS_DIR"] = str(exams_dir)
    session_id, _ = open_part(app, exam="cap", label="JUIN 2026", year=2026)
    assert served(app).version == "2026.1"
    save_candidature(app, session_id, CUISINE)
    (exams_dir / "cap.yaml").write_text(next_cap(), encoding="utf-8")
    assert served(app).version == "2026.1"

    actions = StaffActions(app, None)
    account = actions.create("rennes")
    page = portal.page
    page.goto(live_server.url + "/gestion/connexion")
    page.fill("#email", account.email)
    page.fill("#password", "Motdepasse!1")
    portal.submit("#bouton-connexion-gestion")
    page.fill("#code", actions.code_for(account))
    portal.submit("#bouton-code")
    page.goto(live_server.url + "/gestion/sessions")
    notice = page.locator("#version-refusee-cap")
    assert "la version 2027.1 de la spécification n'est pas en service" in notice.inner_text()
    line = "Coefficient de l'épreuve EP1 modifié : 4 → 5 (spécialité cuisine) — 1 candidature"
    assert line in notice.inner_text()
    accessibility_audit(page, "gestion-sessions-version-en-attente")
    accessibility_audit.assert_clean()
