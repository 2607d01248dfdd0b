"""Documents published by the exam office, in Chromium with no script needed: the
gestionnaire types one épreuve of the timetable and imports the others as CSV, publishes the
convocations and follows the job to its end; the candidate sees the envelope, opens the
convocation (its PDF and its accessible version) from Mes documents, and the envelope goes."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from portal_steps import CANDIDATE_PASSWORD, Portal

SHOTS = Path("/tmp/examforms-screenshots/documents")
ENVELOPE = "Votre candidature possède au moins un document à visualiser."
CSV = ("epreuve;specialite;date;heure;duree;centre;adresse\n"
       "002;;14/06/2027;14:00;2h;Lycée Chateaubriand;136 boulevard de Vitré, 35700 Rennes\n"
       "003;;15/06/2027;08:30;2h;Lycée Chateaubriand;136 boulevard de Vitré, 35700 Rennes\n")


def shoot(page: Any, name: str, audit: Any) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    audit(page, f"documents-{name}")


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join((p.extract_text() or "").split())
                    for p in PdfReader(io.BytesIO(content)).pages)


def test_the_office_publishes_convocations_and_the_candidate_opens_hers(
    portal: Portal, cfg_open_in_rennes: int, rennes_candidate: Any, accessibility_audit: Any,
    make_page: Any,
) -> None:
    page, audit = portal.page, accessibility_audit
    portal.login(rennes_candidate.email, CANDIDATE_PASSWORD)
    portal.register_cfg(cfg_open_in_rennes)
    from sqlalchemy import select

    from web.core import db as database
    from web.core.models import Candidature, SessionAcademy

    with portal.live.app.app_context():
        db = database.session()
        candidature_id = db.scalar(
            select(Candidature.id).where(Candidature.account_id == rennes_candidate.id))
        # The academy's part of the session, as the back office's pages open it.
        db.add(SessionAcademy(session_id=cfg_open_in_rennes, academy_code="rennes"))
        db.commit()
    # Mes documents seen once after the save: only the convocation will be new.
    portal.open("candidate.documents", candidature_id=candidature_id)
    office = Portal(make_page(), portal.live)
    office.staff_login(office.create_staff("rennes"))
    o = office.page

    # The timetable: one épreuve typed, two imported.
    office.open("backoffice.sessions_part", session_id=cfg_open_in_rennes,
                academy_code="rennes")
    with o.expect_navigation():
        o.click("#bouton-calendrier")
    o.select_option("#unit", "001")
    o.fill("#day", "13/06/2027")
    o.fill("#starts_at", "09:00")
    o.fill("#duration", "30")
    o.fill("#centre", "Lycée Chateaubriand")
    o.fill("#address", "136 boulevard de Vitré, 35700 Rennes")
    office.submit("#bouton-enregistrer-horaire")
    assert "L'horaire de l'épreuve 001 est enregistré." in o.inner_text("main")
    with o.expect_navigation():
        o.click("#bouton-importer-calendrier")
    o.set_input_files("#file", files=[{"name": "calendrier.csv", "mimeType": "text/csv",
                                       "buffer": CSV.encode("cp1252")}])
    office.submit("#bouton-importer")
    assert "2 épreuves enregistrées" in o.inner_text("main")
    assert o.locator("#tableau-calendrier tbody tr").count() == 3
    shoot(o, "01-gestion-calendrier", audit)

    # Publier des documents → the job's page, finished.
    with o.expect_navigation():
        o.locator("#menu-documents:visible").first.click()
    shoot(o, "02-gestion-publier", audit)
    o.select_option("#kind", "convocation")
    o.select_option("#part", f"{cfg_open_in_rennes}:rennes")
    office.submit("#bouton-publier")
    assert o.inner_text("#etat-publication") == "Terminée"
    assert "1 document publié sur 1" in o.inner_text("#avancement")
    shoot(o, "03-gestion-publication-terminee", audit)

    # The candidate: the envelope, Mes documents, the convocation.
    portal.open("candidate.registrations")
    page.click(f"#enveloppe-{candidature_id} summary")  # the envelope, opened
    assert ENVELOPE in page.inner_text(f"#enveloppe-{candidature_id}")
    shoot(page, "04-enveloppe", audit)
    with page.expect_navigation():
        page.click(f"#ouvrir-titre-{candidature_id}")
    with page.expect_navigation():
        page.click("#mes-documents")
    link = page.locator("#lien-convocation")
    assert "Convocation aux épreuves (PDF" in link.inner_text()
    shoot(page, "05-mes-documents", audit)
    pdf = page.request.get(portal.live.url + str(link.get_attribute("href")))
    text = pdf_text(pdf.body())
    assert "CONVOCATION AUX ÉPREUVES" in text and "LAMY Paul" in text
    assert "13/06/2027" in text and "14:00" in text and "Lycée Chateaubriand" in text
    with page.expect_navigation():
        page.click("#lien-accessible-convocation")
    assert "15/06/2027" in page.inner_text("main")
    shoot(page, "06-convocation-accessible", audit)
    portal.open("candidate.registrations")
    assert ENVELOPE not in (page.text_content("main") or "")
    audit.assert_clean()
