"""Mes justificatifs and the pieces' control in Chromium, two browsers side by side: the
candidate uploads two pieces and locks them, the gestionnaire finds them in Pièces à contrôler
and marks one Reçue and one Non conforme with a comment, the candidate reads it, replaces the
piece and confirms again, the gestionnaire marks both Conforme; no JavaScript needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from portal_steps import CANDIDATE_PASSWORD, Portal
from sample_files import EXECUTABLE
from sample_files import pdf_bytes as pdf

SHOTS = Path("/tmp/examforms-screenshots/justificatifs")
IDENTITY = "piece_identite"
CONFIRMATION = "confirmation_signee"


def text(page: Any, selector: str) -> str:
    """The element's text as written (DSFR badges are shown in capitals), spaces collapsed."""
    return " ".join((page.text_content(selector) or "").split())


def shoot(page: Any, name: str, audit: Any) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    audit(page, f"justificatifs-{name}")


def add(portal: Portal, code: str, name: str, data: bytes, mime: str = "application/pdf") -> None:
    portal.page.set_input_files(f"#fichier-{code}",
                                files=[{"name": name, "mimeType": mime, "buffer": data}])
    portal.submit(f"#ajouter-{code}")


def office_sets(office: Portal, code: str, status: str, received_on: str = "",
                comment: str = "") -> None:
    """The gestionnaire's control page: a status radio, the date or comment, Enregistrer."""
    values = {"non_controlee": 0, "recue": 1, "non_conforme": 2, "conforme": 3}
    office.page.check(f"#{code}-status-{values[status]}", force=True)
    office.page.fill(f"#{code}-received_on", received_on)
    office.page.fill(f"#{code}-comment", comment)
    office.submit(f"#enregistrer-statut-{code}")
    assert "enregistré" in office.page.inner_text(".fr-alert--success")


def office_opens_the_queue(office: Portal, candidature_id: int, audit: Any = None) -> None:
    page = office.page
    with page.expect_navigation():
        page.locator("#menu-pieces:visible").first.click()
    assert page.locator(f"#a-controler-{candidature_id}").count() == 1
    if audit is not None:
        shoot(page, "09-gestion-pieces-a-controler", audit)
    with page.expect_navigation():
        page.click(f"#controler-{candidature_id}")


def test_a_candidate_uploads_the_office_controls_the_candidate_replaces_a_non_conforme_piece(
    portal: Portal, cfg_open_in_rennes: int, rennes_candidate: Any, accessibility_audit: Any,
    make_page: Any,
) -> None:
    page, audit = portal.page, accessibility_audit
    office = Portal(make_page(), portal.live)
    office.staff_login(office.create_staff("rennes"))
    portal.login(rennes_candidate.email, CANDIDATE_PASSWORD)
    portal.register_cfg(cfg_open_in_rennes)
    from sqlalchemy import select

    from web.core import db as database
    from web.core.models import Candidature

    with portal.live.app.app_context():
        candidature_id = database.session().scalar(
            select(Candidature.id).where(Candidature.account_id == rennes_candidate.id)
        )
    portal.open("candidate.pieces", candidature_id=candidature_id)
    rules = page.inner_text(f"#piece-{IDENTITY}")
    assert "Format accepté : PDF" in rules and "Taille maximale d'un fichier : 5 Mo" in rules
    shoot(page, "01-a-fournir", audit)

    # A renamed executable is refused at the piece's own input, in French.
    add(portal, IDENTITY, "carte.pdf", EXECUTABLE)
    assert "seuls les fichiers PDF sont acceptés" in page.inner_text(f"#erreur-fichier-{IDENTITY}")
    shoot(page, "02-fichier-refuse", audit)

    add(portal, IDENTITY, "Carte d'identité.pdf", pdf(2))
    assert "a été ajouté" in page.inner_text("main")
    add(portal, CONFIRMATION, "confirmation.pdf", pdf())
    files = page.inner_text(f"#fichiers-{CONFIRMATION}")
    assert "confirmation.pdf" in files and "déposé le" in files
    shoot(page, "03-deux-pieces-deposees", audit)

    portal.submit("button[id^='valider-upload-']")
    assert "Vos pièces ont été validées le" in page.inner_text("main")
    assert "Pièces validées le" in text(page, "p[id^='validation-upload-']")
    assert page.locator("button[id^='supprimer-']").count() == 0
    shoot(page, "04-pieces-validees", audit)

    office_opens_the_queue(office, candidature_id, audit)
    assert "Carte d'identité.pdf" in office.page.inner_text(f"#fichiers-{IDENTITY}")
    office_sets(office, IDENTITY, "recue", received_on="09/01/2026")
    office_sets(office, CONFIRMATION, "non_conforme", comment="La confirmation n'est pas signée.")
    assert office.page.inner_text("#etat-pieces") == "Pièce non conforme"
    shoot(office.page, "10-gestion-controle", audit)
    page.reload()
    assert "Reçue le 09/01/2026" in text(page, f"#statut-{IDENTITY}")
    assert "Non conforme" in text(page, f"#statut-{CONFIRMATION}")
    assert "« La confirmation n'est pas signée. »" in page.inner_text(
        f"#non-conforme-{CONFIRMATION}")
    shoot(page, "05-statuts-du-controle", audit)

    add(portal, CONFIRMATION, "confirmation-signee.pdf", pdf())
    confirmation = page.inner_text(f"#piece-{CONFIRMATION}")
    assert "confirmation-signee.pdf" in confirmation and "Non conforme" not in confirmation
    shoot(page, "06-piece-remplacee", audit)
    portal.submit("button[id^='valider-upload-']")
    assert page.locator("button[id^='valider-']").count() == 0
    # Confirmed again, the candidature is back in the office's queue; both pieces Conforme.
    office_opens_the_queue(office, candidature_id)
    assert "confirmation-signee.pdf" in office.page.inner_text(f"#fichiers-{CONFIRMATION}")
    office_sets(office, IDENTITY, "conforme")
    office_sets(office, CONFIRMATION, "conforme")
    assert office.page.inner_text("#etat-pieces") == "Pièces conformes"
    shoot(office.page, "11-gestion-conformes", audit)
    with office.page.expect_navigation():
        office.page.locator("#menu-pieces:visible").first.click()
    assert office.page.locator(f"#a-controler-{candidature_id}").count() == 0
    page.reload()
    assert "Conforme" in text(page, f"#statut-{CONFIRMATION}")
    shoot(page, "07-conformes", audit)
    portal.open("candidate.registrations")
    assert "demande de pièce justificative" not in page.inner_text("main")
    audit.assert_clean()
