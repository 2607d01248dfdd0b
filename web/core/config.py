"""Configuration read from environment variables, with safe development defaults."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from web.core.external import parse_proxies

# The identity claims of the account (FranceConnect names each claim as a scope).
DEFAULT_OIDC_SCOPES = (
    "openid given_name family_name preferred_username birthdate birthplace birthcountry "
    "gender email"
)


def from_environment(instance_path: str) -> dict[str, Any]:
    """The settings of one process; every value can be overridden by test_config."""
    env = os.environ
    debug = env.get("FLASK_DEBUG", "0") in ("1", "true", "True")
    secret = env.get("SECRET_KEY")
    if not secret:
        # A random key per process is safe but logs everyone out on restart; production sets one.
        secret = secrets.token_hex(32)
    return {
        "SECRET_KEY": secret,
        "DATABASE_URL": env.get(
            "DATABASE_URL", f"sqlite:///{Path(instance_path) / 'examforms.sqlite3'}"
        ),
        "MAIL_SERVER": env.get("MAIL_SERVER", "127.0.0.1"),
        "MAIL_PORT": int(env.get("MAIL_PORT", "8025")),
        "MAIL_SENDER": env.get("MAIL_SENDER", "ne-pas-repondre@examforms.localhost"),
        "MAIL_TIMEOUT": float(env.get("MAIL_TIMEOUT", "10")),
        # A relay that wants STARTTLS and a login (a production SMTP server, not the demo sink).
        "MAIL_USE_TLS": env.get("MAIL_USE_TLS", "0") == "1",
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        # Every link sent by mail starts with this address (never the request's Host header).
        "PUBLIC_BASE_URL": env.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000"),
        "PORTAL_NAME": env.get("PORTAL_NAME", "EXAMFORMS"),
        "SERVICE_NAME": env.get("SERVICE_NAME", "Inscriptions aux examens"),
        # The accessibility statement's contact (décret 2019-768): who answers a reader who
        # cannot reach a content; the exam offices' own addresses are listed beside it.
        "ACCESSIBILITY_CONTACT_EMAIL": env.get("ACCESSIBILITY_CONTACT_EMAIL", ""),
        # Pieces justificatives: "local" keeps them in UPLOAD_FOLDER (outside any served
        # folder), "s3" in a bucket shared by every app server (docs/operations.md).
        "STORAGE_BACKEND": env.get("STORAGE_BACKEND", "local"),
        "UPLOAD_FOLDER": env.get("UPLOAD_FOLDER", str(Path(instance_path) / "uploads")),
        "S3_BUCKET": env.get("S3_BUCKET", ""),
        "S3_ENDPOINT_URL": env.get("S3_ENDPOINT_URL") or None,
        "S3_REGION": env.get("S3_REGION") or None,
        # Background jobs (documents published by the office): huey's queue, on a SQLite
        # file by default, postgresql://… or redis://… when several machines share the work;
        # JOBS_IMMEDIATE=1 runs each task in the process that queues it (no worker).
        "JOBS_QUEUE_URL": env.get(
            "JOBS_QUEUE_URL", f"sqlite:///{Path(instance_path) / 'jobs-queue.sqlite3'}"
        ),
        "JOBS_IMMEDIATE": env.get("JOBS_IMMEDIATE", "0") == "1",
        "JOBS_CHUNK_SIZE": int(env.get("JOBS_CHUNK_SIZE", "50")),
        "EXAMS_DIR": env.get("EXAMS_DIR", "exams"),
        "DSFR_DIR": env.get("DSFR_DIR", "node_modules/@gouvfr/dsfr/dist"),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "LOGIN_LIMIT_PER_ACCOUNT": env.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes"),
        "LOGIN_LIMIT_PER_ADDRESS": env.get("LOGIN_LIMIT_PER_ADDRESS", "30 per 15 minutes"),
        "FORGOT_LIMIT_PER_ADDRESS": env.get("FORGOT_LIMIT_PER_ADDRESS", "20 per hour"),
        # Operations (docs/operations.md): JSON request log lines on stderr, and who may read
        # /metrics (these addresses or networks, or a bearer token).
        "REQUEST_LOG": env.get("REQUEST_LOG", "1") != "0",
        "METRICS_ALLOWED_ADDRESSES": env.get("METRICS_ALLOWED_ADDRESSES", "127.0.0.1,::1"),
        "METRICS_TOKEN": env.get("METRICS_TOKEN", ""),
        # The forgotten-password answer takes at least this long, known account or not.
        "FORGOT_MIN_SECONDS": float(env.get("FORGOT_MIN_SECONDS", "0.4")),
        # Creation attempts (successful or refused) from one address.
        "CREATE_LIMIT_PER_ADDRESS": env.get("CREATE_LIMIT_PER_ADDRESS", "20 per hour"),
        # Behind a load balancer, the client's address comes from X-Forwarded-For (1 hop), read
        # only on requests from these addresses (comma-separated); none by default.
        "TRUSTED_PROXIES": parse_proxies(env.get("TRUSTED_PROXIES", "")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": not debug and env.get("SESSION_COOKIE_SECURE", "1") != "0",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # Candidates' sessions: ended after this idle time, or this long after the login.
        "CANDIDATE_IDLE_MINUTES": int(env.get("CANDIDATE_IDLE_MINUTES", "30")),
        "CANDIDATE_SESSION_HOURS": int(env.get("CANDIDATE_SESSION_HOURS", "12")),
        # Back-office sessions: ended after this idle time, or this long after the login.
        "STAFF_IDLE_MINUTES": int(env.get("STAFF_IDLE_MINUTES", "30")),
        "STAFF_SESSION_HOURS": int(env.get("STAFF_SESSION_HOURS", "10")),
        # FranceConnect (any OpenID Connect provider): on when the issuer, the client id and
        # its secret are set (docs/security.md). The redirect URIs are built on PUBLIC_BASE_URL.
        "OIDC_ISSUER": env.get("OIDC_ISSUER", ""),
        "OIDC_DISCOVERY_URL": env.get("OIDC_DISCOVERY_URL", ""),
        "OIDC_CLIENT_ID": env.get("OIDC_CLIENT_ID", ""),
        "OIDC_CLIENT_SECRET": env.get("OIDC_CLIENT_SECRET", ""),
        "OIDC_SCOPES": env.get("OIDC_SCOPES", DEFAULT_OIDC_SCOPES),
        "OIDC_ACR_VALUES": env.get("OIDC_ACR_VALUES", "eidas1"),
        "OIDC_ID_TOKEN_ALGORITHMS": env.get("OIDC_ID_TOKEN_ALGORITHMS", "RS256,ES256"),
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", str(10 * 1024 * 1024))),
        "WTF_CSRF_TIME_LIMIT": None,
    }
