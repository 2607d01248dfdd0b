"""The local OpenID provider served in a thread for the FranceConnect tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

CLIENT_ID = "portail-examforms"
CLIENT_SECRET = "secret-du-portail-de-test"  # nosec B105 - the test provider's client


@dataclass
class RunningProvider:
    """The provider app (its state: codes, faults), its URL, and the portal's client."""

    app: Any
    url: str

    @property
    def state(self) -> Any:
        return self.app.extensions["oidc_dev_provider"]

    def allow(self, portal_url: str) -> None:
        """Register the portal served at `portal_url` (its redirect and logout URIs)."""
        client = self.state.clients[CLIENT_ID]
        client.redirect_uris.append(f"{portal_url}/connexion/franceconnect/retour")
        client.post_logout_redirect_uris.append(f"{portal_url}/deconnexion/franceconnect")

    def portal_settings(self) -> dict[str, Any]:
        return {
            "OIDC_ISSUER": self.url,
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        }

    def choose(self, authorize_url: str, identity_key: str, browser: Any = None) -> str:
        """What a person does on the provider's page: pick an identity. Returns the redirect
        back to the portal (its callback URL with code and state)."""
        parts = urlsplit(authorize_url)
        assert authorize_url.startswith(self.url), authorize_url
        agent = browser or self.app.test_client()
        path = f"{parts.path}?{parts.query}"
        assert agent.get(path).status_code == 200
        answer = agent.post(path, data={"identity": identity_key})
        assert answer.status_code == 302, answer.get_data(as_text=True)
        return str(answer.headers["Location"])


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


@contextmanager
def serve_provider() -> Iterator[RunningProvider]:
    from werkzeug.serving import WSGIRequestHandler, make_server

    from web.dev.oidc_provider import DevClient, create_provider

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args: Any, **kwargs: Any) -> None:
            pass

    # The provider's issuer is its URL, known once the port is bound: the app comes second.
    holder: dict[str, Any] = {}
    server = make_server(
        "127.0.0.1",
        0,
        lambda environ, start: holder["app"](environ, start),
        threaded=True,
        request_handler=QuietHandler,
    )
    url = f"http://127.0.0.1:{server.server_port}"
    app = create_provider(url, [DevClient(CLIENT_ID, CLIENT_SECRET)])
    holder["app"] = app
    thread = threading.Thread(target=server.serve_forever, name="oidc-provider", daemon=True)
    thread.start()
    try:
        yield RunningProvider(app, url)
    finally:
        server.shutdown()
        server.server_close()
