"""Mes justificatifs in the portal: the page, Ajouter, Supprimer, J'ai fourni, the statuses."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
from pieces_support import (
    CONFIRMATION,
    EXECUTABLE,
    IDENTITY,
    candidature_row,
    confirm,
    files_on_disk,
    image_bytes,
    pdf_bytes,
    piece_rows,
    set_pieces_deadline,
    stored_files,
    upload,
    zip_bytes,
)
from web_helpers import db_of, text_of

MSG_PIECES = "Votre candidature possède au moins une demande de pièce justificative."


def page_of(client: Any, candidature: Any) -> Any:
    return client.get(f"/mes-inscriptions/{candidature.id}/justificatifs")


def group_keys(client: Any, candidature: Any) -> list[str]:
    return re.findall(r'name="groupe" value="([^"]+)"', page_of(client, candidature)
                      .get_data(as_text=True))


def office_sets(app: Any, candidature: Any, code: str, status: str, **kw: Any) -> None:
    """The back office's control, through the service it calls."""
    from web.candidate.pieces import set_piece_status
    from web.core import db as database
    from web.core.models import Candidature

    with app.app_context():
        db = database.session()
        set_piece_status(db, db.get(Candidature, candidature.id), code, status, **kw)
        db.commit()


def give_online_and_lock(client: Any, candidature: Any) -> str:
    assert upload(client, candidature.id, IDENTITY, pdf_bytes(), "carte.pdf").status_code == 302
    assert upload(client, candidature.id, CONFIRMATION, image_bytes("JPEG"),
                  "confirmation.jpg").status_code == 302
    key = group_keys(client, candidature)[0]
    assert confirm(client, candidature.id, key).status_code == 302
    return key


def test_the_page_states_reason_deadline_formats_and_size_before_any_file_is_chosen(
    pieces_client: Any, with_pieces: Any
) -> None:
    page = page_of(pieces_client, with_pieces)
    html, text = page.get_data(as_text=True), text_of(page)
    assert "Dépôt en ligne : à fournir au plus tard le" in text
    assert "Envoi par courrier : à fournir au plus tard le" in text
    assert "Pièce demandée à tous les candidats." in text
    confirmation = html.split(f'id="piece-{CONFIRMATION}"')[1].split("</article>")[0]
    rules = confirmation.split('type="file"')[0]
    assert "Formats acceptés : PDF, JPEG ou PNG" in rules
    assert "Taille maximale : 1 Mo" in rules and "(heure de Paris)" in rules
    assert 'accept=".pdf,.jpg,.jpeg,.png"' in confirmation
    assert 'enctype="multipart/form-data"' in confirmation
    # The piece by post has no file input, and the office's address to send it to.
    assert 'id="fichier-photographies"' not in html
    assert "96 rue d'Antrain, 35705 Rennes Cedex 7" in text
    assert "aucun statut (pièce pas encore contrôlée)" in text
    assert "n'est pas encore ouvert" not in text


def test_ajouter_stores_the_file_and_shows_it_with_its_paris_deposit_date_and_supprimer(
    pieces_app: Any, pieces_client: Any, with_pieces: Any
) -> None:
    response = upload(pieces_client, with_pieces.id, IDENTITY, pdf_bytes(), "Carte recto.pdf")
    assert response.status_code == 302
    assert response.location.endswith(f"/justificatifs#piece-{IDENTITY}")
    page = pieces_client.get(response.location.split("#")[0])
    text = text_of(page)
    assert "Le fichier « Carte recto.pdf » a été ajouté à la pièce" in text
    [stored] = stored_files(pieces_app, with_pieces.id)
    from web.core.catalogue import paris

    assert f"déposé le {paris(stored.uploaded_at):%d/%m/%Y à %H:%M}" in text
    # The link names the file's format, size and the new window it opens.
    assert "Carte recto.pdf (PDF, 1 ko, nouvelle fenêtre) déposé le" in text
    assert f'id="supprimer-{stored.id}"' in page.get_data(as_text=True)
    assert len(files_on_disk(pieces_app)) == 1
    own = pieces_client.get(f"/mes-inscriptions/{with_pieces.id}/justificatifs/fichiers/"
                            f"{stored.id}")
    assert own.status_code == 200 and own.data == pdf_bytes()
    assert own.headers["Content-Type"] == "application/pdf"
    assert own.headers["X-Content-Type-Options"] == "nosniff"


def test_supprimer_removes_the_file_before_validation(
    pieces_app: Any, pieces_client: Any, with_pieces: Any
) -> None:
    upload(pieces_client, with_pieces.id, IDENTITY, pdf_bytes(), "carte.pdf")
    [stored] = stored_files(pieces_app, with_pieces.id)
    response = pieces_client.post(
        f"/mes-inscriptions/{with_pieces.id}/justificatifs/fichiers/{stored.id}/supprimer",
        follow_redirects=True,
    )
    assert "Le fichier « carte.pdf » a été supprimé." in text_of(response)
    assert files_on_disk(pieces_app) == []
    assert pieces_client.get(f"/mes-inscriptions/{with_pieces.id}/justificatifs/fichiers/"
                             f"{stored.id}").status_code == 404


def test_j_ai_fourni_is_refused_until_each_online_piece_has_a_file(
    pieces_client: Any, with_pieces: Any
) -> None:
    upload(pieces_client, with_pieces.id, IDENTITY, pdf_bytes(), "carte.pdf")
    key = group_keys(pieces_client, with_pieces)[0]
    refused = confirm(pieces_client, with_pieces.id, key)
    text = text_of(pieces_client.get(refused.location))
    assert "Vous ne pouvez pas encore indiquer avoir fourni toutes vos pièces" in text
    assert "Confirmation d'inscription signée" in text


def test_j_ai_fourni_locks_the_group_with_its_validation_date(
    pieces_app: Any, pieces_client: Any, with_pieces: Any
) -> None:
    from web.core.catalogue import paris

    key = give_online_and_lock(pieces_client, with_pieces)
    page = page_of(pieces_client, with_pieces)
    html, text = page.get_data(as_text=True), text_of(page)
    locked_at = candidature_row(pieces_app, with_pieces.id).pieces_submitted_at
    assert f"Pièces validées le {paris(locked_at):%d/%m/%Y à %H:%M}" in text
    assert f"Validée le {paris(locked_at):%d/%m/%Y à %H:%M}" in text
    section = html.split(f'id="groupe-{key}"')[1].split("</section>")[0]
    assert "supprimer-" not in section and "form-ajouter-" not in section
    assert "form-valider-" not in section
    # The group by post still has its own J'ai fourni toutes mes pièces.
    [post] = group_keys(pieces_client, with_pieces)
    assert post.startswith("post-")


def test_the_offices_statuses_show_on_the_page_without_any_mail(
    pieces_app: Any, pieces_client: Any, with_pieces: Any
) -> None:
    from web_helpers import outbox

    give_online_and_lock(pieces_client, with_pieces)
    mails = len(outbox(pieces_app))
    office_sets(pieces_app, with_pieces, IDENTITY, "recue", received_on=date(2026, 1, 9))
    office_sets(pieces_app, with_pieces, CONFIRMATION, "non_conforme",
                comment="La confirmation n'est pas signée.")
    text = text_of(page_of(pieces_client, with_pieces))
    assert "Reçue le 09/01/2026" in text
    assert "Non conforme" in text and "« La confirmation n'est pas signée. »" in text
    office_sets(pieces_app, with_pieces, IDENTITY, "conforme")
    text = text_of(page_of(pieces_client, with_pieces))
    assert "Conforme" in text and "Vous n'avez rien à faire pour cette pièce." in text
    assert len(outbox(pieces_app)) == mails


def test_a_non_conforme_piece_is_replaced_then_confirmed_again(
    pieces_app: Any, pieces_client: Any, with_pieces: Any
) -> None:
    key = give_online_and_lock(pieces_client, with_pieces)
    office_sets(pieces_app, with_pieces, CONFIRMATION, "non_conforme", comment="Illisible")
    html = page_of(pieces_client, with_pieces).get_data(as_text=True)
    assert "Remplacer la pièce" in html and f'id="form-ajouter-{IDENTITY}"' not in html
    assert upload(pieces_client, with_pieces.id, CONFIRMATION, image_bytes("PNG"),
                  "confirmation-signee.png").status_code == 302
    text = text_of(page_of(pieces_client, with_pieces))
    assert "confirmation-signee.png" in text and "confirmation.jpg" not in text
    assert "Illisible" not in text
    assert key in group_keys(pieces_client, with_pieces)
    # The identity document, still validated, awaits the office's control meanwhile.
    assert candidature_row(pieces_app, with_pieces.id).pieces_status == "a_controler"
    assert confirm(pieces_client, with_pieces.id, key).status_code == 302
    assert key not in group_keys(pieces_client, with_pieces)


# ---------------------------------------------------------------------------- refusals

REFUSALS = [
    ("renamed executable", EXECUTABLE, "carte.pdf", IDENTITY,
     "Ce type de fichier n'est pas accepté pour cette pièce : seuls les fichiers PDF sont "
     "acceptés."),
    ("PDF renamed .jpg", pdf_bytes(), "confirmation.jpg", CONFIRMATION,
     "c'est un fichier PDF, son nom doit se terminer par .pdf."),
    ("PDF followed by a ZIP", pdf_bytes() + zip_bytes(), "carte.pdf", IDENTITY,
     "Le fichier contient, en plus du document PDF, des données d'un autre type"),
    ("image with a script appended", image_bytes("JPEG") + b"<script>alert(1)</script>",
     "confirmation.jpg", CONFIRMATION,
     "Le fichier contient, en plus du document JPEG, des données d'un autre type"),
    ("empty file", b"", "carte.pdf", IDENTITY, "Le fichier est vide"),
    ("over the piece's 1 Mo", pdf_bytes() + b" " * (1024 * 1024 + 10), "confirmation.pdf",
     CONFIRMATION, "dépasse la taille maximale autorisée pour cette pièce (1 Mo)"),
    ("name with ../", pdf_bytes(), "../../etc/carte.pdf", IDENTITY,
     "Le nom du fichier ne doit pas contenir de chemin"),
    ("name with a NUL byte", pdf_bytes(), "carte\x00.pdf", IDENTITY,
     "caractères non autorisés (caractères de contrôle)"),
    ("name with control characters", pdf_bytes(), "carte\x1b[31m.pdf", IDENTITY,
     "caractères non autorisés (caractères de contrôle)"),
]


@pytest.mark.parametrize(("case", "data", "name", "piece", "message"), REFUSALS,
                         ids=[r[0] for r in REFUSALS])
def test_a_refused_upload_says_why_in_french_and_stores_nothing(
    pieces_app: Any, pieces_client: Any, with_pieces: Any,
    case: str, data: bytes, name: str, piece: str, message: str,
) -> None:
    before = candidature_row(pieces_app, with_pieces.id)
    response = upload(pieces_client, with_pieces.id, piece, data, name)
    assert response.status_code == 400, case
    html, text = response.get_data(as_text=True), text_of(response)
    assert message in text
    assert "Le fichier n'a pas été déposé" in text
    # The reason is also at the piece's own form, tied to its input.
    assert f'id="erreur-fichier-{piece}"' in html
    assert f'aria-describedby="erreur-fichier-{piece}"' in html
    assert stored_files(pieces_app) == [] and piece_rows(pieces_app) == []
    assert files_on_disk(pieces_app) == []
    after = candidature_row(pieces_app, with_pieces.id)
    assert (after.pieces_status, after.pieces_submitted_at) == (
        before.pieces_status, before.pieces_submitted_at)


def test_a_form_without_its_file_field_says_to_choose_one(
    pieces_app: Any, pieces_client: Any, with_pieces: Any
) -> None:
    response = pieces_client.post(
        f"/mes-inscriptions/{with_pieces.id}/justificatifs/{IDENTITY}/ajouter", data={}
    )
    assert response.status_code == 400
    assert "Choisissez un fichier à déposer." in text_of(response)
    assert piece_rows(pieces_app) == []


def test_a_request_over_max_content_length_gets_a_french_413_page(
    make_app: Any, tmp_path: Any, auth: Any
) -> None:
    from pieces_support import pieces_exams
    from registration_support import Candidate, open_session
    from space_support import register_cfg

    app = make_app(EXAMS_DIR=str(pieces_exams(tmp_path)), MAX_CONTENT_LENGTH=64 * 1024,
                   WTF_CSRF_ENABLED=False)
    client = app.test_client()
    actions = type(auth)(app, client)
    account = actions.create()
    assert actions.login(account.email).status_code == 302
    candidature = register_cfg(Candidate(client, account), app, open_session(app, "cfg"))
    response = upload(client, candidature.id, IDENTITY, pdf_bytes() + b" " * 100_000, "a.pdf")
    assert response.status_code == 413
    text = text_of(response)
    assert "Fichier trop volumineux" in text
    assert "dépasse la taille maximale acceptée par le portail (64 Ko)" in text
    assert "il n'a pas été déposé" in text
    assert f'href="/mes-inscriptions/{candidature.id}/justificatifs"' in (
        response.get_data(as_text=True))
    assert stored_files(app) == []


def test_every_form_of_the_page_carries_the_csrf_token_and_a_post_without_it_is_refused(
    make_app: Any, tmp_path: Any, auth: Any
) -> None:
    from pieces_support import pieces_exams
    from registration_support import Candidate, open_session
    from space_support import register_cfg

    loose = make_app(EXAMS_DIR=str(pieces_exams(tmp_path)), WTF_CSRF_ENABLED=False)
    client = loose.test_client()
    actions = type(auth)(loose, client)
    account = actions.create()
    assert actions.login(account.email).status_code == 302
    candidature = register_cfg(Candidate(client, account), loose, open_session(loose, "cfg"))
    # A second app on the same database, with CSRF protection on as in production.
    strict = make_app(EXAMS_DIR=loose.config["EXAMS_DIR"])
    strict_client = strict.test_client()
    page = strict_client.get("/connexion")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))
    assert token is not None
    strict_client.post("/connexion", data={
        "identifiant": account.email, "password": "Motdepasse!1", "csrf_token": token[1]})
    html = strict_client.get(f"/mes-inscriptions/{candidature.id}/justificatifs").get_data(
        as_text=True)
    forms = re.findall(r"<form method=\"post\".*?</form>", html, flags=re.S)
    assert len(forms) >= 4 and all('name="csrf_token"' in f for f in forms)
    refused = upload(strict_client, candidature.id, IDENTITY, pdf_bytes(), "carte.pdf")
    assert refused.status_code == 400 and stored_files(strict) == []


# ---------------------------------------------------------------------------- ownership


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/justificatifs"),
        ("post", f"/justificatifs/{IDENTITY}/ajouter"),
        ("post", "/justificatifs/valider"),
        ("get", "/justificatifs/fichiers/{file}"),
        ("post", "/justificatifs/fichiers/{file}/supprimer"),
    ],
)
def test_another_accounts_candidature_or_file_answers_404(
    pieces_app: Any, pieces_client: Any, auth: Any, with_pieces: Any, method: str, path: str
) -> None:
    upload(pieces_client, with_pieces.id, IDENTITY, pdf_bytes(), "carte.pdf")
    [stored] = stored_files(pieces_app, with_pieces.id)
    actions = type(auth)(pieces_app, pieces_client)
    actions.logout()
    intruder = actions.create()
    assert actions.login(intruder.email).status_code == 302
    url = f"/mes-inscriptions/{with_pieces.id}{path.format(file=stored.id)}"
    data = {"fichier": (io.BytesIO(pdf_bytes()), "x.pdf")} if "ajouter" in path else {
        "groupe": "x"}
    response = getattr(pieces_client, method)(url, **({"data": data} if method == "post" else {}))
    assert response.status_code == 404
    assert len(stored_files(pieces_app)) == 1 and stored_files(pieces_app)[0].removed_at is None


def test_a_file_of_another_candidature_is_404_under_ones_own(
    pieces_app: Any, pieces_client: Any, pieces_candidate: Any, auth: Any, with_pieces: Any
) -> None:
    from registration_support import open_session
    from space_support import register_cfg

    other_session = open_session(pieces_app, "cfg", label="JUIN 2028")
    upload(pieces_client, with_pieces.id, IDENTITY, pdf_bytes(), "carte.pdf")
    [stored] = stored_files(pieces_app, with_pieces.id)
    mine = register_cfg(pieces_candidate, pieces_app, other_session)
    assert pieces_client.get(f"/mes-inscriptions/{mine.id}/justificatifs/fichiers/"
                             f"{stored.id}").status_code == 404
    assert pieces_client.post(f"/mes-inscriptions/{mine.id}/justificatifs/fichiers/"
                              f"{stored.id}/supprimer").status_code == 404
    assert pieces_client.post(f"/mes-inscriptions/{mine.id}/justificatifs/nimporte/ajouter",
                              data={}).status_code == 404


# ---------------------------------------------------------------------------- envelope


def test_the_envelope_speaks_of_pieces_only_while_something_is_to_give_or_non_conforme(
    pieces_app: Any, pieces_client: Any, with_pieces: Any
) -> None:
    assert MSG_PIECES in text_of(pieces_client.get("/mes-inscriptions"))
    give_online_and_lock(pieces_client, with_pieces)
    assert MSG_PIECES in text_of(pieces_client.get("/mes-inscriptions"))  # the post group
    confirm(pieces_client, with_pieces.id, group_keys(pieces_client, with_pieces)[0])
    assert MSG_PIECES not in text_of(pieces_client.get("/mes-inscriptions"))
    office_sets(pieces_app, with_pieces, IDENTITY, "non_conforme", comment="Flou")
    assert MSG_PIECES in text_of(pieces_client.get("/mes-inscriptions"))


# ---------------------------------------------------------------------------- Grenoble


def modify_with_accommodation(candidate: Any, candidature: Any) -> Any:
    """Modifier, then ask for an aménagement (a new piece), Enregistrer."""
    from registration_support import INFORMATIONS

    response = candidate.client.post(f"/mes-inscriptions/{candidature.id}/modifier")
    assert response.status_code == 302
    first_tab = candidate.client.get(response.location)
    candidate.draft_url = response.location.rsplit("/", 1)[0]
    assert candidate.next_ok("identification", candidate.identification()) == "informations"
    assert candidate.next_ok("informations", {**INFORMATIONS, "amenagement": "oui"}
                             ) == "recapitulatif"
    saved = candidate.post("recapitulatif", action="enregistrer")
    assert saved.status_code == 302 and "/numero" in saved.location
    return first_tab


def test_a_modification_after_the_lock_keeps_the_pieces_locked_and_sends_to_the_office(
    pieces_app: Any, pieces_client: Any, pieces_candidate: Any, with_pieces: Any
) -> None:
    # One deadline for every piece (the office's): the new piece falls in the locked group.
    with db_of(pieces_app) as db:
        set_pieces_deadline(db, with_pieces.session_id, "rennes", date(2027, 2, 15))
    key = give_online_and_lock(pieces_client, with_pieces)
    first_tab = modify_with_accommodation(pieces_candidate, with_pieces)
    assert "Vous avez déjà validé vos pièces justificatives : elles restent validées." in (
        text_of(first_tab))
    page = page_of(pieces_client, with_pieces)
    html, text = page.get_data(as_text=True), text_of(page)
    assert "Votre candidature a été modifiée après la validation de vos pièces" in text
    assert "envoyer la nouvelle confirmation d'inscription (Mes documents) et contacter le " \
           "service des examens et concours" in text
    medical = html.split('id="piece-certificat_medical"')[1].split("</article>")[0]
    assert "Nouvelle pièce demandée depuis la validation de vos pièces" in medical
    assert "form-ajouter" not in medical
    refused = upload(pieces_client, with_pieces.id, "certificat_medical", pdf_bytes(), "c.pdf")
    assert refused.status_code == 400 and "contactez le service des examens" in text_of(refused)
    assert key not in group_keys(pieces_client, with_pieces)
    # The locked pieces still await the office's control (the new one waits for the unlock).
    assert candidature_row(pieces_app, with_pieces.id).pieces_status == "a_controler"
    assert MSG_PIECES in text_of(pieces_client.get("/mes-inscriptions"))
    # The office unlocks the group: the candidate deposits the new piece and confirms again.
    from web.candidate.pieces import unlock_group
    from web.core.models import Candidature

    with db_of(pieces_app) as db:
        unlock_group(db, db.get(Candidature, with_pieces.id), key, actor_id=1)
        db.commit()
    assert upload(pieces_client, with_pieces.id, "certificat_medical", pdf_bytes(),
                  "certificat.pdf").status_code == 302
    assert confirm(pieces_client, with_pieces.id, key).status_code == 302
    assert "modifiée après la validation" not in text_of(page_of(pieces_client, with_pieces))


def test_the_offices_pieces_deadline_is_the_one_mes_justificatifs_and_mon_inscription_show(
    pieces_app: Any, pieces_client: Any, with_pieces: Any
) -> None:
    with db_of(pieces_app) as db:
        set_pieces_deadline(db, with_pieces.session_id, "rennes", date(2027, 2, 15))
    text = text_of(page_of(pieces_client, with_pieces))
    assert "Dépôt en ligne : à fournir au plus tard le 15/02/2027 (heure de Paris)" in text
    assert "Envoi par courrier : à fournir au plus tard le 15/02/2027 (heure de Paris)" in text
    summary = text_of(pieces_client.get(f"/mes-inscriptions/{with_pieces.id}/inscription"))
    assert "avant le 15/02/2027" in summary
