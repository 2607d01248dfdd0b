"""Documents the office publishes through the job queue: each kind rendered from its spec's
template (text read back with pypdf), the candidatures each kind is for, one document per
candidature and job whatever runs twice, a restart redoing only what is missing."""

from __future__ import annotations

from typing import Any

import pytest
from documents_support import (
    candidate_with_cfg,
    fill_timetable,
    grant_measures,
    items_of,
    job_row,
    kind_documents,
    pdf_text,
    publish,
)
from registration_support import open_session

pytestmark = pytest.mark.db


@pytest.fixture
def session_id(app: Any) -> int:
    return open_session(app, "cfg")


def test_a_convocation_prints_each_unit_with_its_date_time_duration_and_centre(
    app: Any, auth: Any, session_id: int
) -> None:
    _, candidature = candidate_with_cfg(app, auth, session_id, nom_naissance="LAMY", prenoms="Paul")
    fill_timetable(app, session_id)
    job = job_row(app, publish(app, "convocation", session_id))
    assert (job.state, job.total, job.done, job.failed) == ("terminee", 1, 1, 0)
    [doc] = kind_documents(app, candidature.id, "convocation")
    assert doc.version == 1 and doc.title == "Convocation aux épreuves"
    text = pdf_text(doc.content)
    assert "CONVOCATION AUX ÉPREUVES" in text
    assert "LAMY Paul" in text and "N° inscription : 001" in text
    for code, hour in (("001", "08:30"), ("002", "09:30"), ("003", "10:30")):
        assert f"{code} -" in text and hour in text
    assert "14/06/2027" in text and "1 h 30" in text
    assert "Lycée Chateaubriand" in text and "136 boulevard de Vitré" in text
    # The candidate's address as a letter posted in France writes it: no country line.
    assert "35000 RENNES" in text and "FRANCE (DONT OUTRE-MER)" not in text
    # The accessible version says the same, as HTML under the page's h1.
    assert doc.accessible_html.startswith("<h2>CONVOCATION AUX ÉPREUVES</h2>")
    assert (
        "Lycée Chateaubriand" in doc.accessible_html and '<th scope="col">' in doc.accessible_html
    )


def test_a_pupil_s_pre_inscription_not_completed_gets_no_convocation(
    app: Any, auth: Any, session_id: int
) -> None:
    from web_helpers import db_of

    from web.core.models import Candidature

    _, registered = candidate_with_cfg(app, auth, session_id)
    _, pending = candidate_with_cfg(app, auth, session_id, nom_naissance="PETIT")
    with db_of(app) as db:
        db.get(Candidature, pending.id).state = "preinscrit"
        db.commit()
    fill_timetable(app, session_id)
    job = job_row(app, publish(app, "convocation", session_id))
    assert (job.state, job.total, job.done, job.failed) == ("terminee", 1, 1, 0)
    assert len(kind_documents(app, registered.id, "convocation")) == 1
    assert kind_documents(app, pending.id, "convocation") == []


def test_a_convocation_is_refused_with_the_units_the_timetable_lacks(
    app: Any, auth: Any, session_id: int
) -> None:
    _, candidature = candidate_with_cfg(app, auth, session_id)
    fill_timetable(app, session_id, units=("001",))
    job = job_row(app, publish(app, "convocation", session_id))
    assert (job.state, job.done, job.failed) == ("terminee_avec_echecs", 0, 1)
    [item] = items_of(app, job.id)
    assert item.reason == (
        "Le calendrier des épreuves n'a pas d'horaire pour les épreuves 002 - Mathématiques, "
        "003 - Français : complétez-le, puis relancez la publication."
    )
    assert kind_documents(app, candidature.id, "convocation") == []


def test_pieces_request_and_reminder_list_the_pieces_and_the_reminder_skips_complete_files(
    app: Any, auth: Any, session_id: int
) -> None:
    from web_helpers import db_of

    from web.core.models import PIECES_COMPLIANT, Candidature

    _, asking = candidate_with_cfg(app, auth, session_id, accommodation=True)
    _, complete = candidate_with_cfg(app, auth, session_id, accommodation=True)
    with db_of(app) as db:
        row = db.get(Candidature, complete.id)
        row.pieces_status = PIECES_COMPLIANT
        db.commit()
    request_job = job_row(app, publish(app, "demande_pieces", session_id))
    assert (request_job.total, request_job.done) == (2, 2)
    [request] = kind_documents(app, asking.id, "demande_pieces")
    text = pdf_text(request.content)
    assert "DEMANDE DE PIÈCES JUSTIFICATIVES" in text
    assert "Certificat médical" in text or "certificat médical" in text.lower()
    assert "À fournir" in text
    reminder_job = job_row(app, publish(app, "relance_pieces", session_id))
    # Only the candidature whose pieces are missing gets a reminder.
    assert (reminder_job.total, reminder_job.done) == (1, 1)
    [reminder] = kind_documents(app, asking.id, "relance_pieces")
    assert "RELANCE DE PIÈCES JUSTIFICATIVES" in pdf_text(reminder.content)
    assert kind_documents(app, complete.id, "relance_pieces") == []


def test_a_notification_prints_the_measures_the_office_entered_and_waits_for_them(
    app: Any, auth: Any, session_id: int
) -> None:
    _, without = candidate_with_cfg(app, auth, session_id, accommodation=True)
    _, granted = candidate_with_cfg(app, auth, session_id, accommodation=True)
    candidate_with_cfg(app, auth, session_id)  # no aménagement asked: not concerned
    grant_measures(app, granted.id, "Majoration d'un tiers du temps\n- Salle au rez-de-chaussée")
    job = job_row(app, publish(app, "notification_amenagements", session_id))
    assert (job.total, job.done, job.failed) == (2, 1, 1)
    text = pdf_text(kind_documents(app, granted.id, "notification_amenagements")[0].content)
    assert "NOTIFICATION DE MESURES D'AMÉNAGEMENTS" in text
    assert "Majoration d'un tiers du temps" in text and "Salle au rez-de-chaussée" in text
    assert "02/04/2027" in text
    [failed] = [i for i in items_of(app, job.id) if i.state == "echec"]
    assert failed.candidature_id == without.id
    assert failed.reason.startswith("Aucune mesure d'aménagement n'a été saisie")


def test_a_chunk_run_twice_publishes_one_version_and_a_new_job_the_next_one(
    app: Any, auth: Any, session_id: int
) -> None:
    from web.core import db as database
    from web.documents import jobs

    _, candidature = candidate_with_cfg(app, auth, session_id)
    fill_timetable(app, session_id)
    first = publish(app, "convocation", session_id)
    [item] = items_of(app, first)
    with app.app_context():
        db = database.session()
        # The same chunk again (a retried task), even with its item set back to do.
        assert jobs.run_chunk(db, first, [item.id]) == 0
        from web.core.models import PublicationItem

        db.get(PublicationItem, item.id).state = "a_faire"
        db.commit()
        # The job's document is found again and the item done with it: no second version.
        assert jobs.run_chunk(db, first, [item.id]) == 1
        assert db.get(PublicationItem, item.id).document_id == item.document_id
    assert [d.version for d in kind_documents(app, candidature.id, "convocation")] == [1]
    publish(app, "convocation", session_id)
    assert [d.version for d in kind_documents(app, candidature.id, "convocation")] == [1, 2]


def test_a_restart_after_a_failure_redoes_only_the_missing_documents(
    app: Any, auth: Any, session_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from web.documents import publish as publishing

    _, first = candidate_with_cfg(app, auth, session_id)
    _, second = candidate_with_cfg(app, auth, session_id)
    fill_timetable(app, session_id)
    rendered: list[int] = []
    real = publishing.render_document

    def flaky(root: Any, name: str, data: dict[str, Any], title: str) -> Any:
        number = data["candidature"]["inscription_number"]
        rendered.append(number)
        if number == second.inscription_number and rendered.count(number) == 1:
            raise RuntimeError("disk full")
        return real(root, name, data, title)

    monkeypatch.setattr(publishing, "render_document", flaky)
    job_id = publish(app, "convocation", session_id)
    job = job_row(app, job_id)
    assert (job.state, job.done, job.failed) == ("terminee_avec_echecs", 1, 1)
    [failed] = [i for i in items_of(app, job_id) if i.state == "echec"]
    assert failed.candidature_id == second.id
    assert (
        failed.reason == "Erreur technique pendant la production du document : relancez "
        "la publication."
    )
    from web.core import db as database
    from web.core.models import PublicationJob
    from web.documents import jobs, tasks

    with app.app_context():
        db = database.session()
        assert jobs.restart(db, db.get(PublicationJob, job_id)) == 1
        db.commit()
        tasks.resume(job_id)
    job = job_row(app, job_id)
    assert (job.state, job.done, job.failed, job.restarts) == ("terminee", 2, 0, 1)
    assert rendered == [
        first.inscription_number,
        second.inscription_number,
        second.inscription_number,
    ]
    assert [d.version for d in kind_documents(app, first.id, "convocation")] == [1]
    assert [d.version for d in kind_documents(app, second.id, "convocation")] == [1]


def test_an_interrupted_job_carries_on_from_its_items_still_to_do(
    app: Any, auth: Any, session_id: int
) -> None:
    from datetime import timedelta

    from web.core import db as database
    from web.core.models import ExamSession, utcnow
    from web.documents import jobs, tasks

    candidate_with_cfg(app, auth, session_id)
    fill_timetable(app, session_id)
    with app.app_context():
        db = database.session()
        session = db.get(ExamSession, session_id)
        job = jobs.create(db, None, "convocation", session, "rennes")
        db.commit()
        jobs.plan(db, job.id)  # planned, then its worker died before any chunk
        assert jobs.can_restart(job) is False  # not silent long enough yet
        job.progressed_at = utcnow() - jobs.STALL - timedelta(seconds=1)
        db.commit()
        assert jobs.state_label(job) == "Interrompue" and jobs.can_restart(job)
        assert jobs.restart(db, job) == 1
        db.commit()
        tasks.resume(job.id)
        assert job_row(app, job.id).state == "terminee"


def test_a_job_whose_planning_was_interrupted_is_planned_again_at_its_restart(
    app: Any, auth: Any, session_id: int
) -> None:
    from datetime import timedelta

    from web.core import db as database
    from web.core.models import ExamSession, PublicationJob, utcnow
    from web.documents import jobs, tasks

    candidate_with_cfg(app, auth, session_id)
    fill_timetable(app, session_id)
    with app.app_context():
        db = database.session()
        job = jobs.create(db, None, "convocation", db.get(ExamSession, session_id), "rennes")
        job.progressed_at = utcnow() - jobs.STALL - timedelta(seconds=1)
        db.commit()  # its planning task was lost
        assert jobs.state_label(job) == "Interrompue"
        jobs.restart(db, db.get(PublicationJob, job.id))
        db.commit()
        tasks.resume(job.id)
    row = job_row(app, job.id)
    assert (row.state, row.total, row.done) == ("terminee", 1, 1)


def test_a_chunk_reads_its_candidatures_together_then_only_writes_each_document(
    app: Any, auth: Any, session_id: int
) -> None:
    from sqlalchemy import delete, event, update

    from web.core import db as database
    from web.core.models import Document, PublicationItem
    from web.documents import jobs

    candidatures = [candidate_with_cfg(app, auth, session_id)[1] for _ in range(2)]
    fill_timetable(app, session_id)
    job = publish(app, "convocation", session_id)
    ids = [item.id for item in items_of(app, job)]
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement.lstrip().split(None, 1)[0].upper())

    with app.app_context():
        db = database.session()
        # Its items to do again, their documents gone: the chunk publishes both anew.
        db.execute(delete(Document).where(Document.publication_job_id == job))
        db.execute(
            update(PublicationItem)
            .where(PublicationItem.id.in_(ids))
            .values(state="a_faire", document_id=None)
        )
        db.commit()
        event.listen(db.get_bind(), "before_cursor_execute", record)
        try:
            assert jobs.run_chunk(db, job, ids) == 2
        finally:
            event.remove(db.get_bind(), "before_cursor_execute", record)
    # What the chunk reads does not grow with its items (it was a dozen queries each);
    # each item then only adds its document and its mail, and marks itself done.
    assert statements.count("SELECT") <= 14
    assert statements.count("INSERT") == 2 * 2 and statements.count("UPDATE") == 2 + 1
    versions = [d.version for c in candidatures for d in kind_documents(app, c.id, "convocation")]
    assert versions == [1, 1]
