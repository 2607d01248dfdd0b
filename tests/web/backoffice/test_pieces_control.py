"""The exam office controls the pieces: the queue, a candidature's pieces, statuses, files,
the ZIP and unlocking, each scoped to the office's academy and written to the audit log."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from pieces_support import CONFIRMATION, IDENTITY, confirm, image_bytes, pdf_bytes, upload
from sqlalchemy import select
from web_helpers import db_of, text_of


@pytest.fixture
def office(pieces_app: Any, staff: Any) -> Any:
    """A Rennes gestionnaire logged in on the pieces app, in a client of its own."""
    client = pieces_app.test_client()
    staff.logged_in("rennes", client=client)
    return client


@pytest.fixture
def locked(pieces_app: Any, pieces_client: Any, with_pieces: Any) -> Any:
    """The candidature with both online pieces given and J'ai fourni toutes mes pièces done."""
    assert upload(pieces_client, with_pieces.id, IDENTITY, pdf_bytes(), "carte.pdf").status_code \
        == 302
    assert upload(pieces_client, with_pieces.id, CONFIRMATION, image_bytes("JPEG"),
                  "confirmation.jpg").status_code == 302
    page = pieces_client.get(f"/mes-inscriptions/{with_pieces.id}/justificatifs")
    key = re.findall(r'name="groupe" value="([^"]+)"', page.get_data(as_text=True))[0]
    assert confirm(pieces_client, with_pieces.id, key).status_code == 302
    return with_pieces


def row(app: Any, candidature_id: int) -> Any:
    from web.core.models import Candidature

    with db_of(app) as db:
        found = db.get(Candidature, candidature_id)
        db.expunge(found)
        return found


def last_audit(app: Any) -> Any:
    from web.core.models import AuditEntry

    with db_of(app) as db:
        entry = db.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        db.expunge(entry)
        return entry


def set_status(office: Any, candidature_id: int, piece: str, status: str, **fields: str) -> Any:
    data = {f"{piece}-status": status}
    data.update({f"{piece}-{k}": v for k, v in fields.items()})
    return office.post(f"/gestion/candidatures/{candidature_id}/pieces/{piece}/statut", data=data)


def test_the_queue_lists_the_candidatures_whose_pieces_await_control(
    pieces_app: Any, office: Any, locked: Any, with_pieces: Any
) -> None:
    page = office.get("/gestion/pieces-a-controler")
    assert page.status_code == 200
    text = text_of(page)
    assert "1 candidature à contrôler" in text
    assert "LAMY Paul" in text
    assert f'href="/gestion/candidatures/{locked.id}/pieces"' in page.get_data(as_text=True)


def test_the_queue_puts_the_oldest_confirmation_first(
    pieces_app: Any, office: Any, locked: Any
) -> None:
    from web.core.models import Candidature, utcnow

    with db_of(pieces_app) as db:
        newer = db.get(Candidature, locked.id)
        twin = Candidature(
            account_id=newer.account_id, exam_code="cfg", session_id=newer.session_id,
            academy_code="rennes", inscription_number="999", answers=newer.answers,
            pieces_status="a_controler", pieces_submitted_at=utcnow() - timedelta(days=3),
        )
        db.add(twin)
        db.commit()
        twin_id = twin.id
    html = office.get("/gestion/pieces-a-controler").get_data(as_text=True)
    assert html.index(f'id="a-controler-{twin_id}"') < html.index(f'id="a-controler-{locked.id}"')


def test_a_non_conforme_piece_with_a_comment_reaches_the_candidate_without_a_mail(
    pieces_app: Any, pieces_client: Any, office: Any, locked: Any
) -> None:
    from web.core.models import OutboxMessage

    with db_of(pieces_app) as db:
        mails_before = len(list(db.scalars(select(OutboxMessage))))
    response = set_status(office, locked.id, IDENTITY, "non_conforme",
                          comment="Copie illisible : envoyez le recto et le verso.")
    assert response.status_code == 302
    assert response.location.endswith(f"/gestion/candidatures/{locked.id}/pieces#piece-{IDENTITY}")
    assert row(pieces_app, locked.id).pieces_status == "non_conforme"
    mine = text_of(pieces_client.get(f"/mes-inscriptions/{locked.id}/justificatifs"))
    assert "Non conforme" in mine and "Copie illisible : envoyez le recto et le verso." in mine
    with db_of(pieces_app) as db:
        assert len(list(db.scalars(select(OutboxMessage)))) == mails_before
    entry = last_audit(pieces_app)
    assert entry.action == "pieces.status" and entry.target_id == locked.id
    assert entry.academy_code == "rennes"
    assert entry.before["status"] == "" and entry.after["status"] == "non_conforme"
    assert entry.after["comment"] == "Copie illisible : envoyez le recto et le verso."
    assert entry.before["pieces_status"] == "a_controler"
    assert entry.after["pieces_status"] == "non_conforme"
    queue = text_of(office.get("/gestion/pieces-a-controler"))
    assert "0 candidature à contrôler" in queue


def test_both_pieces_conforme_make_the_candidature_compliant(
    pieces_app: Any, office: Any, locked: Any
) -> None:
    assert set_status(office, locked.id, IDENTITY, "conforme").status_code == 302
    assert row(pieces_app, locked.id).pieces_status == "a_controler"
    assert set_status(office, locked.id, CONFIRMATION, "conforme").status_code == 302
    page = text_of(office.get(f"/gestion/candidatures/{locked.id}/pieces"))
    assert "Statut de la pièce « Confirmation d'inscription signée » enregistré : Conforme." \
        in page or "enregistré : Conforme." in page


def test_a_received_piece_keeps_its_reception_date_and_a_future_date_is_refused(
    pieces_app: Any, office: Any, locked: Any
) -> None:
    from web.core.models import CandidaturePiece, utcnow

    tomorrow = (utcnow() + timedelta(days=2)).strftime("%d/%m/%Y")
    refused = set_status(office, locked.id, "photographies", "recue", received_on=tomorrow)
    assert refused.status_code == 422
    assert "La date de réception ne peut pas être postérieure à aujourd'hui." in text_of(refused)
    badly = set_status(office, locked.id, "photographies", "recue", received_on="hier")
    assert badly.status_code == 422
    assert "La date de réception doit être au format JJ/MM/AAAA." in text_of(badly)
    with db_of(pieces_app) as db:
        assert db.scalar(select(CandidaturePiece).where(
            CandidaturePiece.piece_code == "photographies")) is None
    today = utcnow().strftime("%d/%m/%Y")
    assert set_status(office, locked.id, "photographies", "recue",
                      received_on=today).status_code == 302
    assert f"reçue le {today}" in text_of(office.get(f"/gestion/candidatures/{locked.id}/pieces"))


def test_an_unknown_status_or_piece_changes_nothing(
    pieces_app: Any, office: Any, locked: Any
) -> None:
    assert set_status(office, locked.id, IDENTITY, "approuve").status_code == 422
    assert set_status(office, locked.id, "diplome_inconnu", "conforme").status_code == 404
    assert row(pieces_app, locked.id).pieces_status == "a_controler"


def test_the_office_views_and_downloads_a_file_and_each_read_is_audited(
    pieces_app: Any, office: Any, locked: Any
) -> None:
    html = office.get(f"/gestion/candidatures/{locked.id}/pieces").get_data(as_text=True)
    file_id = re.search(r'id="fichier-(\d+)"', html).group(1)
    shown = office.get(f"/gestion/candidatures/{locked.id}/pieces/fichiers/{file_id}")
    assert shown.status_code == 200
    assert shown.data.startswith(b"%PDF-") and shown.mimetype == "application/pdf"
    assert shown.headers["Content-Disposition"] == 'inline; filename="carte.pdf"'
    assert shown.headers["Cache-Control"] == "private, no-store"
    assert shown.headers["Content-Security-Policy"].startswith("sandbox")
    saved = office.get(f"/gestion/candidatures/{locked.id}/pieces/fichiers/{file_id}"
                       "?telecharger=1")
    assert saved.headers["Content-Disposition"] == 'attachment; filename="carte.pdf"'
    entry = last_audit(pieces_app)
    assert entry.action == "pieces.file_read" and entry.after == {"file_id": int(file_id)}


def test_the_zip_holds_every_current_file_in_a_folder_per_piece(
    pieces_app: Any, office: Any, locked: Any
) -> None:
    response = office.get(f"/gestion/candidatures/{locked.id}/pieces.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert names == ["01-piece_identite/1-carte.pdf", "02-confirmation_signee/1-confirmation.jpg"]
    assert last_audit(pieces_app).action == "pieces.zip"


def test_unlocking_lets_the_candidate_deposit_again_and_is_audited(
    pieces_app: Any, pieces_client: Any, office: Any, locked: Any
) -> None:
    html = office.get(f"/gestion/candidatures/{locked.id}/pieces").get_data(as_text=True)
    key = re.search(r'id="deverrouiller-([^"]+)"', html).group(1)
    response = office.post(f"/gestion/candidatures/{locked.id}/pieces/groupes/{key}/deverrouiller")
    assert response.status_code == 302
    assert row(pieces_app, locked.id).pieces_status == "a_fournir"
    mine = pieces_client.get(f"/mes-inscriptions/{locked.id}/justificatifs")
    assert f'value="{key}"' in mine.get_data(as_text=True)  # J'ai fourni is offered again
    entry = last_audit(pieces_app)
    assert entry.action == "pieces.unlock" and entry.after["locked_at"] is None
    again = office.post(f"/gestion/candidatures/{locked.id}/pieces/groupes/{key}/deverrouiller")
    assert again.status_code == 302
    assert "il n'y a rien à déverrouiller" in text_of(office.get(again.location))


def test_another_academys_office_sees_none_of_it(
    pieces_app: Any, staff: Any, locked: Any
) -> None:
    lille = pieces_app.test_client()
    staff.logged_in("lille", client=lille)
    base = f"/gestion/candidatures/{locked.id}/pieces"
    for path in (base, f"{base}.zip", f"{base}/fichiers/1"):
        assert lille.get(path).status_code == 404, path
    for path in (f"{base}/{IDENTITY}/statut", f"{base}/groupes/x/deverrouiller"):
        assert lille.post(path, data={f"{IDENTITY}-status": "conforme"}).status_code == 404
    assert "0 candidature à contrôler" in text_of(lille.get("/gestion/pieces-a-controler"))
    assert row(pieces_app, locked.id).pieces_status == "a_controler"
