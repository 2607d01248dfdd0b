"""The title a reader's viewer shows (DisplayDocTitle) and the document's language (/Lang),
which xhtml2pdf does not write as a portal's PDF needs them (WCAG 2.4.2 and 3.1.1).

ReportLab's output is a plain PDF (one cross-reference table, every object at its offset):
its catalog and information dictionary are rewritten in place and the table renumbered,
which costs next to nothing. A PDF of another shape (never seen from ReportLab) goes
through pypdf, which reads and writes the whole file again (a few milliseconds)."""

from __future__ import annotations

import io
import re

# The PDF's language (ISO 639 with the country, as PDF/UA writes it).
DOCUMENT_LANG = "fr-FR"
_TAIL = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF = re.compile(rb"xref\n0 (\d+)\n")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])[ \r]?\n")
_REF = rb"/%s\s+(\d+)\s+0\s+R"
# A literal string as ReportLab writes one: its parentheses and backslashes are escaped.
_LITERAL = rb"\((?:[^()\\]|\\.)*\)"
_LANG = re.compile(rb"/Lang\s*" + _LITERAL, re.DOTALL)
_TITLE = re.compile(rb"/Title\s*(?:" + _LITERAL + rb"|<[0-9A-Fa-f\s]*>)", re.DOTALL)
_DICT = re.compile(rb"(\d+) 0 obj\n<<\n(.*?)\n>>\nendobj\n", re.DOTALL)


class _Unusual(Exception):
    """Not the plain PDF ReportLab writes: the caller takes the general way."""


def _hex_text(text: str) -> bytes:
    """A text string any reader decodes as written: UTF-16BE behind its byte order mark."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _table(pdf: bytes) -> tuple[int, list[tuple[int, bytes]], bytes]:
    """(offset of the table, its entries as (offset, generation + kind), the trailer)."""
    tail = _TAIL.search(pdf, max(0, len(pdf) - 64))
    if tail is None:
        raise _Unusual("no startxref")
    start = int(tail.group(1))
    head = _XREF.match(pdf, start)
    if head is None:
        raise _Unusual("not one table from object 0")
    entries, at = [], head.end()
    for _ in range(int(head.group(1))):
        entry = _ENTRY.match(pdf, at)
        if entry is None:
            raise _Unusual("unreadable table entry")
        entries.append((int(entry.group(1)), entry.group(2) + b" " + entry.group(3)))
        at = entry.end()
    if not pdf.startswith(b"trailer", at):
        raise _Unusual("a second table section")
    return start, entries, pdf[at : tail.start()]


def _object(pdf: bytes, entries: list[tuple[int, bytes]], number: int) -> re.Match[bytes]:
    if number >= len(entries) or not entries[number][1].endswith(b"n"):
        raise _Unusual(f"object {number} not in the table")
    found = _DICT.match(pdf, entries[number][0])
    if found is None or int(found.group(1)) != number:
        raise _Unusual(f"object {number} is not a dictionary at its offset")
    return found


def _catalog(body: bytes) -> bytes:
    if b"/ViewerPreferences" in body:
        raise _Unusual("viewer preferences already there")
    lang = b"/Lang (" + DOCUMENT_LANG.encode("ascii") + b")"
    body, found = _LANG.subn(lang, body)
    if not found:
        body = lang + b" " + body
    return b"/ViewerPreferences << /DisplayDocTitle true >> " + body


def _information(body: bytes, title: str) -> bytes:
    body, found = _TITLE.subn(lambda _m: b"/Title " + _hex_text(title), body)
    return body if found == 1 else body + b" /Title " + _hex_text(title)


def _in_place(pdf: bytes, title: str) -> bytes:
    start, entries, trailer = _table(pdf)
    if b"/Prev" in trailer or b"/Encrypt" in trailer:
        raise _Unusual("an updated or encrypted file")
    root, info = (re.search(_REF % name, trailer) for name in (b"Root", b"Info"))
    if root is None or info is None:
        raise _Unusual("no catalog or information dictionary")
    changes = []
    for number, is_catalog in ((int(root.group(1)), True), (int(info.group(1)), False)):
        found = _object(pdf, entries, number)
        body = _catalog(found.group(2)) if is_catalog else _information(found.group(2), title)
        changes.append((found.start(2), found.end(2), body))
    changes.sort()
    out, at = [], 0
    shifts: list[tuple[int, int]] = []  # (offset from which, bytes added before it)
    added = 0
    for begin, end, body in changes:
        out += [pdf[at:begin], body]
        added += len(body) - (end - begin)
        shifts.append((end, added))
        at = end
    out.append(pdf[at:start])

    def moved(offset: int) -> int:
        return offset + next((d for end, d in reversed(shifts) if offset >= end), 0)

    rows = [b"xref\n0 %d\n" % len(entries)]
    for offset, kind in entries:
        rows.append(b"%010d %s \n" % (moved(offset) if kind.endswith(b"n") else offset, kind))
    out += rows
    out += [trailer, b"startxref\n%d\n%%%%EOF\n" % (start + added)]
    return b"".join(out)


def _through_pypdf(pdf: bytes, title: str) -> bytes:
    from pypdf import PdfReader, PdfWriter  # imported late: only an unusual PDF needs it
    from pypdf.generic import BooleanObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": title})
    writer._root_object[NameObject("/Lang")] = TextStringObject(DOCUMENT_LANG)
    preferences = writer.create_viewer_preferences()
    preferences[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def with_reader_metadata(pdf: bytes, title: str) -> bytes:
    """The PDF with its title shown by the viewer (DisplayDocTitle) and its language."""
    try:
        return _in_place(pdf, title)
    except _Unusual:
        return _through_pypdf(pdf, title)
