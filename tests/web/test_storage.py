"""Upload storage: a local folder by default, S3-compatible object storage shared by servers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from web.core.storage import (
    LocalStorage,
    S3Storage,
    StorageError,
    checked_key,
    from_config,
    new_key,
)

BUCKET = "examforms-pieces"


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """moto's S3 in server mode on 127.0.0.1, a random port, for this test session."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_env(monkeypatch: pytest.MonkeyPatch, moto_endpoint: str) -> dict[str, Any]:
    """boto3's usual credential variables, and the portal's S3 settings, with a new bucket."""
    import uuid

    import boto3

    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
                        ("AWS_SESSION_TOKEN", "testing")):
        monkeypatch.setenv(name, value)
    bucket = f"{BUCKET}-{uuid.uuid4().hex[:8]}"
    boto3.client("s3", endpoint_url=moto_endpoint, region_name="eu-west-3").create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
    )
    return {"STORAGE_BACKEND": "s3", "S3_BUCKET": bucket, "S3_ENDPOINT_URL": moto_endpoint,
            "S3_REGION": "eu-west-3"}


def round_trip(storage: Any) -> None:
    key = new_key("pieces")
    assert not storage.exists(key)
    storage.save(key, b"%PDF-1.7 contenu")
    assert storage.exists(key)
    assert storage.read(key) == b"%PDF-1.7 contenu"
    assert b"".join(storage.chunks(key, 4)) == b"%PDF-1.7 contenu"
    storage.save(key, b"remplace")
    assert storage.read(key) == b"remplace"
    storage.delete(key)
    assert not storage.exists(key)
    storage.delete(key)  # deleting twice is no error
    with pytest.raises(StorageError):
        storage.read(key)


def test_the_local_folder_saves_reads_and_deletes_under_random_keys(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "uploads")
    round_trip(storage)
    key = new_key("pieces")
    storage.save(key, b"x")
    [stored] = [p for p in (tmp_path / "uploads").rglob("*") if p.is_file()]
    assert stored.name == key.rsplit("/", 1)[1] and len(stored.name) == 40
    assert not list((tmp_path / "uploads").rglob(".upload-*"))  # no temporary file left


def test_s3_saves_reads_and_deletes_against_moto(s3_env: dict[str, Any]) -> None:
    storage = from_config({**s3_env, "UPLOAD_FOLDER": "/nonexistent"})
    assert isinstance(storage, S3Storage)
    round_trip(storage)


def test_two_app_servers_share_the_s3_bucket(make_app: Any, s3_env: dict[str, Any]) -> None:
    first, second = make_app(**s3_env), make_app(**s3_env)
    key = new_key("pieces")
    first.extensions["examforms.storage"].save(key, b"depose sur le premier serveur")
    assert second.extensions["examforms.storage"].read(key) == b"depose sur le premier serveur"


def test_an_unreachable_s3_raises_a_storage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    storage = S3Storage("seau", f"http://127.0.0.1:{port}", "eu-west-3")
    import boto3
    from botocore.config import Config

    storage.client = boto3.client(
        "s3", endpoint_url=f"http://127.0.0.1:{port}", region_name="eu-west-3",
        config=Config(retries={"max_attempts": 1}, connect_timeout=1),
    )
    with pytest.raises(StorageError):
        storage.save(new_key("pieces"), b"x")


def test_the_app_binds_the_local_folder_by_default(app: Any) -> None:
    storage = app.extensions["examforms.storage"]
    assert isinstance(storage, LocalStorage)
    assert str(storage.root) == app.config["UPLOAD_FOLDER"]
    assert "static" not in Path(app.config["UPLOAD_FOLDER"]).parts


def test_a_wrong_backend_or_a_bucketless_s3_stops_the_app_at_start(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="STORAGE_BACKEND"):
        from_config({"STORAGE_BACKEND": "ftp", "UPLOAD_FOLDER": str(tmp_path)})
    with pytest.raises(StorageError, match="S3_BUCKET"):
        from_config({"STORAGE_BACKEND": "s3", "S3_BUCKET": "", "UPLOAD_FOLDER": str(tmp_path)})


@pytest.mark.parametrize("key", ["../etc/passwd", "/abs/olu", "pieces/../x", "Pieces/A", ""])
def test_a_key_that_is_not_one_of_ours_never_reaches_the_disk(key: str, tmp_path: Path) -> None:
    with pytest.raises(StorageError):
        checked_key(key)
    with pytest.raises(StorageError):
        LocalStorage(tmp_path).save(key, b"x")
    assert not list(tmp_path.rglob("*"))


def test_a_piece_uploaded_through_one_server_is_read_by_the_office_on_another(
    make_app: Any, auth: Any, s3_env: dict[str, Any]
) -> None:
    """The portal on S3: the candidate's server stores, another server's office reads."""
    from pieces_support import IDENTITY, pdf_bytes, upload
    from registration_support import Candidate, open_session
    from space_support import register_cfg

    from web.candidate.pieces import piece_file_bytes
    from web.core import db as database
    from web.core.models import Candidature, PieceFile

    candidate_server = make_app(WTF_CSRF_ENABLED=False, **s3_env)
    office_server = make_app(**s3_env)
    client = candidate_server.test_client()
    actions = type(auth)(candidate_server, client)
    account = actions.create()
    assert actions.login(account.email).status_code == 302
    candidature = register_cfg(Candidate(client, account), candidate_server,
                               open_session(candidate_server, "cfg"))
    assert upload(client, candidature.id, IDENTITY, pdf_bytes(), "carte.pdf").status_code == 302
    assert not Path(candidate_server.config["UPLOAD_FOLDER"]).exists()
    with office_server.app_context():
        db = database.session()
        stored = db.query(PieceFile).one()
        row, data = piece_file_bytes(db, office_server.extensions["examforms.storage"],
                                     db.get(Candidature, candidature.id), stored.id)
    assert data == pdf_bytes() and row.original_name == "carte.pdf"
