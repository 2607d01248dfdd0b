"""Reading a CSV a spreadsheet wrote: encoding, separator, headers, numbered rows, formulas.

Shared by every import (establishments, school pupils, grades, timetables): the bytes are
decoded (UTF-8 with or without the BOM spreadsheets write, then optionally Windows-1252, the
"CSV" of a French Excel), the separator (';' or ',') is read from the header line, the
headers are compared without case nor accents ("Libellé " is `libelle`), and each row comes
with the number of the line it is on (the header is line 1), so that every refusal names its
line.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

UTF8 = ("utf-8-sig",)
UTF8_OR_CP1252 = ("utf-8-sig", "cp1252")

MSG_EMPTY = "Le fichier est vide."
MSG_TOO_BIG = "Le fichier dépasse {limit} : découpez-le en plusieurs fichiers."
MSG_TOO_MANY_LINES = "Le fichier compte plus de {count} lignes : découpez-le en plusieurs fichiers."
MSG_ENCODING = (
    "Le fichier n'est pas encodé en UTF-8 : dans votre tableur, enregistrez-le au format "
    "« CSV UTF-8 » (séparateur point-virgule), puis importez-le de nouveau."
)
MSG_ENCODING_ANY = (
    "Le fichier n'a pas pu être lu : enregistrez-le depuis votre tableur au format « CSV UTF-8 » "
    "ou « CSV (séparateur : point-virgule) », puis importez-le de nouveau."
)
MSG_BINARY = "Le fichier n'est pas un fichier texte CSV : enregistrez-le au format CSV."
MSG_HEADER = "Ligne 1 : l'en-tête n'a pas pu être lu."
MSG_MISSING = "Colonnes manquantes : {columns}."
MSG_UNREADABLE = ("Ligne {n} : la ligne n'a pas pu être lue (caractère interdit ou champ trop "
                  "long) ; les lignes suivantes ne sont pas lues.")
MSG_FORMULA = ("Ligne {n} : la colonne {column} commence par « {start} », ce qu'un tableur "
               "exécuterait comme une formule ; retirez ce caractère.")

# A cell starting with one of these is run as a formula by spreadsheets ("=cmd|' /C calc'!A0",
# "+1+1", "@SUM(...)"); a tab or carriage return before them hides them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class CsvRefused(Exception):
    """A file that cannot be read at all, with the French reason."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def shown_size(size: int) -> str:
    mib = 1024 * 1024
    return f"{size / mib:g} Mo".replace(".", ",") if size >= mib else f"{size // 1024} Ko"


def decode(data: bytes, max_bytes: int, max_lines: int,
           encodings: Sequence[str] = UTF8, *, text_only: bool = False,
           lenient: bool = False) -> str:
    """The file's text in the first of `encodings` that reads it, or CsvRefused.

    `text_only`: a NUL byte (a spreadsheet's own binary file, not its CSV) refuses the file.
    `lenient`: the last encoding reads every byte, one it does not define as U+FFFD.
    """
    if len(data) > max_bytes:
        raise CsvRefused(MSG_TOO_BIG.format(limit=shown_size(max_bytes)))
    if text_only and b"\x00" in data:
        raise CsvRefused(MSG_BINARY)
    text: str | None = None
    for index, encoding in enumerate(encodings):
        last = index == len(encodings) - 1
        try:
            text = data.decode(encoding, "replace" if lenient and last else "strict")
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise CsvRefused(MSG_ENCODING if tuple(encodings) == UTF8 else MSG_ENCODING_ANY)
    if not text.strip():
        raise CsvRefused(MSG_EMPTY)
    if text.count("\n") > max_lines:
        raise CsvRefused(MSG_TOO_MANY_LINES.format(count=f"{max_lines:_}".replace("_", " ")))
    return text


def delimiter_of(header: str, delimiters: Sequence[str] = (";", ",")) -> str:
    """The one of `delimiters` the header line uses most; the first on a tie or if none."""
    counts = [header.count(d) for d in delimiters]
    return delimiters[counts.index(max(counts))]


def column_key(name: str | None) -> str:
    """'Libellé ' → 'libelle', 'Date de naissance' → 'date_de_naissance'."""
    bare = unicodedata.normalize("NFKD", name or "")
    plain = "".join(c for c in bare if not unicodedata.combining(c)).strip().lower()
    return "_".join(plain.replace("'", " ").replace("-", " ").split())


class _Semicolon(csv.excel):
    delimiter = ";"


def formula_start(value: str, starts: tuple[str, ...] = FORMULA_STARTS) -> str:
    """The character that would make a spreadsheet run `value` as a formula, or ''."""
    return value[0] if value.startswith(starts) else ""


def escape_formula(text: str) -> str:
    """`text` as a spreadsheet keeps it text: a quote before a formula's first character."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass
class Table:
    """The rows of a CSV under its normalized headers; `problems` holds what stopped reading."""

    columns: tuple[str, ...]
    problems: list[str]
    _reader: csv.DictReader[str] | None

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(line number, {column: stripped text}); a line the csv module cannot read stops
        the reading with its message in `problems`."""
        if self._reader is None:
            return
        n = 1
        try:
            for n, line in enumerate(self._reader, start=2):
                # A short row's missing cells are None; a long row's extra cells are under
                # the key None, left out.
                yield n, {k: (v or "").strip() for k, v in line.items() if k is not None}
        except csv.Error:  # a NUL byte, a field over the csv module's limit: stop there
            self.problems.append(MSG_UNREADABLE.format(n=n + 1))


def read_table(text: str, required: Sequence[str],
               aliases: Mapping[str, str] | None = None) -> Table:
    """The table of `text`, its separator read from the header; missing `required` columns
    (compared as column_key gives them, then renamed by `aliases`) are a problem and give
    no rows."""
    first = text.splitlines()[0] if text.strip() else ""
    try:
        dialect: type[csv.Dialect] = csv.Sniffer().sniff(first, delimiters=";,")
    except csv.Error:  # a single column, or no header at all: the columns are missing
        dialect = _Semicolon
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    try:
        names = [column_key(n) for n in reader.fieldnames or ()]
        reader.fieldnames = [(aliases or {}).get(n, n) for n in names]
    except csv.Error:
        return Table((), [MSG_HEADER], None)
    missing = [c for c in required if c not in reader.fieldnames]
    if missing:
        return Table(tuple(reader.fieldnames), [MSG_MISSING.format(columns=", ".join(missing))],
                     None)
    return Table(tuple(reader.fieldnames), [], reader)
