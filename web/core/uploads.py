"""Checks of an uploaded file: its content decides its type, and only whole PDF, JPEG, PNG pass.

Nothing here trusts the file name or the browser's content type: the bytes are identified
(`filetype`), then parsed to their end (pypdf, a JPEG marker walk, PNG chunk CRCs, a Pillow
decode), so that a renamed executable, a file whose name lies about its content, a polyglot
(a PDF followed by a ZIP, an image with a script appended) or a damaged file is refused with a
French message before anything is stored.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import filetype

# The spec's formats (engine/spec/schema.json piece_formats) and what each is.
FORMAT_OF_EXTENSION = {"pdf": "pdf", "jpg": "jpg", "jpeg": "jpg", "png": "png"}
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}
FORMAT_LABELS = {"pdf": "PDF", "jpg": "JPEG", "png": "PNG"}
NAME_MAX = 120
IMAGE_MAX_PIXELS = 40_000_000
# Trailing bytes some writers leave after the end of a file; anything else is refused.
PADDING = b" \t\r\n\f\x00"
# Content that has no place in a piece justificative, whatever the format. Patterns are long
# enough never to turn up by chance in compressed picture data (a 3-byte one would, in 1 of
# every few large files).
FOREIGN_CONTENT = re.compile(rb"<script[\s>/]|<\?php\s|<html[\s>]", re.IGNORECASE)
PDF_ACTIVE = re.compile(rb"/(?:JavaScript|Launch|EmbeddedFiles?|RichMedia)(?![A-Za-z])")
PDF_ACTIVE_NAMES = ("/JavaScript", "/JS", "/Launch", "/EmbeddedFiles", "/RichMedia")
# Unicode format characters that can make a name read otherwise than it is ("fdp.exe" shown
# as "exe.pdf"): the bidirectional embeddings, overrides and isolates.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")

MSG_NO_FILE = "Choisissez un fichier à déposer."
MSG_NAME_PATH = (
    "Le nom du fichier ne doit pas contenir de chemin (« / », « \\ » ou « .. ») : "
    "renommez le fichier puis déposez-le de nouveau."
)
MSG_NAME_CONTROL = (
    "Le nom du fichier contient des caractères non autorisés (caractères de contrôle) : "
    "renommez le fichier puis déposez-le de nouveau."
)
MSG_EMPTY = "Le fichier est vide : choisissez le fichier de votre pièce justificative."
MSG_TOO_LARGE = (
    "Le fichier dépasse la taille maximale autorisée pour cette pièce ({max_mb} Mo) : "
    "réduisez sa taille (par exemple en le numérisant à une résolution plus faible) puis "
    "déposez-le de nouveau."
)
MSG_TYPE = (
    "Ce type de fichier n'est pas accepté pour cette pièce : seuls les fichiers {formats} "
    "sont acceptés. Le contenu du fichier est vérifié, quel que soit son nom."
)
MSG_EXTENSION = (
    "Le nom du fichier ne correspond pas à son contenu : c'est un fichier {actual}, son nom "
    "doit se terminer par {extensions}. Renommez-le puis déposez-le de nouveau."
)
MSG_DAMAGED = (
    "Le fichier {format} est endommagé ou incomplet et ne peut pas être lu : enregistrez-le "
    "de nouveau puis déposez-le."
)
MSG_POLYGLOT = (
    "Le fichier contient, en plus du document {format}, des données d'un autre type "
    "(archive, script ou données ajoutées à la fin) : il est refusé. Enregistrez votre "
    "document de nouveau au format {format} puis déposez-le."
)
MSG_PDF_ENCRYPTED = (
    "Le fichier PDF est protégé par un mot de passe : le service des examens ne pourrait pas "
    "l'ouvrir. Déposez une version sans mot de passe."
)
MSG_PDF_ACTIVE = (
    "Le fichier PDF contient du contenu actif (script, fichier joint ou lancement "
    "d'application) : il est refusé. Enregistrez-le de nouveau en PDF simple (par exemple "
    "avec « Imprimer en PDF ») puis déposez-le."
)
MSG_IMAGE_TOO_BIG = (
    "L'image est trop grande (plus de 40 millions de pixels) : réduisez sa définition puis "
    "déposez-la de nouveau."
)


class UploadRefused(Exception):
    """A file that may not be stored, with the French reason shown to the candidate."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedUpload:
    """An accepted file: its bytes, what they are, and the cleaned name shown back."""

    data: bytes
    name: str
    format: str
    content_type: str
    size: int
    sha256: str


def formats_label(formats: Sequence[str]) -> str:
    """"PDF", "PDF, JPEG ou PNG": the spec's formats as a candidate reads them."""
    labels = list(dict.fromkeys(FORMAT_LABELS[FORMAT_OF_EXTENSION[f]] for f in formats))
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " ou " + labels[-1]


def accepted_extensions(formats: Sequence[str]) -> list[str]:
    """The name endings a browser's file picker may offer (.pdf, .jpg, .jpeg, .png)."""
    wanted = {FORMAT_OF_EXTENSION[f] for f in formats}
    return [f".{ext}" for ext, fmt in FORMAT_OF_EXTENSION.items() if fmt in wanted]


def clean_name(raw: str | None) -> str:
    """The name to show back (never used as a path); UploadRefused for a path or controls."""
    if not raw or not raw.strip():
        raise UploadRefused(MSG_NO_FILE)
    if any(unicodedata.category(c) in ("Cc", "Cs") or c in BIDI_CONTROLS for c in raw):
        raise UploadRefused(MSG_NAME_CONTROL)
    if "/" in raw or "\\" in raw or raw.strip() in (".", ".."):
        raise UploadRefused(MSG_NAME_PATH)
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    if len(name) > NAME_MAX:
        stem, dot, ext = name.rpartition(".")
        keep = f".{ext}" if dot and len(ext) <= 10 else ""
        name = (stem if keep else name)[: NAME_MAX - len(keep)].rstrip() + keep
    return name


def extension_of(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def max_bytes(max_size_mb: int) -> int:
    return max_size_mb * 1024 * 1024


def check_upload(
    data: bytes, name: str | None, formats: Sequence[str], max_size_mb: int
) -> CheckedUpload:
    """The accepted file, or UploadRefused with the first reason it may not be stored.

    `data` may be one byte longer than the maximum (the caller reads no more than that).
    """
    shown = clean_name(name)
    if not data:
        raise UploadRefused(MSG_EMPTY)
    if len(data) > max_bytes(max_size_mb):
        raise UploadRefused(MSG_TOO_LARGE.format(max_mb=max_size_mb))
    allowed = {FORMAT_OF_EXTENSION[f] for f in formats}
    kind = filetype.guess(data)
    actual = FORMAT_OF_EXTENSION.get(kind.extension) if kind is not None else None
    if actual is None or actual not in allowed:
        raise UploadRefused(MSG_TYPE.format(formats=formats_label(formats)))
    if FORMAT_OF_EXTENSION.get(extension_of(shown)) != actual:
        endings = " ou ".join(accepted_extensions([actual]))
        raise UploadRefused(
            MSG_EXTENSION.format(actual=FORMAT_LABELS[actual], extensions=endings)
        )
    label = FORMAT_LABELS[actual]
    if FOREIGN_CONTENT.search(data) or _is_zip(data):
        raise UploadRefused(MSG_POLYGLOT.format(format=label))
    {"pdf": _check_pdf, "jpg": _check_jpeg, "png": _check_png}[actual](data)
    return CheckedUpload(
        data=data, name=shown, format=actual, content_type=CONTENT_TYPES[actual],
        size=len(data), sha256=hashlib.sha256(data).hexdigest(),
    )


def _is_zip(data: bytes) -> bool:
    # zipfile looks for the end-of-archive record from the end: an archive appended to, or
    # wrapped around, another file is found whatever the file starts with.
    try:
        return zipfile.is_zipfile(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - an unreadable archive is no archive
        return False


def _refuse_trailer(rest: bytes, label: str) -> None:
    if rest.strip(PADDING):
        raise UploadRefused(MSG_POLYGLOT.format(format=label))


# ---------------------------------------------------------------------------- PDF


def _check_pdf(data: bytes) -> None:
    end = data.rfind(b"%%EOF")
    if end < 0:
        raise UploadRefused(MSG_DAMAGED.format(format="PDF"))
    _refuse_trailer(data[end + 5:], "PDF")
    if PDF_ACTIVE.search(data):
        raise UploadRefused(MSG_PDF_ACTIVE)
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        # An owner password (printing or copying restricted) opens with an empty user password.
        if reader.is_encrypted and not reader.decrypt(""):
            raise UploadRefused(MSG_PDF_ENCRYPTED)
        pages = list(reader.pages)
        active = _pdf_active(reader, pages)
    except UploadRefused:
        raise
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        if "password" in str(error).lower() or "decrypt" in str(error).lower():
            raise UploadRefused(MSG_PDF_ENCRYPTED) from error
        raise UploadRefused(MSG_DAMAGED.format(format="PDF")) from error
    if not pages:
        raise UploadRefused(MSG_DAMAGED.format(format="PDF"))
    if active:
        raise UploadRefused(MSG_PDF_ACTIVE)


def _pdf_active(reader: object, pages: list[object]) -> bool:
    """Scripts, launch actions or attached files where a compressed object stream hides them."""
    root = reader.trailer["/Root"]  # type: ignore[attr-defined]
    names = root.get("/Names")
    if names is not None and any(k in names.get_object() for k in PDF_ACTIVE_NAMES):
        return True
    if "/AA" in root or _is_active_action(root.get("/OpenAction")):
        return True
    for page in pages:
        if "/AA" in page:  # type: ignore[operator]
            return True
        for annot in page.get("/Annots") or []:  # type: ignore[attr-defined]
            annot = annot.get_object()
            if "/AA" in annot or _is_active_action(annot.get("/A")):
                return True
            if annot.get("/Subtype") in ("/FileAttachment", "/RichMedia", "/Screen"):
                return True
    return False


def _is_active_action(action: object) -> bool:
    if action is None or not hasattr(action, "get_object"):
        return False
    found = action.get_object()
    return hasattr(found, "get") and found.get("/S") in ("/JavaScript", "/Launch", "/ImportData")


# ---------------------------------------------------------------------------- images


def _check_jpeg(data: bytes) -> None:
    end = _jpeg_end(data, 0)
    # Cameras write extra pictures (a gain map, MPF images) after the first: whole JPEG
    # streams may follow, nothing else may.
    for _ in range(8):
        rest = data[end:].lstrip(PADDING)
        if not rest:
            break
        if not rest.startswith(b"\xff\xd8\xff"):
            raise UploadRefused(MSG_POLYGLOT.format(format="JPEG"))
        end = _jpeg_end(data, len(data) - len(rest))
    else:
        _refuse_trailer(data[end:], "JPEG")
    _decode_image(data, "JPEG")


def _jpeg_end(data: bytes, start: int) -> int:
    """The offset after the EOI marker of the JPEG stream beginning at `start`."""
    damaged = UploadRefused(MSG_DAMAGED.format(format="JPEG"))
    size = len(data)
    i = start + 2
    while i < size:
        if data[i] != 0xFF:
            raise damaged
        while i < size and data[i] == 0xFF:
            i += 1
        if i >= size:
            raise damaged
        marker = data[i]
        i += 1
        if marker == 0xD9:
            return i
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue
        if i + 2 > size:
            raise damaged
        length = int.from_bytes(data[i:i + 2], "big")
        if length < 2:
            raise damaged
        i += length
        if marker == 0xDA:
            # Entropy-coded data: FF 00 is a stuffed byte and FF D0-D7 a restart marker;
            # any other FF xx ends the scan.
            while True:
                j = data.find(b"\xff", i)
                if j < 0 or j + 1 >= size:
                    raise damaged
                following = data[j + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    i = j + 2
                elif following == 0xFF:
                    i = j + 1
                else:
                    i = j
                    break
    raise damaged


def _check_png(data: bytes) -> None:
    damaged = UploadRefused(MSG_DAMAGED.format(format="PNG"))
    i = 8
    first = True
    while True:
        if i + 12 > len(data):
            raise damaged
        length = int.from_bytes(data[i:i + 4], "big")
        kind = data[i + 4:i + 8]
        end = i + 12 + length
        if length > 0x7FFFFFFF or end > len(data) or (first and kind != b"IHDR"):
            raise damaged
        if zlib.crc32(data[i + 4:end - 4]) != int.from_bytes(data[end - 4:end], "big"):
            raise damaged
        first = False
        i = end
        if kind == b"IEND":
            break
    _refuse_trailer(data[i:], "PNG")
    _decode_image(data, "PNG")


def _decode_image(data: bytes, pillow_format: str) -> None:
    """Decode the picture whole (a JPEG at 1/8 scale): truncated or corrupt data fails."""
    from PIL import Image

    damaged = UploadRefused(MSG_DAMAGED.format(format=pillow_format))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[pillow_format]) as image:
                width, height = image.size
                if width * height > IMAGE_MAX_PIXELS:
                    raise UploadRefused(MSG_IMAGE_TOO_BIG)
                if pillow_format == "JPEG":
                    image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
                image.load()
    except UploadRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise UploadRefused(MSG_IMAGE_TOO_BIG) from error
    except Exception as error:  # noqa: BLE001 - Pillow raises OSError, SyntaxError, ValueError…
        raise damaged from error
