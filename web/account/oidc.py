"""The portal as an OpenID Connect relying party of FranceConnect (Authlib's Flask client).

Authorization code flow with state, nonce and PKCE (S256); Authlib keeps the three in the
signed session cookie and checks the state on the way back. The ID token is checked here:
signature against the provider's JWKS (fetched again once for an unknown key id), with the
configured algorithms only, then issuer, audience, expiry, nonce and, when acr_values were
asked, the acr. The identity claims come from the userinfo endpoint, whose subject must be
the ID token's. Settings: OIDC_* (web.core.config, docs/security.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.flask_client import FlaskOAuth2App, OAuth
from flask import Flask, current_app, session
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    InvalidKeyIdError,
    JoseError,
    MissingClaimError,
)
from joserfc.jwk import KeySet
from werkzeug.wrappers import Response

from web.core.external import external_url

EXTENSION = "examforms.oidc"
PROVIDER = "franceconnect"
# Clock difference tolerated between the provider and the portal, in seconds.
LEEWAY = 60
TIMEOUT = 10
ID_TOKEN_SESSION_KEY = "oidc_id_token"  # nosec B105 - a session key, not a secret


class SignInRefused(Exception):
    """Why a sign-in through the provider is refused; `reason` picks the French page."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Identity:
    """What a successful sign-in brings: the subject, its claims and the raw ID token."""

    issuer: str
    subject: str
    claims: dict[str, Any]
    id_token: str


def enabled(app: Flask | None = None) -> bool:
    config = (app or current_app).config
    return bool(
        config.get("OIDC_ISSUER")
        and config.get("OIDC_CLIENT_ID")
        and config.get("OIDC_CLIENT_SECRET")
    )


def _algorithms() -> list[str]:
    text = str(current_app.config.get("OIDC_ID_TOKEN_ALGORITHMS", "RS256,ES256"))
    # Never "none", nor an HMAC whose key would be the client secret: JWKS keys only.
    return [
        a
        for a in (p.strip() for p in text.split(","))
        if a and a.upper() != "NONE" and not a.upper().startswith("HS")
    ]


def _expected_acr() -> list[str]:
    return str(current_app.config.get("OIDC_ACR_VALUES", "")).split()


class ProviderClient(FlaskOAuth2App):  # type: ignore[misc]
    """Authlib's Flask client whose ID token check is the portal's own (verify_id_token)."""

    def load_server_metadata(self) -> dict[str, Any]:
        metadata: dict[str, Any] = super().load_server_metadata()
        # OpenID Connect Discovery 4.3: the document must name the issuer we were given.
        expected = current_app.config["OIDC_ISSUER"].rstrip("/")
        if str(metadata.get("issuer", "")).rstrip("/") != expected:
            self.server_metadata.pop("_loaded_at", None)
            raise SignInRefused("configuration", "discovery issuer differs")
        return metadata

    def parse_id_token(self, token: dict[str, Any], nonce: str, **_: Any) -> dict[str, Any]:
        return verify_id_token(self, token["id_token"], nonce)


class _OAuth(OAuth):  # type: ignore[misc]
    oauth2_client_cls = ProviderClient


def client() -> ProviderClient:
    """This app's client, registered at first use (settings may be set after create_app)."""
    app = current_app
    found = app.extensions.get(EXTENSION)
    if found is None:
        config = app.config
        issuer = config["OIDC_ISSUER"].rstrip("/")
        registry = _OAuth(app)
        found = registry.register(
            PROVIDER,
            client_id=config["OIDC_CLIENT_ID"],
            client_secret=config["OIDC_CLIENT_SECRET"],
            server_metadata_url=config.get("OIDC_DISCOVERY_URL")
            or f"{issuer}/.well-known/openid-configuration",
            client_kwargs={
                "scope": config["OIDC_SCOPES"],
                "code_challenge_method": "S256",
                "default_timeout": TIMEOUT,
            },
        )
        app.extensions[EXTENSION] = found
    assert isinstance(found, ProviderClient)
    return found


def _key_set(app_client: ProviderClient, force: bool = False) -> KeySet:
    return KeySet.import_key_set(app_client.fetch_jwk_set(force=force))


def _decode(app_client: ProviderClient, raw: str) -> jwt.Token:
    try:
        return jwt.decode(raw, _key_set(app_client), algorithms=_algorithms())
    except InvalidKeyIdError:
        # The provider may have rotated its keys since the set was fetched.
        return jwt.decode(raw, _key_set(app_client, force=True), algorithms=_algorithms())


def verify_id_token(app_client: ProviderClient, raw: str, nonce: str) -> dict[str, Any]:
    """The ID token's claims once signature, iss, aud, exp, iat, nonce (and acr) hold."""
    issuer = app_client.load_server_metadata()["issuer"]
    options: dict[str, Any] = {
        "iss": {"essential": True, "value": issuer},
        "aud": {"essential": True, "value": app_client.client_id},
        "sub": {"essential": True},
        "exp": {"essential": True},
        "iat": {"essential": True},
        "nonce": {"essential": True, "value": nonce},
    }
    acr = _expected_acr()
    if acr:
        options["acr"] = {"essential": True, "values": acr}
    try:
        token = _decode(app_client, raw)
        jwt.JWTClaimsRegistry(leeway=LEEWAY, **options).validate(token.claims)
    except BadSignatureError as error:
        raise SignInRefused("signature") from error
    except ExpiredTokenError as error:
        raise SignInRefused("expired") from error
    except (InvalidClaimError, MissingClaimError) as error:
        claim = str(getattr(error, "claim", "") or error.description or "")
        reason = {"aud": "audience", "iss": "issuer", "nonce": "nonce", "acr": "acr"}
        raise SignInRefused(reason.get(claim.split(",")[0], "token"), claim) from error
    except JoseError as error:
        raise SignInRefused("token", str(error)) from error
    aud = token.claims.get("aud")
    if isinstance(aud, list) and len(aud) > 1 and token.claims.get("azp") != app_client.client_id:
        raise SignInRefused("audience", "azp")
    return dict(token.claims)


def start() -> Response:
    """The redirect to the provider's authorization endpoint (state, nonce, PKCE saved)."""
    params: dict[str, Any] = {}
    if _expected_acr():
        params["acr_values"] = " ".join(_expected_acr())
    try:
        response: Response = client().authorize_redirect(
            external_url("account.franceconnect_callback"), **params
        )
    except requests.RequestException as error:
        raise SignInRefused("unavailable", str(error)) from error
    return response


def finish() -> Identity:
    """Check the provider's answer to this browser's request and return the identity."""
    app_client = client()
    try:
        token = app_client.authorize_access_token()
    except MismatchingStateError as error:
        raise SignInRefused("state") from error
    except OAuthError as error:
        reason = "cancelled" if error.error == "access_denied" else "code"
        raise SignInRefused(reason, str(error.error)) from error
    except requests.RequestException as error:
        raise SignInRefused("unavailable", str(error)) from error
    if "userinfo" not in token:
        raise SignInRefused("token", "no id_token")
    id_claims = token["userinfo"]
    claims = _userinfo(app_client, token)
    if claims.get("sub") != id_claims["sub"]:
        raise SignInRefused("token", "userinfo subject differs")
    return Identity(
        issuer=str(id_claims["iss"]),
        subject=str(id_claims["sub"]),
        claims={**claims, **{k: id_claims[k] for k in ("sub", "acr") if k in id_claims}},
        id_token=str(token["id_token"]),
    )


def _userinfo(app_client: ProviderClient, token: dict[str, Any]) -> dict[str, Any]:
    """The userinfo claims, as JSON or, as FranceConnect sends them, as a signed JWT."""
    endpoint = app_client.load_server_metadata().get("userinfo_endpoint")
    if not endpoint:
        raise SignInRefused("token", "no userinfo endpoint")
    try:
        answer = app_client.get(endpoint, token=token, timeout=TIMEOUT)
        answer.raise_for_status()
    except requests.RequestException as error:
        raise SignInRefused("unavailable", str(error)) from error
    if answer.headers.get("Content-Type", "").startswith("application/jwt"):
        try:
            signed = _decode(app_client, answer.text.strip())
            jwt.JWTClaimsRegistry(
                leeway=LEEWAY,
                iss={"essential": True, "value": app_client.load_server_metadata()["issuer"]},
                aud={"essential": True, "value": app_client.client_id},
            ).validate(signed.claims)
        except BadSignatureError as error:
            raise SignInRefused("signature") from error
        except JoseError as error:
            raise SignInRefused("token", str(error)) from error
        return dict(signed.claims)
    try:
        data = answer.json()
    except ValueError as error:
        raise SignInRefused("token", "userinfo is not JSON") from error
    if not isinstance(data, dict):
        raise SignInRefused("token", "userinfo is not an object")
    return data


def remember_id_token(raw: str) -> None:
    """Kept in the (new) session: the end of session at the provider needs it as a hint."""
    session[ID_TOKEN_SESSION_KEY] = raw


def logout_redirect(id_token: str) -> Response | None:
    """The redirect that ends the provider's session too, or None if it has no such endpoint.

    Call it once the portal's session is closed: the logout state lives in the new session.
    """
    app_client = client()
    try:
        if not app_client.load_server_metadata().get("end_session_endpoint"):
            return None
        response: Response = app_client.logout_redirect(
            post_logout_redirect_uri=external_url("account.franceconnect_logged_out"),
            id_token_hint=id_token,
        )
    except (requests.RequestException, SignInRefused):
        current_app.logger.warning("provider unreachable: its session is not ended")
        return None
    return response


def logout_returned() -> bool:
    """Whether the provider's answer carries the state this browser's logout sent."""
    try:
        client().validate_logout_response()
    except OAuthError:
        return False
    return True
