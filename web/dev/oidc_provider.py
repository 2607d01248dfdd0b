"""A local OpenID Connect provider standing for FranceConnect in development and tests.

Built on Authlib's server side: the authorization code grant with OpenID Connect and PKCE,
the RP-initiated logout endpoint, and a JWKS of one RSA key generated at start. The person
picks one of the test identities (web.dev.oidc_identities); the provider remembers that
choice in its own session cookie until the portal ends it through the end-session endpoint.
Tests may ask it to misbehave on the next ID token (`ProviderState.faults`).

Run: python -m web.dev.oidc_provider --port 5010 --client-id … --client-secret … \
         --redirect-uri http://127.0.0.1:5000/connexion/franceconnect/retour \
         --post-logout-uri http://127.0.0.1:5000/deconnexion/franceconnect
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import AuthorizationCodeMixin, ClientMixin, grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core.grants import OpenIDCode
from authlib.oidc.rpinitiated import EndSessionEndpoint
from flask import Flask, abort, jsonify, render_template, request, session
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from web.dev.oidc_identities import IDENTITIES, TestIdentity, identity

ALGORITHM = "RS256"
CODE_LIFETIME = 60
TOKEN_LIFETIME = 600
# Ways the next ID token can be spoiled, for the relying party's refusal tests.
FAULTS = ("bad_signature", "expired", "wrong_audience", "wrong_nonce", "wrong_issuer", "wrong_acr")


@dataclass
class DevClient(ClientMixin):  # type: ignore[misc]
    """A relying party registered with the provider (the portal)."""

    client_id: str
    client_secret: str
    redirect_uris: list[str] = field(default_factory=list)
    post_logout_redirect_uris: list[str] = field(default_factory=list)

    @property
    def client_metadata(self) -> dict[str, Any]:
        return {"post_logout_redirect_uris": self.post_logout_redirect_uris}

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        return self.redirect_uris[0] if self.redirect_uris else None

    def get_allowed_scope(self, scope: str) -> str:
        return scope

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return hmac.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint != "token" or method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class DevCode(AuthorizationCodeMixin):  # type: ignore[misc]
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    identity_key: str
    nonce: str | None
    acr: str
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> str:
        return self.acr

    def get_amr(self) -> list[str]:
        return ["pwd"]

    def is_expired(self) -> bool:
        return time.time() > self.auth_time + CODE_LIFETIME


@dataclass
class ProviderState:
    """Everything the provider keeps, in memory (one process serves it)."""

    issuer: str
    key: RSAKey
    clients: dict[str, DevClient] = field(default_factory=dict)
    codes: dict[str, DevCode] = field(default_factory=dict)
    # access token → (identity key, scope, expiry, client id)
    tokens: dict[str, tuple[str, str, float, str]] = field(default_factory=dict)
    faults: set[str] = field(default_factory=set)
    # FranceConnect sends the userinfo claims as a signed JWT; plain JSON otherwise.
    signed_userinfo: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def subject(self, person: TestIdentity) -> str:
        # One stable subject per identity and issuer, as opaque as FranceConnect's.
        return hashlib.sha256(f"{self.issuer}|{person.key}".encode()).hexdigest()

    def jwks(self) -> dict[str, Any]:
        return dict(KeySet([self.key]).as_dict(private=False))

    def take_fault(self) -> str | None:
        with self.lock:
            return self.faults.pop() if self.faults else None


def _state() -> ProviderState:
    from flask import current_app

    state: ProviderState = current_app.extensions["oidc_dev_provider"]
    return state


class _CodeGrant(grants.AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    def save_authorization_code(self, code: str, req: Any) -> DevCode:
        data = req.payload.data
        item = DevCode(
            code=code,
            client_id=req.client.client_id,
            redirect_uri=req.payload.redirect_uri,
            scope=req.scope,
            identity_key=req.user.key,
            nonce=data.get("nonce"),
            acr=(data.get("acr_values") or "eidas1").split()[0],
            code_challenge=data.get("code_challenge"),
            code_challenge_method=data.get("code_challenge_method"),
        )
        with _state().lock:
            _state().codes[code] = item
        return item

    def query_authorization_code(self, code: str, client: DevClient) -> DevCode | None:
        item = _state().codes.get(code)
        if item is not None and item.client_id == client.client_id and not item.is_expired():
            return item
        return None

    def delete_authorization_code(self, authorization_code: DevCode) -> None:
        with _state().lock:
            _state().codes.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code: DevCode) -> TestIdentity | None:
        return identity(authorization_code.identity_key)


class _OpenIDCode(OpenIDCode):  # type: ignore[misc]
    def resolve_client_private_key(self, client: DevClient) -> RSAKey:
        return _state().key

    def get_client_algorithm(self, client: DevClient) -> str:
        return ALGORITHM

    def get_encode_header(self, client: DevClient) -> dict[str, str]:
        return {"alg": ALGORITHM, "kid": str(_state().key.kid)}

    def get_client_claims(self, client: DevClient) -> dict[str, Any]:
        return {
            "iss": _state().issuer,
            "aud": client.client_id,
            "exp": int(time.time()) + TOKEN_LIFETIME,
        }

    def exists_nonce(self, nonce: str, req: Any) -> bool:
        return any(c.nonce == nonce for c in _state().codes.values())

    def generate_user_info(self, user: TestIdentity, scope: str) -> dict[str, Any]:
        # As FranceConnect: the ID token names the person; the claims come from userinfo.
        return {"sub": _state().subject(user)}


class _EndSession(EndSessionEndpoint):  # type: ignore[misc]
    def get_server_jwks(self) -> dict[str, Any]:
        return _state().jwks()

    def get_algorithms(self) -> list[str]:
        return [ALGORITHM]

    def end_session(self, end_session_request: Any) -> None:
        session.pop("identity", None)


def _spoil(id_token: str, fault: str) -> str:
    """The ID token re-signed with one defect the relying party must refuse."""
    state = _state()
    claims = dict(jwt.decode(id_token, state.key, algorithms=[ALGORITHM]).claims)
    key = state.key
    if fault == "bad_signature":
        key = RSAKey.generate_key(2048, parameters={"kid": str(state.key.kid)})
    elif fault == "expired":
        claims["iat"] = claims["auth_time"] = int(time.time()) - 7200
        claims["exp"] = int(time.time()) - 3600
    elif fault == "wrong_audience":
        claims["aud"] = "un-autre-service"
    elif fault == "wrong_nonce":
        claims["nonce"] = secrets.token_urlsafe(16)
    elif fault == "wrong_issuer":
        claims["iss"] = "https://fournisseur-inconnu.example"
    elif fault == "wrong_acr":
        claims["acr"] = "eidas0"
    return jwt.encode({"alg": ALGORITHM, "kid": str(state.key.kid)}, claims, key, [ALGORITHM])


def create_provider(issuer: str, clients: list[DevClient] | None = None) -> Flask:
    """The provider app; `issuer` is the URL it is served at (no trailing slash)."""
    app = Flask(__name__, template_folder="templates")
    app.config.update(
        SECRET_KEY=secrets.token_hex(32),
        # Portal and provider share the host 127.0.0.1, whose cookies ignore the port.
        SESSION_COOKIE_NAME="oidc_dev_provider",
        OAUTH2_TOKEN_EXPIRES_IN={"authorization_code": TOKEN_LIFETIME},
    )
    state = ProviderState(
        issuer=issuer.rstrip("/"),
        key=RSAKey.generate_key(2048, parameters={"kid": secrets.token_hex(8), "use": "sig"}),
        clients={c.client_id: c for c in clients or []},
    )
    app.extensions["oidc_dev_provider"] = state

    def save_token(token: dict[str, Any], req: Any) -> None:
        with state.lock:
            state.tokens[token["access_token"]] = (
                req.user.key,
                token.get("scope", ""),
                time.time() + TOKEN_LIFETIME,
                req.client.client_id,
            )

    server = AuthorizationServer(app, query_client=state.clients.get, save_token=save_token)
    server.register_grant(_CodeGrant, [_OpenIDCode(require_nonce=True), CodeChallenge(True)])
    server.register_endpoint(_EndSession)
    _routes(app, server, state)
    return app


def _routes(app: Flask, server: AuthorizationServer, state: ProviderState) -> None:
    @app.get("/.well-known/openid-configuration")
    def discovery() -> Any:
        base = state.issuer
        return jsonify(
            issuer=base,
            authorization_endpoint=f"{base}/authorize",
            token_endpoint=f"{base}/token",
            userinfo_endpoint=f"{base}/userinfo",
            jwks_uri=f"{base}/jwks",
            end_session_endpoint=f"{base}/logout",
            response_types_supported=["code"],
            subject_types_supported=["public"],
            id_token_signing_alg_values_supported=[ALGORITHM],
            token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post"],
            code_challenge_methods_supported=["S256"],
            acr_values_supported=["eidas1"],
            scopes_supported=["openid", *sorted(IDENTITIES[0].claims)],
        )

    @app.get("/jwks")
    def jwks() -> Any:
        return jsonify(state.jwks())

    @app.get("/")
    def status() -> str:
        return render_template(
            "oidc_provider/status.html", person=identity(session.get("identity", ""))
        )

    @app.route("/authorize", methods=["GET", "POST"])
    def authorize() -> Any:
        try:
            grant = server.get_consent_grant(end_user=None)
        except OAuth2Error as error:
            return render_template("oidc_provider/error.html", error=error), 400
        if request.method == "POST":
            person = identity(request.form.get("identity", ""))
            if person is None:
                abort(400)
            session["identity"] = person.key
            return server.create_authorization_response(grant_user=person, grant=grant)
        current = identity(session.get("identity", ""))
        return render_template(
            "oidc_provider/authorize.html",
            identities=IDENTITIES,
            current=current,
            client=grant.client.client_id,
        )

    @app.post("/token")
    def token() -> Any:
        response = server.create_token_response()
        fault = state.take_fault()
        body = response.get_json(silent=True) or {}
        if fault and "id_token" in body:
            body["id_token"] = _spoil(body["id_token"], fault)
            response.set_data(jsonify(body).get_data())
        return response

    @app.get("/userinfo")
    def userinfo() -> Any:
        kind, _, value = request.headers.get("Authorization", "").partition(" ")
        found = state.tokens.get(value) if kind.lower() == "bearer" else None
        if found is None or found[2] < time.time():
            return jsonify(error="invalid_token"), 401
        person = identity(found[0])
        assert person is not None
        scopes = set(found[1].split())
        claims = {k: v for k, v in person.claims.items() if k in scopes}
        if not state.signed_userinfo:
            return jsonify(sub=state.subject(person), **claims)
        signed = jwt.encode(
            {"alg": ALGORITHM, "kid": str(state.key.kid)},
            {"iss": state.issuer, "aud": found[3], "sub": state.subject(person), **claims},
            state.key,
            [ALGORITHM],
        )
        return app.response_class(signed, mimetype="application/jwt")

    @app.route("/logout", methods=["GET", "POST"])
    def logout() -> Any:
        try:
            response = server.create_endpoint_response("end_session")
        except OAuth2Error as error:
            return render_template("oidc_provider/error.html", error=error), 400
        return response or render_template("oidc_provider/status.html", person=None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5010)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    parser.add_argument("--redirect-uri", action="append", default=[])
    parser.add_argument("--post-logout-uri", action="append", default=[])
    args = parser.parse_args()
    issuer = f"http://{args.host}:{args.port}"
    client = DevClient(args.client_id, args.client_secret, args.redirect_uri, args.post_logout_uri)
    app = create_provider(issuer, [client])
    print(f"[oidc] fournisseur d'identité local sur {issuer}/", flush=True)
    app.run(host=args.host, port=args.port, debug=False, use_reloader=False)


if __name__ == "__main__":
    main()
