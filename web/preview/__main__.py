"""`python -m web.preview SPEC [--port N]`: serve the live preview of one spec on 127.0.0.1."""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from web.preview import create_preview_app

HOST = "127.0.0.1"  # a local author's tool: never listens on another interface


def serve_in_thread(app: Flask, port: int = 0) -> BaseWSGIServer:
    """The preview served by a thread of this process (tests, `make bench`); the caller
    stops it with `shutdown()`. Its address: `server.server_port` on HOST."""
    server = make_server(HOST, port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def missing_design_system(app: Flask) -> str:
    """The warning of a preview whose pages would come without their styles: the design
    system's files are installed by `make setup` (npm), not kept in the repository."""
    if (Path(app.config["DSFR_DIR"]) / "dsfr.min.css").is_file():
        return ""
    return (
        f"Attention : les styles du portail manquent ({app.config['DSFR_DIR']}) : la page "
        "s'affichera sans mise en forme. Lancez `make setup` (ou `make preview`), qui les "
        "installe."
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m web.preview", description=__doc__)
    parser.add_argument("spec", help="the spec file, e.g. exams/cap.yaml")
    parser.add_argument("--port", type=int, default=5050, help="0 picks a free port")
    args = parser.parse_args(argv)
    app = create_preview_app(args.spec)
    server = make_server(HOST, args.port, app, threaded=True)
    print(
        f"Aperçu de {args.spec} : http://{HOST}:{server.server_port}/ (Ctrl-C arrête)", flush=True
    )
    warning = missing_design_system(app)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
