"""The exam office's dates on the candidate's side: a closed part, the pieces deadline, the
confirmation's return date, and Ouverture des services listing only open parts."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from registration_support import (
    INFORMATIONS,
    Candidate,
    close_part,
    errors_of,
    open_session_part,
)
from space_support import register_cfg
from test_registration_exams import pdf_text
from web_helpers import db_of, text_of

from web.registration.context import MSG_PERIOD_CLOSED


@pytest.fixture
def candidate(client: Any, auth: Any) -> Candidate:
    account = auth.create(nom_naissance="LAMY", prenoms="Paul", sexe="M")
    assert auth.login(account.email).status_code == 302
    return Candidate(client, account)


def _set_dates(app: Any, session_id: int, **dates: date) -> None:
    from web.backoffice.periods import update_dates
    from web.backoffice.sessions import find_part

    with db_of(app) as db:
        part = find_part(db, session_id, "rennes")
        update_dates(db, None, part, dates.get("return_by"), dates.get("pieces_deadline"))
        db.commit()


def test_a_closed_part_moves_the_card_to_sessions_fermees_and_locks_every_change(
    app: Any, client: Any, candidate: Candidate
) -> None:
    session_id = open_session_part(app, "cfg")
    saved = register_cfg(candidate, app, session_id)
    assert f'id="carte-{saved.id}"' in client.get("/mes-inscriptions").get_data(as_text=True)
    close_part(app, session_id)
    cards = client.get("/mes-inscriptions").get_data(as_text=True)
    assert 'id="aucune-candidature"' in cards  # no longer in progress…
    assert f'id="carte-{saved.id}"' in cards.split('id="titre-sessions-fermees"')[1]  # …but kept
    base = f"/mes-inscriptions/{saved.id}"
    for path in ("", "/inscription", "/documents"):
        assert client.get(base + path).status_code == 200, path
    for path in ("/justificatifs", "/desinscription"):
        assert client.get(base + path).status_code == 404, path
    assert client.post(f"{base}/modifier").status_code == 404
    assert client.post(f"{base}/desinscription").status_code == 404
    from web.core.models import Candidature

    with db_of(app) as db:
        assert db.get(Candidature, saved.id).state == "inscrit"  # closed, not withdrawn


def test_a_closed_part_refuses_a_new_registration_and_a_wizard_in_progress(
    app: Any, client: Any, candidate: Candidate
) -> None:
    session_id = open_session_part(app, "cfg")
    assert candidate.start(session_id).status_code == 302
    assert candidate.next_ok("identification", candidate.identification()) == "informations"
    close_part(app, session_id)
    resumed = candidate.tab("informations")
    assert resumed.status_code == 302 and resumed.location == "/mes-inscriptions"
    saving = candidate.post("informations", INFORMATIONS)
    assert saving.status_code == 302
    assert MSG_PERIOD_CLOSED in text_of(client.get(saving.location))
    started = candidate.start(session_id)
    assert started.status_code == 302 and "/brouillon/" not in started.location
    assert MSG_PERIOD_CLOSED in errors_of(client.get(started.location))


def test_ouverture_des_services_lists_only_the_academies_whose_part_is_open(
    app: Any, client: Any
) -> None:
    session_id = open_session_part(app, "cfg", "rennes")
    open_session_part(app, "cfg", "lille")
    chain = f"/ouverture-des-services?domaine=examen&examen=cfg&session={session_id}"
    options = re.findall(r'<option value="([^"]+)">', client.get(chain).get_data(as_text=True))
    assert options == ["lille", "rennes"]
    close_part(app, session_id, "lille")
    options = re.findall(r'<option value="([^"]+)">', client.get(chain).get_data(as_text=True))
    assert options == ["rennes"]
    closed = text_of(client.get(f"{chain}&academie=lille"))
    assert "Aucun service n'est ouvert pour ce choix." in closed
    listing = closed.split("Périodes d'inscription Grand Public")[1].split("Plan du site")[0]
    assert "du " not in listing  # no period "du … au …" listed
    close_part(app, session_id, "rennes")
    sessions = text_of(client.get("/ouverture-des-services?domaine=examen&examen=cfg"))
    assert "JUIN 2027" not in sessions
    assert "Aucun service n'est ouvert pour ce choix." in sessions


def test_the_office_pieces_deadline_replaces_the_specs_and_the_return_date_wins(
    app: Any, client: Any, candidate: Candidate
) -> None:
    from web.core.models import utcnow

    session_id = open_session_part(app, "cfg", closes_in_days=30)
    later = (utcnow() + timedelta(days=60)).date()
    _set_dates(app, session_id, pieces_deadline=later)
    saved = register_cfg(candidate, app, session_id)
    pieces = text_of(client.get(f"/mes-inscriptions/{saved.id}/justificatifs"))
    assert later.strftime("%d/%m/%Y") in pieces
    [document] = _documents(app, saved.id)
    text = pdf_text(document.content)
    assert _french_date(later) in text.upper()  # no return date set: the pieces' deadline
    returns = (utcnow() + timedelta(days=75)).date()
    _set_dates(app, session_id, return_by=returns, pieces_deadline=later)
    modified = _modify_and_save(candidate, saved.id)
    assert modified.status_code == 302
    latest = _documents(app, saved.id)[-1]
    assert _french_date(returns) in pdf_text(latest.content).upper()


def _modify_and_save(candidate: Candidate, candidature_id: int) -> Any:
    response = candidate.client.post(f"/mes-inscriptions/{candidature_id}/modifier")
    assert response.status_code == 302
    candidate.draft_url = response.location.rsplit("/", 1)[0]
    candidate.next_ok("identification", candidate.identification())
    candidate.next_ok("informations", INFORMATIONS)
    return candidate.post("recapitulatif", action="enregistrer")


MONTHS = ("JANVIER", "FÉVRIER", "MARS", "AVRIL", "MAI", "JUIN", "JUILLET", "AOÛT",
          "SEPTEMBRE", "OCTOBRE", "NOVEMBRE", "DÉCEMBRE")


def _french_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _documents(app: Any, candidature_id: int) -> list[Any]:
    from space_support import documents_of

    return documents_of(app, candidature_id)
