"""Reading a typed grade, and the CSV import's decoding and delimiter detection (no database)."""

from __future__ import annotations

import pytest

from web.backoffice.results.grade_import import ImportRefused, decode, delimiter_of, is_formula
from web.results.grades import GradeRefused, TypedGrade, parse_grade, shown_grade


@pytest.mark.parametrize(
    ("typed", "status", "hundredths", "shown"),
    [
        ("12,5", "note", 1250, "12,5"),
        ("12.5", "note", 1250, "12,5"),
        (" 12,50 ", "note", 1250, "12,5"),
        ("0", "note", 0, "0"),
        ("20", "note", 2000, "20"),
        ("7,25", "note", 725, "7,25"),
        ("14/20", "note", 1400, "14"),
        ("abs", "absent", None, "ABS"),
        ("Absent", "absent", None, "ABS"),
        ("DISP", "dispense", None, "DISP"),
        ("dispensé", "dispense", None, "DISP"),
    ],
)
def test_grades_are_read_the_french_way(
    typed: str, status: str, hundredths: int | None, shown: str
) -> None:
    grade = parse_grade(typed)
    assert grade == TypedGrade(status, hundredths)
    assert grade.shown == shown == shown_grade(status, hundredths)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("21", "La note doit être comprise entre 0 et 20."),
        ("20,01", "La note doit être comprise entre 0 et 20."),
        ("-1", "La note doit être comprise entre 0 et 20."),
        ("12,555", "La note comporte au plus deux décimales (par exemple 12,25)."),
        (
            "douze",
            "Saisissez une note sur 20 (par exemple 12,5), ABS pour un candidat absent ou "
            "DISP pour une épreuve dispensée.",
        ),
        ("1e1", "Saisissez une note sur 20"),
        ("nan", "Saisissez une note sur 20"),
        ("=1+1", "Saisissez une note sur 20"),
        ("12,5,5", "Saisissez une note sur 20"),
    ],
)
def test_what_is_not_a_grade_is_refused_in_french(typed: str, message: str) -> None:
    with pytest.raises(GradeRefused) as refused:
        parse_grade(typed)
    assert refused.value.message.startswith(message)


def test_an_empty_box_is_no_grade_and_a_unit_out_of_more_than_20_is_honoured() -> None:
    assert parse_grade("  ") is None
    assert parse_grade("35", out_of=40) == TypedGrade("note", 3500)
    with pytest.raises(GradeRefused, match="entre 0 et 40"):
        parse_grade("41", out_of=40)


def test_the_file_may_be_utf8_with_or_without_bom_or_windows_1252() -> None:
    text = "N° inscription;Épreuve;Note\n001;EP1;12,5\n"
    assert decode(text.encode("utf-8")) == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert decode(text.encode("cp1252")) == text
    for bad, message in (
        (b"", "Le fichier est vide."),
        (b"a\x00b", "n'est pas un fichier texte"),
        (b"x" * (2 * 1024 * 1024 + 1), "dépasse 2 Mo"),
    ):
        with pytest.raises(ImportRefused, match=message):
            decode(bad)


def test_the_delimiter_is_the_one_the_header_uses() -> None:
    assert delimiter_of("N° inscription;Épreuve;Note") == ";"
    assert delimiter_of("inscription,epreuve,note") == ","
    assert delimiter_of("inscription\tepreuve\tnote") == "\t"
    assert delimiter_of("note") == ";"


def test_formula_cells_are_told_apart_from_negative_grades() -> None:
    for cell in ("=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2+3", "\t=1"):
        assert is_formula(cell), cell
    for cell in ("-3", "-1,5", "12", "EP1", ""):
        assert not is_formula(cell), cell
