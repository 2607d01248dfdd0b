"""Sessions et périodes: the pages a gestionnaire and the administrator use, and their refusals."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from session_support import add_candidature, audit_entries, open_part, part_row, periods_of
from sqlalchemy import func, select
from web_helpers import db_of, error_summary, text_of

REPO = Path(__file__).resolve().parents[3]
NEW = "/gestion/sessions/nouvelle"


def _new_session(client: Any, **fields: str) -> Any:
    data = {"exam": "cfg", "label": "JUIN 2027", "year": "2027", "starts_on": "01/06/2027"}
    data.update(fields)
    return client.post(NEW, data=data)


def test_a_gestionnaire_opens_a_session_for_its_academy_then_adds_a_period_in_paris_time(
    app: Any, client: Any, staff: Any
) -> None:
    staff.logged_in("rennes")
    form = text_of(client.get(NEW))
    assert "Académie : ACADÉMIE DE RENNES" in form
    assert "CERTIFICAT DE FORMATION GÉNÉRALE (cfg)" in form
    created = _new_session(client, label="juin 2027")
    assert created.status_code == 302, text_of(created)
    part_page = client.get(created.location)
    assert "La session JUIN 2027 est ouverte pour ACADÉMIE DE RENNES" in text_of(part_page)
    assert "Aucune période" in text_of(part_page)
    session_id = int(created.location.split("/")[3])
    added = client.post(f"/gestion/sessions/{session_id}/rennes/periodes/nouvelle", data={
        "opens_on": "05/01/2027", "opens_time": "00:00",
        "closes_on": "04/02/2027", "closes_time": "23:59"})
    assert added.status_code == 302
    assert periods_of(app, session_id) == [("05/01/2027 00:00", "04/02/2027 23:59")]
    listing = text_of(client.get("/gestion/sessions"))
    assert "JUIN 2027" in listing
    assert "du 05/01/2027 à 00:00 au 04/02/2027 à 23:59" in listing
    assert [e.action for e in audit_entries(app)] == [
        "session.created", "session.joined", "session.period_added"]


def test_the_administrator_picks_the_academy(app: Any, client: Any, staff: Any) -> None:
    staff.logged_in(None, admin=True)
    missing = _new_session(client)
    assert missing.status_code == 422
    assert "Académie : Veuillez renseigner l'académie." in error_summary(missing)
    created = _new_session(client, academy="lille")
    assert created.status_code == 302
    assert created.location.endswith("/lille")


def test_the_form_lists_every_problem_in_french_and_saves_nothing(
    app: Any, client: Any, staff: Any
) -> None:
    staff.logged_in("rennes")
    response = _new_session(client, exam="", label="", year="27", starts_on="31/02/2027")
    assert response.status_code == 422
    assert error_summary(response) == [
        "Examen : Veuillez renseigner l'examen.",
        "Libellé de la session : Veuillez renseigner le libellé de la session.",
        "Année de la session : Saisissez l'année sur 4 chiffres, par exemple 2027.",
        "Date de début des épreuves : Saisissez une date au format JJ/MM/AAAA, "
        "par exemple 05/01/2027.",
    ]
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    from web.core.models import ExamSession

    with db_of(app) as db:
        assert db.scalar(select(func.count()).select_from(ExamSession)) == 0
    assert audit_entries(app) == []


def test_a_spec_with_errors_is_listed_with_file_line_col_and_cannot_be_opened(
    make_app: Any, staff: Any, tmp_path: Path
) -> None:
    exams_dir = tmp_path / "exams"
    exams_dir.mkdir()
    shutil.copy(REPO / "exams/cfg.yaml", exams_dir)
    broken = (REPO / "tests/specs/mc_desserts.yaml").read_text(encoding="utf-8")
    broken = broken.replace("include: common/modalites.yaml", "include: common/absent.yaml")
    (exams_dir / "mc_desserts.yaml").write_text(broken, encoding="utf-8")
    app = make_app(WTF_CSRF_ENABLED=False, EXAMS_DIR=str(exams_dir))
    client = app.test_client()
    type(staff)(app, client).logged_in("rennes")
    page = client.get(NEW)
    text = text_of(page)
    assert "Examens qui ne peuvent pas être ouverts" in text
    assert re.search(r"mc_desserts\.yaml:\d+:\d+: error E004 ", text), text
    assert '<option value="mc_desserts"' not in page.get_data(as_text=True)
    refused = _new_session(client, exam="mc_desserts")
    assert refused.status_code == 422
    assert any("contient des erreurs" in line for line in error_summary(refused))
    assert _new_session(client, exam="cfg").status_code == 302


def test_joining_a_session_another_academy_opened(app: Any, client: Any, staff: Any) -> None:
    session_id, _ = open_part(app, "cfg", "lille")
    staff.logged_in("rennes")
    mismatch = _new_session(client, year="2028")
    assert mismatch.status_code == 422
    assert "reprenez ces valeurs pour y faire participer votre académie" in text_of(mismatch)
    joined = _new_session(client)
    assert joined.location == f"/gestion/sessions/{session_id}/rennes"
    again = _new_session(client)
    assert "Votre académie participe déjà à cette session" in text_of(again)


def test_a_shared_sessions_national_fields_are_the_administrators(
    app: Any, client: Any, staff: Any
) -> None:
    session_id, _ = open_part(app, "cfg", "rennes")
    open_part(app, "cfg", "lille")
    staff.logged_in("rennes")
    page = text_of(client.get(f"/gestion/sessions/{session_id}/rennes"))
    assert "seul l'administrateur national peut modifier son libellé" in page
    refused = client.post(f"/gestion/sessions/{session_id}/rennes/session",
                          data={"label": "JUIN 2027 B", "year": "2027", "starts_on": ""})
    assert refused.status_code == 403
    assert "seul l'administrateur national" in text_of(refused)


def test_an_office_alone_in_its_session_renames_it(app: Any, client: Any, staff: Any) -> None:
    session_id, _ = open_part(app, "cfg", "rennes")
    staff.logged_in("rennes")
    form = client.get(f"/gestion/sessions/{session_id}/rennes/session")
    assert 'value="JUIN 2027"' in form.get_data(as_text=True)
    saved = client.post(f"/gestion/sessions/{session_id}/rennes/session",
                        data={"label": "Juin 2027 local", "year": "2027",
                              "starts_on": "01/06/2027"})
    assert saved.status_code == 302
    assert "JUIN 2027 LOCAL" in text_of(client.get(saved.location))
    entry = audit_entries(app)[-1]
    assert entry.action == "session.updated" and entry.after == {"label": "JUIN 2027 LOCAL"}


def test_an_overlapping_period_is_shown_next_to_its_field(
    app: Any, client: Any, staff: Any
) -> None:
    session_id, _ = open_part(app)
    before = periods_of(app, session_id)
    staff.logged_in("rennes")
    opens, closes = before[0]
    response = client.post(f"/gestion/sessions/{session_id}/rennes/periodes/nouvelle", data={
        "opens_on": opens[:10], "opens_time": "12:00", "closes_on": closes[:10],
        "closes_time": "18:00"})
    assert response.status_code == 422
    [line] = error_summary(response)
    assert line.startswith("Date d'ouverture : Cette période chevauche la période du ")
    order = client.post(f"/gestion/sessions/{session_id}/rennes/periodes/nouvelle", data={
        "opens_on": "10/10/2027", "opens_time": "08:00", "closes_on": "10/10/2027",
        "closes_time": "07:00"})
    assert error_summary(order) == [
        "Date de fermeture : La fermeture doit être postérieure à l'ouverture."]
    assert periods_of(app, session_id) == before


def test_editing_and_deleting_a_period(app: Any, client: Any, staff: Any) -> None:
    session_id, period_id = open_part(app)
    staff.logged_in("rennes")
    base = f"/gestion/sessions/{session_id}/rennes/periodes/{period_id}"
    form = client.get(base).get_data(as_text=True)
    assert 'value="23:59"' in form or 'name="closes_time"' in form
    moved = client.post(base, data={"opens_on": "05/01/2027", "opens_time": "08:00",
                                    "closes_on": "04/02/2027", "closes_time": "18:00"})
    assert moved.status_code == 302
    assert periods_of(app, session_id) == [("05/01/2027 08:00", "04/02/2027 18:00")]
    confirm = text_of(client.get(f"{base}/suppression"))
    assert "Aucune candidature n'a été enregistrée pendant cette période" in confirm
    assert client.post(f"{base}/suppression").status_code == 302
    assert periods_of(app, session_id) == []
    assert [e.action for e in audit_entries(app)][-2:] == [
        "session.period_updated", "session.period_deleted"]


def test_a_period_with_candidatures_explains_why_it_stays(
    app: Any, client: Any, staff: Any
) -> None:
    session_id, period_id = open_part(app)
    add_candidature(app, session_id)
    staff.logged_in("rennes")
    base = f"/gestion/sessions/{session_id}/rennes/periodes/{period_id}/suppression"
    page = text_of(client.get(base))
    assert "elle ne peut pas être supprimée" in page
    assert 'id="bouton-supprimer-periode"' not in client.get(base).get_data(as_text=True)
    refused = client.post(base)
    assert refused.status_code == 422
    assert "1 candidature(s) ont été enregistrées pendant cette période" in text_of(refused)
    assert len(periods_of(app, session_id)) == 1


def test_the_dates_form_sets_and_clears_the_academys_dates(
    app: Any, client: Any, staff: Any
) -> None:
    session_id, _ = open_part(app)
    staff.logged_in("rennes")
    url = f"/gestion/sessions/{session_id}/rennes/dates"
    early = client.post(url, data={"return_by": "01/01/2020", "pieces_deadline": ""})
    assert early.status_code == 422
    assert error_summary(early)[0].startswith(
        "Date de retour des confirmations d'inscription : La date de retour des confirmations "
        "ne peut pas précéder la fermeture des inscriptions")
    assert client.post(url, data={"return_by": "31/12/2027",
                                  "pieces_deadline": "2027-12-15"}).status_code == 302
    row = part_row(app, session_id)
    assert (row.return_by.isoformat(), row.pieces_deadline.isoformat()) == (
        "2027-12-31", "2027-12-15")
    page = text_of(client.get(f"/gestion/sessions/{session_id}/rennes"))
    assert "31/12/2027" in page and "15/12/2027" in page
    client.post(url, data={"return_by": "", "pieces_deadline": ""})
    assert part_row(app, session_id).return_by is None


def test_closing_asks_for_confirmation_then_locks_the_part(
    app: Any, client: Any, staff: Any
) -> None:
    session_id, period_id = open_part(app)
    add_candidature(app, session_id)
    staff.logged_in("rennes")
    url = f"/gestion/sessions/{session_id}/rennes/fermeture"
    confirm = text_of(client.get(url))
    assert "la candidature active passe dans les Sessions fermées" in confirm
    assert "avancez plutôt la date de fermeture" in confirm
    assert part_row(app, session_id).closed_at is None
    closed = client.post(url)
    assert closed.status_code == 302
    page = text_of(client.get(closed.location))
    assert "Cette session est fermée pour votre académie" in page
    assert "Ajouter une période" not in page
    assert part_row(app, session_id).closed_at is not None
    listing = text_of(client.get("/gestion/sessions"))
    assert "Fermée le" in listing
    refused = client.post(f"/gestion/sessions/{session_id}/rennes/periodes/{period_id}",
                          data={"opens_on": "01/09/2027", "opens_time": "00:00",
                                "closes_on": "02/09/2027", "closes_time": "23:59"})
    assert refused.status_code == 403
    assert "ne peut plus être modifiée" in text_of(refused)
    again = client.post(url)
    assert again.status_code == 422 and "déjà fermée" in text_of(again)


def test_the_sessions_forms_need_their_csrf_token(make_app: Any, staff: Any) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    actions = type(staff)(app, client)
    account = actions.create("rennes")
    html = client.get("/gestion/connexion").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)[1]
    client.post("/gestion/connexion", data={"email": account.email, "password": "Motdepasse!1",
                                            "csrf_token": token})
    client.post("/gestion/connexion/code", data={"code": actions.code_for(account),
                                                 "csrf_token": token})
    assert client.get("/gestion/sessions").status_code == 200
    refused = _new_session(client)
    assert refused.status_code == 400
    from web.core.models import ExamSession

    with db_of(app) as db:
        assert db.scalar(select(func.count()).select_from(ExamSession)) == 0
    page = client.get(NEW).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    accepted = client.post(NEW, data={"exam": "cfg", "label": "JUIN 2027", "year": "2027",
                                      "starts_on": "", "csrf_token": token})
    assert accepted.status_code == 302


def test_the_part_page_follows_the_session_timetable_documents_results_then_closing(
    app: Any, client: Any, staff: Any
) -> None:
    session_id, _ = open_part(app)
    staff.logged_in("rennes")
    html = client.get(f"/gestion/sessions/{session_id}/rennes").get_data(as_text=True)
    ids = ["bouton-calendrier", "bouton-publier-documents", "bouton-resultats",
           "bouton-redoublants", "bouton-fermer-session"]
    positions = [html.find(f'id="{i}"') for i in ids]
    assert -1 not in positions and positions == sorted(positions), positions
    assert f"/gestion/sessions/{session_id}/rennes/resultats/redoublants" in html


def test_the_home_page_counts_each_academys_part_on_its_row_with_its_state(
    app: Any, client: Any, staff: Any
) -> None:
    session_id, _ = open_part(app)
    open_part(app, academy="nantes")
    add_candidature(app, session_id)
    add_candidature(app, session_id, "nantes")
    add_candidature(app, session_id, "nantes")
    add_candidature(app, session_id, "nantes", state="preinscrit")
    staff.logged_in(None, admin=True)
    html = client.get("/gestion/").get_data(as_text=True)
    rows = {
        academy: re.sub(r"<[^>]+>", " ", row.split("</tbody>")[0]).split()
        for row in html.split("<tr>")
        for academy in ("NANTES", "RENNES")
        if f"<td>ACADÉMIE DE {academy}</td>" in row
    }
    assert rows["RENNES"][-3:] == ["1", "Inscriptions", "ouvertes"], rows
    assert rows["NANTES"][-3:] == ["2", "Inscriptions", "ouvertes"], rows
    assert f'href="/gestion/sessions/{session_id}/nantes"' in html
