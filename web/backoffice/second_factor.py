"""The staff's second factor: TOTP secrets and codes (pyotp), QR code, single-use recovery codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import pyotp
import segno
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.core.models import Account, RecoveryCode, utcnow

ISSUER = "examforms gestion"
RECOVERY_CODES = 10
# Alphabet without look-alikes (0/O, 1/I/L): codes are read from paper.
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def ensure_secret(account: Account) -> str:
    """The secret being enrolled: kept while unconfirmed, so a reloaded page shows the same QR."""
    if account.totp_secret is None:
        account.totp_secret = pyotp.random_base32()
    return account.totp_secret


def provisioning_uri(account: Account, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account.email, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    """The QR code as a data: URI SVG image (allowed by the portal's CSP, no inline style)."""
    return str(segno.make(uri, error="m").svg_data_uri(scale=5, border=2))


def grouped_secret(secret: str) -> str:
    """'JBSW Y3DP EHPK 3PXP' for typing the secret by hand into an authenticator app."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _clean(code: str) -> str:
    return "".join(c for c in code if not c.isspace() and c != "-").upper()


def verify_totp(account: Account, code: str, now: float | None = None) -> bool:
    """A code of the current 30-second step (or the one either side), never one used before.

    The accepted step is remembered on the account: a code seen by someone looking over the
    shoulder cannot open a second session.
    """
    secret = account.totp_secret
    code = _clean(code)
    if not secret or len(code) != 6 or not code.isdigit():
        return False
    totp = pyotp.TOTP(secret)
    moment = time.time() if now is None else now
    current = int(moment // totp.interval)
    for step in (current - 1, current, current + 1):
        if account.totp_last_step is not None and step <= account.totp_last_step:
            continue
        if hmac.compare_digest(totp.at(step * totp.interval), code):
            account.totp_last_step = step
            return True
    return False


def _digest(code: str) -> str:
    return hashlib.sha256(_clean(code).encode("ascii")).hexdigest()


def new_recovery_codes(db: Session, account: Account) -> list[str]:
    """Replace the account's recovery codes by ten new ones, returned once in clear."""
    for old in db.scalars(select(RecoveryCode).where(RecoveryCode.account_id == account.id)):
        db.delete(old)
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.add(RecoveryCode(account_id=account.id, code_hash=_digest(raw)))
    return codes


def use_recovery_code(db: Session, account: Account, code: str) -> bool:
    """Spend one unused recovery code of the account; False if it is not one."""
    if len(_clean(code)) != 10:
        return False
    found = db.scalar(
        select(RecoveryCode).where(
            RecoveryCode.account_id == account.id,
            RecoveryCode.code_hash == _digest(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if found is None:
        return False
    found.used_at = utcnow()
    return True


def remaining_recovery_codes(db: Session, account: Account) -> int:
    rows = db.scalars(
        select(RecoveryCode.id).where(
            RecoveryCode.account_id == account.id, RecoveryCode.used_at.is_(None)
        )
    )
    return len(list(rows))


def reset(db: Session, account: Account) -> None:
    """Forget the second factor (lost device): the next login enrols a new one."""
    account.totp_secret = None
    account.totp_confirmed_at = None
    account.totp_last_step = None
    for old in db.scalars(select(RecoveryCode).where(RecoveryCode.account_id == account.id)):
        db.delete(old)
