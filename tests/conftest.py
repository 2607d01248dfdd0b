"""Shared fixtures: a migrated database per test (SQLite or PostgreSQL), the app, its clients,
an SMTP sink, and the app served over HTTP for the browser tests.

Imports of `web` stay inside the fixtures so the engine tests run even while the portal is
being built.
"""

from __future__ import annotations

import email
import email.policy
import itertools
import os
import re
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

# ---------------------------------------------------------------------------- options


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        choices=("sqlite", "postgres"),
        default="sqlite",
        help="database of the tests using `app`: a SQLite file per test (default) or the "
        "PostgreSQL server of TEST_DATABASE_URL, one schema per session",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "db: uses the portal's database (added automatically); `make test` runs "
        "these again on PostgreSQL, less the browser journeys and the db_agnostic tests",
    )
    config.addinivalue_line(
        "markers",
        "db_agnostic: uses the database only to set up what it checks, which no database "
        "can change (a page's markup, titles, headers): `make test` runs it on SQLite only",
    )
    if config.getoption("--db") == "postgres" and not os.environ.get("TEST_DATABASE_URL"):
        raise pytest.UsageError(
            "--db=postgres needs TEST_DATABASE_URL="
            "postgresql+psycopg://user:password@127.0.0.1/database (.ci/run sets it)"
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "database_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)


# ---------------------------------------------------------------------------- database


def _migrate(url: str) -> None:
    from alembic import command

    from web.core.migrate import alembic_config

    command.upgrade(alembic_config(url), "head")


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to head per session; each test gets a copy of it."""
    path = tmp_path_factory.mktemp("db") / "template.sqlite3"
    _migrate(f"sqlite:///{path}")
    return path


@dataclass
class PostgresSchema:
    """A schema of its own on the test server (so xdist workers never meet), migrated once.

    `tables` lists its tables referencing ones first (the order rows can be deleted in);
    `truncated` those emptied by TRUNCATE instead: rows a trigger keeps from being deleted
    (the append-only audit log), or tables referencing each other in a cycle.
    """

    base_url: str
    name: str
    tables: list[str] = field(default_factory=list)
    truncated: set[str] = field(default_factory=set)

    @property
    def url(self) -> str:
        sep = "&" if "?" in self.base_url else "?"
        return f"{self.base_url}{sep}options=-csearch_path%3D{self.name}"

    def empty(self, conn: Any) -> None:
        """Empty every table and restart the sequences used, as a fresh copy would be.

        DELETE of the few rows a test leaves costs milliseconds where a TRUNCATE of every
        table costs a second or more on a busy server (new files for each table and index).
        """
        from sqlalchemy import text

        if not self.tables:
            return
        probe = " UNION ALL ".join(
            f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM \"{t}\")" for t in self.tables
        )
        used = set(conn.scalars(text(probe)))
        deletes = [f'DELETE FROM "{t}"' for t in self.tables if t in used - self.truncated]
        if deletes:
            conn.execute(text("; ".join(deletes)))
        if used & self.truncated:
            names = ", ".join(f'"{t}"' for t in sorted(used & self.truncated))
            conn.execute(text(f"TRUNCATE {names} CASCADE"))
        conn.execute(
            text(
                "SELECT setval(format('%I.%I', schemaname, sequencename), 1, false) "
                "FROM pg_sequences WHERE schemaname = current_schema() "
                "AND last_value IS NOT NULL"
            )
        )


def _deletion_order(
    tables: list[str], references: list[tuple[str, str]]
) -> tuple[list[str], set[str]]:
    """`tables`, each before the tables it references, and those no order fits (a cycle of
    references, or a table referencing one of those)."""
    ordered: list[str] = []
    remaining = sorted(tables)
    while True:
        free = [t for t in remaining
                if not any(p == t and c != t and c in remaining for c, p in references)]
        if not free:
            return ordered, set(remaining)
        ordered.extend(free)
        remaining = [t for t in remaining if t not in free]


@contextmanager
def migrated_schema(base_url: str, name: str) -> Iterator[PostgresSchema]:
    """A new schema `name` on the server of `base_url`, migrated to head, dropped at the end."""
    from sqlalchemy import create_engine, text

    schema = PostgresSchema(base_url, name)
    admin = create_engine(base_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema.name}"'))
    try:
        _migrate(schema.url)
        with admin.connect() as conn:
            tables = list(
                conn.scalars(
                    text(
                        "SELECT tablename FROM pg_tables WHERE schemaname = :s "
                        "AND tablename <> 'alembic_version'"
                    ),
                    {"s": schema.name},
                )
            )
            references = [
                (str(child), str(parent))
                for child, parent in conn.execute(
                    text(
                        "SELECT c.relname, p.relname FROM pg_constraint k "
                        "JOIN pg_class c ON c.oid = k.conrelid "
                        "JOIN pg_class p ON p.oid = k.confrelid "
                        "JOIN pg_namespace n ON n.oid = k.connamespace "
                        "WHERE k.contype = 'f' AND n.nspname = :s"
                    ),
                    {"s": schema.name},
                )
            ]
            ordered, cyclic = _deletion_order(tables, references)
            schema.tables = ordered + sorted(cyclic)
            schema.truncated = cyclic | set(
                conn.scalars(
                    text(
                        "SELECT DISTINCT c.relname FROM pg_trigger g "
                        "JOIN pg_class c ON c.oid = g.tgrelid "
                        "JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE NOT g.tgisinternal AND n.nspname = :s"
                    ),
                    {"s": schema.name},
                )
            )
        yield schema
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema.name}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def _postgres_schema(worker_id: str) -> Iterator[PostgresSchema]:
    name = f"test_{worker_id}_{uuid.uuid4().hex[:8]}"
    with migrated_schema(os.environ["TEST_DATABASE_URL"], name) as schema:
        yield schema


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty, migrated database that this test alone uses."""
    if request.config.getoption("--db") == "postgres":
        from sqlalchemy import create_engine

        schema: PostgresSchema = request.getfixturevalue("_postgres_schema")
        engine = create_engine(schema.url)
        with engine.begin() as conn:
            schema.empty(conn)
        engine.dispose()
        return schema.url
    template: Path = request.getfixturevalue("_sqlite_template")
    path = tmp_path / "examforms.sqlite3"
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


# ---------------------------------------------------------------------------- app


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class PasswordHashing:
    hasher: Any
    dummy_hash: str


@pytest.fixture(scope="session")
def _quick_password_hashing() -> Iterator[PasswordHashing]:
    """argon2id at its lowest cost while the tests run: production's 19 MiB, two passes cost
    tens of milliseconds per hash and again per login, in nearly every web test. Yields the
    production hashing, which the tests of those parameters put back
    (`production_password_hashing`)."""
    from argon2 import PasswordHasher

    from web.core import security

    production = PasswordHashing(security._hasher, security._DUMMY_HASH)
    quick = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    security._hasher, security._DUMMY_HASH = quick, quick.hash("dummy-password-for-timing")
    yield production
    security._hasher, security._DUMMY_HASH = production.hasher, production.dummy_hash


@pytest.fixture
def production_password_hashing(
    _quick_password_hashing: PasswordHashing, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The portal's own argon2 parameters for this test."""
    from web.core import security

    monkeypatch.setattr(security, "_hasher", _quick_password_hashing.hasher)
    monkeypatch.setattr(security, "_DUMMY_HASH", _quick_password_hashing.dummy_hash)


class _CompiledTemplates:
    """Jinja's compiled templates kept for the session, shared by every app a test builds:
    each app has an environment of its own, which would compile every template it renders
    again (half the cost of a short web test). A template is compiled anew when its source
    changes (Jinja checks the source's checksum)."""

    def __init__(self) -> None:
        from jinja2 import BytecodeCache

        class Cache(BytecodeCache):
            def __init__(self) -> None:
                self.codes: dict[str, bytes] = {}

            def load_bytecode(self, bucket: Any) -> None:
                code = self.codes.get(bucket.key)
                if code is not None:
                    bucket.bytecode_from_string(code)

            def dump_bytecode(self, bucket: Any) -> None:
                self.codes[bucket.key] = bucket.bytecode_to_string()

        self.cache = Cache()


@pytest.fixture(scope="session")
def _compiled_templates() -> _CompiledTemplates:
    return _CompiledTemplates()


@pytest.fixture
def make_app(
    database_url: str,
    tmp_path: Path,
    _quick_password_hashing: PasswordHashing,
    _compiled_templates: _CompiledTemplates,
) -> Iterator[Callable[..., Any]]:
    """Build a portal app on this test's database; keyword arguments override the config."""
    from web import create_app

    apps: list[Any] = []

    def build(**overrides: Any) -> Any:
        config: dict[str, Any] = {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "DATABASE_URL": database_url,
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            "SESSION_COOKIE_SECURE": False,
            "REMEMBER_COOKIE_SECURE": False,
            # Nothing listens there unless a test asks for the SMTP sink: mail stays queued.
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": _free_port(),
            "MAIL_TIMEOUT": 5.0,
            # The forgotten-password answer's time floor is tested on its own (tests/security).
            "FORGOT_MIN_SECONDS": 0.0,
            # Background jobs run in the test's own process (a test starting a real worker
            # names its queue).
            "JOBS_IMMEDIATE": True,
        }
        config.update(overrides)
        app = create_app(config)
        app.jinja_env.bytecode_cache = _compiled_templates.cache
        apps.append(app)
        return app

    yield build
    for app in apps:
        engine = app.extensions.get("examforms.engine")
        if engine is not None:
            engine.dispose()


@pytest.fixture
def app(make_app: Callable[..., Any]) -> Any:
    """The portal for the test client: CSRF off (tests of CSRF build their own with make_app)."""
    return make_app(WTF_CSRF_ENABLED=False)


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def oidc_provider() -> Iterator[Any]:
    """The local OpenID provider (FranceConnect's stand-in) served on 127.0.0.1."""
    from tests.oidc_support import serve_provider

    with serve_provider() as provider:
        yield provider


@pytest.fixture
def runner(app: Any) -> Any:
    return app.test_cli_runner()


_emails = itertools.count(1)


def unique_email(prefix: str = "candidat") -> str:
    """An address no other test uses (tests share the SMTP sink and, on PostgreSQL, a server)."""
    return f"{prefix}.{os.getpid()}.{next(_emails)}.{uuid.uuid4().hex[:6]}@example.org"


@pytest.fixture
def new_email() -> Callable[..., str]:
    """Make addresses no other test uses: new_email("creation") → creation.<unique>@example.org."""
    return unique_email


DEFAULT_PASSWORD = "Motdepasse!1"


class AuthActions:
    """flaskr's helper: create an activated account in the database, log in and out."""

    def __init__(self, app: Any, client: Any) -> None:
        self._app = app
        self._client = client

    def url(self, endpoint: str, **values: Any) -> str:
        from flask import url_for

        with self._app.test_request_context():
            return str(url_for(endpoint, **values))

    def create(
        self,
        email_address: str | None = None,
        password: str = DEFAULT_PASSWORD,
        *,
        activated: bool = True,
        **fields: Any,
    ) -> Any:
        """Insert an account (activated unless told otherwise) and return it."""
        from datetime import date

        from web.account.services import email_key
        from web.core import db as database
        from web.core.models import Account, utcnow
        from web.core.security import hash_password

        address = email_address or unique_email()
        values: dict[str, Any] = {
            "sexe": "F",
            "nom_naissance": "MARTIN",
            "prenoms": "Claire",
            "date_naissance": date(2000, 5, 17),
            "pays_naissance": "FRA",
            "departement_naissance": "75",
            "commune_naissance": "75056",
            "commune_naissance_label": "Paris",
        }
        values.update(fields)
        with self._app.app_context():
            db = database.session()
            account = Account(
                email=address,
                email_key=email_key(address),
                password_hash=hash_password(password),
                activated_at=utcnow() if activated else None,
                **values,
            )
            db.add(account)
            db.commit()
            db.refresh(account)
            db.expunge(account)
        return account

    def login(self, identifiant: str, password: str = DEFAULT_PASSWORD) -> Any:
        return self._client.post(
            self.url("account.login"),
            data={"identifiant": identifiant, "password": password},
        )

    def logout(self) -> Any:
        return self._client.post(self.url("account.logout"))


@pytest.fixture
def auth(app: Any, client: Any) -> AuthActions:
    return AuthActions(app, client)


class StaffActions:
    """Back-office accounts: create a gestionnaire or the administrator, log in with the code."""

    def __init__(self, app: Any, client: Any) -> None:
        self._app = app
        self._client = client

    def create(
        self,
        academy: str | None = "rennes",
        *,
        admin: bool = False,
        enrolled: bool = True,
        email_address: str | None = None,
        password: str = DEFAULT_PASSWORD,
    ) -> Any:
        """A staff account (second factor already enrolled unless told otherwise)."""
        import pyotp

        from web.backoffice.staff import create_staff
        from web.core import db as database
        from web.core.models import utcnow

        address = email_address or unique_email("gestion")
        with self._app.app_context():
            db = database.session()
            account = create_staff(db, address, password, academy_code=academy, admin=admin,
                                   last_name="GESTION", first_names="Test")
            if enrolled:
                account.totp_secret = pyotp.random_base32()
                account.totp_confirmed_at = utcnow()
            db.commit()
            db.refresh(account)
            db.expunge(account)
        return account

    def code_for(self, account: Any) -> str:
        """A code the portal accepts now: the next step not used yet (no replay allowed)."""
        import time

        import pyotp

        from web.core import db as database
        from web.core.models import Account

        with self._app.app_context():
            row = database.session().get(Account, account.id)
            secret, last = row.totp_secret, row.totp_last_step
        totp = pyotp.TOTP(secret)
        current = int(time.time() // totp.interval)
        step = current - 1 if last is None or last < current - 1 else last + 1
        if step > current + 1:
            raise AssertionError("three logins within one 30 s step: no code is left")
        return str(totp.at(step * totp.interval))

    def login(self, account: Any, password: str = DEFAULT_PASSWORD, client: Any = None) -> Any:
        """Password, then the second factor; returns the response to the code."""
        client = client or self._client
        first = client.post("/gestion/connexion",
                            data={"email": account.email, "password": password})
        assert first.status_code == 302, first.get_data(as_text=True)
        response = client.post("/gestion/connexion/code", data={"code": self.code_for(account)})
        if response.status_code == 401:
            # The code of the step before the current one (code_for leaves the later ones to
            # later logins) ages out when a 30 s step ends between its making and its check:
            # the same login asks again with the code of the new moment.
            response = client.post("/gestion/connexion/code",
                                   data={"code": self.code_for(account)})
        return response

    def logged_in(self, academy: str | None = "rennes", *, admin: bool = False,
                  client: Any = None) -> Any:
        account = self.create(academy, admin=admin)
        response = self.login(account, client=client)
        assert response.status_code == 302, response.get_data(as_text=True)
        return account


@pytest.fixture
def staff(app: Any, client: Any) -> StaffActions:
    return StaffActions(app, client)


# ---------------------------------------------------------------------------- mail


class SmtpSink:
    """An aiosmtpd server on 127.0.0.1 keeping every message it receives in memory."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._lock = threading.Lock()
        self.host = "127.0.0.1"
        self.port = 0
        self._controller: Any = None
        self.deliver: Callable[[], object] | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.port = _free_port()
        self._controller = Controller(self, hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()

    def to(self, address: str) -> list[EmailMessage]:
        with self._lock:
            return [m for m in self.messages if address.lower() in str(m["To"]).lower()]

    def wait_for(
        self, address: str, subject: str = "", timeout: float = 15.0, count: int = 1
    ) -> EmailMessage:
        """The `count`-th message to `address` whose subject contains `subject`."""
        deadline = time.monotonic() + timeout
        while True:
            if self.deliver is not None:
                self.deliver()
            found = [m for m in self.to(address) if subject in str(m["Subject"])]
            if len(found) >= count:
                return found[count - 1]
            if time.monotonic() > deadline:
                seen = [(str(m["To"]), str(m["Subject"])) for m in self.messages]
                raise AssertionError(
                    f"no mail #{count} to {address!r} with {subject!r} within {timeout}s; "
                    f"received: {seen}"
                )
            time.sleep(0.1)

    @staticmethod
    def text_of(message: EmailMessage) -> str:
        part = message.get_body(preferencelist=("plain", "html"))
        assert part is not None, "mail without a body"
        return str(part.get_content())

    def link_in(self, message: EmailMessage, contains: str = "") -> str:
        """The first http(s) link of the plain-text body that contains `contains`."""
        links = re.findall(r"https?://[^\s<>\"')]+", self.text_of(message))
        for link in links:
            if contains in link:
                return link
        raise AssertionError(f"no link containing {contains!r} in mail: {links}")


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


# ---------------------------------------------------------------------------- live server


@dataclass
class LiveServer:
    """The portal served over HTTP in a thread, with a mail worker delivering to the sink."""

    app: Any
    url: str
    sink: SmtpSink

    def deliver(self) -> int:
        from web.core.mail import deliver_pending

        return int(deliver_pending(self.app, 100))

    def path(self, endpoint: str, **values: Any) -> str:
        from flask import url_for

        with self.app.test_request_context():
            return self.url + str(url_for(endpoint, **values))


@pytest.fixture
def live_server(make_app: Callable[..., Any], smtp_sink: SmtpSink) -> Iterator[LiveServer]:
    from werkzeug.serving import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args: Any, **kwargs: Any) -> None:
            pass  # one line per asset buries the test's own output

    app = make_app(MAIL_SERVER=smtp_sink.host, MAIL_PORT=smtp_sink.port)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_BASE_URL"] = url  # the links of its mails lead to this server
    serving = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    serving.start()
    live = LiveServer(app, url, smtp_sink)

    stop = threading.Event()
    worker_errors: list[BaseException] = []

    def mail_worker() -> None:
        while not stop.is_set():
            try:
                live.deliver()
            except Exception as exc:  # noqa: BLE001 - reported when the test ends
                worker_errors.append(exc)
            stop.wait(0.2)

    worker = threading.Thread(target=mail_worker, name="mail-worker", daemon=True)
    worker.start()
    try:
        yield live
    finally:
        stop.set()
        worker.join(5)
        server.shutdown()
        serving.join(5)
        server.server_close()
    assert not worker_errors, f"the mail worker failed: {worker_errors[0]!r}"
