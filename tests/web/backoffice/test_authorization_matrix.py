"""Every back-office route, found in the URL map (a new route cannot be forgotten), against
every kind of visitor: anonymous → the back office's login; a candidate → 404; a gestionnaire
of another academy → 404 on every object of Rennes, nothing changed, none of its rows in the
lists and exports; the Rennes gestionnaire and the administrator reach every page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from pieces_support import CONFIRMATION, IDENTITY, confirm, image_bytes, pdf_bytes, upload
from sqlalchemy import select
from web_helpers import db_of

ENTRANCE = {"backoffice.login", "backoffice.second_factor", "backoffice.enrol"}
# Pages that list or export rows without naming one object: checked for leaks instead.
UNIQUE_NAME = "ZORGLUB"


@dataclass
class World:
    """Rennes objects every route argument can name."""

    values: dict[str, Any]

    def url(self, app: Any, rule: Any) -> str:
        unknown = [a for a in rule.arguments if a not in self.values]
        if unknown:
            pytest.fail(f"{rule.endpoint}: argument(s) {unknown} unknown to the authorization "
                        "matrix: add a Rennes value for them in test_authorization_matrix.py")
        with app.test_request_context():
            from flask import url_for

            return str(url_for(rule.endpoint, **{a: self.values[a] for a in rule.arguments}))


def back_office_rules(app: Any) -> list[Any]:
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("backoffice.")]
    assert len(rules) > 20  # the whole back office, not an empty map
    return sorted(rules, key=lambda r: r.rule)


def methods_of(rule: Any) -> list[str]:
    return sorted(m for m in rule.methods if m in ("GET", "POST"))


@pytest.fixture
def world(pieces_app: Any, pieces_client: Any, with_pieces: Any, auth: Any) -> World:
    """A Rennes CFG candidature with both online pieces given and locked, its confirmation,
    its session part and period; its candidate's name appears nowhere else."""
    from web.core.models import Account, Candidature, Document, RegistrationPeriod

    assert upload(pieces_client, with_pieces.id, IDENTITY, pdf_bytes(), "carte.pdf").status_code \
        == 302
    assert upload(pieces_client, with_pieces.id, CONFIRMATION, image_bytes("JPEG"),
                  "signee.jpg").status_code == 302
    page = pieces_client.get(f"/mes-inscriptions/{with_pieces.id}/justificatifs")
    key = re.findall(r'name="groupe" value="([^"]+)"', page.get_data(as_text=True))[0]
    assert confirm(pieces_client, with_pieces.id, key).status_code == 302
    with db_of(pieces_app) as db:
        candidature = db.get(Candidature, with_pieces.id)
        account = db.get(Account, candidature.account_id)
        account.nom_naissance = UNIQUE_NAME
        # The candidature asked for an aménagement (its measures page exists), its session
        # has a timetable entry and a publication job.
        from datetime import date, time

        from web.core.models import PublicationJob, TimetableEntry

        candidature.accommodation_requested = True
        entry = TimetableEntry(session_id=candidature.session_id, academy_code="rennes",
                               unit_code="001", speciality_code="", day=date(2027, 6, 14),
                               starts_at=time(9, 0), duration_minutes=60, centre="Lycée")
        job = PublicationJob(kind="convocation", session_id=candidature.session_id,
                             academy_code="rennes", state="terminee")
        # And a results computation (Calculer les résultats).
        computation = PublicationJob(kind="resultats", session_id=candidature.session_id,
                                     academy_code="rennes", state="terminee")
        db.add_all([entry, job, computation])
        db.commit()
        document = db.scalar(select(Document).where(Document.candidature_id == candidature.id))
        period = db.scalar(select(RegistrationPeriod).where(
            RegistrationPeriod.session_id == candidature.session_id))
        from web.core.models import CandidaturePiece, PieceFile

        file_id = db.scalar(select(PieceFile.id).join(CandidaturePiece).where(
            CandidaturePiece.candidature_id == candidature.id))
        # The candidate as a pupil the Rennes office imported (its class, its slip).
        from web.core.models import SchoolPupil

        account.login, account.initial_password_seed = "zorglub.eleve1", "0" * 32
        pupil = SchoolPupil(
            account_id=account.id, candidature_id=candidature.id,
            session_id=candidature.session_id, academy_code="rennes",
            establishment_code="0350028R", class_label="CAP1 A",
            identity_key=f"{UNIQUE_NAME}|ELEVE|2000-01-01", login_base="zorglub.eleve",
            login_number=1)
        db.add(pupil)
        db.commit()
        values = {
            "pupil_id": pupil.id,
            "candidature_id": candidature.id, "session_id": candidature.session_id,
            "academy_code": "rennes", "period_id": period.id, "document_id": document.id,
            "file_id": file_id, "piece_code": IDENTITY, "group_key": key, "extension": "csv",
            "code": "0350028R",  # LYCÉE BRÉQUIGNY - RENNES, of the shipped list
            "entry_id": entry.id, "job_id": job.id,
            "computation_id": computation.id,
        }
    return World(values)


def fingerprint(app: Any) -> dict[str, Any]:
    """What an action could change: candidatures, pieces, periods, parts, establishments,
    audit entries."""
    from web.core.models import (
        AuditEntry,
        Candidature,
        CandidaturePiece,
        EstablishmentEntry,
        EstablishmentListVersion,
        Grade,
        PieceLock,
        RegistrationPeriod,
        ResultsPublication,
        SessionAcademy,
    )

    with db_of(app) as db:
        return {
            "candidatures": [(c.id, c.state, c.version, c.pieces_status, c.reopened_until,
                              c.answers) for c in db.scalars(select(Candidature))],
            "pieces": [(p.id, p.status, p.comment, p.validated_at)
                       for p in db.scalars(select(CandidaturePiece))],
            "locks": [lock.id for lock in db.scalars(select(PieceLock))],
            "periods": [(p.id, p.opens_at, p.closes_at)
                        for p in db.scalars(select(RegistrationPeriod))],
            "parts": [(p.id, p.return_by, p.pieces_deadline, p.closed_at)
                      for p in db.scalars(select(SessionAcademy))],
            "establishments": [(e.code, e.label, e.active)
                               for e in db.scalars(select(EstablishmentEntry))],
            "establishment_tokens": [(v.academy_code, v.token)
                                     for v in db.scalars(select(EstablishmentListVersion))],
            "audit": len(list(db.scalars(select(AuditEntry.id)))),
            "grades": [(g.candidature_id, g.unit_code, g.status, g.hundredths)
                       for g in db.scalars(select(Grade))],
            "publications": [(p.session_id, p.academy_code, p.publishes_at)
                             for p in db.scalars(select(ResultsPublication))],
            "published": _published(db),
        }


def _published(db: Any) -> list[Any]:
    """Timetable entries, aménagement measures, publication jobs and their documents."""
    from web.core.models import AccommodationGrant, Document, PublicationJob, TimetableEntry

    return [
        [(e.id, e.day, e.starts_at, e.centre) for e in db.scalars(select(TimetableEntry))],
        [(g.candidature_id, g.measures) for g in db.scalars(select(AccommodationGrant))],
        [(j.id, j.state, j.restarts) for j in db.scalars(select(PublicationJob))],
        len(list(db.scalars(select(Document.id)))),
    ]


def test_every_back_office_route_sends_an_anonymous_visitor_to_the_login(
    pieces_app: Any, world: World
) -> None:
    visitor = pieces_app.test_client()
    for rule in back_office_rules(pieces_app):
        if rule.endpoint in ENTRANCE:
            continue
        url = world.url(pieces_app, rule)
        for method in methods_of(rule):
            response = visitor.open(url, method=method)
            assert response.status_code == 302, (method, url, response.status_code)
            assert response.location.startswith("/gestion/connexion"), (method, url)


def test_a_candidate_gets_404_on_every_back_office_route(
    pieces_app: Any, pieces_client: Any, world: World
) -> None:
    before = fingerprint(pieces_app)
    for rule in back_office_rules(pieces_app):
        url = world.url(pieces_app, rule)
        for method in methods_of(rule):
            response = pieces_client.open(url, method=method)
            assert response.status_code == 404, (method, url, response.status_code)
    assert fingerprint(pieces_app) == before


def test_another_academys_gestionnaire_gets_404_on_every_rennes_object_and_changes_nothing(
    pieces_app: Any, staff: Any, world: World
) -> None:
    lille = pieces_app.test_client()
    staff.logged_in("lille", client=lille)
    before = fingerprint(pieces_app)
    checked = 0
    for rule in back_office_rules(pieces_app):
        if not rule.arguments or rule.arguments == {"extension"}:
            continue
        url = world.url(pieces_app, rule)
        for method in methods_of(rule):
            response = lille.open(url, method=method, data={})
            assert response.status_code == 404, (method, url, response.status_code)
            checked += 1
    assert checked > 20
    assert fingerprint(pieces_app) == before


def test_another_academys_lists_and_exports_hold_none_of_rennes_rows(
    pieces_app: Any, staff: Any, world: World
) -> None:
    lille = pieces_app.test_client()
    staff.logged_in("lille", client=lille)
    for rule in back_office_rules(pieces_app):
        if rule.endpoint in ENTRANCE or "GET" not in rule.methods:
            continue
        if rule.arguments and rule.arguments != {"extension"}:
            continue
        if rule.endpoint == "backoffice.audit_log":
            continue  # the administrator's only (404 for a gestionnaire: see the entrance tests)
        for extension in ("csv", "xlsx") if "extension" in rule.arguments else ("",):
            values = {"extension": extension} if extension else {}
            with pieces_app.test_request_context():
                from flask import url_for

                url = url_for(rule.endpoint, **values)
            response = lille.get(url, query_string={"q": UNIQUE_NAME})
            assert response.status_code in (200, 302), (url, response.status_code)
            # A search field giving back the visitor's own words is no leak of a Rennes row.
            body = response.get_data().replace(f'value="{UNIQUE_NAME}"'.encode(), b"")
            body = body.replace(f"« {UNIQUE_NAME} »".encode(), b"")
            assert UNIQUE_NAME.encode() not in body, url
            assert world.values["code"].encode() not in body, url  # a Rennes establishment
            if extension == "xlsx":
                import io
                import zipfile

                sheets = zipfile.ZipFile(io.BytesIO(body))
                text = b"".join(sheets.read(n) for n in sheets.namelist())
                assert UNIQUE_NAME.encode() not in text, url


@pytest.mark.parametrize("academy", ["rennes", None])
def test_the_rennes_gestionnaire_and_the_administrator_reach_every_rennes_page(
    pieces_app: Any, staff: Any, world: World, academy: str | None
) -> None:
    office = pieces_app.test_client()
    staff.logged_in(academy, admin=academy is None, client=office)
    for rule in back_office_rules(pieces_app):
        if rule.endpoint in ENTRANCE or "GET" not in rule.methods:
            continue
        if academy is not None and rule.endpoint == "backoffice.audit_log":
            continue  # the administrator's only
        url = world.url(pieces_app, rule)
        response = office.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)
