"""The initial password of a school pupil's credentials slip (docs/security.md).

The exam office imports thousands of pupils at once and prints their slips later, possibly
several times: the password is neither argon2-hashed at import (about 50 ms each) nor kept.
Each account holds a random 128-bit seed instead; the password is derived from it with the
server's secret key, HMAC-SHA256(SECRET_KEY, "initial-password:" + seed), written as 15
symbols of a 32-symbol alphabet (75 bits) in three groups ("K7QM4-XTP9W-HR2CD"). The
database alone gives nothing to log in with; the slip can be printed again until the pupil
chooses their own password, which clears the seed (the new password is argon2-hashed as
every other).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app

# No I, O, 0 nor 1: nothing to confuse on paper. 32 symbols, 5 bits each.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
SYMBOLS = 15
GROUP = 5
_LABEL = b"initial-password:"


def new_seed() -> str:
    return secrets.token_hex(16)


def derive(seed: str, key: str | bytes | None = None) -> str:
    """The password the seed gives under the server's key, grouped for the slip."""
    secret = key if key is not None else current_app.config["SECRET_KEY"]
    raw = secret.encode("utf-8") if isinstance(secret, str) else secret
    digest = int.from_bytes(hmac.new(raw, _LABEL + seed.encode("ascii"), hashlib.sha256).digest())
    symbols = []
    for _ in range(SYMBOLS):
        digest, index = divmod(digest, len(ALPHABET))
        symbols.append(ALPHABET[index])
    text = "".join(symbols)
    return "-".join(text[i:i + GROUP] for i in range(0, SYMBOLS, GROUP))


def _bare(text: str) -> str:
    return "".join(c for c in text.upper() if c.isalnum())


def matches(seed: str | None, typed: str, key: str | bytes | None = None) -> bool:
    """Whether `typed` is the seed's password (case, spaces and dashes aside)."""
    if not seed:
        return False
    return hmac.compare_digest(_bare(derive(seed, key)).encode(), _bare(typed).encode("utf-8"))
