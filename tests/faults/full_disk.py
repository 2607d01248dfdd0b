"""A full disk for the pieces justificatives, made at the operating system's level.

Where the test may mount (root with CAP_SYS_ADMIN, as on this project's machines), the
upload folder is a real small tmpfs and a filler file takes its room: the storage's write
fails with ENOSPC exactly as on a full disk. Where it may not (a CI container without that
capability), the failing upload runs in a child process whose file size is limited
(RLIMIT_FSIZE): every write past the limit fails with EFBIG. The upload is then larger than
the limit and than werkzeug's in-memory threshold (500 KB), so it is the spooling of the
request's body to a temporary file that fails first, the other place a full disk breaks an
upload. Where mounting works, the test runs both ways. Nothing in the portal is replaced or
mocked.
"""

from __future__ import annotations

import io
import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from cluster import ROOT

ROOM_LEFT = 48 * 1024  # what the filler leaves free on the tmpfs
LIMIT_MARGIN = 256 * 1024  # the file size limit, above the largest file the child writes

CHILD = """
import json, sys
from web import create_app
job = json.loads(sys.stdin.read())
app = create_app(job["config"])
client = app.test_client()
login = client.post("/connexion", data={"identifiant": job["email"], "password": job["password"]})
assert login.status_code == 302, login.status_code
with open(job["body"], "rb") as source:
    body = source.read()  # encoded by the parent: the child writes nothing but the upload
answer = client.post(job["path"], data=body, content_type=job["content_type"])
print(json.dumps({"status": answer.status_code, "page": answer.get_data(as_text=True)}))
"""


def _can_mount(folder: Path) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs",
                           str(folder)], capture_output=True)
    return done.returncode == 0


class FullDisk:
    """The upload folder, and a way to make it full then free again."""

    def __init__(self, folder: Path, mount: bool) -> None:
        """`mount`: a tmpfs if this machine allows it (see `mounted`), else a size limit."""
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.mounted = mount and _can_mount(folder)
        self.kind = "tmpfs 1 MiB" if self.mounted else "RLIMIT_FSIZE"
        self._filler = folder / "filler"
        self.limit = 0

    def fill(self) -> None:
        if self.mounted:
            room = os.statvfs(self.folder)
            free = room.f_bavail * room.f_frsize
            with self._filler.open("wb") as out:
                out.write(b"\0" * max(free - ROOM_LEFT, 0))

    def free(self) -> None:
        self._filler.unlink(missing_ok=True)

    def too_big(self, database_files: list[Path]) -> int:
        """A size the full disk cannot take (and a limit for the child, above the database)."""
        if self.mounted:
            return 4 * ROOM_LEFT
        largest = max((p.stat().st_size for p in database_files if p.exists()), default=0)
        self.limit = largest + LIMIT_MARGIN
        return self.limit + LIMIT_MARGIN

    def stored(self) -> list[Path]:
        """Every file in the folder but the filler: the stored pieces and any leftover."""
        return sorted(p for p in self.folder.rglob("*") if p.is_file() and p != self._filler)

    def upload(self, client: Any, config: dict[str, Any], email: str, password: str,
               path: str, data: bytes, name: str, scratch: Path) -> tuple[int, str]:
        """Ajouter on the full disk: (status, page)."""
        if self.mounted:
            answer = client.post(path, data={"fichier": (io.BytesIO(data), name)},
                                 content_type="multipart/form-data")
            return answer.status_code, answer.get_data(as_text=True)
        from werkzeug.datastructures import FileStorage
        from werkzeug.test import encode_multipart

        boundary, body = encode_multipart(
            {"fichier": FileStorage(io.BytesIO(data), filename=name)})
        source = scratch / "request-body"
        source.write_bytes(body)
        limit = self.limit

        def limited() -> None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

        job = {"config": config, "email": email, "password": password, "path": path,
               "body": str(source),
               "content_type": f"multipart/form-data; boundary={boundary}"}
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        done = subprocess.run([sys.executable, "-c", CHILD], input=json.dumps(job),
                              capture_output=True, text=True, cwd=ROOT, env=env,
                              preexec_fn=limited, timeout=120)
        assert done.returncode == 0, done.stderr[-3000:]
        answer = json.loads(done.stdout.strip().splitlines()[-1])
        return int(answer["status"]), str(answer["page"])

    def close(self) -> None:
        self.free()
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.folder)], check=False)
