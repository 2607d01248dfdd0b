"""Where uploaded files live: one interface, a local folder or S3-compatible object storage."""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol

from flask import Flask, current_app

CHUNK_SIZE = 256 * 1024
# Keys are made by new_key(); anything else (a path, "..") is refused before it nears a disk.
_KEY = re.compile(r"^[a-z0-9]+(?:/[a-z0-9]+)*$")
EXTENSION_KEY = "examforms.storage"


class StorageError(Exception):
    """The storage could not do what was asked (unreachable, full, refused, missing key)."""


class Storage(Protocol):
    """Bytes under a key; the key is opaque to the caller and never derived from user input."""

    def save(self, key: str, data: bytes) -> None: ...

    def read(self, key: str) -> bytes: ...

    def chunks(self, key: str, size: int = CHUNK_SIZE) -> Iterator[bytes]: ...

    def delete(self, key: str) -> None: ...

    def exists(self, key: str) -> bool: ...


def new_key(prefix: str) -> str:
    """A random key, e.g. pieces/3f/3f9c…: unguessable, and spread over 256 folders."""
    token = secrets.token_hex(20)
    return f"{prefix}/{token[:2]}/{token}"


def checked_key(key: str) -> str:
    if not _KEY.match(key) or len(key) > 100:
        raise StorageError(f"invalid storage key {key!r}")
    return key


class LocalStorage:
    """Files in one folder of the server (the default; one app server, or a shared mount).

    The folder must be outside any folder a web server serves: files are only ever sent by
    the portal, to their owner or to the exam office.
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / checked_key(key)

    def save(self, key: str, data: bytes) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # Written beside the target then renamed: a reader never sees half a file.
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as error:
            raise StorageError(f"cannot write {key}: {error}") from error

    def read(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except OSError as error:
            raise StorageError(f"cannot read {key}: {error}") from error

    def chunks(self, key: str, size: int = CHUNK_SIZE) -> Iterator[bytes]:
        try:
            with self._path(key).open("rb") as stream:
                while block := stream.read(size):
                    yield block
        except OSError as error:
            raise StorageError(f"cannot read {key}: {error}") from error

    def delete(self, key: str) -> None:
        try:
            self._path(key).unlink(missing_ok=True)
        except OSError as error:
            raise StorageError(f"cannot delete {key}: {error}") from error

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()


class S3Storage:
    """Objects in one bucket of an S3-compatible store, shared by every app server.

    Credentials come from boto3's usual sources (AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY, a profile, an instance role), never from the portal's settings.
    """

    def __init__(self, bucket: str, endpoint_url: str | None = None,
                 region: str | None = None, client: Any = None) -> None:
        if not bucket:
            raise StorageError("STORAGE_BACKEND=s3 needs S3_BUCKET")
        self.bucket = bucket
        if client is None:
            import boto3
            from botocore.config import Config

            client = boto3.client(
                "s3", endpoint_url=endpoint_url or None, region_name=region or None,
                config=Config(retries={"max_attempts": 3, "mode": "standard"}),
            )
        self.client = client

    def _error(self, verb: str, key: str, error: Exception) -> StorageError:
        return StorageError(f"cannot {verb} s3://{self.bucket}/{key}: {error}")

    def save(self, key: str, data: bytes) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.put_object(
                Bucket=self.bucket, Key=checked_key(key), Body=data,
                ContentType="application/octet-stream",
            )
        except (BotoCoreError, ClientError) as error:
            raise self._error("write", key, error) from error

    def read(self, key: str) -> bytes:
        return b"".join(self.chunks(key))

    def chunks(self, key: str, size: int = CHUNK_SIZE) -> Iterator[bytes]:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            body = self.client.get_object(Bucket=self.bucket, Key=checked_key(key))["Body"]
            try:
                yield from body.iter_chunks(size)
            finally:
                body.close()
        except (BotoCoreError, ClientError) as error:
            raise self._error("read", key, error) from error

    def delete(self, key: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.delete_object(Bucket=self.bucket, Key=checked_key(key))
        except (BotoCoreError, ClientError) as error:
            raise self._error("delete", key, error) from error

    def exists(self, key: str) -> bool:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=checked_key(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise self._error("check", key, error) from error
        except BotoCoreError as error:
            raise self._error("check", key, error) from error
        return True


BACKENDS = ("local", "s3")


def from_config(config: Mapping[str, Any]) -> Storage:
    """The storage STORAGE_BACKEND names, configured from the app's settings."""
    backend = str(config.get("STORAGE_BACKEND") or "local").lower()
    if backend == "local":
        return LocalStorage(config["UPLOAD_FOLDER"])
    if backend == "s3":
        return S3Storage(
            config.get("S3_BUCKET") or "", config.get("S3_ENDPOINT_URL"), config.get("S3_REGION")
        )
    raise StorageError(f"STORAGE_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}")


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = from_config(app.config)


def current() -> Storage:
    """The storage of the current app."""
    return current_app.extensions[EXTENSION_KEY]  # type: ignore[no-any-return]
