"""Mes justificatifs in Chromium: two pieces uploaded and locked, the office's statuses, a Non
conforme piece replaced and confirmed again; no JavaScript needed for any of it."""

from __future__ import annotations

from datetime import date
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


def office_sets(live: Any, candidature_id: int, code: str, status: str, **kw: Any) -> None:
    """What the back office's control page will call."""
    from web.candidate.pieces import set_piece_status
    from web.core import db as database
    from web.core.models import Candidature

    with live.app.app_context():
        db = database.session()
        set_piece_status(db, db.get(Candidature, candidature_id), code, status, **kw)
        db.commit()


def test_a_candidate_uploads_locks_sees_the_statuses_and_replaces_a_non_conforme_piece(
    portal: Portal, cfg_open_in_rennes: int, rennes_candidate: Any, accessibility_audit: Any
) -> None:
    page, audit = portal.page, accessibility_audit
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

    office_sets(portal.live, candidature_id, IDENTITY, "recue", received_on=date(2026, 1, 9))
    office_sets(portal.live, candidature_id, CONFIRMATION, "non_conforme",
                comment="La confirmation n'est pas signée.")
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
    office_sets(portal.live, candidature_id, IDENTITY, "conforme")
    office_sets(portal.live, candidature_id, CONFIRMATION, "conforme")
    page.reload()
    assert "Conforme" in text(page, f"#statut-{CONFIRMATION}")
    shoot(page, "07-conformes", audit)
    portal.open("candidate.registrations")
    assert "demande de pièce justificative" not in page.inner_text("main")
    audit.assert_clean()
