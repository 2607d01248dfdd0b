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


def test_a_file_size_is_shown_in_ko_below_one_mo_and_in_mo_with_a_comma_from_one_mo() -> None:
    mib = 1024 * 1024
    assert [csvtext.shown_size(n) for n in (2048, mib - 1, mib, mib * 3 // 2, 5 * mib)] == [
        "2 Ko", "1023 Ko", "1 Mo", "1,5 Mo", "5 Mo"]


def test_a_file_of_exactly_the_limits_is_read_and_one_byte_or_line_more_is_refused() -> None:
    text = "nom\n" + "x\n" * 999
    assert csvtext.decode(text.encode(), len(text), 1000) == text
    with pytest.raises(csvtext.CsvRefused) as too_big:
        csvtext.decode(text.encode(), len(text) - 1, 1000)
    assert too_big.value.message == ("Le fichier dépasse 1 Ko : découpez-le en plusieurs "
                                     "fichiers.")
    with pytest.raises(csvtext.CsvRefused) as too_long:
        csvtext.decode((text + "y\n").encode(), 10_000, 1000)
    assert too_long.value.message == ("Le fichier compte plus de 1 000 lignes : découpez-le en "
                                      "plusieurs fichiers.")


def test_a_blank_file_is_empty_and_bytes_no_encoding_reads_name_both_encodings() -> None:
    with pytest.raises(csvtext.CsvRefused) as blank:
        csvtext.decode(b" \r\n\n", 1000, 10)
    assert blank.value.message == "Le fichier est vide."
    # 0x81 is a byte Windows-1252 leaves undefined.
    with pytest.raises(csvtext.CsvRefused) as unreadable:
        csvtext.decode(b"nom\n\x81\n", 1000, 10, csvtext.UTF8_OR_CP1252)
    assert unreadable.value.message == csvtext.MSG_ENCODING_ANY


def test_a_column_name_is_compared_without_apostrophes_hyphens_case_or_accents() -> None:
    assert [csvtext.column_key(n) for n in ("Nom d'usage", " Code-postal ", "ÉLÈVE", None)] == [
        "nom_d_usage", "code_postal", "eleve", ""]


@pytest.mark.parametrize("cell", ["=1", "+33", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_the_character_a_spreadsheet_would_run_as_a_formula_is_the_cells_first(
    cell: str,
) -> None:
    assert csvtext.formula_start(cell) == cell[0]


def test_a_single_column_is_read_whole_even_with_commas_or_capital_x_in_it() -> None:
    table = csvtext.read_table("NOM EXTERNE\nDupont, Jean\n", ("nom_externe",))
    assert (table.columns, table.problems) == (("nom_externe",), [])
    assert list(table.rows()) == [(2, {"nom_externe": "Dupont, Jean"})]


def test_a_header_alone_gives_its_columns_and_no_row() -> None:
    table = csvtext.read_table("uai;nom", ("uai",))
    assert (table.columns, table.problems, list(table.rows())) == (("uai", "nom"), [], [])


def test_missing_columns_are_named_and_give_no_row() -> None:
    table = csvtext.read_table("uai;libellé\n0350028R;Lycée\n", ("uai", "nom", "ville"))
    assert (table.columns, table.problems, list(table.rows())) == (
        ("uai", "libelle"), ["Colonnes manquantes : nom, ville."], [])


def test_a_short_row_reads_its_missing_cells_as_empty_and_extra_cells_are_ignored() -> None:
    table = csvtext.read_table("uai;nom\n0350028R\nA;B;C\n", ("uai",))
    assert list(table.rows()) == [(2, {"uai": "0350028R", "nom": ""}),
                                  (3, {"uai": "A", "nom": "B"})]


def test_a_cell_over_the_csv_limit_stops_the_reading_at_its_line() -> None:
    huge = "a" * 131_073
    header = csvtext.read_table(f"{huge};nom\nx;y\n", ("nom",))
    assert (header.columns, header.problems, list(header.rows())) == (
        (), ["Ligne 1 : l'en-tête n'a pas pu être lu."], [])
    first = csvtext.read_table(f"uai;nom\n{huge};b\nx;y\n", ("uai",))
    assert list(first.rows()) == []
    assert first.problems == [csvtext.MSG_UNREADABLE.format(n=2)]
    third = csvtext.read_table(f"uai;nom\nx;y\nz;t\n{huge};b\n", ("uai",))
    assert [n for n, _ in third.rows()] == [2, 3]
    assert third.problems == [csvtext.MSG_UNREADABLE.format(n=4)]
