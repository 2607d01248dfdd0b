"""Local SMTP sink for development: stores every received mail as var/mail/*.eml.

Run: python -m web.dev.mailsink [--host 127.0.0.1] [--port 8025] [--dir var/mail]
"""

from __future__ import annotations

import argparse
import re
import signal
import threading
from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class FileSink:
    """aiosmtpd handler writing each message to its own .eml file."""

    def __init__(self, folder: Path, quiet: bool = False) -> None:
        self.folder = folder
        self.quiet = quiet
        folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._count = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        raw: bytes = envelope.original_content or envelope.content
        parsed = message_from_bytes(raw, policy=policy.default)
        subject = str(parsed.get("Subject", ""))
        with self._lock:
            self._count += 1
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
            slug = re.sub(r"[^A-Za-z0-9]+", "-", subject)[:40].strip("-") or "mail"
            path = self.folder / f"{stamp}-{self._count:04d}-{slug}.eml"
            path.write_bytes(raw)
        if not self.quiet:
            print(f"[mailsink] {', '.join(envelope.rcpt_tos)} : {subject} -> {path}", flush=True)
        return "250 Message accepted for delivery"


def start(host: str, port: int, folder: Path, quiet: bool = False) -> Controller:
    controller = Controller(FileSink(folder, quiet), hostname=host, port=port)
    controller.start()
    return controller


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--dir", default="var/mail")
    args = parser.parse_args()
    controller = start(args.host, args.port, Path(args.dir))
    print(
        f"[mailsink] SMTP sur {args.host}:{args.port}, mails enregistrés dans {args.dir}/",
        flush=True,
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
