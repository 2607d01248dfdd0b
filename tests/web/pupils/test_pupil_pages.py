"""The back office's pupils pages and a pupil's first login: import, class slips (read back
with pypdf), the initial password replaced at once, the wizard completing the
pré-inscription into an "Inscrit" candidature with its number and confirmation."""

from __future__ import annotations

import io
import re
from typing import Any

from pupil_support import (
    BREQUIGNY,
    GOOD,
    HEADER,
    cap_session,
    csv_upload,
    initial_password_of,
    pupils,
)
from registration_support import IDENTIFICATION, draft_tokens, errors_of
from web_helpers import db_of, staff_client, text_of

PASSWORD = "Ecole!2027x"  # nosec B105 - a test password


def _part_of(app: Any, session_id: int) -> str:
    from sqlalchemy import select

    from web.core.models import SessionAcademy

    with db_of(app) as db:
        return str(db.scalar(select(SessionAcademy.id).where(
            SessionAcademy.session_id == session_id)))


def _upload(client: Any, app: Any, session_id: int, text: str, **kwargs: Any) -> Any:
    return client.post("/gestion/eleves/import", data={
        "part": _part_of(app, session_id), "file": csv_upload(text, **kwargs)},
        content_type="multipart/form-data")


def _slip_credentials(pdf: bytes) -> list[tuple[str, str]]:
    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    found = []
    for text in pages:
        login = re.search(r"Identifiant de connexion :\s*(\S+)", text)
        password = re.search(r"Mot de passe initial :\s*(\S+)", text)
        assert login and password, text
        found.append((login[1], password[1]))
    return found


def _class_url(session_id: int, classe: str = "CAP1 A") -> str:
    return f"/gestion/eleves/classe?session={session_id}&uai={BREQUIGNY}&classe={classe}"


def test_an_import_then_class_slips_give_each_pupil_their_credentials(
    app: Any, staff: Any,
) -> None:
    session_id = cap_session(app)
    client, _ = staff_client(app, staff)
    response = _upload(client, app, session_id, GOOD, encoding="cp1252")
    assert response.status_code == 302, text_of(response)
    classes = text_of(client.get("/gestion/eleves"))
    assert "CAP1 A" in classes and "LYCÉE BRÉQUIGNY" in classes
    pdf = client.get(f"{_class_url(session_id)}".replace("/classe?", "/classe/papillons.pdf?"))
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    credentials = _slip_credentials(pdf.data)
    assert sorted(login for login, _ in credentials) == [
        "dupont.marie1", "dupont.marie2", "legoffkerien.jeaneric1"]
    assert all(re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}", p) for _, p in credentials)
    # Names as the portal prints them: the birth name in capitals, then the given names.
    from pypdf import PdfReader

    slips_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "LE GOFF-KÉRIEN Jean-Éric" in slips_text and "DUPONT Marie Claire" in slips_text
    assert "DUPONT Marie Claire" in text_of(client.get(_class_url(session_id)))
    listing = text_of(client.get("/gestion/candidatures?etat=preinscrit"))
    assert "Pré-inscrit" in listing and "DUPONT" in listing.upper()
    # No number yet: the link says so (never the candidature's internal id).
    assert listing.count("Pré-inscrit, sans n°") == 3
    [first, *_] = pupils(app)
    with db_of(app) as db:
        from sqlalchemy import select

        from web.core.models import Candidature

        candidature_id = db.scalar(select(Candidature.id).where(
            Candidature.account_id == first.id))
    detail = client.get(f"/gestion/candidatures/{candidature_id}")
    assert detail.status_code == 200 and "Pré-inscrit" in text_of(detail)
    exported = client.get("/gestion/candidatures/export.csv?etat=preinscrit").get_data(
        as_text=True)
    assert exported.count(";Pré-inscrit;") == 3 and "Le Goff-Kérien" in exported


def test_a_refused_file_lists_its_lines_and_imports_nothing(app: Any, staff: Any) -> None:
    session_id = cap_session(app)
    client, _ = staff_client(app, staff)
    hostile = GOOD + f"{BREQUIGNY};CAP1 A;-2+3;Paul;01/01/2009;M;cuisine;scolaire;globale\n"
    response = _upload(client, app, session_id, hostile)
    assert response.status_code == 422
    page = text_of(response)
    assert "Le fichier n'est pas importé : 1 problème" in page
    assert "Ligne 5 : la colonne nom commence par « - »" in page
    assert pupils(app) == []


def test_another_academy_sees_neither_the_class_nor_the_slips(app: Any, staff: Any) -> None:
    session_id = cap_session(app)
    client, _ = staff_client(app, staff)
    assert _upload(client, app, session_id, GOOD).status_code == 302
    other, _ = staff_client(app, staff, "nantes")
    assert other.get(_class_url(session_id)).status_code == 404
    [first, *_] = pupils(app)
    from sqlalchemy import select

    from web.core.models import SchoolPupil

    with db_of(app) as db:
        pupil_id = db.scalar(select(SchoolPupil.id).where(SchoolPupil.account_id == first.id))
    assert other.get(f"/gestion/eleves/{pupil_id}/papillon.pdf").status_code == 404
    assert "CAP1 A" not in text_of(other.get("/gestion/eleves"))


def _login(client: Any, login: str, password: str) -> Any:
    return client.post("/connexion", data={"identifiant": login, "password": password})


def test_first_login_forces_a_new_password_then_the_slip_is_no_longer_printable(
    app: Any, staff: Any,
) -> None:
    session_id = cap_session(app)
    office, _ = staff_client(app, staff)
    assert _upload(client := office, app, session_id, GOOD).status_code == 302
    [(login, initial), *_] = sorted(_slip_credentials(client.get(
        _class_url(session_id).replace("/classe?", "/classe/papillons.pdf?")).data))
    pupil = app.test_client()
    assert _login(pupil, login, "WRONG-WRONG-WRONG").status_code == 401
    response = _login(pupil, login.upper(), initial.lower().replace("-", ""))
    assert response.status_code == 302 and response.location.endswith(
        "/connexion/premiere-connexion")
    # Nothing else opens before a password is chosen.
    assert pupil.get("/mes-inscriptions").location.endswith("/connexion/premiere-connexion")
    weak = pupil.post("/connexion/premiere-connexion",
                      data={"password": "court", "password_confirmation": "court"})
    assert weak.status_code == 422
    done = pupil.post("/connexion/premiere-connexion",
                      data={"password": PASSWORD, "password_confirmation": PASSWORD})
    assert done.status_code == 302 and done.location.endswith("/mes-inscriptions")
    assert "Pré-inscrit : inscription à terminer" in text_of(pupil.get("/mes-inscriptions"))
    fresh = app.test_client()
    assert _login(fresh, login, initial).status_code == 401
    assert _login(fresh, login, PASSWORD).status_code == 302
    # The office can no longer print it, until it gives a new initial password.
    [row] = [p for p in pupils(app) if p.login == login]
    assert row.initial_password_seed is None
    from sqlalchemy import select

    from web.core.models import SchoolPupil

    with db_of(app) as db:
        pupil_id = db.scalar(select(SchoolPupil.id).where(SchoolPupil.account_id == row.id))
    refused = office.get(f"/gestion/eleves/{pupil_id}/papillon.pdf")
    assert refused.status_code == 302
    assert "n'est plus imprimable" in text_of(office.get(refused.location))
    confirm = office.get(f"/gestion/eleves/{pupil_id}/nouveau-mot-de-passe")
    assert "Le mot de passe que l'élève a choisi ne fonctionnera plus" in text_of(confirm)
    assert _login(app.test_client(), login, PASSWORD).status_code == 302  # nothing changed yet
    assert office.post(f"/gestion/eleves/{pupil_id}/nouveau-mot-de-passe").status_code == 302
    [(_, again)] = _slip_credentials(office.get(f"/gestion/eleves/{pupil_id}/papillon.pdf").data)
    assert again != initial
    assert _login(app.test_client(), login, PASSWORD).status_code == 401
    assert _login(app.test_client(), login, again).status_code == 302


def _post_tab(client: Any, app: Any, draft_url: str, code: str, data: dict[str, Any],
              action: str = "suivant") -> Any:
    draft_id = int(draft_url.rsplit("/", 1)[1])
    return client.post(f"{draft_url}/{code}",
                       data={**draft_tokens(app, draft_id), **data, "action": action})


def test_the_pupil_completes_the_preregistration_which_becomes_inscrit(
    app: Any, staff: Any,
) -> None:
    from web.core.models import Candidature

    session_id = cap_session(app)
    office, _ = staff_client(app, staff)
    assert _upload(office, app, session_id, GOOD).status_code == 302
    [first, *_] = pupils(app)
    client = app.test_client()
    assert _login(client, first.login, initial_password_of(app, first.login)).status_code == 302
    client.post("/connexion/premiere-connexion",
                data={"password": PASSWORD, "password_confirmation": PASSWORD})
    with db_of(app) as db:
        candidature_id = db.scalars(__import__("sqlalchemy").select(Candidature.id).where(
            Candidature.account_id == first.id)).one()
    shown = client.get(f"/mes-inscriptions/{candidature_id}/inscription")
    page = text_of(shown)
    assert "Pré-inscrit" in page
    # The way on is in the alert that explains it, not only at the foot of the summary.
    alert = shown.get_data(as_text=True).split('id="preinscription"')[1].split("</div>")[0]
    assert f'action="/mes-inscriptions/{candidature_id}/modifier"' in alert
    assert "Terminer mon inscription" in alert
    started = client.post(f"/mes-inscriptions/{candidature_id}/modifier")
    draft_url = started.location.rsplit("/", 1)[0]
    # No number nor version yet: the banner says the inscription is being completed.
    banner = text_of(client.get(started.location))
    assert "Vous terminez votre inscription" in banner and "n°None" not in banner
    # The establishment's answers are read-only: a posted change is ignored.
    steps = [
        ("modalites", {"modalites_acceptees": "y"}),
        ("identification", {**IDENTIFICATION, "email": "marie.dupont@example.org"}),
        ("informations", {"categorie": "individuel", "etablissement": "individuels-35",
                          "amenagement": "non", "consentement_presse": "non",
                          "consentement_collectivites": "oui"}),
        ("qualification", {"specialite": "patissier", "forme": "globale"}),
        ("acquis", {}),
        ("epreuves", {"langue-EG5": "espagnol"}),
        ("recapitulatif", {}),
    ]
    for code, data in steps:
        response = _post_tab(client, app, draft_url, code, data)
        assert response.status_code == 302, (code, errors_of(response))
    informations = client.get(f"{draft_url}/informations").get_data(as_text=True)
    assert 'value="SCOLAIRE (ETABLISSEMENT PUBLIC OU PRIVE SOUS CONTRAT)" readonly' \
        in informations
    assert "Indiqué par votre établissement" in informations
    saved = _post_tab(client, app, draft_url, "conditions", {}, action="enregistrer")
    assert saved.status_code == 302 and "/numero" in saved.location, errors_of(saved)
    with db_of(app) as db:
        row = db.get(Candidature, candidature_id)
        assert row is not None
        assert (row.state, row.version, row.inscription_number) == ("inscrit", 1, "001")
        fields = row.answers["fields"]
        assert (fields["categorie"], fields["etablissement"], fields["specialite"]) == (
            "scolaire", BREQUIGNY, "cuisine")
        assert [d.kind for d in row.documents] == ["confirmation"]
        # The pupil's account has no address: the confirmation prints the answered one.
        assert "<dd>marie.dupont@example.org</dd>" in row.documents[0].accessible_html
    from web_helpers import outbox

    [mail] = outbox(app, "marie.dupont@example.org")
    assert "Confirmation d'inscription" in mail.subject


def test_the_forgot_password_form_takes_the_school_login(app: Any, staff: Any) -> None:
    session_id = cap_session(app)
    office, _ = staff_client(app, staff)
    with_mail = HEADER.strip() + ";email\n" + (
        f"{BREQUIGNY};CAP1 A;Martin;Léa;03/05/2009;F;cuisine;scolaire;globale;"
        "lea.martin@example.org\n")
    assert _upload(office, app, session_id, with_mail).status_code == 302
    from web_helpers import outbox

    app.config["FORGOT_MIN_SECONDS"] = 0
    assert "du type nom.prenom1" in text_of(app.test_client().get("/mot-de-passe-oublie"))
    response = app.test_client().post("/mot-de-passe-oublie",
                                      data={"identifiant": "Martin.Lea1"})
    assert response.status_code == 200
    [mail] = outbox(app, "lea.martin@example.org")
    assert "Réinitialisation" in mail.subject
