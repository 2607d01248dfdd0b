"""How the portal names a link to a file (RGAA 6.1, 13.3): its format, size and new window."""

from __future__ import annotations

FORMATS = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


def file_size(size: int) -> str:
    """The size as French readers write it: "48 ko", "1,2 Mo" (1 ko = 1 024 octets)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} ko"
    return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")


def link_details(stored: object) -> str:
    """What a link opening a stored file says after its name: "PDF, 48 ko, nouvelle fenêtre".

    A generated document holds its bytes (`content`); an uploaded piece, its `size`.
    """
    content_type = str(getattr(stored, "content_type", ""))
    size = getattr(stored, "size", None)
    if size is None:
        size = len(getattr(stored, "content", b""))
    kind = FORMATS.get(content_type, content_type or "fichier")
    return f"{kind}, {file_size(int(size))}, nouvelle fenêtre"
