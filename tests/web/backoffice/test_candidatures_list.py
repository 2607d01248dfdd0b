"""Candidatures list: search by name, birth date, numbers and email, filters, pages, scope."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from office_support import Office, candidature_row, make_office, staff_client
from web_helpers import db_of, text_of


@pytest.fixture
def office(app: Any, staff: Any, auth: Any) -> Office:
    office = make_office(app, staff)
    office.register("lamy", auth, nom_naissance="LAMY", prenoms="Paul", sexe="M",
                    date_naissance=date(1998, 5, 30))
    office.register("lefevre", auth, nom_naissance="LEFÈVRE", nom_usage="DURAND",
                    prenoms="Élodie", date_naissance=date(2001, 3, 12),
                    informations={"amenagement": "oui"})
    office.register("nantes", auth, academy="nantes", nom_naissance="LAMBERT",
                    prenoms="Jeanne", date_naissance=date(1998, 5, 30))
    return office


def listed(response: Any) -> list[int]:
    html = response.get_data(as_text=True)
    return [int(i) for i in re.findall(r'<tr id="candidature-(\d+)"', html)]


def test_the_list_shows_the_academys_candidatures_with_french_labels(office: Office) -> None:
    response = office.get("/gestion/candidatures")
    assert response.status_code == 200
    text = text_of(response)
    assert "2 candidatures" in text
    assert "LAMY" in text and "LEFÈVRE" in text and "usage : DURAND" in text
    assert "LAMBERT" not in text  # Nantes's candidature is not Rennes's
    assert "Inscrit" in text and "INDIVIDUEL" in text
    assert set(listed(response)) == {office.candidatures["lamy"].id,
                                     office.candidatures["lefevre"].id}
    assert 'id="menu-candidatures"' in response.get_data(as_text=True)


def test_a_name_search_finds_the_start_of_the_birth_name_without_case(office: Office) -> None:
    for typed in ("lam", "LAMY", "Lamy "):
        response = office.get("/gestion/candidatures", query_string={"recherche": typed})
        assert listed(response) == [office.candidatures["lamy"].id], typed
        assert "Recherche par nom" in text_of(response)


def test_a_name_search_ignores_accents_and_reads_the_usage_name(office: Office) -> None:
    target = office.candidatures["lefevre"].id
    assert listed(office.get("/gestion/candidatures?recherche=lefevre")) == [target]
    assert listed(office.get("/gestion/candidatures?recherche=Durand")) == [target]


def test_a_birth_date_search_finds_only_the_scopes_candidates(office: Office) -> None:
    # LAMBERT (Nantes) is born the same day: she never shows for a Rennes gestionnaire.
    response = office.get("/gestion/candidatures?recherche=30/05/1998")
    assert listed(response) == [office.candidatures["lamy"].id]
    assert "Recherche par date de naissance" in text_of(response)


def test_an_impossible_date_is_explained_and_finds_nothing(office: Office) -> None:
    response = office.get("/gestion/candidatures?recherche=31/02/1998")
    assert response.status_code == 200
    text = text_of(response)
    assert "La date « 31/02/1998 » n'existe pas" in text
    assert listed(response) == []


def test_numbers_and_email_find_the_candidature(app: Any, office: Office) -> None:
    from web.core.models import Account

    lamy = office.candidatures["lamy"]
    with db_of(app) as db:
        number = db.get(Account, lamy.account_id).candidate_number
    email = office.candidates["lamy"].account.email
    assert listed(office.get("/gestion/candidatures", query_string={"recherche": number})) == [
        lamy.id]
    assert listed(office.get("/gestion/candidatures",
                             query_string={"recherche": email.upper()})) == [lamy.id]
    # "1" and "001" are both the inscription number 001 (Rennes's first candidature).
    for typed in ("1", "001"):
        found = listed(office.get("/gestion/candidatures", query_string={"recherche": typed}))
        assert found == [lamy.id]


def test_filters_are_get_parameters_and_combine(office: Office) -> None:
    lefevre = office.candidatures["lefevre"].id
    response = office.get("/gestion/candidatures?amenagement=oui")
    assert listed(response) == [lefevre]
    html = response.get_data(as_text=True)
    # The export links carry the same filters (a bookmarkable address).
    assert "/gestion/candidatures/export.csv?amenagement=oui" in html
    assert listed(office.get("/gestion/candidatures?amenagement=non&recherche=lefevre")) == []
    both = office.get(f"/gestion/candidatures?examen=cfg&session={office.rennes_session}"
                      "&etat=inscrit&categorie=individuel&pieces=a_fournir")
    assert len(listed(both)) in (0, 2)  # pieces status depends on the pieces engine
    assert set(listed(office.get("/gestion/candidatures?examen=cfg&etat=inscrit"))) == {
        office.candidatures["lamy"].id, lefevre}


def test_the_filter_columns_are_set_from_the_answers_at_the_save(office: Office) -> None:
    lefevre = candidature_row(office.app, office.candidatures["lefevre"].id)
    lamy = candidature_row(office.app, office.candidatures["lamy"].id)
    assert lefevre.accommodation_requested is True and lamy.accommodation_requested is False
    assert lefevre.category_code == lamy.category_code == "individuel"
    assert lamy.speciality_code == ""  # the CFG has no speciality


def test_an_empty_result_says_so_and_offers_to_reset(office: Office) -> None:
    response = office.get("/gestion/candidatures?recherche=zzz")
    text = text_of(response)
    assert "Aucune candidature ne correspond à votre recherche" in text
    assert 'id="reinitialiser-vide"' in response.get_data(as_text=True)
    assert 'id="export-csv"' not in response.get_data(as_text=True)


MALFORMED = (
    "page=abc", "page=-3", "page=99999", "session=x", "session=99999999999999", "etat=inconnu",
    "pieces=%00", "recherche=" + "a" * 5000, "amenagement=peut-etre", "examen=nexistepas",
    "recherche=%27%3B+DROP+TABLE+account%3B--", "recherche=%00", "specialite=%C3%A9",
    "recherche=...", "recherche=99/99/9999",
)


def test_malformed_parameters_never_fail(office: Office) -> None:
    for query in MALFORMED:
        response = office.get(f"/gestion/candidatures?{query}")
        assert response.status_code == 200, query
        export = office.get(f"/gestion/candidatures/export.csv?{query}")
        assert export.status_code == 200, query
        export.get_data()


def test_the_list_is_paginated_by_fifty(app: Any, office: Office) -> None:
    from web.core.models import Candidature

    with db_of(app) as db:
        model = db.get(Candidature, office.candidatures["lamy"].id)
        for index in range(60):
            db.add(Candidature(account_id=model.account_id, exam_code="cfg",
                               session_id=office.rennes_session, academy_code="rennes",
                               inscription_number=f"{100 + index:03d}", state="desinscrit_candidat",
                               answers=model.answers))
        db.commit()
    first = office.get("/gestion/candidatures")
    assert "62 candidatures (page 1 sur 2)" in text_of(first)
    assert len(listed(first)) == 50
    second = office.get("/gestion/candidatures?page=2")
    assert len(listed(second)) == 12
    assert 'aria-current="page" title="Page 2"' in second.get_data(as_text=True)
    assert set(listed(first)).isdisjoint(listed(second))


def test_the_national_administrator_sees_every_academy(app: Any, staff: Any,
                                                         office: Office) -> None:
    admin, _ = staff_client(app, staff, None, admin=True)
    response = admin.get("/gestion/candidatures?recherche=30/05/1998")
    assert set(listed(response)) == {office.candidatures["lamy"].id,
                                     office.candidatures["nantes"].id}
    assert "ACADÉMIE DE NANTES" in text_of(response).upper()
