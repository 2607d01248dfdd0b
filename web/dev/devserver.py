"""`make run`: migrate, seed the demo, then run the SMTP sink, the mail worker, a job worker
and the portal.

One command for a newcomer; Ctrl-C stops the four processes. The portal is served as in
production, by gunicorn with deploy/gunicorn.conf.py; `--flask-dev` runs Flask's development
server instead (reloader off, debugger off). `--port` (or PORT) changes the port 5000.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAIL_DIR = ROOT / "var" / "mail"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"


def _flask(*args: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "web", *args]


def _wait_for_port(port: int, children: list[subprocess.Popen[bytes]], limit: float = 120) -> None:
    """Print the banner only once the portal answers (imports are slow on a busy machine)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and all(c.poll() is None for c in children):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)


def _portal(port: int, flask_dev: bool, env: dict[str, str]) -> list[str]:
    if flask_dev:
        return _flask("run", "--host", "127.0.0.1", "--port", str(port))
    env["PORTAL_BIND"] = f"127.0.0.1:{port}"
    # Two workers are plenty for one person trying the demo on a laptop.
    env.setdefault("WEB_CONCURRENCY", "2")
    return [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "web:create_app()"]


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make run", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")),
                        help="port of the portal on 127.0.0.1 (default 5000, or PORT)")
    parser.add_argument("--flask-dev", action="store_true",
                        help="Flask's development server instead of gunicorn")
    parser.add_argument("--franceconnect", action="store_true",
                        help="also start the local OpenID provider (FranceConnect's stand-in, "
                        "web.dev.oidc_provider) and sign in with it")
    parser.add_argument("--franceconnect-port", type=int, default=5010,
                        help="port of the local OpenID provider (default 5010)")
    return parser.parse_args(argv)


DEMO_CLIENT_ID = "examforms-demo"
DEMO_CLIENT_SECRET = "demo-only-client-secret"  # the local provider's demo client, never deployed


def _identity_provider(port: int, env: dict[str, str]) -> list[str]:
    """The local provider's command; the portal's OIDC_* settings point at it."""
    issuer = f"http://127.0.0.1:{port}"
    portal = env["PUBLIC_BASE_URL"].rstrip("/")
    env.update(OIDC_ISSUER=issuer, OIDC_CLIENT_ID=DEMO_CLIENT_ID,
               OIDC_CLIENT_SECRET=DEMO_CLIENT_SECRET)
    return [
        sys.executable, "-m", "web.dev.oidc_provider", "--port", str(port),
        "--client-id", DEMO_CLIENT_ID, "--client-secret", DEMO_CLIENT_SECRET,
        "--redirect-uri", f"{portal}/connexion/franceconnect/retour",
        "--post-logout-uri", f"{portal}/deconnexion/franceconnect",
    ]


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    port = args.port
    env = dict(os.environ)
    env.setdefault("MAIL_SERVER", "127.0.0.1")
    env.setdefault("MAIL_PORT", "8025")
    # The demo is served over plain http on 127.0.0.1: secure-only cookies would never be sent.
    env.setdefault("SESSION_COOKIE_SECURE", "0")
    env.setdefault("SECRET_KEY", "demo-only-secret-key-change-me")
    env.setdefault("PUBLIC_BASE_URL", f"http://127.0.0.1:{port}")
    provider = _identity_provider(args.franceconnect_port, env) if args.franceconnect else None
    os.chdir(ROOT)
    subprocess.run(_flask("db-upgrade"), env=env, check=True)
    subprocess.run(_flask("seed-demo"), env=env, check=True)
    subprocess.run(_flask("purge-accounts"), env=env, check=True)
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "web.dev.mailsink",
                "--port",
                env["MAIL_PORT"],
                "--dir",
                str(MAIL_DIR),
            ],
            env=env,
        ),
        subprocess.Popen(_flask("mail-worker"), env=env),
        # Documents published from the back office: huey's consumer on the SQLite queue.
        subprocess.Popen([sys.executable, "-m", "web.documents.worker", "--workers", "1"],
                         env=env),
        subprocess.Popen(_portal(port, args.flask_dev, env), env=env),
    ]
    names = ["le serveur SMTP local", "le mail-worker", "le worker des publications",
             "le portail"]
    if provider is not None:
        children.append(subprocess.Popen(provider, env=env))
        names.append("le fournisseur d'identité local")
    _wait_for_port(port, children)
    server = "serveur de développement Flask" if args.flask_dev else "gunicorn"
    print(
        f"\n  Portail : http://127.0.0.1:{port}/  ({server})\n"
        f"  Mails envoyés (capturés localement) : {MAIL_DIR}/*.eml\n"
        "    lire le dernier : ls -t var/mail/*.eml | head -1 | xargs cat\n"
        "    ou, une fois connecté, le menu « Consulter mes messages ».\n"
        + (f"  FranceConnect (fournisseur local) : {env['OIDC_ISSUER']}/ ; "
           "« S'identifier avec FranceConnect » sur la page de connexion.\n"
           if provider is not None else
           "  FranceConnect : RUN_ARGS=--franceconnect démarre un fournisseur local.\n")
        + "  Ctrl-C pour tout arrêter.\n",
        flush=True,
    )
    stopping = False

    def _stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.5)
    finally:
        for name, child in zip(names, children, strict=True):
            if not stopping and child.poll() is not None:
                print(
                    f"\n  Arrêt : {name} s'est terminé (code {child.returncode}). "
                    f"Le port {port} ou {env['MAIL_PORT']} est-il déjà utilisé ? "
                    "(--port change le premier, MAIL_PORT le second)",
                    file=sys.stderr,
                )
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                child.kill()
    return 0 if stopping else 1


if __name__ == "__main__":
    sys.exit(main())
