"""Upload checks: the content decides the type, never the name; only whole PDF, JPEG, PNG pass."""

from __future__ import annotations

import io

import pytest
from pieces_support import EXECUTABLE, image_bytes, pdf_bytes, zip_bytes

from web.core.uploads import (
    MSG_DAMAGED,
    MSG_EMPTY,
    MSG_EXTENSION,
    MSG_NAME_CONTROL,
    MSG_NAME_PATH,
    MSG_NO_FILE,
    MSG_PDF_ACTIVE,
    MSG_PDF_ENCRYPTED,
    MSG_POLYGLOT,
    MSG_TOO_LARGE,
    MSG_TYPE,
    UploadRefused,
    check_upload,
    clean_name,
    formats_label,
)

ALL = ("pdf", "jpg", "png")


def refusal(data: bytes, name: str, formats: tuple[str, ...] = ALL, max_mb: int = 5) -> str:
    with pytest.raises(UploadRefused) as refused:
        check_upload(data, name, formats, max_mb)
    return refused.value.message


@pytest.mark.parametrize(
    ("data", "name", "fmt", "content_type"),
    [
        (pdf_bytes(), "carte-identite.pdf", "pdf", "application/pdf"),
        (image_bytes("JPEG"), "photo.JPG", "jpg", "image/jpeg"),
        (image_bytes("JPEG"), "photo.jpeg", "jpg", "image/jpeg"),
        (image_bytes("PNG"), "scan recto.png", "png", "image/png"),
    ],
)
def test_a_whole_pdf_jpeg_or_png_passes_with_its_type_size_and_sha256(
    data: bytes, name: str, fmt: str, content_type: str
) -> None:
    import hashlib

    checked = check_upload(data, name, ALL, 5)
    assert (checked.format, checked.content_type, checked.name) == (fmt, content_type, name)
    assert checked.size == len(data) and checked.sha256 == hashlib.sha256(data).hexdigest()


def test_a_renamed_executable_is_refused_whatever_its_name() -> None:
    for name in ("carte.pdf", "photo.jpg", "scan.png"):
        assert refusal(EXECUTABLE, name) == MSG_TYPE.format(formats="PDF, JPEG ou PNG")


def test_a_script_or_text_file_named_pdf_is_refused() -> None:
    assert refusal(b"#!/bin/sh\nrm -rf /\n", "carte.pdf") == MSG_TYPE.format(
        formats="PDF, JPEG ou PNG"
    )


def test_a_pdf_renamed_jpg_is_refused_even_where_pdf_is_accepted() -> None:
    message = refusal(pdf_bytes(), "photo.jpg")
    assert message == MSG_EXTENSION.format(actual="PDF", extensions=".pdf")
    assert "son nom doit se terminer par .pdf" in message


def test_a_jpeg_renamed_pdf_is_refused() -> None:
    assert refusal(image_bytes("JPEG"), "carte.pdf") == MSG_EXTENSION.format(
        actual="JPEG", extensions=".jpg ou .jpeg"
    )


def test_a_picture_is_refused_where_the_piece_asks_for_a_pdf() -> None:
    assert refusal(image_bytes("PNG"), "scan.png", ("pdf",)) == MSG_TYPE.format(formats="PDF")


def test_a_pdf_followed_by_a_zip_is_a_refused_polyglot() -> None:
    assert refusal(pdf_bytes() + zip_bytes(), "carte.pdf") == MSG_POLYGLOT.format(format="PDF")


def test_a_pdf_with_data_after_its_end_is_refused() -> None:
    assert refusal(pdf_bytes() + b"\nexec('payload')\n", "carte.pdf") == MSG_POLYGLOT.format(
        format="PDF"
    )


def test_a_zip_wrapped_around_a_pdf_is_refused() -> None:
    # A PDF as the archive's first member: the file starts as a ZIP.
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("a.pdf", pdf_bytes())
    assert refusal(out.getvalue(), "carte.pdf") == MSG_TYPE.format(formats="PDF, JPEG ou PNG")


@pytest.mark.parametrize("pillow_format", ["JPEG", "PNG"])
@pytest.mark.parametrize(
    "trailer", [b"<script>alert(1)</script>", b"<?php system($_GET['c']); ?>", b"trailing"]
)
def test_an_image_with_a_script_or_data_after_its_end_is_refused(
    pillow_format: str, trailer: bytes
) -> None:
    ext = {"JPEG": "jpg", "PNG": "png"}[pillow_format]
    message = refusal(image_bytes(pillow_format) + trailer, f"photo.{ext}")
    assert message == MSG_POLYGLOT.format(format=pillow_format)


def test_an_image_followed_by_a_zip_is_refused() -> None:
    assert refusal(image_bytes("PNG") + zip_bytes(), "scan.png") == MSG_POLYGLOT.format(
        format="PNG"
    )


def test_a_camera_jpeg_with_a_second_picture_after_the_first_passes() -> None:
    # Phones append a gain map or MPF pictures after the main one: whole JPEG streams only.
    checked = check_upload(image_bytes("JPEG") + image_bytes("JPEG", (40, 30)), "photo.jpg",
                           ALL, 5)
    assert checked.format == "jpg"


def test_a_pdf_with_javascript_is_refused() -> None:
    active = pdf_bytes().replace(
        b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
    )
    assert refusal(active, "carte.pdf") == MSG_PDF_ACTIVE


def test_a_pdf_with_a_password_is_refused() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt("secret-utilisateur", "secret-proprietaire", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    assert refusal(out.getvalue(), "carte.pdf") == MSG_PDF_ENCRYPTED


def test_a_pdf_restricted_by_an_owner_password_only_passes() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt("", "secret-proprietaire", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    assert check_upload(out.getvalue(), "attestation.pdf", ALL, 5).format == "pdf"


@pytest.mark.parametrize(
    ("data", "name", "label"),
    [
        (pdf_bytes()[:200], "carte.pdf", "PDF"),
        (image_bytes("JPEG")[:-120], "photo.jpg", "JPEG"),
        (image_bytes("PNG")[:-30], "scan.png", "PNG"),
    ],
)
def test_a_truncated_file_is_refused_as_damaged(data: bytes, name: str, label: str) -> None:
    assert refusal(data, name) == MSG_DAMAGED.format(format=label)


def test_an_empty_file_is_refused() -> None:
    assert refusal(b"", "carte.pdf") == MSG_EMPTY


def test_a_file_over_the_pieces_maximum_is_refused_with_the_maximum_in_mo() -> None:
    big = pdf_bytes() + b" " * (1024 * 1024)
    assert refusal(big, "carte.pdf", max_mb=1) == MSG_TOO_LARGE.format(max_mb=1)
    assert "(1 Mo)" in MSG_TOO_LARGE.format(max_mb=1)


@pytest.mark.parametrize(
    "name", ["../carte.pdf", "..\\..\\carte.pdf", "dossier/carte.pdf", "/etc/passwd.pdf", ".."]
)
def test_a_name_with_a_path_is_refused(name: str) -> None:
    assert refusal(pdf_bytes(), name) == MSG_NAME_PATH


@pytest.mark.parametrize(
    "name", ["carte\x00.pdf", "carte.pdf\x00.exe", "carte\x07.pdf", "carte\r\n.pdf",
             "carte\x7f.pdf", "photo\u202egpj.exe"],
)
def test_a_name_with_a_nul_byte_or_control_characters_is_refused(name: str) -> None:
    assert refusal(pdf_bytes(), name) == MSG_NAME_CONTROL


def test_no_name_means_no_file_chosen() -> None:
    assert refusal(pdf_bytes(), "") == MSG_NO_FILE


def test_a_long_name_is_shortened_for_display_keeping_its_extension() -> None:
    name = clean_name("attestation " * 20 + ".pdf")
    assert len(name) <= 120 and name.endswith(".pdf")
    assert clean_name("  relevé   de   notes.pdf ") == "relevé de notes.pdf"


def test_the_formats_read_as_a_candidate_reads_them() -> None:
    assert formats_label(["pdf"]) == "PDF"
    assert formats_label(["pdf", "jpg", "jpeg", "png"]) == "PDF, JPEG ou PNG"
