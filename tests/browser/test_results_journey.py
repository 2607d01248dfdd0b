"""Results in Chromium: the office imports a session's grades and publishes them; the
candidate opens Mes notes and the relevé de notes; the office prepares the next session with
its ajournés (pré-inscrits), the candidate completes the pré-inscription (Modifier, the tabs,
the kept grades in Acquis, Enregistrer) and gets the number; the office closes the past one,
whose card stays readable under Sessions fermées; screenshots of each step."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from portal_steps import Portal
from test_exams_cap_bacpro import (
    PASSWORD,
    download_pdf,
    fill_and_next,
    pdf_text,
    press,
    tab_title,
)

SHOTS = Path("/tmp/examforms-screenshots/results")
# EP2 under 10: the professional domain fails, the candidate is ajourné; EP1 14/20 is kept.
CSV_FILE = "N° inscription;Épreuve;Note\r\n" + "".join(
    f"001;{unit};{grade}\r\n"
    for unit, grade in (
        ("EP1", "14"),
        ("EP2", "6,5"),
        ("EG1", "12"),
        ("EG2", "11"),
        ("EG3", "8,5"),
        ("EG4", "10,5"),
        ("EG5", "9"),
    )
)


def shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def seed(live: Any) -> tuple[str, int, int, int]:
    """CAP JUIN 2026 in Rennes (over) with LAMY Paul's CAP Cuisine candidature n° 001, and
    CAP JUIN 2027 open now."""
    from portal_steps import open_in_rennes

    from web.account.services import email_key
    from web.core import db as database
    from web.core.models import (
        Account,
        Candidature,
        Document,
        ExamSession,
        RegistrationPeriod,
        SessionAcademy,
        utcnow,
    )
    from web.core.security import hash_password
    from web.dev.demo_results import ANSWERS  # a CAP Cuisine candidature

    next_session = open_in_rennes(live, "cap")
    address = "paul.lamy@example.org"
    with live.app.app_context():
        db = database.session()
        now = utcnow()
        past = ExamSession(
            exam_code="cap", label="JUIN 2026", year=2026, starts_on=date(2026, 6, 1)
        )
        past.periods.append(
            RegistrationPeriod(
                academy_code="rennes",
                opens_at=now - timedelta(days=400),
                closes_at=now - timedelta(days=300),
            )
        )
        past.academies.append(SessionAcademy(academy_code="rennes"))
        account = Account(
            email=address,
            email_key=email_key(address),
            password_hash=hash_password(PASSWORD),
            activated_at=now,
            sexe="M",
            nom_naissance="LAMY",
            prenoms="Paul",
            date_naissance=date(1998, 5, 30),
            pays_naissance="FRA",
            departement_naissance="35",
            commune_naissance="35238",
            commune_naissance_label="Rennes",
            candidate_number="2026-000001",
        )
        # The next session's part in Rennes, as the back office opens it.
        db.add_all([past, account, SessionAcademy(session_id=next_session,
                                                  academy_code="rennes")])
        db.flush()
        candidature = Candidature(
            account_id=account.id,
            exam_code="cap",
            session_id=past.id,
            academy_code="rennes",
            inscription_number="001",
            answers={**ANSWERS, "fields": {**ANSWERS["fields"], "email": address}},
            speciality_code="cuisine",
            category_code="individuel",
        )
        db.add(candidature)
        db.flush()
        # Its confirmation d'inscription, as Enregistrer stored it.
        db.add(Document(candidature_id=candidature.id, kind="confirmation",
                        title="Confirmation d'inscription", version=1,
                        filename="confirmation-inscription-cap-001-v1.pdf",
                        content=b"%PDF-1.4 confirmation", created_at=now - timedelta(days=310)))
        db.commit()
        return address, past.id, int(candidature.id), next_session


@pytest.mark.browser
def test_grades_imported_published_read_and_carried_to_the_next_session(
    portal: Portal, make_page: Any, accessibility_audit: Any, tmp_path: Path
) -> None:
    page, live, audit = portal.page, portal.live, accessibility_audit
    address, past_id, candidature_id, next_id = seed(live)
    portal.staff_login(portal.create_staff("rennes"))
    with page.expect_navigation():
        page.click("#menu-resultats")
    with page.expect_navigation():
        page.click("text=JUIN 2026")
    assert "Non publiés" in page.inner_text("#etat-publication")
    shoot(page, "01-session-avant-import")

    # The CSV import (UTF-8 with a BOM, as a spreadsheet writes it).
    with page.expect_navigation():
        page.click("#bouton-import-notes")
    audit(page, "results/import")
    upload = tmp_path / "notes.csv"
    upload.write_bytes(b"\xef\xbb\xbf" + CSV_FILE.encode("utf-8"))
    page.set_input_files("#file", str(upload))
    press(portal, "bouton-importer-notes")
    assert "Import terminé : 7 notes enregistrées pour 1 candidature." in page.inner_text(
        "main"
    )
    row = page.inner_text(f"#resultat-{candidature_id}")
    assert "Ajourné" in row and "domaine professionnel" in row and "7 / 7" in row
    shoot(page, "02-resultats-calcules")
    audit(page, "results/session")
    with page.expect_navigation():
        page.click(f"#saisir-{candidature_id}")
    assert page.input_value("#note-EP2") == "6,5"
    shoot(page, "03-notes-candidature")
    audit(page, "results/candidature")

    # Publication, now.
    page.goto(f"{live.url}/gestion/sessions/{past_id}/rennes/resultats/publication")
    press(portal, "bouton-publier-maintenant")
    assert "Les résultats sont publiés" in page.inner_text("main")
    # Its relevés de notes' job started with it (run in the request here).
    assert "La publication des relevés de notes est lancée" in page.inner_text("main")
    assert "terminée (1 sur 1)" in page.inner_text("#etat-releves")
    shoot(page, "03a-releves-publies")

    # The candidate: Mes notes, then the relevé de notes.
    candidate = Portal(make_page(), live)
    candidate.login(address, PASSWORD)
    candidate.page.goto(f"{live.url}/mes-inscriptions")
    # The card's envelope says that the results are out.
    candidate.page.click(f"#enveloppe-{candidature_id} summary")
    assert "Vos notes et votre résultat sont publiés" in candidate.page.inner_text(
        f"#enveloppe-{candidature_id}")
    shoot(candidate.page, "03b-mes-inscriptions-enveloppe")
    candidate.page.goto(f"{live.url}/mes-inscriptions/{candidature_id}")
    with candidate.page.expect_navigation():
        candidate.page.click("#mes-notes")
    mine = candidate.page
    assert "Ajourné" in mine.inner_text("#resultat-statut")
    assert "domaine professionnel" in mine.inner_text("#resultat-explication")
    assert "14,00/20" in mine.inner_text("#note-EP1")
    kept = mine.inner_text("#benefices")
    assert "EP1 - Organisation de la production de cuisine : 14,00/20" in kept
    shoot(mine, "04-mes-notes")
    audit(mine, "results/mes-notes")
    text = pdf_text(download_pdf(candidate, "#lien-releve"))
    assert "RELEVÉ DE NOTES" in text and "AJOURNÉ" in text and "LAMY Paul" in text
    assert "EP2 - Production culinaire" in text or "EP2 -" in text
    assert "6,50/20" in text
    with mine.expect_navigation():
        mine.click("#lien-releve-accessible")
    assert "Notes par épreuve" in mine.inner_text("main")
    shoot(mine, "05-releve-accessible")
    mine.goto(f"{live.url}/mes-inscriptions/{candidature_id}/documents")
    assert "Version n°1" in mine.inner_text("#document-releve_notes")
    shoot(mine, "05b-mes-documents")

    # The office prepares the next session from this one (redoublants): a pré-inscription.
    page.goto(f"{live.url}/gestion/sessions/{next_id}/rennes/resultats")
    with page.expect_navigation():
        page.click("#bouton-redoublants")
    press(portal, "bouton-voir-redoublants")
    assert "LAMY Paul (n° 001)" in page.inner_text("#redoublants")
    shoot(page, "06-redoublants-confirmation")
    audit(page, "results/redoublants")
    press(portal, "bouton-inscrire-redoublants")
    assert "1 candidat pré-inscrit à la session JUIN 2027" in page.inner_text("main")
    shoot(page, "07-redoublants-pre-inscrits")
    live.sink.wait_for(address, "Pré-inscription à compléter")

    # The candidate completes it: Mes inscriptions → Mon inscription → Modifier → Suivant…
    mine.goto(f"{live.url}/mes-inscriptions")
    cards = mine.locator("[id^=carte-]").filter(has_text="Session JUIN 2027")
    new_id = cards.get_attribute("id").removeprefix("carte-")
    assert "inscription à terminer" in mine.inner_text(f"#preinscrit-{new_id}").lower()
    shoot(mine, "08-mes-inscriptions-pre-inscrit")
    mine.goto(f"{live.url}/mes-inscriptions/{new_id}/inscription")
    assert "Le service des examens et concours vous a pré-inscrit" in mine.inner_text(
        "#preinscription"
    )
    shoot(mine, "09-mon-inscription-pre-inscrit")
    audit(mine, "results/mon-inscription-pre-inscrit")
    press(candidate, "bouton-terminer-inscription")
    assert "Vous terminez votre inscription" in mine.inner_text("main")
    fill_and_next(candidate, "../results/10-modalites", {"modalites_acceptees": "y"})
    fill_and_next(candidate, "../results/11-identification", {})
    fill_and_next(candidate, "../results/12-informations", {})
    fill_and_next(candidate, "../results/13-qualification", {})
    # The Acquis tab holds the kept grades, each bénéfice granted and renounceable.
    assert "Acquis" in tab_title(mine)
    grades = {
        mine.input_value(f"#notes-{i}-grade"): mine.input_value(f"#notes-{i}-unit")
        for i in range(4)
    }
    assert grades == {"14": "EP1", "12": "EG1", "11": "EG2", "10,5": "EG4"}
    assert mine.locator("#conserve-EP1").is_checked()
    offers = mine.inner_text("#acquis-accordes")
    assert "EP1 - Organisation de la production de cuisine (Bénéfice conservé)" in offers
    shoot(mine, "14-acquis-notes-conservees")
    audit(mine, "results/acquis-notes-conservees")
    fill_and_next(candidate, "../results/15-acquis", {})
    while "Conditions" not in tab_title(mine):
        fill_and_next(candidate, "../results/16-onglet", {})
    fill_and_next(candidate, "../results/17-conditions", {}, button="bouton-enregistrer")
    mine.wait_for_selector("#numero-inscription")
    assert mine.inner_text("#numero-inscription").strip() == "001"
    shoot(mine, "18-numero-inscription")
    live.sink.wait_for(address, "Confirmation d'inscription")
    mine.goto(f"{live.url}/mes-inscriptions")
    assert mine.inner_text(f"#numero-{new_id}") == "N° inscription : 001"
    assert mine.locator(f"#preinscrit-{new_id}").count() == 0

    # The office closes JUIN 2026: its card moves to Sessions fermées, still with its notes.
    page.goto(f"{live.url}/gestion/sessions/{past_id}/rennes/fermeture")
    press(portal, "bouton-confirmer-fermeture")
    assert "passent dans les Sessions fermées" in page.inner_text("main")
    mine.goto(f"{live.url}/mes-inscriptions")
    assert f"#carte-{candidature_id}" not in mine.inner_html("#liste-candidatures")
    closed = mine.inner_text("#liste-sessions-fermees")
    assert "Session JUIN 2026" in closed and "session fermée" in closed.lower()  # a badge
    assert "Me désinscrire" not in closed and "Confirmation d'inscription" in closed
    shoot(mine, "19-mes-inscriptions-sessions-fermees")
    audit(mine, "results/mes-inscriptions-sessions-fermees")
    with mine.expect_navigation():
        mine.click(f"#notes-{candidature_id}")
    assert "14,00/20" in mine.inner_text("#note-EP1")
    assert "mes-justificatifs" not in mine.inner_html("#menu-candidature")
    shoot(mine, "20-mes-notes-session-fermee")
    with mine.expect_navigation():
        mine.click("#mon-inscription")
    assert "La session JUIN 2026 est fermée" in mine.inner_text("#session-fermee")
    assert mine.locator("#bouton-modifier").count() == 0
    shoot(mine, "21-mon-inscription-session-fermee")
    audit(mine, "results/mon-inscription-session-fermee")
    audit.assert_clean()
