"""CAP and Bac Pro in Chromium: login, wizard, PDF, Mes inscriptions, Modifier, désinscription."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from portal_steps import Portal
from pypdf import PdfReader

SHOTS = Path("/tmp/examforms-screenshots/space")
RENNES_LABEL = "ACADÉMIE DE RENNES"
PASSWORD = "Examen!2026"
IDENTIFICATION = {
    "nationalite": "FR",
    "adresse_pays": "FR",
    "adresse_1": "12 rue de la Monnaie",
    "code_postal": "35000",
    "localite": "RENNES",
    "telephone_mobile": "06 12 34 56 78",
    "pcs_representant_legal": "21",
}
INFORMATIONS = {
    "categorie": "individuel",
    "etablissement": "individuels-35",
    "amenagement": "non",
    "consentement_presse": "non",
    "consentement_collectivites": "oui",
}


def shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def rennes(live: Any) -> str:
    """The code of the académie de Rennes in the portal's reference list."""
    from web.core import reference

    with live.app.app_context():
        [code] = [c for c, label in reference.academies() if label == RENNES_LABEL]
    return str(code)


def seed(live: Any, exam_code: str) -> tuple[str, int]:
    """An activated adult account and a session of `exam_code` open now in Rennes."""
    from web.account.services import email_key
    from web.core import db as database
    from web.core.models import AcademyOffice, Account, ExamSession, RegistrationPeriod, utcnow
    from web.core.security import hash_password

    address = f"lea.{exam_code}.{utcnow().timestamp():.0f}@example.org"
    academy = rennes(live)
    with live.app.app_context():
        db = database.session()
        db.add(
            Account(
                email=address,
                email_key=email_key(address),
                password_hash=hash_password(PASSWORD),
                activated_at=utcnow(),
                sexe="F",
                nom_naissance="DUPONT",
                prenoms="Léa Marie",
                date_naissance=date(2000, 3, 14),
                pays_naissance="FRA",
                departement_naissance="35",
                commune_naissance="35238",
                commune_naissance_label="Rennes",
            )
        )
        session = ExamSession(
            exam_code=exam_code, label="JUIN 2027", year=2027, starts_on=date(2027, 6, 1)
        )
        now = utcnow()
        session.periods.append(
            RegistrationPeriod(
                academy_code=academy,
                opens_at=now - timedelta(days=3),
                closes_at=now + timedelta(days=30),
            )
        )
        db.add(session)
        if db.get(AcademyOffice, academy) is None:
            db.add(
                AcademyOffice(
                    academy_code=academy,
                    name="Rectorat de Rennes - Division des examens",
                    address="96 rue d'Antrain, 35705 Rennes Cedex 7",
                    email="dec@ac-rennes.example",
                    phone="02 23 21 77 77",
                )
            )
        db.commit()
        return address, session.id


def close_periods(live: Any, session_id: int) -> None:
    from sqlalchemy import select

    from web.core import db as database
    from web.core.models import RegistrationPeriod, utcnow

    with live.app.app_context():
        db = database.session()
        for period in db.scalars(
            select(RegistrationPeriod).where(RegistrationPeriod.session_id == session_id)
        ):
            period.closes_at = utcnow() - timedelta(minutes=5)
        db.commit()


def answer(page: Any, name: str, value: str) -> None:
    """Answer one question the way a candidate does: pick, click the label, or type."""
    first = page.locator(f'[name="{name}"]').first
    first.wait_for(state="attached")
    tag = first.evaluate("e => e.tagName.toLowerCase()")
    kind = first.get_attribute("type") or ""
    if tag == "select":
        page.select_option(f'select[name="{name}"]', value)
    elif kind in ("radio", "checkbox"):
        box = page.locator(f'input[name="{name}"][value="{value}"]')
        # DSFR draws its own boxes: the candidate clicks the label, the input is hidden.
        if not box.is_checked():
            page.click(f'label[for="{box.get_attribute("id")}"]')
        assert box.is_checked(), f"{name}={value} not ticked"
    else:
        first.fill(value)


def tab_title(page: Any) -> str:
    return str(page.inner_text("#titre-onglet")).strip()


def press(portal: Portal, button: str) -> None:
    portal.submit(f"#{button}")


def fill_and_next(
    portal: Portal,
    shot: str,
    answers: dict[str, str],
    button: str = "bouton-suivant",
    audit: Any = None,
) -> None:
    """Answer the tab's questions and press the button; questions that appear are answered too;
    with an audit, the filled tab is checked by axe-core and measured at 320 px first.

    Without the browser mirror of the conditions, a question that depends on an answer of the
    same tab appears after Suivant, with a notice: the candidate answers it and goes on.
    """
    pending = dict(answers)
    for _ in range(3):
        for name in [n for n in pending if portal.page.locator(f'[name="{n}"]').count()]:
            answer(portal.page, name, pending.pop(name))
        shoot(portal.page, shot)
        if audit is not None:
            audit(portal.page, f"space/{shot}")
        press(portal, button)
        errors = portal.page.locator("#resume-erreurs")
        assert not errors.count(), errors.inner_text()
        if not portal.page.locator("#nouvelles-questions").count():
            break
    assert not pending, f"never asked: {sorted(pending)}"


def start(portal: Portal, exam_code: str, session_id: int) -> None:
    """Mes inscriptions → Ajouter une nouvelle candidature → the successive choices → Démarrer."""
    page = portal.page
    portal.open("candidate.registrations")
    shoot(page, f"{exam_code}-00-mes-inscriptions-vide")
    with page.expect_navigation():
        page.click("#ajouter-candidature")
    for name, value in (("domaine", "examen"), ("examen", exam_code), ("session", str(session_id))):
        page.select_option(f"#{name}", value)
        press(portal, "bouton-valider-choix")
    page.select_option("#academie", value=rennes(portal.live))
    press(portal, "bouton-valider-choix")
    press(portal, "bouton-demarrer")


def download_pdf(portal: Portal, link: str) -> bytes:
    """The PDF behind a Visualiser/imprimer link, fetched with the candidate's own cookies."""
    href = portal.page.get_attribute(link, "href")
    response = portal.page.request.get(portal.live.url + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "no-store" in response.headers["cache-control"]
    return bytes(response.body())


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def first_page_png(content: bytes, tmp_path: Path, name: str) -> Path:
    """pdftoppm's rendering of page 1 at 60 dpi, asserted to show something on the page."""
    from PIL import Image

    source = tmp_path / f"{name}.pdf"
    source.write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(source), str(tmp_path / name)],
        check=True,
        timeout=60,
    )
    [png] = sorted(tmp_path.glob(f"{name}*.png"))
    SHOTS.mkdir(parents=True, exist_ok=True)
    kept = SHOTS / f"{name}.png"
    kept.write_bytes(png.read_bytes())
    with Image.open(png) as image:
        gray = image.convert("L")
        width, height = gray.size
        assert width > 400 and height > 600  # an A4 page at 60 dpi is 496 x 702
        histogram = gray.histogram()
    inked = sum(histogram[:200]) / (width * height)
    # A blank page is all white; a confirmation has text, tables and a header.
    assert inked > 0.01, f"page 1 of {name} looks blank ({inked:.2%} of dark pixels)"
    return kept


def candidate_number(live: Any, address: str) -> str:
    from sqlalchemy import select

    from web.core import db as database
    from web.core.models import Account

    with live.app.app_context():
        number = database.session().scalar(
            select(Account.candidate_number).where(Account.email == address)
        )
    assert number
    return str(number)


def open_card(portal: Portal, exam_code: str, shot_prefix: str) -> None:
    page = portal.page
    portal.open("candidate.registrations")
    shoot(page, f"{shot_prefix}-mes-inscriptions")
    card = page.locator("[id^=carte-]")
    assert card.count() == 1
    card_text = card.inner_text()
    assert "ACADÉMIE DE RENNES" in card_text and "Session JUIN 2027" in card_text
    assert "N° inscription : 001" in card_text
    page.click("#enveloppe-" + card.get_attribute("id").removeprefix("carte-") + " summary")
    assert "Votre candidature possède au moins une demande de pièce justificative." in (
        card.inner_text()
    )
    shoot(page, f"{shot_prefix}-enveloppe")
    with page.expect_navigation():
        card.locator("a[id^=ouvrir-]:not([id^=ouvrir-titre])").click()
    shoot(page, f"{shot_prefix}-candidature")


def check_space_pages(portal: Portal, exam_code: str, audit: Any) -> None:
    """Each page of the candidature, screenshotted and checked by axe-core."""
    page = portal.page
    audit(page, f"space/{exam_code}-axe-candidature")
    for anchor in ("mes-justificatifs", "mes-notes", "mes-documents"):
        with page.expect_navigation():
            page.click(f"#{anchor}")
        shoot(page, f"{exam_code}-space-{anchor}")
        audit(page, f"space/{exam_code}-axe-{anchor}")
    assert "Version n°1 mise à jour le" in page.inner_text("#documents")
    # The confirmation's accessible version, beside its PDF, and back.
    with page.expect_navigation():
        page.click("#lien-accessible-confirmation")
    assert "version accessible" in page.inner_text("h1")
    assert "CERTIFIE EXACT" in page.inner_text("#confirmation-document")
    shoot(page, f"{exam_code}-space-confirmation-accessible")
    audit(page, f"space/{exam_code}-axe-confirmation-version-accessible")
    with page.expect_navigation():
        page.click("#retour-documents")
    with page.expect_navigation():
        page.click("#mon-inscription")
    shoot(page, f"{exam_code}-space-mon-inscription")
    audit(page, f"space/{exam_code}-axe-mon-inscription")
    assert page.locator("#bouton-modifier").is_visible()
    assert "consultation" in page.inner_text("#titre-recapitulatif").lower()


def test_a_cap_aepe_candidate_registers_with_a_dispense_and_a_language_then_modifies_it(
    portal: Portal, tmp_path: Path, accessibility_audit: Any
) -> None:
    page, audit = portal.page, accessibility_audit
    address, session_id = seed(portal.live, "cap")
    portal.login(address, PASSWORD)
    start(portal, "cap", session_id)
    assert "Modalités d'inscription" in tab_title(page)
    fill_and_next(portal, "cap-01-modalites", {"modalites_acceptees": "y"}, audit=audit)
    fill_and_next(
        portal, "cap-02-identification", {**IDENTIFICATION, "email": address}, audit=audit
    )
    fill_and_next(portal, "cap-03-informations", INFORMATIONS, audit=audit)
    fill_and_next(
        portal,
        "cap-04-qualification",
        {"specialite": "aepe", "forme": "globale", "dispense_eps": "non"},
        audit=audit,
    )
    assert "Acquis" in tab_title(page)
    # A BEP obtained in 2015 dispenses the general units; Mettre à jour shows them.
    for name, value in (
        ("diplomes-0-diploma", "bep"),
        ("diplomes-0-year", "2015"),
        ("diplomes-0-academy", rennes(portal.live)),
    ):
        answer(page, name, value)
    press(portal, "actualiser-acquis")
    offers = page.inner_text("#acquis-accordes")
    # The box names the unit and the candidate-facing reason, never the rule's code.
    assert "EG1 - " in offers and "(BEP obtenu en 2015)" in offers
    assert "règle" not in offers
    assert page.locator("#conserve-EG1").is_checked()
    fill_and_next(portal, "cap-05-acquis", {}, audit=audit)
    assert "Epreuves" in tab_title(page)
    fill_and_next(
        portal, "cap-06-epreuves", {"epreuve": "UF_LV", "langue-UF_LV": "anglais"}, audit=audit
    )
    recap = page.inner_text("#form-onglet")
    assert "Dispensé" in recap and "(anglais)" in recap
    fill_and_next(portal, "cap-07-recapitulatif", {}, audit=audit)
    fill_and_next(portal, "cap-08-conditions", {}, button="bouton-enregistrer", audit=audit)
    page.wait_for_selector("#numero-inscription")
    shoot(page, "cap-09-numero-inscription")
    audit(page, "space/cap-09-numero-inscription")
    assert page.inner_text("#numero-inscription").strip() == "001"
    number = candidate_number(portal.live, address)
    portal.live.sink.wait_for(address, "Confirmation d'inscription")

    open_card(portal, "cap", "cap-10")
    check_space_pages(portal, "cap", accessibility_audit)
    v1 = download_pdf(portal, "#bouton-visualiser")
    text = pdf_text(v1)
    assert "CERTIFICAT D'APTITUDE PROFESSIONNELLE" in text.upper()
    assert number in text and "DUPONT" in text
    assert "Accompagnant éducatif petite enfance" in text
    assert "Dispensé" in text and "anglais" in text.lower()
    assert re.search(r"Version\s*:\s*1\b", text), text[:400]
    first_page_png(v1, tmp_path, "cap-confirmation-v1")

    # Modifier: every tab again, pre-filled; one consent changed; Enregistrer.
    press(portal, "bouton-modifier")
    assert "Modalités d'inscription" in tab_title(page)
    assert page.locator('input[name="modalites_acceptees"]').is_checked()
    shoot(page, "cap-11-modifier-modalites")
    fill_and_next(portal, "cap-12-modifier-modalites", {})
    assert page.input_value('input[name="adresse_1"]') == "12 rue de la Monnaie"
    fill_and_next(portal, "cap-13-modifier-identification", {})
    fill_and_next(portal, "cap-14-modifier-informations", {"consentement_presse": "oui"})
    fill_and_next(portal, "cap-15-modifier-qualification", {})
    assert page.locator("#conserve-EG1").is_checked()
    fill_and_next(portal, "cap-16-modifier-acquis", {})
    assert page.locator("#epreuve-choix-UF_LV").is_checked()
    fill_and_next(portal, "cap-17-modifier-epreuves", {})
    fill_and_next(portal, "cap-18-modifier-recapitulatif", {})
    fill_and_next(portal, "cap-19-modifier-conditions", {}, button="bouton-enregistrer")
    page.wait_for_selector("#numero-inscription")
    assert page.inner_text("#version").strip() == "2"
    shoot(page, "cap-20-modifie-numero-inscription")
    portal.live.sink.wait_for(
        address, "Modification d'inscription : CERTIFICAT D'APTITUDE PROFESSIONNELLE"
    )
    open_card(portal, "cap", "cap-21")
    with page.expect_navigation():
        page.click("#mes-documents")
    listed = page.inner_text("#documents")
    assert "Version n°2 mise à jour le" in listed and "Version n°1" not in listed
    shoot(page, "cap-22-mes-documents-v2")
    v2 = download_pdf(portal, "#lien-confirmation")
    assert re.search(r"Version\s*:\s*2\b", pdf_text(v2))
    first_page_png(v2, tmp_path, "cap-confirmation-v2")

    # The period closes: everything is read-only, with whom to contact instead.
    close_periods(portal.live, session_id)
    with page.expect_navigation():
        page.click("#mon-inscription")
    assert page.locator("#bouton-modifier").count() == 0
    assert "Votre candidature n'est plus modifiable" in page.inner_text("#lecture-seule")
    shoot(page, "cap-23-mon-inscription-fermee")
    accessibility_audit(page, "space/cap-axe-mon-inscription-fermee")
    candidature_id = int(re.findall(r"/mes-inscriptions/(\d+)/", page.url)[0])
    portal.open("candidate.confirm_withdrawal", candidature_id=candidature_id)
    assert "vous ne pouvez plus vous désinscrire" in page.inner_text("#desinscription-impossible")
    shoot(page, "cap-24-desinscription-refusee")
    accessibility_audit.assert_clean()


def test_a_bac_pro_candidate_registers_downloads_the_pdf_and_withdraws(
    portal: Portal, tmp_path: Path, accessibility_audit: Any
) -> None:
    page = portal.page
    address, session_id = seed(portal.live, "bacpro")
    portal.login(address, PASSWORD)
    start(portal, "bacpro", session_id)
    fill_and_next(portal, "bacpro-01-modalites", {"modalites_acceptees": "y"})
    fill_and_next(portal, "bacpro-02-identification", {**IDENTIFICATION, "email": address})
    fill_and_next(
        portal,
        "bacpro-03-informations",
        {**INFORMATIONS, "condition_individuel": "experience_3_ans"},
    )
    fill_and_next(portal, "bacpro-04-qualification",
                  {"specialite": "agora", "forme": "globale", "dispense_eps": "non"})
    for name, value in (
        ("diplomes-0-diploma", "bac_general"),
        ("diplomes-0-year", "2012"),
        ("diplomes-0-academy", rennes(portal.live)),
    ):
        answer(page, name, value)
    press(portal, "actualiser-acquis")
    fill_and_next(portal, "bacpro-05-acquis", {})
    fill_and_next(portal, "bacpro-06-epreuves", {"epreuve": "UF_EPS", "langue-E42": "espagnol"})
    assert "Dispensé" in page.inner_text("#form-onglet")
    fill_and_next(portal, "bacpro-07-recapitulatif", {}, button="bouton-enregistrer")
    page.wait_for_selector("#numero-inscription")
    shoot(page, "bacpro-08-numero-inscription")
    number = candidate_number(portal.live, address)

    open_card(portal, "bacpro", "bacpro-09")
    check_space_pages(portal, "bacpro", accessibility_audit)
    pdf = download_pdf(portal, "#bouton-visualiser")
    text = pdf_text(pdf)
    assert "BACCALAUREAT PROFESSIONNEL" in text.upper()
    assert number in text and "Assistance à la gestion des organisations" in text
    assert "Dispensé" in text
    first_page_png(pdf, tmp_path, "bacpro-confirmation-v1")

    # Se désinscrire: the trash icon, the confirmation, then the card is gone.
    portal.open("candidate.registrations")
    with page.expect_navigation():
        page.click("[id^=desinscrire-]")
    confirmation = page.inner_text("#confirmation-desinscription")
    assert "Voulez-vous vraiment vous désinscrire" in confirmation
    shoot(page, "bacpro-10-desinscription")
    accessibility_audit(page, "space/bacpro-axe-desinscription")
    press(portal, "confirmer-desinscription")
    shoot(page, "bacpro-11-desinscrit")
    assert page.locator("[id^=carte-]").count() == 0
    assert page.locator("#aucune-candidature").is_visible()
    accessibility_audit(page, "space/bacpro-axe-mes-inscriptions-apres-desinscription")
    portal.live.sink.wait_for(address, "Désinscription : BACCALAUREAT PROFESSIONNEL")
    accessibility_audit.assert_clean()
