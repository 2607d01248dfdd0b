"""The viewer's title and the language of every portal PDF: written into ReportLab's output in
place (one cross-reference table, renumbered), any other PDF through pypdf."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from engine.confirmation.reader_metadata import with_reader_metadata
from engine.confirmation.render import _pdf

HTML = (
    '<html lang="fr"><head><meta charset="utf-8"><title>Brouillon</title></head>'
    "<body><h2>CONVOCATION</h2><p>Épreuve 001 - Entretien</p></body></html>"
)
# Letters outside the PDF's font encoding and the characters a literal string escapes.
TITLE = "Convocation - Nguyễn (Văn) \\ ) - inscription n° 007"


def offsets_point_at_their_objects(pdf: bytes) -> bool:
    start = int(re.findall(rb"startxref\s+(\d+)", pdf)[-1])
    rows = pdf[start:].split(b"\n")
    count = int(rows[1].split()[1])
    return all(
        pdf[int(row[:10]) :].startswith(b"%d 0 obj" % number)
        for number, row in enumerate(rows[2 : 2 + count])
        if row.strip().endswith(b"n")
    )


def metadata_of(pdf: bytes) -> tuple[str, str, bool, str]:
    reader = PdfReader(io.BytesIO(pdf), strict=True)
    root = reader.trailer["/Root"]
    assert reader.metadata is not None
    return (
        str(reader.metadata.title),
        str(root["/Lang"]),
        bool(root["/ViewerPreferences"]["/DisplayDocTitle"]),
        " ".join((reader.pages[0].extract_text() or "").split()),
    )


def test_reportlab_output_is_titled_in_place_with_its_table_renumbered() -> None:
    raw = _pdf(HTML)
    pdf = with_reader_metadata(raw, TITLE)
    # Still ReportLab's file: one table, its header and producer kept, every offset right.
    assert pdf.count(b"\nxref\n") == 1 and pdf.startswith(raw[:9])
    assert offsets_point_at_their_objects(pdf)
    assert metadata_of(pdf) == (TITLE, "fr-FR", True, "CONVOCATION Épreuve 001 - Entretien")
    assert PdfReader(io.BytesIO(pdf)).metadata.producer.startswith("xhtml2pdf")  # type: ignore[union-attr]


def test_another_pdf_goes_through_pypdf_and_gets_the_same() -> None:
    once = with_reader_metadata(_pdf(HTML), "Premier titre")
    # A PDF that already has viewer preferences is not ReportLab's plain output.
    again = with_reader_metadata(once, TITLE)
    assert metadata_of(again) == (TITLE, "fr-FR", True, "CONVOCATION Épreuve 001 - Entretien")


# A table that is not at its offset, trailing bytes after the end of the file.
@pytest.mark.parametrize("suffix", [b"\nstartxref\n1\n%%EOF\n", b"junk"])
def test_a_file_it_cannot_read_is_left_to_pypdf(suffix: bytes) -> None:
    pdf = with_reader_metadata(_pdf(HTML) + suffix, TITLE)
    assert metadata_of(pdf)[:3] == (TITLE, "fr-FR", True)
