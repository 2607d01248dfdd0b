"""The rules of sessions and periods, as the pages, the command line and the demo apply them."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from session_support import add_candidature, audit_entries, open_part, paris, part_row
from sqlalchemy import func, select
from web_helpers import db_of


def _part(db: Any, session_id: int, academy: str = "rennes") -> Any:
    from web.backoffice.sessions import find_part

    return find_part(db, session_id, academy)


def test_opening_creates_the_session_and_the_academys_part_with_audit_entries(app: Any) -> None:
    session_id, _ = open_part(app, "cfg", "rennes", "juin  2027")
    from web.core.models import ExamSession

    with db_of(app) as db:
        session = db.get(ExamSession, session_id)
        assert (session.exam_code, session.label, session.year) == ("cfg", "JUIN 2027", 2027)
    assert part_row(app, session_id).closed_at is None
    created, joined, added = audit_entries(app)
    assert (created.action, joined.action, added.action) == (
        "session.created", "session.joined", "session.period_added")
    assert created.actor_email == "ligne de commande" and created.academy_code == "rennes"
    assert created.after == {"exam_code": "cfg", "label": "JUIN 2027", "year": 2027,
                             "starts_on": "2027-06-01"}
    assert set(added.after) == {"session_id", "opens_at", "closes_at"}
    assert added.after["opens_at"].endswith(("+01:00", "+02:00"))  # Paris time, for people


def test_another_academy_joins_the_same_national_session(app: Any) -> None:
    first, _ = open_part(app, "cfg", "rennes")
    second, _ = open_part(app, "cfg", "lille")
    assert first == second
    assert part_row(app, first, "lille") is not None


def test_joining_with_other_national_fields_is_refused_with_the_sessions_own(app: Any) -> None:
    from web.backoffice.sessions import NationalFields, SessionRefused
    from web.backoffice.sessions import open_part as service

    session_id, _ = open_part(app, "cfg", "rennes")
    with db_of(app) as db, pytest.raises(SessionRefused) as refused:
        service(db, None, "cfg", NationalFields("JUIN 2027", 2028, None), "lille",
                app.config["EXAMS_DIR"])
    assert "existe déjà (année 2027, début 01/06/2027)" in refused.value.message
    assert part_row(app, session_id, "lille") is None


def test_an_unknown_exam_and_an_unknown_academy_are_refused(app: Any) -> None:
    from web.backoffice.sessions import NationalFields, SessionRefused
    from web.backoffice.sessions import open_part as service

    with db_of(app) as db:
        for exam, academy, field in (("inconnu", "rennes", "exam"), ("cfg", "atlantide",
                                                                     "academy")):
            with pytest.raises(SessionRefused) as refused:
                service(db, None, exam, NationalFields("JUIN 2027", 2027), academy,
                        app.config["EXAMS_DIR"])
            assert refused.value.field == field


def test_a_period_must_close_after_it_opens_and_not_overlap_another(app: Any) -> None:
    from web.backoffice.periods import add_period
    from web.backoffice.sessions import SessionRefused

    session_id, _ = open_part(app, opens_at=paris(2027, 1, 5), closes_at=paris(2027, 2, 4, 23, 59))
    with db_of(app) as db:
        part = _part(db, session_id)
        with pytest.raises(SessionRefused, match="postérieure à l'ouverture"):
            add_period(db, None, part, paris(2027, 3, 1), paris(2027, 3, 1))
        with pytest.raises(SessionRefused) as overlap:
            add_period(db, None, part, paris(2027, 2, 1), paris(2027, 3, 1))
        assert "chevauche la période du 05/01/2027 à 00:00 au 04/02/2027 à 23:59" in (
            overlap.value.message)
        # Touching is not overlapping: the next period may open when the first one closes.
        add_period(db, None, part, paris(2027, 2, 4, 23, 59), paris(2027, 3, 1))
        db.commit()


def test_a_paris_time_the_clock_skips_is_refused() -> None:
    from web.backoffice.periods import paris_moment
    from web.backoffice.sessions import SessionRefused

    with pytest.raises(SessionRefused, match="n'existe pas à Paris"):
        paris_moment(date(2027, 3, 28), time(2, 30))
    summer = paris_moment(date(2027, 7, 1), time(0, 0))
    assert summer.utcoffset() == timedelta(hours=2)


def test_a_period_during_which_candidates_registered_cannot_be_deleted(app: Any) -> None:
    from web.backoffice.periods import delete_period, period_of_part
    from web.backoffice.sessions import SessionRefused

    session_id, period_id = open_part(app)
    add_candidature(app, session_id)
    with db_of(app) as db:
        part = _part(db, session_id)
        period = period_of_part(db, part, period_id)
        with pytest.raises(SessionRefused) as refused:
            delete_period(db, None, part, period)
        assert refused.value.message.startswith("1 candidature(s) ont été enregistrées")
        assert "avancez plutôt la date de fermeture" in refused.value.message


def test_a_withdrawn_candidature_does_not_keep_its_period(app: Any) -> None:
    from web.backoffice.periods import delete_period, period_of_part

    session_id, period_id = open_part(app)
    add_candidature(app, session_id, state="desinscrit_candidat")
    with db_of(app) as db:
        part = _part(db, session_id)
        delete_period(db, None, part, period_of_part(db, part, period_id))
        db.commit()
    assert [e.action for e in audit_entries(app)][-1] == "session.period_deleted"


def test_closing_a_period_early_keeps_its_candidatures_but_moving_it_away_is_refused(
    app: Any,
) -> None:
    from web.backoffice.periods import period_of_part, update_period
    from web.backoffice.sessions import SessionRefused
    from web.core.models import utcnow

    now = utcnow()
    session_id, period_id = open_part(app, opens_at=now - timedelta(days=10),
                                      closes_at=now + timedelta(days=10))
    add_candidature(app, session_id, created_at=now - timedelta(days=5))
    with db_of(app) as db:
        part = _part(db, session_id)
        period = period_of_part(db, part, period_id)
        with pytest.raises(SessionRefused, match="ce changement les laisserait"):
            update_period(db, None, part, period, now - timedelta(days=2), now + timedelta(days=9))
        db.rollback()
        period = period_of_part(db, part, period_id)
        assert update_period(db, None, part, period, period.opens_at, now)
        db.commit()
    entry = audit_entries(app)[-1]
    assert entry.action == "session.period_updated" and list(entry.after) == ["closes_at"]


def test_the_dates_cannot_precede_the_close_nor_the_close_pass_the_dates(app: Any) -> None:
    from web.backoffice.periods import add_period, update_dates
    from web.backoffice.sessions import SessionRefused

    session_id, _ = open_part(app, opens_at=paris(2027, 1, 5), closes_at=paris(2027, 2, 4, 23, 59))
    with db_of(app) as db:
        part = _part(db, session_id)
        with pytest.raises(SessionRefused) as early:
            update_dates(db, None, part, date(2027, 2, 1), None)
        assert early.value.field == "return_by"
        assert "ne peut pas précéder la fermeture des inscriptions, le 04/02/2027" in (
            early.value.message)
        assert update_dates(db, None, part, date(2027, 2, 25), date(2027, 2, 20))
        db.commit()
        with pytest.raises(SessionRefused, match="après la date limite des pièces"):
            add_period(db, None, part, paris(2027, 2, 10), paris(2027, 2, 22))
    entry = audit_entries(app)[-1]
    assert entry.action == "session.dates_updated"
    assert entry.before == {"return_by": None, "pieces_deadline": None}
    assert entry.after == {"return_by": "2027-02-25", "pieces_deadline": "2027-02-20"}


def test_an_office_edits_the_national_fields_only_while_alone_in_the_session(
    app: Any, staff: Any
) -> None:
    from web.backoffice.sessions import NationalFields, SessionRefused, update_national
    from web.core.models import Account

    rennes = staff.create("rennes")
    session_id, _ = open_part(app, "cfg", "rennes")
    with db_of(app) as db:
        actor = db.get(Account, rennes.id)
        assert update_national(db, actor, _part(db, session_id),
                               NationalFields("juin 2027 bis", 2027, date(2027, 6, 1)))
        db.commit()
    open_part(app, "cfg", "lille", "JUIN 2027 BIS")
    with db_of(app) as db:
        actor = db.get(Account, rennes.id)
        with pytest.raises(SessionRefused, match="seul l'administrateur national"):
            update_national(db, actor, _part(db, session_id),
                            NationalFields("JUIN 2027 TER", 2027, date(2027, 6, 1)))
        db.rollback()
        assert update_national(db, None, _part(db, session_id),
                               NationalFields("JUIN 2027 TER", 2027, date(2027, 6, 1)))
        db.commit()


def test_the_year_of_a_session_with_candidatures_cannot_change_but_its_label_can(
    app: Any,
) -> None:
    from web.backoffice.sessions import NationalFields, SessionRefused, update_national

    session_id, _ = open_part(app)
    add_candidature(app, session_id)
    with db_of(app) as db:
        with pytest.raises(SessionRefused, match="ne peuvent plus changer"):
            update_national(db, None, _part(db, session_id),
                            NationalFields("JUIN 2027", 2028, date(2027, 6, 1)))
        db.rollback()
        assert update_national(db, None, _part(db, session_id),
                               NationalFields("SESSION DE JUIN 2027", 2027, date(2027, 6, 1)))
        db.commit()
    entry = audit_entries(app)[-1]
    assert entry.before == {"label": "JUIN 2027"} and entry.after == {
        "label": "SESSION DE JUIN 2027"}


def test_a_closed_part_refuses_every_change(app: Any) -> None:
    from web.backoffice.periods import add_period, update_dates
    from web.backoffice.sessions import SessionRefused, close_part

    session_id, _ = open_part(app)
    add_candidature(app, session_id)
    with db_of(app) as db:
        assert close_part(db, None, _part(db, session_id)) == 1
        db.commit()
        part = _part(db, session_id)
        for change in (lambda: add_period(db, None, part, paris(2027, 9, 1), paris(2027, 9, 2)),
                       lambda: update_dates(db, None, part, None, date(2027, 12, 1)),
                       lambda: close_part(db, None, part)):
            with pytest.raises(SessionRefused):
                change()
            db.rollback()
    entry = audit_entries(app)[-1]
    assert entry.action == "session.closed"
    assert entry.before == {"closed_at": None} and entry.after["active_candidatures"] == 1


def test_a_refused_change_leaves_nothing_behind(app: Any) -> None:
    from web.backoffice.sessions import NationalFields, SessionRefused
    from web.backoffice.sessions import open_part as service
    from web.core.models import AuditEntry, ExamSession

    with db_of(app) as db:
        with pytest.raises(SessionRefused):
            service(db, None, "cfg", NationalFields("", 2027), "rennes", app.config["EXAMS_DIR"])
        db.rollback()
        assert db.scalar(select(func.count()).select_from(ExamSession)) == 0
        assert db.scalar(select(func.count()).select_from(AuditEntry)) == 0
