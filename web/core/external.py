"""Links sent outside the portal (mails) and the reverse proxies whose headers are trusted.

Every external link is built from PUBLIC_BASE_URL, never from the request's Host header: a
forged Host must not put a real token on an attacker's domain. X-Forwarded-For and
X-Forwarded-Proto are read only on requests coming from an address of TRUSTED_PROXIES.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import current_app, has_request_context, url_for
from werkzeug.middleware.proxy_fix import ProxyFix


def external_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of `endpoint` on the configured public address of the portal."""
    base = str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/")
    if has_request_context():
        return base + url_for(endpoint, **values)
    # A job worker has no request: the path comes from the app's URL map alone.
    return base + current_app.url_map.bind("localhost").build(endpoint, values)


class TrustedProxies:
    """ProxyFix applied only to requests whose peer is one of the configured proxies."""

    def __init__(self, app: Any, proxies: Iterable[str], hops: int = 1) -> None:
        self._app = app
        self._fixed = ProxyFix(app, x_for=hops, x_proto=hops)
        self._proxies = frozenset(proxies)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("REMOTE_ADDR") in self._proxies:
            return self._fixed(environ, start_response)
        return self._app(environ, start_response)


def identity_provider_origins(config: Any) -> list[str]:
    """Origins of the OpenID provider (FranceConnect) that the browser is sent to from a form
    (the logout ends the provider's session): the CSP's form-action lets them through."""
    origins: list[str] = []
    if not config.get("OIDC_CLIENT_ID"):
        return origins
    for url in (config.get("OIDC_ISSUER"), config.get("OIDC_DISCOVERY_URL")):
        parts = urlsplit(str(url or ""))
        origin = f"{parts.scheme}://{parts.netloc}"
        if parts.scheme in ("http", "https") and parts.netloc and origin not in origins:
            origins.append(origin)
    return origins


def parse_proxies(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def safe_next(target: str, default: str, prefix: str = "/") -> str:
    """`target` if it is a path of this portal under `prefix`, else `default`.

    Browsers drop tabs and newlines from URLs and read a backslash as a slash, so
    "/%09/evil.example" would leave the site; a control character in a Location header
    would make it invalid. Such targets are refused, as is anything with a scheme or a host.
    """
    decoded = unquote(target)
    for form in (target, decoded):  # encoded once more, it would be decoded once more
        if not form or any(ord(c) < 32 or ord(c) == 127 or c == "\\" for c in form):
            return default
        if not form.startswith(prefix) or form.startswith("//"):
            return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
