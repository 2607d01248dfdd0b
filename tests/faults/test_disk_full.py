"""The disk full when a candidate adds a piece justificative (Mes justificatifs): a clear
French message at the piece, nothing stored half (no leftover file), no row pointing to a
missing file, the pieces deposited before intact, and the same upload accepted once there is
room again. The full disk is real (full_disk.py: a small tmpfs, or a file size limit where
mounting is not allowed). Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import html
import io
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from full_disk import FullDisk
from pieces_support import pdf_bytes, stored_files
from registration_support import Candidate, open_session
from space_support import register_cfg

from tests.conftest import DEFAULT_PASSWORD, AuthActions

IDENTITY, CONFIRMATION = "piece_identite", "confirmation_signee"
LEAKS = ("Errno", "No space", "File too large", "OSError", "Traceback", "StorageError")


def pdf_of_size(size: int) -> bytes:
    """A whole, valid PDF of at least `size` bytes (a picture of noise: it does not shrink)."""
    from PIL import Image

    rng = random.Random(size)
    side = 64
    while True:
        image = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
        out = io.BytesIO()
        image.save(out, format="PDF", quality=95)
        if out.tell() >= size:
            return out.getvalue()
        side = int(side * 1.25) + 1


@pytest.fixture(params=["tmpfs", "file-size-limit"])
def disk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FullDisk]:
    """Both ways where the machine may mount; the size limit alone where it may not."""
    full = FullDisk(tmp_path / "uploads", mount=request.param == "tmpfs")
    if request.param == "tmpfs" and not full.mounted:
        pytest.skip("this machine does not allow mounting a tmpfs: the file-size-limit "
                    "variant makes the disk full instead")
    yield full
    full.close()


def _add(client: Any, candidature_id: int, piece: str, data: bytes, name: str) -> Any:
    return client.post(f"/mes-inscriptions/{candidature_id}/justificatifs/{piece}/ajouter",
                       data={"fichier": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _files_match_their_rows(app: Any) -> dict[str, str]:
    """Every stored row's bytes are there, whole: {piece code: sha256}."""
    from web.core import storage

    found = {}
    with app.app_context():
        store = storage.current()
        for row in stored_files(app):
            assert store.exists(row.storage_key), f"row {row.id} points to a missing file"
            data = store.read(row.storage_key)
            assert hashlib.sha256(data).hexdigest() == row.sha256 and len(data) == row.size
            found[row.original_name] = row.sha256
    return found


def test_a_full_disk_refuses_the_piece_in_french_and_keeps_the_others_whole(
    make_app: Any, database_url: str, disk: FullDisk, tmp_path: Path,
) -> None:
    config = {"TESTING": True, "SECRET_KEY": "disk-full-test-key", "DATABASE_URL": database_url,
              "UPLOAD_FOLDER": str(disk.folder), "WTF_CSRF_ENABLED": False,
              "SESSION_COOKIE_SECURE": False, "REMEMBER_COOKIE_SECURE": False,
              "FORGOT_MIN_SECONDS": 0.0, "REQUEST_LOG": False}
    app = make_app(**config)
    client = app.test_client()
    auth = AuthActions(app, client)
    account = auth.create(nom_naissance="RIVIERE", prenoms="Anne")
    assert auth.login(account.email).status_code == 302
    candidature = register_cfg(Candidate(client, account), app, open_session(app, "cfg"))

    identity = pdf_bytes(2)
    assert _add(client, candidature.id, IDENTITY, identity, "identite.pdf").status_code == 302
    before = _files_match_their_rows(app)
    kept = [p.read_bytes() for p in disk.stored()]

    if database_url.startswith("sqlite:///"):
        from sqlalchemy import text

        with app.app_context():
            from web.core import db as database

            with database.engine().connect() as conn:  # the child's writes start from here
                conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        base = Path(database_url.removeprefix("sqlite:///"))
        database_files = [base, base.with_name(base.name + "-wal")]
    else:
        database_files = []
    confirmation = pdf_of_size(disk.too_big(database_files))
    disk.fill()
    status, page = disk.upload(
        client, config, account.email, DEFAULT_PASSWORD,
        f"/mes-inscriptions/{candidature.id}/justificatifs/{CONFIRMATION}/ajouter",
        confirmation, "confirmation.pdf", tmp_path)

    text_shown = html.unescape(page)
    assert status == 400, (disk.kind, status, text_shown[:2000])
    assert "Votre fichier n'a pas pu être enregistré, il n'a pas été conservé" in text_shown
    assert 'lang="fr"' in page and f"piece-{CONFIRMATION}" in page
    assert not [word for word in LEAKS if word in text_shown], disk.kind
    # Nothing half stored: the folder holds what it held, no temporary or partial file.
    assert [p.read_bytes() for p in disk.stored()] == kept, disk.kind
    assert _files_match_their_rows(app) == before

    disk.free()
    again = _add(client, candidature.id, CONFIRMATION, confirmation, "confirmation.pdf")
    assert again.status_code == 302, html.unescape(again.get_data(as_text=True))[:2000]
    after = _files_match_their_rows(app)
    assert after["identite.pdf"] == before["identite.pdf"]
    assert after["confirmation.pdf"] == hashlib.sha256(confirmation).hexdigest()
    assert len(disk.stored()) == 2
    print(f"\nfull disk made with {disk.kind}")
