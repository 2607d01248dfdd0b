"""Établissements pages: the office's list, adding one, a label, (de)activation, the export,
and what a gestionnaire of another academy or a forged request gets."""

from __future__ import annotations

import re
from typing import Any

import pytest
from establishment_support import (
    BREQUIGNY,
    LILLE_ONE,
    NEW_RENNES,
    NEW_RENNES_2,
    add,
    deactivate,
    offered_codes,
    printed,
    rows,
)
from session_support import audit_entries
from web_helpers import error_summary, text_of

LIST = "/gestion/etablissements"
NEW = "/gestion/etablissements/nouveau?academie=rennes"


def _new(client: Any, **fields: str) -> Any:
    data = {"uai": NEW_RENNES, "label": "Lycée des Tests - Rennes", "departement": "35"}
    data.update(fields)
    return client.post(NEW, data=data)


def test_the_menu_leads_a_gestionnaire_to_its_academys_list(client: Any, staff: Any) -> None:
    staff.logged_in("rennes")
    home = client.get("/gestion/")
    assert 'id="menu-etablissements"' in home.get_data(as_text=True)
    page = client.get(LIST)
    text = text_of(page)
    assert page.status_code == 200
    assert "Établissements - ACADÉMIE DE RENNES" in text
    assert "INDIVIDUELS 035" in text and "Liste nationale" in text
    assert "COMMUNAUTÉ ALBERT CHÂTELET" not in text  # Lille's


def test_the_list_is_searched_by_name_accents_aside_or_by_uai_and_paginated(
    client: Any, staff: Any
) -> None:
    staff.logged_in("rennes")
    by_name = text_of(client.get(LIST, query_string={"q": "brequigny"}))
    assert "2 établissements pour « brequigny »" in by_name  # the lycée and the LP
    assert "LYCÉE BRÉQUIGNY - RENNES" in by_name
    by_uai = text_of(client.get(LIST, query_string={"q": "0350028"}))
    assert "1 établissement " in by_uai and "0350028R" in by_uai
    first = client.get(LIST).get_data(as_text=True)
    assert first.count('id="etablissement-') == 50
    assert 'aria-label="Pagination des établissements"' in first
    last = client.get(LIST, query_string={"page": 99}).get_data(as_text=True)
    assert 'aria-current="page">5<' in last  # 247 entries, 50 a page
    nothing = text_of(client.get(LIST, query_string={"q": "zzzz"}))
    assert "Aucun établissement ne correspond à votre recherche." in nothing


def test_a_gestionnaire_adds_an_establishment_offered_at_once_and_audited(
    app: Any, client: Any, staff: Any
) -> None:
    account = staff.logged_in("rennes")
    form = text_of(client.get(NEW))
    assert "Académie : ACADÉMIE DE RENNES" in form and "035 - ILLE ET VILAINE" in form
    assert "les candidats de l'académie de Rennes peuvent le choisir" in form
    assert "051 - MARNE" not in form
    created = _new(client, uai=" 0359001u ")
    assert created.status_code == 302, text_of(created)
    listing = text_of(client.get(created.location))
    assert "L'établissement LYCÉE DES TESTS - RENNES (0359001U) est ajouté" in listing
    assert "Ajouté par l'académie" in listing and f"par {account.email}" in listing
    assert NEW_RENNES in offered_codes(app)
    [entry] = audit_entries(app, "establishment.")
    assert entry.action == "establishment.added" and entry.academy_code == "rennes"
    assert entry.actor_email == account.email and entry.before == {}
    assert entry.after == {"uai": NEW_RENNES, "label": "LYCÉE DES TESTS - RENNES",
                           "departement": "35", "active": True}


@pytest.mark.parametrize(("fields", "expected"), [
    ({"uai": "", "label": "", "departement": ""}, [
        "UAI (numéro d'établissement) : Veuillez renseigner l'UAI de l'établissement.",
        "Libellé de l'établissement : Veuillez renseigner le libellé de l'établissement.",
        "Département : Veuillez renseigner le département."]),
    ({"uai": "0359001"}, ["UAI (numéro d'établissement) : L'UAI comporte 7 chiffres suivis "
                          "d'une lettre, par exemple 0510001Z."]),
    ({"uai": "0359001A"}, ["UAI (numéro d'établissement) : La lettre de contrôle ne correspond "
                           "pas aux 7 chiffres de cet UAI : vérifiez-le sur l'annuaire de "
                           "l'éducation."]),
    ({"uai": BREQUIGNY}, ["UAI (numéro d'établissement) : Cet établissement figure déjà dans "
                          "la liste : LYCÉE BRÉQUIGNY - RENNES (0350028R)."]),
    ({"uai": LILLE_ONE}, ["UAI (numéro d'établissement) : L'UAI 0591843H est celui d'un "
                          "établissement de l'académie de Lille : COMMUNAUTÉ ALBERT CHÂTELET - "
                          "MÉRIGNIES."]),
    ({"departement": "59"}, ["Département : Choisissez un département de l'académie."]),
    ({"label": "X" * 151}, ["Libellé de l'établissement : Le libellé doit comporter au plus "
                            "150 caractères."]),
    ({"label": "LYCÉE\x07"}, ["Libellé de l'établissement : Le libellé ne peut contenir ni "
                              "retour à la ligne ni caractère de contrôle."]),
])
def test_a_refused_addition_says_why_in_french_and_saves_nothing(
    app: Any, client: Any, staff: Any, fields: dict[str, str], expected: list[str]
) -> None:
    staff.logged_in("rennes")
    response = _new(client, **fields)
    assert response.status_code == 422
    assert error_summary(response) == expected
    assert rows(app) == [] and audit_entries(app, "establishment.") == []


def test_a_label_is_corrected_for_candidates_with_its_before_and_after(
    app: Any, client: Any, staff: Any
) -> None:
    staff.logged_in("rennes")
    url = f"/gestion/etablissements/{BREQUIGNY}/libelle"
    assert 'value="LYCÉE BRÉQUIGNY - RENNES"' in client.get(url).get_data(as_text=True)
    empty = client.post(url, data={"label": " "})
    assert empty.status_code == 422
    assert error_summary(empty) == ["Libellé de l'établissement : Indiquez le libellé de "
                               "l'établissement (150 caractères au plus), par exemple LYCÉE "
                               "COLBERT - REIMS."]
    done = client.post(url, data={"label": "Lycée polyvalent Bréquigny - Rennes"})
    assert done.status_code == 302
    listing = text_of(client.get(done.location))
    assert "Liste nationale, libellé corrigé" in listing
    assert "Liste nationale : LYCÉE BRÉQUIGNY - RENNES" in listing
    assert printed(app, BREQUIGNY) == "LYCÉE POLYVALENT BRÉQUIGNY - RENNES (0350028R)"
    [entry] = audit_entries(app, "establishment.")
    assert (entry.before, entry.after) == ({"label": "LYCÉE BRÉQUIGNY - RENNES"},
                                           {"label": "LYCÉE POLYVALENT BRÉQUIGNY - RENNES"})
    same = client.post(url, data={"label": "lycée polyvalent bréquigny - rennes"})
    assert "Aucune modification." in text_of(client.get(same.location))
    assert len(audit_entries(app, "establishment.")) == 1


def test_deactivation_asks_for_confirmation_then_hides_it_and_reactivation_brings_it_back(
    app: Any, client: Any, staff: Any
) -> None:
    staff.logged_in("rennes")
    url = f"/gestion/etablissements/{BREQUIGNY}/desactivation"
    page = text_of(client.get(url))
    assert "Désactiver LYCÉE BRÉQUIGNY - RENNES (0350028R)" in page
    assert "les candidatures qui l'ont déjà choisi l'affichent toujours" in page
    assert BREQUIGNY in offered_codes(app)  # nothing changes on the confirmation page
    done = client.post(url)
    assert done.status_code == 302
    assert "il n'est plus proposé aux candidats" in text_of(client.get(done.location))
    assert BREQUIGNY not in offered_codes(app)
    assert 'id="reactiver-0350028R"' in client.get(done.location).get_data(as_text=True)
    assert "déjà désactivé" in text_of(client.get(url))
    asked = text_of(client.get(f"/gestion/etablissements/{BREQUIGNY}/reactivation"))
    assert "de nouveau proposé aux candidats de l'académie de Rennes" in asked
    back = client.post(f"/gestion/etablissements/{BREQUIGNY}/reactivation")
    assert back.status_code == 302 and BREQUIGNY in offered_codes(app)
    assert [(e.action, e.before, e.after) for e in audit_entries(app, "establishment.")] == [
        ("establishment.deactivated", {"active": True}, {"active": False}),
        ("establishment.reactivated", {"active": False}, {"active": True}),
    ]


def test_the_export_is_the_current_list_in_the_import_format(
    app: Any, client: Any, staff: Any
) -> None:
    add(app, NEW_RENNES, "LYCÉE AJOUTÉ - RENNES")
    deactivate(app, BREQUIGNY)
    staff.logged_in("rennes")
    response = client.get("/gestion/etablissements/export.csv?academie=rennes")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert 'filename="etablissements-rennes.csv"' in response.headers["Content-Disposition"]
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeffuai;libelle;academie;departement;origine\r\n")
    assert "0359001U;LYCÉE AJOUTÉ - RENNES;rennes;35;ajouté par l'académie\r\n" in text
    assert "0350778F;LYCÉE ASSOMPTION - RENNES;rennes;35;liste nationale\r\n" in text
    assert BREQUIGNY not in text and "INDIVIDUELS" not in text and LILLE_ONE not in text
    [entry] = [e for e in audit_entries(app, "establishment.exported")]
    assert entry.academy_code == "rennes" and entry.after["lines"] == text.count("\n") - 1


def test_another_academys_list_and_entries_look_missing_to_a_gestionnaire(
    app: Any, client: Any, staff: Any
) -> None:
    add(app, NEW_RENNES_2, "LYCÉE DE LILLE AJOUTÉ", academy="lille", departement="59")
    staff.logged_in("rennes")
    for url in (f"{LIST}?academie=lille", "/gestion/etablissements/export.csv?academie=lille",
                f"{LIST}?academie=national"):
        assert client.get(url).status_code == 404, url
    for url in ("/gestion/etablissements/nouveau?academie=lille",
                "/gestion/etablissements/import?academie=lille",
                *(f"/gestion/etablissements/{code}/{page}" for code in (LILLE_ONE, NEW_RENNES_2,
                                                                         "cned")
                  for page in ("libelle", "desactivation", "reactivation"))):
        assert client.get(url).status_code == 404, url
        assert client.post(url, data={"label": "X", "uai": NEW_RENNES}).status_code == 404, url
    assert client.get("/gestion/etablissements/inconnu/libelle").status_code == 404
    assert len(rows(app)) == 1 and LILLE_ONE in offered_codes(app, "lille")


def test_the_administrator_picks_any_academy_and_the_national_list(
    app: Any, client: Any, staff: Any
) -> None:
    staff.logged_in(None, admin=True)
    text = text_of(client.get(LIST))
    assert "Choisissez l'académie dont vous voulez voir ou modifier la liste" in text
    assert "COMMUNAUTÉ ALBERT CHÂTELET" in text_of(client.get(f"{LIST}?academie=lille"))
    national = text_of(client.get(f"{LIST}?academie=national"))
    assert "CNED (CENTRE NATIONAL D'ENSEIGNEMENT A DISTANCE)" in national
    added = client.post("/gestion/etablissements/nouveau?academie=lille", data={
        "uai": NEW_RENNES, "label": "Lycée du Nord", "departement": "59"})
    assert added.status_code == 302 and NEW_RENNES in offered_codes(app, "lille")
    assert client.post(f"/gestion/etablissements/{LILLE_ONE}/desactivation").status_code == 302
    assert client.get(f"{LIST}?academie=atlantide").status_code == 404
    for url in ("/gestion/etablissements/nouveau", "/gestion/etablissements/export.csv"):
        chooser = client.get(url)  # no academy chosen yet: back to the choice, with the reason
        assert chooser.status_code == 302 and chooser.location.endswith(LIST), url
        assert "Choisissez d'abord l'académie" in text_of(client.get(chooser.location))


def test_candidates_and_visitors_never_reach_the_pages(app: Any, client: Any, auth: Any) -> None:
    anonymous = client.get(LIST)
    assert anonymous.status_code == 302 and "/gestion/connexion" in anonymous.location
    account = auth.create()
    auth.login(account.email)
    assert client.get(LIST).status_code == 404
    assert client.post(f"/gestion/etablissements/{BREQUIGNY}/desactivation").status_code == 404


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert found is not None, "no CSRF token on the page"
    return found[1]


def test_every_form_needs_its_csrf_token(make_app: Any, staff: Any) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    actions = type(staff)(app, client)
    account = actions.create("rennes")
    token = _token(client.get("/gestion/connexion").get_data(as_text=True))
    client.post("/gestion/connexion", data={"email": account.email, "password": "Motdepasse!1",
                                            "csrf_token": token})
    client.post("/gestion/connexion/code", data={"code": actions.code_for(account),
                                                 "csrf_token": token})
    assert client.get(LIST).status_code == 200
    for url, data in ((NEW, {"uai": NEW_RENNES, "label": "X", "departement": "35"}),
                      (f"/gestion/etablissements/{BREQUIGNY}/libelle", {"label": "X"}),
                      (f"/gestion/etablissements/{BREQUIGNY}/desactivation", {}),
                      ("/gestion/etablissements/import", {}),
                      ("/gestion/etablissements/import/application", {"digest": "x"})):
        assert client.post(url, data=data).status_code == 400, url
    assert rows(app) == [] and BREQUIGNY in offered_codes(app)
    page = client.get(f"/gestion/etablissements/{BREQUIGNY}/desactivation")
    done = client.post(f"/gestion/etablissements/{BREQUIGNY}/desactivation",
                       data={"csrf_token": _token(page.get_data(as_text=True))})
    assert done.status_code == 302 and BREQUIGNY not in offered_codes(app)
