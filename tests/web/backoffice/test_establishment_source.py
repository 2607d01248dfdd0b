"""The establishments source: the shipped list overlaid with the office's table, cached by a
version token that every process reads from the database."""

from __future__ import annotations

from typing import Any

import pytest
from establishment_support import (
    BREQUIGNY,
    LILLE_ONE,
    MAZELOT,
    NEW_RENNES,
    add,
    deactivate,
    offered_codes,
    printed,
    rows,
)
from sqlalchemy import event
from web_helpers import db_of


def test_without_changes_the_office_offers_the_shipped_list(app: Any) -> None:
    from web.core.establishments import shipped

    codes = offered_codes(app)
    assert codes[:4] == ["individuels-22", "individuels-29", "individuels-35", "individuels-56"]
    assert set(codes) >= {e.code for e in shipped().of_academy("rennes")}
    assert "cned" in codes  # the national entries come after the academy's
    assert printed(app, BREQUIGNY) == "LYCÉE BRÉQUIGNY - RENNES (0350028R)"


def test_an_added_establishment_is_offered_at_once_in_its_academy_only(app: Any) -> None:
    add(app, MAZELOT, "clg du  Mazelot - Anglure", academy="reims", departement="51")
    assert MAZELOT in offered_codes(app, "reims")
    assert MAZELOT not in offered_codes(app, "rennes")
    # Labels are written in capitals, as the guide prints them.
    assert printed(app, MAZELOT) == "CLG DU MAZELOT - ANGLURE (0510001Z)"
    [row] = rows(app)
    assert (row.code, row.academy_code, row.departement, row.created_by) == (
        MAZELOT, "reims", "51", "ligne de commande")


def test_the_list_stays_in_name_order_with_the_portal_entries_first(app: Any) -> None:
    add(app, NEW_RENNES, "ÂTELIER AAA - RENNES")  # sorted as ATELIER, accents aside
    codes = offered_codes(app)
    assert codes.index(NEW_RENNES) < codes.index("0561911Y")  # ATELIER DE FORMATION COIFFURE
    assert codes.index(NEW_RENNES) > codes.index("individuels-56")


def test_a_deactivated_establishment_is_no_longer_offered_but_still_found_and_printed(
    app: Any,
) -> None:
    deactivate(app, BREQUIGNY)
    assert BREQUIGNY not in offered_codes(app)
    assert printed(app, BREQUIGNY) == "LYCÉE BRÉQUIGNY - RENNES (0350028R)"
    [row] = rows(app)
    assert row.label == "" and not row.active and row.deactivated_at is not None


def test_a_corrected_label_replaces_the_national_one_and_the_national_one_clears_it(
    app: Any,
) -> None:
    from web.backoffice import establishments

    with db_of(app) as db:
        line = establishments.find(db, BREQUIGNY)
        assert line is not None
        assert establishments.correct_label(db, None, line, "Lycée Bréquigny (Rennes)")
        db.commit()
    assert printed(app, BREQUIGNY) == "LYCÉE BRÉQUIGNY (RENNES) (0350028R)"
    with db_of(app) as db:
        line = establishments.find(db, BREQUIGNY)
        assert line is not None and line.corrected
        assert line.national_label == "LYCÉE BRÉQUIGNY - RENNES"
        assert not establishments.correct_label(db, None, line, "LYCÉE BRÉQUIGNY (RENNES)")
        assert establishments.correct_label(db, None, line, "LYCÉE BRÉQUIGNY - RENNES")
        db.commit()
    [row] = rows(app)
    assert row.label == ""  # back to the national label: no correction stored
    assert printed(app, BREQUIGNY) == "LYCÉE BRÉQUIGNY - RENNES (0350028R)"


def test_another_process_sees_the_change_on_its_next_request(make_app: Any) -> None:
    # Two apps on one database are two gunicorn workers: each has its own memory.
    first, second = make_app(), make_app()
    assert NEW_RENNES not in offered_codes(first)
    assert NEW_RENNES not in offered_codes(second)   # both have cached the list
    add(second, NEW_RENNES, "LYCÉE AJOUTÉ - RENNES")
    assert NEW_RENNES in offered_codes(first)
    deactivate(first, NEW_RENNES)
    assert NEW_RENNES not in offered_codes(second)
    assert printed(second, NEW_RENNES) == "LYCÉE AJOUTÉ - RENNES (0359001U)"


def test_a_request_reads_one_token_and_neither_the_rows_nor_the_file_again(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine import establishments as engine_establishments
    from web.core import db as database

    add(app, NEW_RENNES, "LYCÉE AJOUTÉ - RENNES")
    offered_codes(app)  # warms the cache
    statements: list[str] = []

    def parsed_again(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the shipped JSON was parsed again")

    monkeypatch.setattr(engine_establishments.json, "loads", parsed_again)
    with app.test_request_context():
        engine = database.engine()
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            for _ in range(3):
                assert len(engine_establishments.establishments("rennes")) > 200
                assert engine_establishments.printed_label(NEW_RENNES)
                assert engine_establishments.printed_label(BREQUIGNY)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
    assert len(statements) == 2, statements  # the tokens, then the addition's academy
    assert "establishment_list_version" in statements[0]
    assert "FROM establishment " not in statements[0]


def test_a_change_rolled_back_leaves_nothing_offered(app: Any) -> None:
    from web.backoffice import establishments

    with db_of(app) as db:
        establishments.add(db, None, "rennes", NEW_RENNES, "LYCÉE ANNULÉ", "35")
        assert NEW_RENNES in [e.code for e in establishments.academy_list(db, "rennes").offered]
        db.rollback()
    assert NEW_RENNES not in offered_codes(app)
    assert printed(app, NEW_RENNES) is None


@pytest.mark.parametrize(("uai", "academy", "departement", "message"), [
    ("051001Z", "reims", "51", "L'UAI comporte 7 chiffres suivis d'une lettre, par exemple "
     "0510001Z."),
    ("0510001A", "reims", "51", "La lettre de contrôle ne correspond pas aux 7 chiffres de cet "
     "UAI : vérifiez-le sur l'annuaire de l'éducation."),
    (BREQUIGNY, "rennes", "35", "Cet établissement figure déjà dans la liste : LYCÉE BRÉQUIGNY "
     "- RENNES (0350028R)."),
    (LILLE_ONE, "rennes", "35", "L'UAI 0591843H est celui d'un établissement de l'académie de "
     "Lille : COMMUNAUTÉ ALBERT CHÂTELET - MÉRIGNIES."),
    (MAZELOT, "reims", "35", "Choisissez un département de l'académie."),
])
def test_the_service_refuses_with_the_reason_and_changes_nothing(
    app: Any, uai: str, academy: str, departement: str, message: str
) -> None:
    from web.backoffice import establishments

    with db_of(app) as db:
        with pytest.raises(establishments.EstablishmentRefused) as refused:
            establishments.add(db, None, academy, uai, "UN LIBELLÉ", departement)
        db.rollback()
    assert refused.value.message == message
    assert rows(app) == []


def test_a_deactivated_establishment_is_reactivated_rather_than_added_again(app: Any) -> None:
    from web.backoffice import establishments

    deactivate(app, BREQUIGNY)
    with db_of(app) as db, pytest.raises(establishments.EstablishmentRefused) as refused:
        establishments.add(db, None, "rennes", BREQUIGNY, "LYCÉE", "35")
    assert "désactivé" in refused.value.message and "Réactivez-le" in refused.value.message


def test_a_candidature_being_modified_keeps_the_closed_establishment_it_chose(app: Any) -> None:
    from engine import establishments as engine_establishments
    from web.core import establishments

    deactivate(app, BREQUIGNY)
    with app.test_request_context():
        establishments.keep_offered(["oui", BREQUIGNY, 3])
        assert BREQUIGNY in [e.code for e in engine_establishments.establishments("rennes")]
    assert BREQUIGNY not in offered_codes(app)  # for that request only


def test_outside_an_app_context_the_source_answers_with_the_shipped_list(app: Any) -> None:
    from engine import establishments as engine_establishments

    add(app, NEW_RENNES, "LYCÉE AJOUTÉ - RENNES")
    assert engine_establishments.establishment(NEW_RENNES) is None
    assert engine_establishments.establishment(BREQUIGNY) is not None
