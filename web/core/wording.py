"""French wording of counts: "1 candidature", "3 candidatures", never "candidature(s)"."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str) -> str:
    """`count` and the words agreeing with it; 0 and 1 take the singular, as French does
    ("0 note enregistrée", "1 note enregistrée", "2 notes enregistrées")."""
    return f"{count} {singular if abs(count) < 2 else plural}"
