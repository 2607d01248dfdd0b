"""Establishments of registration: per academy, with their UAI, replaceable by the back office."""

from __future__ import annotations

from engine import establishments
from engine.establishments import Establishment, parse_csv, parse_csv_lines, uai_is_valid


def test_an_uai_is_seven_digits_and_its_control_letter() -> None:
    assert uai_is_valid("0511901P")
    assert not uai_is_valid("0511901A")   # wrong control letter
    assert not uai_is_valid("051190P")


def test_every_shipped_uai_is_valid_and_every_establishment_has_an_academy() -> None:
    rows = [e for a in ("reims", "rennes", "lyon") for e in establishments.establishments(a)]
    assert len(rows) > 300
    assert all(uai_is_valid(e.uai) for e in rows if e.uai)
    assert establishments.establishment("cned") is not None


def test_an_establishment_prints_as_label_and_uai() -> None:
    colbert = establishments.establishment("0511901P")
    assert colbert is not None and colbert.academy == "reims"
    assert establishments.printed_label("0511901P") == "LYCÉE COLBERT - REIMS (0511901P)"
    assert establishments.printed_label("individuels-51") == "INDIVIDUELS 051"


def test_an_exam_offices_csv_is_checked_line_by_line() -> None:
    rows, problems = parse_csv(
        "uai;libelle;academie;departement\n"
        "0510001Z;CLG DU MAZELOT - ANGLURE;reims;51\n"
        "0510001A;MAUVAIS;reims;51\n"
        "0510001Z;DOUBLON;reims;51\n"
        "0511901P;LYCEE;atlantide;51\n"
    )
    assert [r.printed_label for r in rows] == ["CLG DU MAZELOT - ANGLURE (0510001Z)"]
    assert problems == [
        "Ligne 3 : l'UAI « 0510001A » n'est pas valide.",
        "Ligne 4 : l'UAI 0510001Z figure déjà plus haut.",
        "Ligne 5 : l'académie « atlantide » est inconnue.",
    ]


def test_the_back_office_can_plug_its_own_list_in() -> None:
    class Office:
        rows = (Establishment("0510001Z", "0510001Z", "CLG DU MAZELOT - ANGLURE", "reims", "51"),)

        def of_academy(self, academy: str) -> tuple[Establishment, ...]:
            return self.rows if academy == "reims" else ()

        def get(self, code: str) -> Establishment | None:
            return next((r for r in self.rows if r.code == code), None)

    establishments.use_source(Office())
    try:
        assert [e.code for e in establishments.establishments("reims")] == ["0510001Z"]
        assert establishments.printed_label("0510001Z") == "CLG DU MAZELOT - ANGLURE (0510001Z)"
    finally:
        establishments.use_source(None)
    assert establishments.establishment("0511901P") is not None


def test_the_lines_of_a_csv_keep_their_number_and_spreadsheet_headers_are_read() -> None:
    rows, problems = parse_csv_lines(
        "UAI;Libellé;Académie;Département\n"
        ";SANS UAI;reims;51\n"
        "0510001Z;CLG DU MAZELOT - ANGLURE;reims;51\n"
    )
    assert [(n, r.code) for n, r in rows] == [(3, "0510001Z")]
    assert problems == ["Ligne 2 : l'UAI manque."]


def test_a_csv_without_the_columns_says_which_are_missing() -> None:
    assert parse_csv_lines("") == ([], ["Colonnes manquantes : uai, libelle, academie, "
                                        "departement."])
    assert parse_csv_lines("uai\n0510001Z\n")[1] == [
        "Colonnes manquantes : libelle, academie, departement."]


def test_a_line_the_csv_module_cannot_read_stops_the_reading_with_its_number() -> None:
    rows, problems = parse_csv_lines(
        "uai;libelle;academie;departement\n"
        "0510001Z;CLG DU MAZELOT - ANGLURE;reims;51\n"
        "0511901P;" + "X" * 200_000 + ";reims;51\n"
    )
    assert [r.code for _, r in rows] == ["0510001Z"]
    assert problems == ["Ligne 3 : la ligne n'a pas pu être lue (caractère interdit ou champ "
                        "trop long) ; les lignes suivantes ne sont pas lues."]
