"""Export of the filtered list: CSV and XLSX streamed, units as columns, the scope's rows only."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date
from typing import Any

import pytest
from office_support import Office, audit_entries, make_office, staff_client


@pytest.fixture
def office(app: Any, staff: Any, auth: Any) -> Office:
    office = make_office(app, staff)
    office.register("lamy", auth, nom_naissance="LAMY", prenoms="Paul",
                    date_naissance=date(1998, 5, 30))
    office.register("formula", auth, nom_naissance="=HYPERLINK(\"http://x\")", prenoms="Eve",
                    informations={"amenagement": "oui"})
    office.register("nantes", auth, academy="nantes", nom_naissance="LAMBERT")
    return office


def csv_rows(response: Any) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(content: bytes) -> list[list[str]]:
    """Cell texts of the first sheet (inline or shared strings, numbers as written)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        shared: list[str] = []
        if "xl/sharedStrings.xml" in archive.namelist():
            strings = archive.read("xl/sharedStrings.xml").decode()
            shared = [re.sub(r"<[^>]+>", "", s) for s in re.findall(r"<si>(.*?)</si>", strings)]
    rows = []
    for row in re.findall(r"<row[^>]*>(.*?)</row>", sheet, flags=re.S):
        cells = []
        for attrs, inner in re.findall(r"<c([^>]*)>(.*?)</c>", row, flags=re.S):
            value = re.sub(r"<[^>]+>", "", inner)
            cells.append(shared[int(value)] if 't="s"' in attrs else value)
        rows.append(cells)
    return rows


def test_the_csv_export_has_the_scopes_rows_and_the_units_as_columns(
    app: Any, office: Office
) -> None:
    response = office.get("/gestion/candidatures/export.csv")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[:5] == ["N° inscription", "N° candidat", "Nom de naissance", "Nom d'usage",
                          "Prénoms"]
    # The CFG's units: the individuals' épreuves, then the scolaires' socle components.
    units = ["001", "002", "003", "D11", "D12", "D13", "D14", "D2", "D3", "D4", "D5"]
    assert header[-len(units):] == units
    names = {r[2] for r in rows}
    assert "LAMY" in names and "LAMBERT" not in names  # never another academy's rows
    lamy = next(r for r in rows if r[2] == "LAMY")
    taken = dict(zip(header[-len(units):], lamy[-len(units):], strict=True))
    assert lamy[6] == "30/05/1998"
    assert taken == {code: "Inscrit" if code[0] == "0" else "" for code in units}
    assert lamy[header.index("État")] == "Inscrit"
    # A name that a spreadsheet would run as a formula stays text.
    assert any(r[2].startswith("'=HYPERLINK") for r in rows)
    [entry] = audit_entries(app, "candidatures.exported")
    assert entry.summary == "Export CSV de 2 candidature(s)"
    assert entry.academy_code == "rennes" and entry.after["format"] == "csv"


def test_the_export_follows_the_lists_filters(office: Office) -> None:
    rows = csv_rows(office.get("/gestion/candidatures/export.csv?amenagement=oui"))[1:]
    assert [r[2] for r in rows] == ["'=HYPERLINK(\"http://x\")"]
    rows = csv_rows(office.get("/gestion/candidatures/export.csv?recherche=lamy"))[1:]
    assert [r[2] for r in rows] == ["LAMY"]
    empty = csv_rows(office.get("/gestion/candidatures/export.csv?recherche=31/02/2000"))
    assert len(empty) == 1  # the headers alone


def test_the_xlsx_export_is_a_workbook_of_the_same_rows(office: Office) -> None:
    response = office.get("/gestion/candidatures/export.xlsx")
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    header, *rows = xlsx_rows(response.get_data())
    assert header[0] == "N° inscription" and header[-1] == "D5"
    assert len(rows) == 2
    flat = [cell for row in rows for cell in row]
    assert "LAMY" in flat and "LAMBERT" not in flat and "Inscrit" in flat
    # The formula-looking name is written as a string, never as a formula.
    assert "<f>" not in zipfile.ZipFile(io.BytesIO(response.get_data())).read(
        "xl/worksheets/sheet1.xml").decode()


def test_a_national_administrator_exports_every_academy(
    app: Any, staff: Any, office: Office
) -> None:
    admin, _ = staff_client(app, staff, None, admin=True)
    rows = csv_rows(admin.get("/gestion/candidatures/export.csv"))[1:]
    assert {"LAMY", "LAMBERT"} <= {r[2] for r in rows}
