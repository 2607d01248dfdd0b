"""The office grades a CFG scolaire: the socle components take only the points of a maîtrise
level (10, 20, 25 or 30), the oral up to 160, on the grade page and in a CSV import."""

from __future__ import annotations

import io
from typing import Any

from grades_support import grades_in_db
from registration_support import open_session
from web_helpers import db_of, staff_client, text_of

SOCLE = ("D11", "D12", "D13", "D14", "D2", "D3", "D4", "D5")
# 140 points of socle components and 60 at the oral: exactly the 200 of the diploma.
LEVELS = dict(zip(SOCLE, ("25", "10", "20", "10", "20", "25", "10", "20"), strict=True))


def _scolaire(app: Any, auth: Any) -> tuple[str, int]:
    """A past CFG session in Rennes with one scolaire candidature: its results URL and id."""
    from web.core.models import Candidature

    session_id = open_session(app, "cfg", label="JUIN 2026", opened_days_ago=90, closes_in_days=-30)
    account = auth.create(nom_naissance="MARTIN", prenoms="Léa")
    with db_of(app) as db:
        row = Candidature(
            account_id=account.id,
            exam_code="cfg",
            session_id=session_id,
            academy_code="rennes",
            inscription_number="001",
            category_code="scolaire",
            answers={
                "fields": {"categorie": "scolaire", "etablissement": "0350028R"},
                "acquis": {"diplomas": [], "grades": [], "renounced": []},
                "units": {"chosen": [], "languages": {}},
            },
        )
        db.add(row)
        db.commit()
        return f"/gestion/sessions/{session_id}/rennes/resultats", int(row.id)


def test_the_office_enters_socle_levels_and_the_oral_and_gets_the_result(
    app: Any, auth: Any, staff: Any
) -> None:
    base, candidature = _scolaire(app, auth)
    office, _ = staff_client(app, staff, "rennes")
    page = text_of(office.get(f"{base}/{candidature}"))
    assert "D2 - Les méthodes et outils pour apprendre" in page
    assert "Note de D2 10, 20, 25 ou 30 points" in page and "Mathématiques" not in page
    typed = {"note-001": "60", **{f"note-{k}": v for k, v in LEVELS.items()}}
    refused = office.post(f"{base}/{candidature}", data={**typed, "note-D3": "15"})
    assert refused.status_code == 422
    assert (
        "D3 : La note de cette épreuve est l'un des points possibles : 10, 20, 25 ou 30."
        in text_of(refused)
    )
    assert grades_in_db(app, candidature) == {}
    done = office.post(f"{base}/{candidature}", data=typed)
    assert done.status_code == 302
    page = text_of(office.get(done.location))
    assert "Admis : total 200 points ≥ 200" in page
    assert grades_in_db(app, candidature)["001"] == ("note", 6000)


def test_a_csv_import_takes_the_oral_on_160_and_refuses_a_level_that_is_none(
    app: Any, auth: Any, staff: Any
) -> None:
    base, candidature = _scolaire(app, auth)
    office, _ = staff_client(app, staff, "rennes")

    def upload(rows: list[str]) -> Any:
        content = "\n".join(["N° inscription;Épreuve;Note", *rows]).encode("utf-8")
        return office.post(
            f"{base}/import",
            data={"file": (io.BytesIO(content), "notes.csv")},
            content_type="multipart/form-data",
        )

    refused = upload(["001;001;100", "001;D11;12", "001;D12;35"])
    assert refused.status_code == 422
    text = text_of(refused)
    assert (
        "Ligne 3 : note « 12 » refusée. La note de cette épreuve est l'un des points "
        "possibles : 10, 20, 25 ou 30."
    ) in text
    assert "Ligne 4 : note « 35 » refusée. La note doit être comprise entre 0 et 30." in text
    assert "Ligne 2" not in text
    assert grades_in_db(app, candidature) == {}
    accepted = upload(["001;001;100", *(f"001;{k};{v}" for k, v in LEVELS.items())])
    assert accepted.status_code == 302, text_of(accepted)
    assert grades_in_db(app, candidature)["001"] == ("note", 10000)
    assert grades_in_db(app, candidature)["D11"] == ("note", 2500)
