"""A gestionnaire in Chromium: logs in with the second factor, searches the candidatures,
opens one (and its personal data form), excludes it after the confirmation, exports the
list; screenshots of each step."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyotp
import pytest

SHOTS = Path("/tmp/examforms-screenshots/backoffice")
PASSWORD = "Motdepasse!1"
CFG_ANSWERS = {
    "fields": {
        "nationalite": "FR", "adresse_pays": "FR", "adresse_1": "12 rue de la Monnaie",
        "code_postal": "35000", "localite": "RENNES", "telephone_mobile": "0612345678",
        "pcs_representant_legal": "21", "categorie": "individuel",
        "etablissement": "individuels-35", "amenagement": False, "consentement_presse": False,
        "consentement_collectivites": True,
    },
    "acquis": {"diplomas": [], "grades": [], "renounced": []},
    "units": {"chosen": [], "languages": {}},
}
NAMES = (("LAMY", "Paul"), ("LEFÈVRE", "Élodie"), ("MARTIN", "Claire"))


def shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def saved_candidatures(live: Any) -> dict[str, int]:
    """Three CFG candidatures saved by the registration's own service (PDF, mail, version)."""
    from web.account.services import email_key
    from web.core import db as database
    from web.core.models import AcademyOffice, Account, ExamSession, RegistrationPeriod, utcnow
    from web.core.security import hash_password
    from web.registration.context import exam_of
    from web.registration.service import save_candidature

    out = {}
    with live.app.test_request_context():
        db = database.session()
        session = ExamSession(exam_code="cfg", label="JUIN 2027", year=2027,
                              starts_on=date(2027, 6, 1))
        now = utcnow()
        session.periods.append(RegistrationPeriod(
            academy_code="rennes", opens_at=now - timedelta(days=3),
            closes_at=now + timedelta(days=30)))
        db.add(session)
        db.add(AcademyOffice(academy_code="rennes", name="Rectorat de Rennes - DEC",
                             address="96 rue d'Antrain, 35705 Rennes", email="dec@example.org"))
        db.commit()
        for index, (last, first) in enumerate(NAMES):
            address = f"{last.lower()}.{index}@example.org".replace("è", "e")
            account = Account(email=address, email_key=email_key(address),
                              password_hash=hash_password(PASSWORD), activated_at=now,
                              sexe="F", nom_naissance=last, prenoms=first,
                              date_naissance=date(1998, 5, 30 - index), pays_naissance="FR",
                              departement_naissance="35", commune_naissance="35238",
                              commune_naissance_label="Rennes")
            db.add(account)
            db.commit()
            answers = {**CFG_ANSWERS, "fields": {**CFG_ANSWERS["fields"], "email": address}}
            saved = save_candidature(db, account, exam_of("cfg"), session, "rennes", answers)
            out[last] = saved.id
    return out


def staff_login(page: Any, live: Any) -> str:
    from web.backoffice.staff import create_staff
    from web.core import db as database
    from web.core.models import utcnow

    secret = pyotp.random_base32()
    with live.app.app_context():
        db = database.session()
        account = create_staff(db, "dec.rennes@example.org", PASSWORD, academy_code="rennes",
                               last_name="GESTION", first_names="Rennes")
        account.totp_secret, account.totp_confirmed_at = secret, utcnow()
        db.commit()
    page.goto(live.url + "/gestion/connexion")
    page.fill("#email", "dec.rennes@example.org")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("#bouton-connexion-gestion")
    page.fill("#code", pyotp.TOTP(secret).now())
    with page.expect_navigation():
        page.click("#bouton-code")
    return secret


@pytest.mark.browser
def test_a_gestionnaire_searches_opens_excludes_and_exports(
    page: Any, live_server: Any, accessibility_audit: Any
) -> None:
    ids = saved_candidatures(live_server)
    staff_login(page, live_server)
    with page.expect_navigation():
        page.click("#menu-candidatures")
    assert "3 candidatures" in page.inner_text("#nombre-candidatures")
    shoot(page, "01-liste")
    accessibility_audit(page, "backoffice/candidatures-liste")
    # The search field's placeholder is read whole at 320 px (the hint below says the rest).
    page.set_viewport_size({"width": 320, "height": 900})
    needed, room = page.evaluate("""() => {
        const field = document.querySelector('#recherche'), style = getComputedStyle(field);
        const context = document.createElement('canvas').getContext('2d');
        context.font = style.font;
        return [context.measureText(field.placeholder).width, field.clientWidth
                - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)];
    }""")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert 0 < needed <= room, (needed, room)

    # Search by the start of a name, without its accent.
    page.fill("#recherche", "lefev")
    with page.expect_navigation():
        page.click("#bouton-rechercher")
    assert "recherche=lefev" in page.url  # a bookmarkable address
    rows = page.locator("#tableau-candidatures tbody tr")
    assert rows.count() == 1 and "LEFÈVRE" in rows.first.inner_text()
    shoot(page, "02-recherche-nom")

    # Open it: the Récapitulatif, the units, the versions with the PDF.
    with page.expect_navigation():
        page.click(f"#ouvrir-{ids['LEFÈVRE']}")
    assert "LEFÈVRE Élodie" in page.inner_text("#titre-candidature")
    assert "12 rue de la Monnaie" in page.inner_text("#recap-adresse_1")
    assert page.locator("#tableau-epreuves tbody tr").count() == 3
    assert page.locator("#pdf-version-1").is_visible()
    shoot(page, "03-candidature")
    accessibility_audit(page, "backoffice/candidature-detail")

    # The personal data form (the civil status and the identification answers).
    with page.expect_navigation():
        page.click("#action-modifier")
    assert page.input_value("#nom_naissance") == "LEFÈVRE"
    assert page.input_value("#adresse_1") == "12 rue de la Monnaie"
    shoot(page, "03b-donnees-personnelles")
    accessibility_audit(page, "backoffice/candidature-donnees-personnelles")
    with page.expect_navigation():
        page.click("#annuler")

    # Exclude it: the confirmation page asks for the reason first.
    with page.expect_navigation():
        page.click("#action-ecarter")
    shoot(page, "04-ecarter-confirmation")
    accessibility_audit(page, "backoffice/candidature-ecarter")
    page.fill("#motif", "Candidature en double")
    with page.expect_navigation():
        page.click("#confirmer-ecarter")
    assert "La candidature est écartée" in page.inner_text("main")
    assert "ÉCARTÉE" in page.inner_text("#etat-candidature").upper()
    assert "Candidature écartée" in page.inner_text("#tableau-historique")
    shoot(page, "05-ecartee")
    live_server.sink.wait_for("lefevre.1@example.org", "Candidature écartée")

    # Back to the list (the search kept), then the export of the Écartées.
    with page.expect_navigation():
        page.click("#retour-liste")
    assert "recherche=lefev" in page.url
    page.goto(live_server.url + "/gestion/candidatures?etat=ecartee")
    shoot(page, "06-liste-ecartees")
    with page.expect_download() as download:
        page.click("#export-csv")
    content = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0][0] == "N° inscription" and len(rows) == 2
    assert rows[1][2] == "LEFÈVRE" and "Écartée" in rows[1]
    with page.expect_download() as workbook:
        page.click("#export-xlsx")
    assert Path(workbook.value.path()).read_bytes()[:2] == b"PK"
    accessibility_audit.assert_clean()
