"""The back office's filter columns follow the answers at every save; reindex-candidatures
fills them for rows saved before; a candidature reopened by the office can be modified."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from registration_support import Candidate, open_session
from space_support import cap_candidature, close_period, register_cfg
from web_helpers import db_of


@pytest.fixture
def candidate(client: Any, auth: Any) -> Candidate:
    account = auth.create()
    assert auth.login(account.email).status_code == 302
    return Candidate(client, account)


def row_of(app: Any, candidature_id: int) -> Any:
    from web.core.models import Candidature

    with db_of(app) as db:
        row = db.get(Candidature, candidature_id)
        db.expunge(row)
        return row


def columns(row: Any) -> tuple[str, str, bool]:
    return row.speciality_code, row.category_code, row.accommodation_requested


def test_enregistrer_sets_the_category_and_the_amenagement_request(
    app: Any, candidate: Candidate
) -> None:
    saved = register_cfg(candidate, app, open_session(app, "cfg"), amenagement="oui")
    assert columns(row_of(app, saved.id)) == ("", "individuel", True)


def test_the_filter_columns_of_a_cap_candidature_name_its_speciality(app: Any) -> None:
    from space_support import CAP_CUISINE_ANSWERS

    from web.registration.context import exam_of
    from web.registration.indexing import filter_columns

    with app.app_context():
        exam = exam_of("cap")
    columns = filter_columns(exam, CAP_CUISINE_ANSWERS)
    assert (columns.speciality_code, columns.category_code) == ("cuisine", "individuel")
    assert columns.accommodation_requested is True
    variant = {**CAP_CUISINE_ANSWERS, "fields": {**CAP_CUISINE_ANSWERS["fields"],
                                                 "specialite": "aepe_agrement_am"}}
    # A variant is filtered under its own code (the speciality's filter includes it).
    assert filter_columns(exam, variant).speciality_code == "aepe_agrement_am"


def test_reindex_candidatures_fills_the_columns_of_rows_saved_before(
    app: Any, auth: Any, runner: Any
) -> None:
    candidature_id = cap_candidature(app, auth)
    assert columns(row_of(app, candidature_id)) == ("", "", False)
    result = runner.invoke(args=["reindex-candidatures"])
    assert result.exit_code == 0, result.output
    assert "1 candidature(s) lue(s), 1 mise(s) à jour." in result.output
    assert columns(row_of(app, candidature_id)) == ("cuisine", "individuel", True)
    again = runner.invoke(args=["reindex-candidatures"])
    assert "0 mise(s) à jour" in again.output


def test_a_candidature_reopened_by_the_office_is_modified_after_the_close(
    app: Any, client: Any, candidate: Candidate
) -> None:
    from web.core.models import Candidature, utcnow

    session_id = open_session(app, "cfg")
    saved = register_cfg(candidate, app, session_id)
    close_period(app, session_id)
    assert client.post(f"/mes-inscriptions/{saved.id}/modifier").location.endswith(
        "/inscription")  # closed: back to Mon inscription
    with db_of(app) as db:
        db.get(Candidature, saved.id).reopened_until = utcnow() + timedelta(days=2)
        db.commit()
    modify = client.post(f"/mes-inscriptions/{saved.id}/modifier")
    assert "/brouillon/" in modify.location
    candidate.draft_url = modify.location.rsplit("/", 1)[0]
    assert candidate.tab("identification").status_code == 200
    done = candidate.post("recapitulatif", action="enregistrer")
    assert done.status_code == 302 and "/numero" in done.location
    assert row_of(app, saved.id).version == 2
