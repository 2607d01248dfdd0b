"""Text keys: names compared without accents, case or extra spaces (search, sorting)."""

from __future__ import annotations

import unicodedata


def search_key(text: str) -> str:
    """'Lamy-Lefèvre  ' → 'LAMY-LEFEVRE': upper case, no accents, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.upper().replace("Œ", "OE").replace("Æ", "AE").split())


def prefix_bounds(prefix: str) -> tuple[str, str]:
    """[low, high) such that low <= key < high holds for the keys starting with `prefix`.

    A range instead of LIKE: it uses the plain b-tree index on SQLite and PostgreSQL alike.
    It needs code-point order, which the key columns declare (`KeyString`: collation "C"
    on PostgreSQL, SQLite's default BINARY).
    """
    return prefix, prefix + "\U0010ffff"
