"""Notes et résultats in the back office: a candidature's grades, the CSV import, the computed
results with their explanation and filter, the export, the publication, the academy scope."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from grades_support import ALL_PASS, PastSession, grades_in_db, past_cap_session
from office_support import audit_entries, staff_client
from web_helpers import db_of, text_of


@pytest.fixture
def past(app: Any, auth: Any, staff: Any) -> PastSession:
    return past_cap_session(app, auth, staff, ("lamy", "durand"))


def entry(past: PastSession, key: str, grades: dict[str, str]) -> Any:
    url = f"{past.base}/{past.candidatures[key]}"
    return past.office.post(url, data={f"note-{k}": v for k, v in grades.items()})


def test_the_office_enters_grades_and_sees_the_result_with_its_explanation(
    app: Any, past: PastSession
) -> None:
    lamy = past.candidatures["lamy"]
    page = text_of(past.office.get(f"{past.base}/{lamy}"))
    assert "Notes de LAMY Paul" in page and "EP1 - Organisation de la production de cuisine" in page
    assert "Résultat incomplet" in page
    refused = entry(past, "lamy", {**ALL_PASS, "EP2": "21", "EG1": "douze"})
    assert refused.status_code == 422
    text = text_of(refused)
    assert "EP2 : La note doit être comprise entre 0 et 20." in text
    assert "EG1 : Saisissez une note sur 20" in text
    assert 'value="21"' in refused.get_data(as_text=True)  # what was typed comes back
    assert grades_in_db(app, lamy) == {}  # nothing stored
    done = entry(past, "lamy", ALL_PASS)
    assert done.status_code == 302
    page = text_of(past.office.get(done.location))
    assert "Les notes sont enregistrées (7 modifications)" in page
    assert "Résultat calculé : Admis" in page and "moyenne" in page.lower()
    assert grades_in_db(app, lamy)["EP2"] == ("note", 1250)
    [entered] = audit_entries(app, "results.grades_entered")
    assert entered.target_id == lamy and entered.actor_email == past.manager.email
    assert entered.after["EP2"] == "12,5" and entered.before["EP2"] == ""
    # A correction: one change, ABS on a compulsory unit makes the candidate ajourné.
    again = entry(past, "lamy", {**ALL_PASS, "EG3": "abs"})
    assert "(1 modification)" in text_of(past.office.get(again.location))
    assert grades_in_db(app, lamy)["EG3"] == ("absent", None)
    listing = text_of(past.office.get(past.base))
    # DURAND has no result stored yet: the whole part's computation gives it.
    assert "Ajourné : 1" in listing and "1 résultat à calculer sur 2" in listing
    computed = past.office.post(f"{past.base}/calcul")
    assert "2 résultats calculés sur 2" in text_of(past.office.get(computed.location))
    listing = text_of(past.office.get(past.base))
    assert "Résultat incomplet : 1" in listing and "Tous les résultats sont calculés" in listing
    only = text_of(past.office.get(f"{past.base}?resultat=ajourne"))
    assert "1 candidature affichée sur 2" in only and "LAMY Paul" in only
    assert "DURAND" not in only and "absent(e) à EG3" in only


def upload(past: PastSession, content: bytes) -> Any:
    return past.office.post(
        f"{past.base}/import",
        data={"file": (io.BytesIO(content), "notes.csv")},
        content_type="multipart/form-data",
    )


def test_a_csv_with_hostile_rows_is_refused_whole_with_each_line_and_reason(
    app: Any, past: PastSession
) -> None:
    rows = [
        "N° inscription;Épreuve;Note",
        "001;EP1;12,5",
        "001;EP1;13",  # duplicate
        "002;EP2;21",  # out of range
        "=cmd|' /C calc'!A0;EP1;10",  # formula
        "002;EP9;10",  # not one of the candidate's units
        "999;EP1;10",  # unknown candidature
        "002;EG1;@SUM(1+1)",  # formula in the grade
        "",
        "002;EG2;",  # empty grade
    ]
    response = upload(past, "\n".join(rows).encode("utf-8"))
    assert response.status_code == 422
    text = text_of(response)
    assert "Aucune note n'est enregistrée : 7 lignes refusées" in text
    assert "Ligne 3 : la note de l'épreuve EP1 du candidat n° 001 figure déjà ligne 2." in text
    assert "Ligne 4 : note « 21 » refusée. La note doit être comprise entre 0 et 20." in text
    assert "Ligne 5 : la cellule « cmd|' /C calc'!A0 » commence par « = » : les formules" in text
    assert "Ligne 6 : « EP9 » n'est pas une épreuve que passe le candidat n° 002" in text
    assert "Ligne 7 : aucune candidature n° 999 dans cette session" in text
    assert "Ligne 8 : la cellule « SUM(1+1) » commence par « @ »" in text
    assert "Ligne 10 : la note est vide" in text
    assert grades_in_db(app, past.candidatures["lamy"]) == {}  # all or nothing
    assert audit_entries(app, "results.grades_imported") == []
    for bad, message in (
        (b"", "Le fichier est vide."),
        ("numéro;note\n1;12".encode(), "il manque : Épreuve"),
    ):
        assert message in text_of(upload(past, bad))


def test_a_windows_1252_csv_with_commas_is_imported_in_full(app: Any, past: PastSession) -> None:
    lines = (
        ["Numéro d'inscription,Unité,Note"]
        + [f'1,{unit},"{grade}"' for unit, grade in ALL_PASS.items()]
        + ['2,EP1,"8,5"', "2,EG3,ABS"]
    )
    response = upload(past, ("\r\n".join(lines) + "\r\n").encode("cp1252"))
    assert response.status_code == 302, text_of(response)
    page = text_of(past.office.get(response.location))
    assert "Import terminé : 9 notes enregistrées pour 2 candidatures." in page
    assert grades_in_db(app, past.candidatures["durand"]) == {
        "EP1": ("note", 850),
        "EG3": ("absent", None),
    }
    assert len(audit_entries(app, "results.grades_imported")) == 2


def test_the_export_lists_the_results_and_keeps_formulas_as_text(
    app: Any, auth: Any, past: PastSession
) -> None:
    from grades_support import add_cap_candidature

    add_cap_candidature(
        app, auth, past.session_id, "003", nom_naissance="=HYPERLINK(1)", prenoms="+Eve"
    )
    entry(past, "lamy", ALL_PASS)
    response = past.office.get(f"{past.base}/export.csv")
    assert response.status_code == 200
    rows = list(
        csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";")
    )
    assert rows[0][:5] == [
        "N° inscription",
        "N° candidat",
        "Nom de naissance",
        "Prénoms",
        "Spécialité",
    ]
    lamy = next(r for r in rows if r[0] == "001")
    assert "Admis" in lamy and "12,5" in lamy and "Cuisine" in lamy[4]
    hostile = next(r for r in rows if r[0] == "003")
    assert hostile[2] == "'=HYPERLINK(1)" and hostile[3] == "'+Eve"
    assert lamy[-1] == "oui" and hostile[-5:] == ["Non calculé", "", "", "", "non"]
    assert len({len(r) for r in rows}) == 1 and len(rows) == 4
    xlsx = past.office.get(f"{past.base}/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    assert len(audit_entries(app, "results.exported")) == 2


def test_publication_date_is_set_in_paris_time_and_refused_in_french(
    app: Any, past: PastSession
) -> None:
    form = f"{past.base}/publication"
    past.office.post(f"{past.base}/calcul")
    wrong = past.office.post(
        form, data={"day": "31/02/2027", "hour": "25:00", "action": "programmer"}
    )
    assert wrong.status_code == 422
    assert "Saisissez une date au format JJ/MM/AAAA" in text_of(wrong)
    later = past.office.post(
        form, data={"day": "05/07/2040", "hour": "10:00", "action": "programmer"}
    )
    assert later.status_code == 302
    assert "visibles des candidats à partir du 05/07/2040 à 10:00" in text_of(
        past.office.get(later.location)
    )
    assert "Publication prévue le 05/07/2040 à 10:00" in text_of(past.office.get(past.base))
    now = past.office.post(form, data={"action": "maintenant"})
    assert "Les résultats sont publiés" in text_of(past.office.get(now.location))
    [first, second] = audit_entries(app, "results.publication_set")
    assert second.before == {"publication": "05/07/2040 à 10:00"}


def test_another_academy_sees_none_of_it(app: Any, staff: Any, past: PastSession) -> None:
    client, _ = staff_client(app, staff, "nantes")
    lamy = past.candidatures["lamy"]
    for url in (
        past.base,
        f"{past.base}/{lamy}",
        f"{past.base}/import",
        f"{past.base}/publication",
        f"{past.base}/export.csv",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{past.base}/{lamy}", data={"note-EP1": "20"}).status_code == 404
    assert "JUIN 2026" not in text_of(client.get("/gestion/resultats"))
    assert "JUIN 2026" in text_of(past.office.get("/gestion/resultats"))
    part = past.office.get(f"/gestion/sessions/{past.session_id}/rennes")
    assert f'href="{past.base}"' in part.get_data(as_text=True)


def test_every_results_form_needs_its_csrf_token(make_app: Any, auth: Any, staff: Any) -> None:
    import re

    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    actions = type(staff)(app, client)
    past = past_cap_session(app, type(auth)(app, client), actions, ("lamy",))
    account = actions.create("rennes")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/gestion/connexion").get_data(as_text=True))[1]
    client.post("/gestion/connexion", data={"email": account.email, "password": "Motdepasse!1",
                                            "csrf_token": token})
    client.post("/gestion/connexion/code", data={"code": actions.code_for(account),
                                                 "csrf_token": token})
    lamy = f"{past.base}/{past.candidatures['lamy']}"
    for url, data in ((lamy, {"note-EP1": "12"}), (f"{past.base}/publication",
                                                   {"action": "maintenant"}),
                      (f"{past.base}/import", {}), (f"{past.base}/redoublants", {"source": "1"})):
        assert client.post(url, data=data).status_code == 400, url
    assert grades_in_db(app, past.candidatures["lamy"]) == {}
    page = client.get(lamy).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    assert client.post(lamy, data={"note-EP1": "12", "csrf_token": token}).status_code == 302
    assert grades_in_db(app, past.candidatures["lamy"]) == {"EP1": ("note", 1200)}


def test_a_second_group_takes_the_control_grade_box(
    make_app: Any, tmp_path: Any
) -> None:
    """The CAP with a second group (a copy of exams/ whose cap.yaml has one): the control
    épreuve's box appears with the result « Admissible au second groupe »."""
    import re
    import shutil
    from pathlib import Path

    from tests.conftest import AuthActions, StaffActions

    exams = tmp_path / "exams"
    shutil.copytree(Path(__file__).resolve().parents[3] / "exams", exams)
    spec = exams / "cap.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace(
        "  absent: eliminatory\n",
        "  absent: eliminatory\n  second_group:\n    label: épreuve de contrôle\n"
        "    min_average: 8\n", 1), encoding="utf-8")
    app = make_app(WTF_CSRF_ENABLED=False, EXAMS_DIR=str(exams))
    past = past_cap_session(app, AuthActions(app, app.test_client()),
                            StaffActions(app, app.test_client()))
    url = f"{past.base}/{past.candidatures['lamy']}"
    # 10 in the professional units, 6 in the general ones: an average of 8,72.
    grades = {f"note-{u}": "10" if u.startswith("EP") else "6" for u in ALL_PASS}
    page = text_of(past.office.get(past.office.post(url, data=grades).location))
    assert "Résultat calculé : Admissible au second groupe (épreuve de contrôle)" in page
    assert 'name="note-controle"' in past.office.get(url).get_data(as_text=True)
    refused = past.office.post(url, data={**grades, "note-controle": "25"})
    assert "Épreuve de contrôle : La note doit être comprise entre 0 et 20." in text_of(refused)
    done = past.office.post(url, data={**grades, "note-controle": "14"})
    page = text_of(past.office.get(done.location))
    assert "Résultat calculé : Admis" in page and "second groupe" in page
    assert grades_in_db(app, past.candidatures["lamy"])["#controle"] == ("note", 1400)
    assert re.search(r"Admis[^.]*second groupe", page)


def test_a_preregistered_candidature_gets_no_grade_nor_result(app: Any, past: PastSession) -> None:
    from sqlalchemy import select

    from web.core.models import Candidature, ResultRecord
    from web.core.models.candidatures import CANDIDATURE_PREREGISTERED

    durand = past.candidatures["durand"]
    with db_of(app) as db:  # it keeps its number 002 here, so that a CSV row can name it
        row = db.get(Candidature, durand)
        assert row is not None
        row.state = CANDIDATURE_PREREGISTERED
        db.commit()
    assert entry(past, "lamy", ALL_PASS).status_code == 302
    listed = text_of(past.office.get(past.base))
    assert "LAMY" in listed and "DURAND" not in listed
    # Its grade entry page, read or posted, answers why in French and stores nothing.
    for answer in (
        lambda: past.office.get(f"{past.base}/{durand}"),
        lambda: entry(past, "durand", ALL_PASS),
    ):
        response = answer()
        assert response.status_code == 302
        assert "Le candidat DURAND Paul n'a pas terminé son inscription" in text_of(
            past.office.get(response.location)
        )
    assert grades_in_db(app, durand) == {}
    # A CSV row naming it: the file refused whole.
    refused = upload(past, "N° inscription;Épreuve;Note\n001;EP1;9\n002;EP1;12".encode())
    assert refused.status_code == 422
    assert (
        "Ligne 3 : le candidat de la candidature n° 002 n'a pas terminé son inscription"
        in text_of(refused)
    )
    assert grades_in_db(app, past.candidatures["lamy"])["EP1"] != ("9", None)
    # The computation job, the counts and the publication page leave it out.
    past.office.post(f"{past.base}/calcul")
    with db_of(app) as db:
        stored = set(db.scalars(select(ResultRecord.candidature_id)))
    assert stored == {past.candidatures["lamy"]}
    publication = text_of(past.office.get(f"{past.base}/publication"))
    assert "pas arrêté" not in publication
