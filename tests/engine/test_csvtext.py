"""Reading a spreadsheet's CSV: encodings, separators, headers, formulas."""

from __future__ import annotations

import pytest

from engine import csvtext


def test_utf8_with_or_without_bom_then_windows_1252_when_allowed() -> None:
    text = "Nom;Prénoms\nLe Goff;Zoé\n"
    for data in (text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8")):
        assert csvtext.decode(data, 1000, 10) == text
    with pytest.raises(csvtext.CsvRefused) as refused:
        csvtext.decode(text.encode("cp1252"), 1000, 10)
    assert refused.value.message == csvtext.MSG_ENCODING
    assert csvtext.decode(text.encode("cp1252"), 1000, 10, csvtext.UTF8_OR_CP1252) == text
    with pytest.raises(csvtext.CsvRefused, match="dépasse 1 Ko"):
        csvtext.decode(b"a" * 2000, 1024, 10)


def test_headers_are_read_without_case_accents_or_spaces_and_renamed() -> None:
    table = csvtext.read_table("UAI,Date de naissance,Prénom(s)\n0350028R,03/05/2009,Zoé\n",
                               ("uai", "date_naissance", "prenoms"),
                               {"date_de_naissance": "date_naissance", "prenom(s)": "prenoms"})
    assert table.problems == []
    assert list(table.rows()) == [
        (2, {"uai": "0350028R", "date_naissance": "03/05/2009", "prenoms": "Zoé"})]


@pytest.mark.parametrize("cell", ["=cmd|' /C calc'!A0", "+33", "-2+3", "@SUM(A1)", "\t=1"])
def test_formula_cells_are_named_and_escaped(cell: str) -> None:
    assert csvtext.formula_start(cell)
    assert csvtext.escape_formula(cell) == "'" + cell
    assert not csvtext.formula_start("Dupont") and csvtext.escape_formula("Dupont") == "Dupont"


def test_binary_files_and_undefined_windows_1252_bytes_when_asked() -> None:
    with pytest.raises(csvtext.CsvRefused) as refused:
        csvtext.decode(b"a\x00b\n", 1000, 10, text_only=True)
    assert refused.value.message == csvtext.MSG_BINARY
    assert csvtext.decode(b"a\x00b\n", 1000, 10) == "a\x00b\n"  # a line the table refuses
    undefined = "Épreuve\n".encode("cp1252") + b"\x81\n"
    with pytest.raises(csvtext.CsvRefused):
        csvtext.decode(undefined, 1000, 10, csvtext.UTF8_OR_CP1252)
    assert csvtext.decode(undefined, 1000, 10, csvtext.UTF8_OR_CP1252, lenient=True) == (
        "Épreuve\n\ufffd\n")


def test_the_delimiter_is_the_one_the_header_uses_most_the_first_on_a_tie() -> None:
    assert csvtext.delimiter_of("uai;classe,nom;prenoms") == ";"
    assert csvtext.delimiter_of("uai,classe,nom") == ","
    assert csvtext.delimiter_of("uai;classe,nom") == ";" == csvtext.delimiter_of("uai")
    assert csvtext.delimiter_of("a\tb,c", ("\t", ",")) == "\t"
    assert csvtext.formula_start("|x", (*csvtext.FORMULA_STARTS, "|")) == "|"
    assert not csvtext.formula_start("|x")
