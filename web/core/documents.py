"""How the portal names a document link (RGAA 6.1, 13.3): its format, size and new window."""

from __future__ import annotations

from typing import Protocol

FORMATS = {"application/pdf": "PDF"}


class StoredDocument(Protocol):
    content: bytes
    content_type: str


def file_size(size: int) -> str:
    """The size as French readers write it: "48 ko", "1,2 Mo" (1 ko = 1 024 octets)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} ko"
    return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")


def link_details(doc: StoredDocument) -> str:
    """What a link opening the stored file says after its name: "PDF, 48 ko, nouvelle fenêtre"."""
    kind = FORMATS.get(doc.content_type, doc.content_type)
    return f"{kind}, {file_size(len(doc.content))}, nouvelle fenêtre"
