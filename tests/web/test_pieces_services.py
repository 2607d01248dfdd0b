"""Pieces services: groups, deposits, J'ai fourni, the office's statuses, unlock, ZIP."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from pieces_support import (
    CONFIRMATION,
    IDENTITY,
    PHOTOS,
    image_bytes,
    pdf_bytes,
    set_pieces_deadline,
    stored_files,
)

from web.candidate import pieces as svc


@contextmanager
def service(app: Any, candidature_id: int) -> Iterator[tuple[Any, Any, Any]]:
    """(db session, storage, candidature row) in an app context, as a caller has them."""
    from web.core import db as database
    from web.core import storage
    from web.core.models import Candidature

    with app.app_context():
        db = database.session()
        yield db, storage.current(), db.get(Candidature, candidature_id)


def overview(app: Any, candidature_id: int) -> Any:
    with service(app, candidature_id) as (db, _, row):
        return svc.overview_of(db, row)


def give(app: Any, candidature_id: int, code: str, data: bytes | None = None,
         name: str = "piece.pdf") -> Any:
    with service(app, candidature_id) as (db, storage, row):
        return svc.add_file(db, storage, row, code, data or pdf_bytes(), name)


def keys(app: Any, candidature_id: int) -> tuple[str, str]:
    upload, post = (g.key for g in overview(app, candidature_id).groups)
    return upload, post


def confirm(app: Any, candidature_id: int, key: str) -> Any:
    with service(app, candidature_id) as (db, _, row):
        return svc.confirm_group(db, row, key)


def set_status(app: Any, candidature_id: int, code: str, status: str, **kw: Any) -> Any:
    with service(app, candidature_id) as (db, _, row):
        change = svc.set_piece_status(db, row, code, status, actor_id=7, **kw)
        db.commit()
        return change


def pieces_status(app: Any, candidature_id: int) -> tuple[str, Any]:
    with service(app, candidature_id) as (_, _, row):
        return row.pieces_status, row.pieces_submitted_at


def give_and_lock_online(app: Any, candidature_id: int) -> str:
    give(app, candidature_id, IDENTITY, name="carte.pdf")
    give(app, candidature_id, CONFIRMATION, image_bytes("JPEG"), "confirmation.jpg")
    upload, _ = keys(app, candidature_id)
    confirm(app, candidature_id, upload)
    return upload


def test_the_pieces_are_grouped_by_delivery_mode_then_deadline(
    pieces_app: Any, with_pieces: Any
) -> None:
    [online, post] = overview(pieces_app, with_pieces.id).groups
    assert (online.title, [p.code for p in online.pieces]) == (
        "Dépôt en ligne", [IDENTITY, CONFIRMATION])
    assert (post.title, [p.code for p in post.pieces]) == ("Envoi par courrier", [PHOTOS])
    assert post.deadline - online.deadline == timedelta(days=7)
    assert online.key == f"upload-{online.deadline:%Y%m%d}"


def test_the_offices_pieces_deadline_replaces_every_deadline_of_the_session_and_academy(
    pieces_app: Any, with_pieces: Any
) -> None:
    with service(pieces_app, with_pieces.id) as (db, _, row):
        set_pieces_deadline(db, row.session_id, row.academy_code, date(2027, 2, 15))
    groups = overview(pieces_app, with_pieces.id).groups
    assert [g.key for g in groups] == ["upload-20270215", "post-20270215"]
    assert {p.deadline for g in groups for p in g.pieces} == {date(2027, 2, 15)}


def test_a_saved_candidature_starts_with_pieces_to_give(pieces_app: Any, with_pieces: Any) -> None:
    assert pieces_status(pieces_app, with_pieces.id) == ("a_fournir", None)


def test_adding_a_file_stores_it_under_a_random_key_with_its_size_and_sha256(
    pieces_app: Any, with_pieces: Any
) -> None:
    import hashlib

    data = pdf_bytes(2)
    stored = give(pieces_app, with_pieces.id, IDENTITY, data, "Carte d'identité.pdf")
    [row] = stored_files(pieces_app, with_pieces.id)
    assert row.original_name == "Carte d'identité.pdf" and row.content_type == "application/pdf"
    assert (row.size, row.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert row.storage_key.startswith("pieces/") and "identit" not in row.storage_key
    with service(pieces_app, with_pieces.id) as (_, storage, _row):
        assert storage.read(stored.storage_key) == data


def test_j_ai_fourni_is_refused_while_a_piece_of_the_group_has_no_file(
    pieces_app: Any, with_pieces: Any
) -> None:
    give(pieces_app, with_pieces.id, IDENTITY)
    upload, _ = keys(pieces_app, with_pieces.id)
    with pytest.raises(svc.PieceRefused) as refused:
        confirm(pieces_app, with_pieces.id, upload)
    assert "ajoutez d'abord un fichier pour : Confirmation d'inscription signée" in (
        refused.value.message
    )
    assert not overview(pieces_app, with_pieces.id).group(upload).locked


def test_j_ai_fourni_locks_the_group_with_a_validation_date_on_each_piece(
    pieces_app: Any, with_pieces: Any
) -> None:
    upload = give_and_lock_online(pieces_app, with_pieces.id)
    group = overview(pieces_app, with_pieces.id).group(upload)
    assert group.locked and group.locked_at is not None
    assert all(p.validated_at == group.locked_at and p.frozen for p in group.pieces)
    # The pieces by post are still to send, but the online ones await the office's control:
    # the candidature is in the office's queue.
    assert pieces_status(pieces_app, with_pieces.id) == ("a_controler", group.locked_at)
    _, post = keys(pieces_app, with_pieces.id)
    done = confirm(pieces_app, with_pieces.id, post)
    assert done.validated == (PHOTOS,)
    assert pieces_status(pieces_app, with_pieces.id) == ("a_controler", done.group.locked_at)
    with pytest.raises(svc.PieceRefused, match="déjà indiqué"):
        confirm(pieces_app, with_pieces.id, post)


def test_a_locked_piece_can_neither_be_added_to_nor_deleted(
    pieces_app: Any, with_pieces: Any
) -> None:
    give_and_lock_online(pieces_app, with_pieces.id)
    with pytest.raises(svc.PieceRefused, match="validée"):
        give(pieces_app, with_pieces.id, IDENTITY)
    [first, _] = stored_files(pieces_app, with_pieces.id)
    with service(pieces_app, with_pieces.id) as (db, storage, row), pytest.raises(
        svc.PieceRefused, match="validée"
    ):
        svc.delete_file(db, storage, row, first.id)


def test_deleting_a_file_before_validation_keeps_the_row_as_history_and_drops_the_bytes(
    pieces_app: Any, with_pieces: Any
) -> None:
    stored = give(pieces_app, with_pieces.id, IDENTITY)
    with service(pieces_app, with_pieces.id) as (db, storage, row):
        svc.delete_file(db, storage, row, stored.id)
        assert not storage.exists(stored.storage_key)
    [row] = stored_files(pieces_app, with_pieces.id)
    assert row.removal == "supprime" and row.removed_at is not None
    assert overview(pieces_app, with_pieces.id).piece(IDENTITY).files == []


def test_a_post_piece_takes_no_file(pieces_app: Any, with_pieces: Any) -> None:
    with pytest.raises(svc.PieceRefused, match="par courrier"):
        give(pieces_app, with_pieces.id, PHOTOS)
    assert stored_files(pieces_app, with_pieces.id) == []


def test_a_piece_the_rules_do_not_ask_for_is_missing(pieces_app: Any, with_pieces: Any) -> None:
    with pytest.raises(svc.PieceRefused) as refused:
        give(pieces_app, with_pieces.id, "certificat_medical")
    assert refused.value.missing


def test_the_offices_statuses_return_before_and_after_for_the_audit(
    pieces_app: Any, with_pieces: Any
) -> None:
    give_and_lock_online(pieces_app, with_pieces.id)
    received = set_status(pieces_app, with_pieces.id, IDENTITY, "recue",
                          received_on=date(2026, 1, 5))
    assert received.before == {"status": "", "comment": "", "received_on": None,
                               "pieces_status": "a_controler"}
    assert received.after == {"status": "recue", "comment": "", "received_on": "2026-01-05",
                              "pieces_status": "a_controler"}
    assert (received.action, received.target_type) == ("piece_status", "candidature_piece")
    assert received.summary == (
        "Pièce « Pièce d'identité en cours de validité (recto et verso) » : Reçue"
    )
    wrong = set_status(pieces_app, with_pieces.id, IDENTITY, "non_conforme",
                       comment="Le verso manque.")
    assert wrong.after["comment"] == "Le verso manque." and wrong.after["received_on"]
    assert pieces_status(pieces_app, with_pieces.id)[0] == "non_conforme"
    piece = overview(pieces_app, with_pieces.id).piece(IDENTITY)
    assert piece.comment == "Le verso manque." and piece.replaceable
    for code in (IDENTITY, CONFIRMATION, PHOTOS):
        set_status(pieces_app, with_pieces.id, code, "conforme")
    assert pieces_status(pieces_app, with_pieces.id)[0] == "conforme"
    back = set_status(pieces_app, with_pieces.id, IDENTITY, "")
    assert back.after == {"status": "", "comment": "", "received_on": None,
                          "pieces_status": "a_controler"}


@pytest.mark.parametrize(
    ("status", "kwargs", "message"),
    [
        ("valide", {}, "Statut de pièce inconnu."),
        ("recue", {"received_on": date(2999, 1, 1)}, "postérieure à aujourd'hui"),
        ("non_conforme", {"comment": "x" * 2001}, "2000 caractères"),
    ],
)
def test_a_wrong_status_date_or_comment_is_refused_and_changes_nothing(
    pieces_app: Any, with_pieces: Any, status: str, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(svc.PieceRefused, match=message):
        set_status(pieces_app, with_pieces.id, IDENTITY, status, **kwargs)
    assert overview(pieces_app, with_pieces.id).piece(IDENTITY).row is None


def test_a_non_conforme_piece_is_replaced_the_old_file_kept_and_the_group_to_confirm_again(
    pieces_app: Any, with_pieces: Any
) -> None:
    upload = give_and_lock_online(pieces_app, with_pieces.id)
    set_status(pieces_app, with_pieces.id, CONFIRMATION, "non_conforme", comment="Non signée")
    new = give(pieces_app, with_pieces.id, CONFIRMATION, image_bytes("PNG"), "signee.png")
    files = stored_files(pieces_app, with_pieces.id)
    old = next(f for f in files if f.original_name == "confirmation.jpg")
    assert old.removal == "remplace" and old.removed_at is not None
    view = overview(pieces_app, with_pieces.id)
    piece = view.piece(CONFIRMATION)
    assert [f.id for f in piece.files] == [new.id]
    assert (piece.status, piece.comment, piece.validated_at) == ("", "", None)
    assert not view.group(upload).locked and view.group(upload).can_confirm
    # The identity document keeps its validation: only the replaced piece reopened.
    assert view.piece(IDENTITY).frozen
    with service(pieces_app, with_pieces.id) as (db, storage, row):
        assert storage.exists(old.storage_key)  # the office's history keeps the bytes
        _, data = svc.piece_file_bytes(db, storage, row, old.id)
        assert data == image_bytes("JPEG")
    # The identity document, still validated, awaits the office's control meanwhile.
    assert pieces_status(pieces_app, with_pieces.id)[0] == "a_controler"
    assert confirm(pieces_app, with_pieces.id, upload).validated == (CONFIRMATION,)


def test_unlocking_a_group_clears_the_validation_and_returns_the_change(
    pieces_app: Any, with_pieces: Any
) -> None:
    upload = give_and_lock_online(pieces_app, with_pieces.id)
    with service(pieces_app, with_pieces.id) as (db, _, row):
        change = svc.unlock_group(db, row, upload, actor_id=7)
        db.commit()
    assert set(change.before["validated"]) == {IDENTITY, CONFIRMATION}
    assert change.after == {"locked_at": None, "validated": {}, "pieces_status": "a_fournir"}
    view = overview(pieces_app, with_pieces.id)
    assert not view.group(upload).locked and view.piece(IDENTITY).can_delete
    with service(pieces_app, with_pieces.id) as (db, _, row), pytest.raises(
        svc.PieceRefused, match="rien à déverrouiller"
    ):
        svc.unlock_group(db, row, upload)


def test_the_office_reads_a_file_of_this_candidature_only(
    pieces_app: Any, pieces_candidate: Any, with_pieces: Any
) -> None:
    from registration_support import open_session
    from space_support import register_cfg

    mine = give(pieces_app, with_pieces.id, IDENTITY)
    other = register_cfg(pieces_candidate, pieces_app,
                         open_session(pieces_app, "cfg", label="JUIN 2028"))
    with service(pieces_app, other.id) as (db, storage, row), pytest.raises(
        svc.PieceRefused
    ) as refused:
        svc.piece_file_bytes(db, storage, row, mine.id)
    assert refused.value.missing


def test_the_zip_holds_the_current_files_under_clean_names(
    pieces_app: Any, with_pieces: Any
) -> None:
    give(pieces_app, with_pieces.id, IDENTITY, pdf_bytes(), "Carte d’identité é.pdf")
    give(pieces_app, with_pieces.id, IDENTITY, pdf_bytes(2), "verso.pdf")
    give(pieces_app, with_pieces.id, CONFIRMATION, image_bytes("PNG"), "signée.png")
    with service(pieces_app, with_pieces.id) as (db, storage, row):
        archive = svc.pieces_zip(db, storage, row)
    assert archive.filename == f"pieces-cfg-{with_pieces.inscription_number}.zip"
    assert archive.entries == [
        "01-piece_identite/1-Carte_d_identite_e.pdf",
        "01-piece_identite/2-verso.pdf",
        "02-confirmation_signee/1-signee.png",
    ]
    with zipfile.ZipFile(archive.file) as opened:
        assert opened.namelist() == archive.entries
        assert opened.read("01-piece_identite/2-verso.pdf") == pdf_bytes(2)
    archive.file.close()


class FailingStorage:
    """A storage that is down."""

    def save(self, key: str, data: bytes) -> None:
        from web.core.storage import StorageError

        raise StorageError("down")


def test_a_storage_failure_stores_no_row(pieces_app: Any, with_pieces: Any) -> None:
    with service(pieces_app, with_pieces.id) as (db, _, row), pytest.raises(
        svc.PieceRefused, match="n'a pas pu être enregistré"
    ):
        svc.add_file(db, FailingStorage(), row, IDENTITY, pdf_bytes(), "carte.pdf")  # type: ignore[arg-type]
    assert stored_files(pieces_app, with_pieces.id) == []
    assert overview(pieces_app, with_pieces.id).piece(IDENTITY).row is None


def test_a_failed_commit_removes_the_stored_bytes(
    pieces_app: Any, with_pieces: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pieces_support import files_on_disk

    with service(pieces_app, with_pieces.id) as (db, storage, row):
        calls = {"n": 0}
        real_commit = db.commit

        def commit() -> None:
            calls["n"] += 1
            if calls["n"] == 2:  # the first ends the read, the second writes the file's row
                raise RuntimeError("database gone")
            real_commit()

        monkeypatch.setattr(db, "commit", commit)
        with pytest.raises(svc.PieceRefused, match="n'a pas pu être enregistré"):
            svc.add_file(db, storage, row, IDENTITY, pdf_bytes(), "carte.pdf")
    assert stored_files(pieces_app, with_pieces.id) == []
    assert files_on_disk(pieces_app) == []


def test_the_status_follows_every_change_and_the_envelope_with_it(
    pieces_app: Any, with_pieces: Any
) -> None:
    assert overview(pieces_app, with_pieces.id).needs_attention
    give_and_lock_online(pieces_app, with_pieces.id)
    _, post = keys(pieces_app, with_pieces.id)
    confirm(pieces_app, with_pieces.id, post)
    assert not overview(pieces_app, with_pieces.id).needs_attention
    set_status(pieces_app, with_pieces.id, IDENTITY, "non_conforme", comment="Illisible")
    assert overview(pieces_app, with_pieces.id).needs_attention


def test_two_first_files_of_one_piece_at_once_make_one_piece_row_and_two_files(
    pieces_app: Any, with_pieces: Any
) -> None:
    import threading

    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def deposit(name: str) -> None:
        try:
            with service(pieces_app, with_pieces.id) as (db, storage, row):
                start.wait(5)
                svc.add_file(db, storage, row, IDENTITY, pdf_bytes(), name)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=deposit, args=(f"page{n}.pdf",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    piece = overview(pieces_app, with_pieces.id).piece(IDENTITY)
    assert sorted(f.original_name for f in piece.files) == ["page1.pdf", "page2.pdf"]


def test_after_the_deadline_only_a_non_conforme_piece_can_still_be_given(
    pieces_app: Any, with_pieces: Any
) -> None:
    from datetime import datetime, time

    from web.core.catalogue import PARIS

    give(pieces_app, with_pieces.id, IDENTITY)
    deadline = overview(pieces_app, with_pieces.id).piece(CONFIRMATION).deadline
    last_minute = datetime.combine(deadline, time(23, 59), PARIS)
    with service(pieces_app, with_pieces.id) as (db, storage, row):
        svc.add_file(db, storage, row, CONFIRMATION, pdf_bytes(), "a.pdf", now=last_minute)
        with pytest.raises(svc.PieceRefused, match=f"{deadline:%d/%m/%Y}.*dépassée"):
            svc.add_file(db, storage, row, CONFIRMATION, pdf_bytes(), "b.pdf",
                         now=last_minute + timedelta(minutes=2))
    set_status(pieces_app, with_pieces.id, IDENTITY, "non_conforme", comment="Flou")
    with service(pieces_app, with_pieces.id) as (db, storage, row):
        svc.add_file(db, storage, row, IDENTITY, pdf_bytes(), "nette.pdf",
                     now=last_minute + timedelta(days=3))


def test_a_piece_takes_five_files_at_most(pieces_app: Any, with_pieces: Any) -> None:
    for number in range(5):
        give(pieces_app, with_pieces.id, IDENTITY, name=f"page{number}.pdf")
    with pytest.raises(svc.PieceRefused, match="déjà déposé 5 fichiers"):
        give(pieces_app, with_pieces.id, IDENTITY, name="page6.pdf")


def test_a_locked_group_stays_locked_when_the_office_moves_the_deadline_afterwards(
    pieces_app: Any, with_pieces: Any
) -> None:
    give_and_lock_online(pieces_app, with_pieces.id)
    with service(pieces_app, with_pieces.id) as (db, _, row):
        set_pieces_deadline(db, row.session_id, row.academy_code, date(2027, 3, 1))
    online = overview(pieces_app, with_pieces.id).groups[0]
    assert online.key == "upload-20270301" and online.locked and online.locked_at is not None
    with pytest.raises(svc.PieceRefused, match="validée"):
        give(pieces_app, with_pieces.id, IDENTITY)
