"""`python -m engine preview FILE`: start the live preview server of one spec.

The server is a web page of the portal's (web.preview: the wizard's templates need Flask),
and the engine never imports web (import-linter contracts in pyproject.toml): the engine
starts it as a subprocess, `python -m web.preview FILE --port N`, with the same Python, and
waits for it. Ctrl-C, or SIGTERM to the command, stops both.
"""

from __future__ import annotations

import signal

# Runs this Python on a module of the project, with a fixed argv and no shell.
import subprocess  # nosec B404
import sys
from pathlib import Path

PREVIEW_MODULE = "web.preview"


def preview_command(spec: str, port: int) -> list[str]:
    return [sys.executable, "-m", PREVIEW_MODULE, spec, "--port", str(port)]


def launch_preview(spec: str, port: int) -> int:
    if not Path(spec).is_file():
        print(f"{spec}: no such spec file", file=sys.stderr)
        return 2
    process = subprocess.Popen(preview_command(spec, port))  # nosec B603

    def stop(_signum: int, _frame: object) -> None:
        process.terminate()  # the server goes with the command: never left running alone

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        return process.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)
