"""Real files to upload in tests: a PDF, JPEG and PNG, a ZIP, the start of an executable."""

from __future__ import annotations

import io
import zipfile


def pdf_bytes(pages: int = 1) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(pillow_format: str, size: tuple[int, int] = (160, 100)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(out, format=pillow_format)
    return out.getvalue()


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("lisez-moi.txt", "bonjour")
    return out.getvalue()


# The start of a Windows executable: what a renamed .exe begins with.
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 240
