"""In Chromium: the Rennes exam office imports a class of pupils and prints the class's
credentials slips; a pupil logs in with the login and initial password read from the slip
PDF, chooses a password, completes the pré-inscription through the wizard and saves it: the
candidature becomes "Inscrit" with its number and confirmation."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from typing import Any

from portal_steps import Portal, open_in_rennes
from pypdf import PdfReader

SHOTS = Path("/tmp/examforms-screenshots/eleves")
CSV = (
    "UAI;Classe;Nom;Prénoms;Date de naissance;Sexe;Spécialité;Catégorie;Forme\n"
    "0350028R;CAP1 CUISINE;Dupont;Marie;03/05/2010;F;Cuisine;Scolaire;globale\n"
    "0350028R;CAP1 CUISINE;Dupont;Marie Claire;14/11/2009;F;cuisine;scolaire;\n"
    "0350028R;CAP1 CUISINE;N'Diaye;Aïssatou;22/08/2009;F;cuisine;scolaire;globale\n"
)
PASSWORD = "Cuisine!2027"  # nosec B105 - a test password


def shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _open_part(live: Any, session_id: int) -> None:
    from web.core import db as database
    from web.core.models import SessionAcademy

    with live.app.app_context():
        db = database.session()
        db.add(SessionAcademy(session_id=session_id, academy_code="rennes"))
        db.commit()


def _slips(portal: Portal, tmp_path: Path) -> list[tuple[str, str]]:
    href = portal.page.get_attribute("#papillons-classe", "href")
    response = portal.page.request.get(portal.live.url + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    content = bytes(response.body())
    source = tmp_path / "papillons.pdf"
    source.write_bytes(content)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(source),
                    str(SHOTS / "04-papillon-page1")], check=True, timeout=60)
    found = []
    for page in PdfReader(io.BytesIO(content)).pages:
        text = page.extract_text()
        assert "Accès au service en ligne des examens" in text
        assert portal.live.url + "/connexion" in text
        login = re.search(r"Identifiant de connexion :\s*(\S+)", text)
        password = re.search(r"Mot de passe initial :\s*(\S+)", text)
        assert login and password, text
        found.append((login[1], password[1]))
    return found


def _answer(page: Any, name: str, value: str) -> None:
    first = page.locator(f'[name="{name}"]').first
    if first.evaluate("e => e.tagName.toLowerCase()") == "select":
        page.select_option(f'select[name="{name}"]', value)
    elif (first.get_attribute("type") or "") in ("radio", "checkbox"):
        box = page.locator(f'input[name="{name}"][value="{value}"]')
        if not box.is_checked():
            page.click(f'label[for="{box.get_attribute("id")}"]')
    else:
        first.fill(value)


TABS = [
    ("modalites", {"modalites_acceptees": "y"}),
    ("identification", {"nationalite": "FR", "adresse_pays": "FR", "adresse_1": "3 rue Haute",
                        "code_postal": "35000", "localite": "RENNES",
                        "telephone_mobile": "0612345678", "email": "marie.dupont@example.org",
                        "pcs_representant_legal": "21"}),
    ("informations", {"amenagement": "non", "consentement_presse": "non",
                      "consentement_collectivites": "oui"}),
    ("qualification", {}),
    ("acquis", {}),
    ("epreuves", {"langue-EG5": "espagnol"}),
    ("recapitulatif", {}),
]


def test_an_imported_pupil_logs_in_with_the_slip_and_completes_the_registration(
    portal: Portal, live_server: Any, tmp_path: Path, accessibility_audit: Any,
) -> None:
    audit = accessibility_audit
    page = portal.page
    session_id = open_in_rennes(live_server, "cap")
    _open_part(live_server, session_id)
    portal.staff_login(portal.create_staff("rennes"))
    with page.expect_navigation():
        page.locator("#menu-eleves:visible").first.click()
    with page.expect_navigation():
        page.click("#lien-importer-eleves")
    page.select_option("#part", index=1)
    page.set_input_files("#file", files=[{"name": "cap1.csv", "mimeType": "text/csv",
                                          "buffer": CSV.encode("cp1252")}])
    audit(page, "eleves-01-import")
    portal.submit("#bouton-importer-eleves")
    assert "3 élèves importés (1 classe)" in page.inner_text("main")
    audit(page, "eleves-02-classes")
    with page.expect_navigation():
        page.click("#tableau-classes a >> text=CAP1 CUISINE")
    assert "dupont.marie2" in page.inner_text("#tableau-eleves")
    audit(page, "eleves-03-classe")
    # Modifier l'élève: a misspelt name corrected while pré-inscrit, the login kept.
    with page.expect_navigation():
        page.locator("#tableau-eleves tr:has-text('ndiaye.aissatou1') [id^=modifier-eleve-]"
                     ).click()
    assert "L'identifiant de connexion reste ndiaye.aissatou1" in page.inner_text("main")
    page.fill("#nom", "N'Diaye-Sow")
    audit(page, "eleves-03b-modifier-eleve")
    portal.submit("#enregistrer-eleve")
    assert "L'élève N'DIAYE-SOW Aïssatou est corrigé" in page.inner_text("main")
    assert "N'DIAYE-SOW Aïssatou" in page.inner_text("#tableau-eleves")
    credentials = dict(_slips(portal, tmp_path))
    assert sorted(credentials) == ["dupont.marie1", "dupont.marie2", "ndiaye.aissatou1"]
    with page.expect_navigation():
        page.click("#menu-deconnexion-gestion")

    # The pupil: the slip's credentials, then a password of their own.
    portal.login("dupont.marie1", credentials["dupont.marie1"])
    assert page.url.endswith("/connexion/premiere-connexion")
    audit(page, "eleves-05-premiere-connexion")
    page.fill("#password", PASSWORD)
    page.fill("#password_confirmation", PASSWORD)
    portal.submit("#bouton-enregistrer-mot-de-passe")
    assert "PRÉ-INSCRIT : INSCRIPTION À TERMINER" in page.inner_text("main").upper()
    shoot(page, "06-mes-inscriptions")
    with page.expect_navigation():
        page.locator("[id^=ouvrir-titre-]").first.click()
    with page.expect_navigation():
        page.get_by_role("link", name="Mon inscription").first.click()
    assert "Pré-inscrit : votre inscription n'est pas terminée" in page.inner_text("main")
    audit(page, "eleves-07-mon-inscription")
    portal.submit("#bouton-modifier")
    for code, answers in TABS:
        assert f"/{code}" in page.url, (code, page.url)
        for name, value in answers.items():
            _answer(page, name, value)
        if code == "informations":
            assert page.input_value("#categorie").startswith("SCOLAIRE")
            audit(page, "eleves-08-informations-etablissement")
        portal.submit("#bouton-suivant")
        errors = page.locator("#resume-erreurs")
        assert not errors.count(), errors.inner_text()
    shoot(page, "09-conditions")
    portal.submit("#bouton-enregistrer")
    main = page.inner_text("main")
    assert "Votre inscription a bien été prise en compte" in main
    shoot(page, "10-numero")
    portal.open("candidate.registrations")
    assert "N° inscription : 001" in page.inner_text("main")
    from sqlalchemy import select

    from web.core import db as database
    from web.core.models import Account, Candidature

    with live_server.app.app_context():
        state = database.session().scalar(
            select(Candidature.state).join(Account, Account.id == Candidature.account_id)
            .where(Account.login == "dupont.marie1"))
    assert state == "inscrit"
    audit.assert_clean()
