"""The épreuves timetable of a session part: an entry typed in the form, edited, deleted; a
CSV imported all or nothing, hostile files included (BOM, Windows-1252, commas, formulas)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from office_support import staff_client
from registration_support import open_session
from session_support import audit_entries
from sqlalchemy import select
from web_helpers import db_of, text_of

pytestmark = pytest.mark.db

HEADER = "epreuve;specialite;date;heure;duree;centre;adresse"


@pytest.fixture
def office(app: Any, staff: Any) -> tuple[Any, int]:
    session_id = open_session(app, "cfg")
    client, _ = staff_client(app, staff, "rennes")
    return client, session_id


def entries(app: Any, session_id: int) -> list[tuple[str, str, str, int, str, str]]:
    from web.core.models import TimetableEntry

    with db_of(app) as db:
        return [
            (
                e.unit_code,
                e.day.strftime("%d/%m/%Y"),
                e.starts_at.strftime("%H:%M"),
                e.duration_minutes,
                e.centre,
                e.address,
            )
            for e in db.scalars(
                select(TimetableEntry)
                .where(TimetableEntry.session_id == session_id)
                .order_by(TimetableEntry.unit_code)
            )
        ]


def upload(client: Any, session_id: int, data: bytes) -> Any:
    return client.post(
        f"/gestion/sessions/{session_id}/rennes/calendrier/import",
        data={"file": (io.BytesIO(data), "calendrier.csv")},
        content_type="multipart/form-data",
    )


def test_an_entry_typed_in_the_form_is_listed_edited_and_deleted_with_the_journal(
    app: Any, office: tuple[Any, int]
) -> None:
    client, session_id = office
    url = f"/gestion/sessions/{session_id}/rennes/calendrier"
    page = client.get(url)
    assert page.status_code == 200 and "Aucune épreuve n'a encore d'horaire" in text_of(page)
    refused = client.post(
        url,
        data={
            "unit": "002",
            "speciality": "",
            "day": "31/02/2027",
            "starts_at": "25:00",
            "duration": "deux heures",
            "centre": "",
        },
    )
    assert refused.status_code == 422
    text = text_of(refused)
    assert "Saisissez une date au format JJ/MM/AAAA" in text
    assert "Saisissez une heure au format HH:MM" in text
    assert "Veuillez renseigner le centre d'examen." in text
    done = client.post(
        url,
        data={
            "unit": "002",
            "speciality": "",
            "day": "14/06/2027",
            "starts_at": "9h",
            "duration": "2h30",
            "centre": "Lycée Bréquigny",
            "address": "7 avenue Georges Graff, 35200 Rennes",
        },
    )
    assert done.status_code == 302
    assert entries(app, session_id) == [
        (
            "002",
            "14/06/2027",
            "09:00",
            150,
            "Lycée Bréquigny",
            "7 avenue Georges Graff, 35200 Rennes",
        )
    ]
    listed = text_of(client.get(url))
    assert "002 - Mathématiques Toutes les spécialités 14/06/2027 09:00 2 h 30" in listed
    from web.core.models import TimetableEntry

    with db_of(app) as db:
        entry_id = db.scalar(select(TimetableEntry.id))
    edit = client.post(
        f"{url}/{entry_id}",
        data={
            "unit": "002",
            "speciality": "",
            "day": "15/06/2027",
            "starts_at": "14:00",
            "duration": "90",
            "centre": "Lycée Bréquigny",
            "address": "",
        },
    )
    assert edit.status_code == 302
    assert entries(app, session_id)[0][1:4] == ("15/06/2027", "14:00", 90)
    assert client.post(f"{url}/{entry_id}/suppression").status_code == 302
    assert entries(app, session_id) == []
    actions = [e.action for e in audit_entries(app, "timetable.")]
    assert actions == ["timetable.entry_saved", "timetable.entry_saved", "timetable.entry_deleted"]


def test_another_academys_timetable_is_not_found(app: Any, staff: Any) -> None:
    session_id = open_session(app, "cfg", "nantes", label="JUIN 2027 NANTES")
    client, _ = staff_client(app, staff, "rennes")
    assert client.get(f"/gestion/sessions/{session_id}/nantes/calendrier").status_code == 404


def test_a_csv_with_a_bom_and_semicolons_is_imported_and_replaces_the_units_it_names(
    app: Any, office: tuple[Any, int]
) -> None:
    client, session_id = office
    body = (
        f"{HEADER}\r\n001;;14/06/2027;08:30;1h;Lycée Zola;2 avenue Janvier, Rennes\r\n"
        "002;;14/06/2027;10:00;2h;Lycée Zola;\r\n\r\n"
    )
    response = upload(client, session_id, "\ufeff".encode() + body.encode("utf-8"))
    assert response.status_code == 302
    assert [e[:5] for e in entries(app, session_id)] == [
        ("001", "14/06/2027", "08:30", 60, "Lycée Zola"),
        ("002", "14/06/2027", "10:00", 120, "Lycée Zola"),
    ]
    # A second file replaces 002 and keeps 001.
    upload(client, session_id, f"{HEADER}\n002;;15/06/2027;14:00;90;Lycée Zola;\n".encode())
    assert [e[:4] for e in entries(app, session_id)] == [
        ("001", "14/06/2027", "08:30", 60),
        ("002", "15/06/2027", "14:00", 90),
    ]
    [entry] = [e for e in audit_entries(app, "timetable.") if e.after.get("lines") == 1]
    assert entry.action == "timetable.imported"


def test_a_windows_1252_file_separated_by_commas_keeps_its_accents(
    app: Any, office: tuple[Any, int]
) -> None:
    client, session_id = office
    body = (
        "epreuve,specialite,date,heure,duree,centre,adresse\n"
        '003,,16/06/2027,08:00,2h,Collège Théodore Monod,"1 rue de l\'Étang, Rennes"\n'
    )
    assert upload(client, session_id, body.encode("cp1252")).status_code == 302
    assert entries(app, session_id) == [
        ("003", "16/06/2027", "08:00", 120, "Collège Théodore Monod", "1 rue de l'Étang, Rennes")
    ]


def test_a_file_with_bad_lines_is_refused_whole_each_line_with_its_reason(
    app: Any, office: tuple[Any, int]
) -> None:
    client, session_id = office
    body = (
        "\n".join(
            [
                HEADER,
                "001;;14/06/2027;08:30;1h;Lycée Zola;",
                "=cmd|' /C calc'!A0;;14/06/2027;08:30;1h;Lycée Zola;",
                '002;;14/06/2027;08:30;1h;=HYPERLINK("http://x");',
                "003;;2027-13-45;8h61;;@SUM(1);",
                "001;;15/06/2027;08:30;1h;Lycée Zola;",
                "004;cuisine;14/06/2027;08:30;1h;Lycée Zola;",
            ]
        )
        + "\n"
    )
    response = upload(client, session_id, body.encode())
    assert response.status_code == 422
    text = text_of(response)
    assert "Le fichier n'est pas importé : 9 problèmes" in text
    for reason in (
        "Ligne 3 : l'épreuve \"=cmd|' /C calc'!A0\" n'est pas une épreuve de l'examen "
        "(codes : 001, 002, 003, D11, D12, D13, D14, D2, D3, D4, D5).",
        "Ligne 4 : la valeur de la colonne centre commence par « = » : une formule de tableur "
        "n'est pas acceptée.",
        "Ligne 5 : la date '2027-13-45' n'est pas au format JJ/MM/AAAA (par exemple 12/06/2027).",
        "Ligne 5 : l'heure '8h61' n'est pas au format HH:MM (par exemple 08:30).",
        "Ligne 5 : la durée '' n'est pas une durée comme 2h, 1h30, 90 (minutes) ou 01:30.",
        "Ligne 5 : la valeur de la colonne centre commence par « @ »",
        "Ligne 6 : l'épreuve 001 figure déjà ligne 2.",
        "Ligne 7 : l'épreuve '004' n'est pas une épreuve de l'examen",
        "Ligne 7 : la spécialité 'cuisine' n'est pas une spécialité de l'examen.",
    ):
        assert reason in text, reason
    assert entries(app, session_id) == []  # nothing, not even line 2


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "Le fichier est vide."),
        (b"unite;jour\n001;14/06/2027\n", "il manque : epreuve, date, heure, duree, centre"),
        (f"{HEADER}\n".encode(), "Le fichier ne contient aucune épreuve après la ligne d'en-tête."),
    ],
)
def test_a_file_without_entries_is_refused_with_its_reason(
    app: Any, office: tuple[Any, int], data: bytes, reason: str
) -> None:
    client, session_id = office
    response = upload(client, session_id, data)
    assert response.status_code == 422 and reason in text_of(response)


def test_a_unit_named_differently_by_each_speciality_is_listed_under_its_own_name(
    app: Any, staff: Any
) -> None:
    session_id = open_session(app, "cap")
    client, _ = staff_client(app, staff, "rennes")
    url = f"/gestion/sessions/{session_id}/rennes/calendrier"
    assert "EP1 - intitulé selon la spécialité" in text_of(client.get(url))
    # Two units are printed UF1: the import's help names the code each one takes.
    help_text = text_of(client.get(f"{url}/import"))
    assert "UF_LV pour UF1 - Langue vivante étrangère" in help_text
    assert "UF_AA pour UF1 - Arts appliqués" in help_text
    upload(client, session_id, (HEADER + "\nEP1;patissier;18/06/2027;08:00;4h;Lycée;\n").encode())
    listed = text_of(client.get(url))
    assert "EP1 - Tour, petits fours secs et moelleux, gâteaux de voyage" in listed
    assert "Accompagner le développement du jeune enfant" not in listed.split("Ajouter")[0]


def test_deleting_an_entry_asks_first_with_the_published_convocations_that_may_print_it(
    app: Any, auth: Any, office: tuple[Any, int]
) -> None:
    from documents_support import candidate_with_cfg, fill_timetable, publish

    from web.core.models import TimetableEntry

    client, session_id = office
    candidate_with_cfg(app, auth, session_id)
    fill_timetable(app, session_id)
    publish(app, "convocation", session_id)
    with db_of(app) as db:
        entry_id = db.scalar(select(TimetableEntry.id).where(TimetableEntry.unit_code == "002"))
    url = f"/gestion/sessions/{session_id}/rennes/calendrier"
    listed = client.get(url).get_data(as_text=True)
    assert f'href="{url}/{entry_id}/suppression"' in listed
    page = client.get(f"{url}/{entry_id}/suppression")
    assert page.status_code == 200
    text = text_of(page)
    for shown in (
        "Supprimer l'horaire de l'épreuve 002 - Mathématiques",
        "Spécialité : Toutes les spécialités",
        "Date : 14/06/2027",
        "Heure : 09:30 (heure de Paris), durée 1 h 30",
        "Centre d'examen : Lycée Chateaubriand, 136 boulevard de Vitré, 35700 Rennes",
        "1 candidature(s) ont déjà une convocation publiée, qui peut indiquer cet horaire",
    ):
        assert shown in text, shown
    assert 'name="csrf_token"' in page.get_data(as_text=True)
    assert f'href="{url}">Annuler' in page.get_data(as_text=True)
    assert len(entries(app, session_id)) == 3  # the page deletes nothing
    assert client.post(f"{url}/{entry_id}/suppression").status_code == 302
    assert [e[0] for e in entries(app, session_id)] == ["001", "003"]
    [deleted] = audit_entries(app, "timetable.entry_deleted")
    assert deleted.before["unit_code"] == "002"


def test_another_academys_entry_is_neither_shown_nor_deleted(app: Any, staff: Any) -> None:
    from documents_support import fill_timetable

    from web.core.models import TimetableEntry

    session_id = open_session(app, "cfg", "nantes", label="JUIN 2027 NANTES")
    fill_timetable(app, session_id, "nantes")
    with db_of(app) as db:
        entry_id = db.scalar(select(TimetableEntry.id))
    client, _ = staff_client(app, staff, "rennes")
    for academy in ("nantes", "rennes"):
        url = f"/gestion/sessions/{session_id}/{academy}/calendrier/{entry_id}/suppression"
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert len(entries(app, session_id)) == 3


def test_a_closed_part_keeps_its_entries(app: Any, office: tuple[Any, int]) -> None:
    from documents_support import fill_timetable
    from registration_support import close_part

    from web.core.models import TimetableEntry

    client, session_id = office
    fill_timetable(app, session_id)
    close_part(app, session_id, "rennes")
    with db_of(app) as db:
        entry_id = db.scalar(select(TimetableEntry.id))
    url = f"/gestion/sessions/{session_id}/rennes/calendrier/{entry_id}/suppression"
    assert "Supprimer<" not in client.get(url).get_data(as_text=True)
    refused = client.post(url)
    assert refused.status_code == 403
    assert "son calendrier n'est plus modifiable" in text_of(refused)
    assert len(entries(app, session_id)) == 3


def test_a_filled_timetable_leads_to_its_convocations_form_already_chosen(
    app: Any, office: tuple[Any, int]
) -> None:
    client, session_id = office
    url = f"/gestion/sessions/{session_id}/rennes/calendrier"
    assert "bouton-publier-convocations" not in client.get(url).get_data(as_text=True)
    upload(client, session_id, (HEADER + "\n001;;16/06/2027;09:00;30;Lycée;\n").encode())
    page = client.get(url).get_data(as_text=True)
    link = page.split('id="bouton-publier-convocations"')[0].rsplit("href=", 1)[1]
    target = link.split('"')[1].replace("&amp;", "&")
    assert target == f"/gestion/documents?document=convocation&session={session_id}:rennes"
    form = client.get(target).get_data(as_text=True)
    assert '<option value="convocation" selected>' in form
    assert f'<option value="{session_id}:rennes" selected>' in form
