"""Stored results: written with the grades (form and import), stale once the grades or the
answers change another way, computed for a whole part by the background job (chunks, its
page, failures, restart), required fresh to publish, read by the page's filters and pages
and by Mes notes."""

from __future__ import annotations

import io
from typing import Any

import pytest
from grades_support import AJOURNE, ALL_PASS, PastSession, past_cap_session
from sqlalchemy import select
from web_helpers import db_of, text_of


@pytest.fixture
def past(app: Any, auth: Any, staff: Any) -> PastSession:
    return past_cap_session(app, auth, staff, ("lamy", "durand", "martin"))


def record(app: Any, candidature_id: int) -> Any:
    from web.core.models import ResultRecord

    with db_of(app) as db:
        found = db.get(ResultRecord, candidature_id)
        if found is not None:
            found.decision  # noqa: B018  (deferred: read before leaving the session)
            db.expunge(found)
        return found


def enter(past: PastSession, key: str, grades: dict[str, str]) -> None:
    response = past.office.post(
        f"{past.base}/{past.candidatures[key]}", data={f"note-{k}": v for k, v in grades.items()}
    )
    assert response.status_code == 302


def row_of(page: str, candidature_id: int) -> str:
    start = page.index(f'id="resultat-{candidature_id}"')
    return page[start : page.index("</tr>", start)]


def test_grades_entered_or_imported_store_the_result_and_other_changes_make_it_stale(
    app: Any, past: PastSession
) -> None:
    from web.core.models import Candidature, Grade

    lamy, durand = past.candidatures["lamy"], past.candidatures["durand"]
    enter(past, "lamy", ALL_PASS)
    stored = record(app, lamy)
    assert (stored.status, stored.average_hundredths, stored.stale) == ("admis", 1218, False)
    assert stored.decision["status"] == "admis" and stored.explanation.startswith("Admis")
    assert stored.spec_version and len(stored.fingerprint) == 64 and stored.units_graded == 7
    csv = "N° inscription;Épreuve;Note\n" + "".join(
        f"002;{unit};{grade}\n" for unit, grade in AJOURNE.items()
    )
    imported = past.office.post(
        f"{past.base}/import",
        content_type="multipart/form-data",
        data={"file": (io.BytesIO(csv.encode()), "notes.csv")},
    )
    assert imported.status_code == 302
    assert record(app, durand).status == "ajourne"
    page = past.office.get(past.base).get_data(as_text=True)
    assert "À recalculer" not in row_of(page, lamy) + row_of(page, durand)
    assert "À calculer" in row_of(page, past.candidatures["martin"])
    assert "1 résultat à calculer sur 3" in text_of(past.office.get(past.base))
    # A grade changed without the form, then answers modified: both results are stale.
    with db_of(app) as db:
        db.scalar(
            select(Grade).where(Grade.candidature_id == lamy, Grade.unit_code == "EP2")
        ).hundredths = 300
        candidature = db.get(Candidature, durand)
        candidature.answers = {
            **candidature.answers,
            "fields": {**candidature.answers["fields"], "localite": "BREST"},
        }
        db.commit()
    assert record(app, lamy).stale and record(app, durand).stale
    page = past.office.get(past.base).get_data(as_text=True)
    assert "À recalculer" in row_of(page, lamy) and "À recalculer" in row_of(page, durand)
    assert "3 résultats à calculer sur 3" in text_of(past.office.get(past.base))
    past.office.post(f"{past.base}/calcul")
    assert record(app, lamy).status == "ajourne" and not record(app, durand).stale
    assert "Tous les résultats sont calculés et à jour" in text_of(past.office.get(past.base))


def test_the_job_computes_the_part_in_chunks_lists_a_failure_and_restarts(
    make_app: Any, auth: Any, staff: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from tests.conftest import AuthActions, StaffActions
    from web.documents.batches import BATCHES
    from web.results import computation, records

    app = make_app(WTF_CSRF_ENABLED=False, JOBS_CHUNK_SIZE=2)  # chunks of 2 candidatures
    monkeypatch.setitem(BATCHES, computation.KIND, replace(computation.COMPUTATION, chunk_factor=1))
    past = past_cap_session(
        app,
        AuthActions(app, app.test_client()),
        StaffActions(app, app.test_client()),
        ("lamy", "durand", "martin"),
    )
    broken = past.candidatures["durand"]
    evaluate = records.evaluate

    def failing(context: Any, candidature: Any, grades: Any) -> Any:
        if candidature.id == broken:
            raise RuntimeError("spec broken")
        return evaluate(context, candidature, grades)

    monkeypatch.setattr(records, "evaluate", failing)
    started = past.office.post(f"{past.base}/calcul")
    assert started.status_code == 302 and "/resultats/calcul/" in started.location
    page = text_of(past.office.get(started.location))
    assert page.count("Calcul des résultats") >= 2
    assert (
        "État Terminé avec des échecs" in page
        and "2 résultats calculés sur 3, 1 échec" in page
    )
    assert (
        "n°002 - DURAND Paul Erreur technique pendant le calcul du résultat : relancez le calcul."
        in page
    )
    # The chunk holding the failing one was done again one at a time: its partner is stored.
    assert record(app, past.candidatures["lamy"]) is not None
    assert record(app, past.candidatures["martin"]) is not None and record(app, broken) is None
    monkeypatch.setattr(records, "evaluate", evaluate)
    again = past.office.post(f"{started.location}/relancer")
    page = text_of(past.office.get(again.location))
    assert "Le calcul reprend : 1 résultat à calculer." in page
    assert "État Terminé " in page and "3 résultats calculés sur 3" in page
    assert "Aucun échec" in page and "Terminée" not in page
    assert record(app, broken).status == "incomplet"
    assert "Calcul des résultats" not in text_of(past.office.get("/gestion/documents"))


@pytest.mark.parametrize(
    "state, stalled, label",
    [
        ("preparation", False, "En préparation"),
        ("en_cours", False, "En cours"),
        ("en_cours", True, "Interrompu"),
        ("terminee", False, "Terminé"),
        ("terminee_avec_echecs", False, "Terminé avec des échecs"),
    ],
)
def test_the_computation_page_names_each_state_agreeing_with_calcul(
    app: Any, staff: Any, state: str, stalled: bool, label: str
) -> None:
    from datetime import timedelta

    from office_support import staff_client
    from registration_support import open_session

    from web.core.models import PublicationJob, utcnow
    from web.documents import jobs
    from web.results import computation

    session_id = open_session(app, "cap")
    client, _ = staff_client(app, staff, "rennes")
    moved = utcnow() - (jobs.STALL + timedelta(seconds=1) if stalled else timedelta(0))
    with db_of(app) as db:
        job = PublicationJob(
            kind=computation.KIND,
            session_id=session_id,
            academy_code="rennes",
            state=state,
            total=3,
            done=2,
            failed=1 if "echecs" in state else 0,
            progressed_at=moved,
            finished_at=utcnow() if state.startswith("terminee") else None,
        )
        db.add(job)
        db.commit()
        job_id = job.id
    page = text_of(client.get(f"/gestion/sessions/{session_id}/rennes/resultats/calcul/{job_id}"))
    assert f"État {label} Avancement" in page
    assert "Terminée" not in page and "Interrompue" not in page
    if stalled:
        assert "Le calcul ne progresse plus (un traitement a été interrompu)." in page
    assert set(computation.STATE_LABELS) == set(jobs.STATE_LABELS)


def test_publication_is_refused_while_a_result_is_stale_or_not_computed(
    app: Any, past: PastSession
) -> None:
    from web.core.models import Grade, ResultsPublication

    form = f"{past.base}/publication"
    assert "3 résultat(s) ne sont pas calculés" in text_of(past.office.get(form))
    refused = past.office.post(form, data={"action": "maintenant"})
    assert refused.status_code == 422
    assert (
        "Les résultats ne peuvent pas être publiés : 3 résultat(s) ne sont pas calculés ou "
        "ne sont plus à jour"
    ) in text_of(refused)
    past.office.post(f"{past.base}/calcul")
    enter(past, "lamy", ALL_PASS)  # recomputed with its grades: still fresh
    with db_of(app) as db:
        db.scalar(select(Grade).where(Grade.unit_code == "EP1")).hundredths = 900
        db.commit()
    later = {"day": "05/07/2040", "hour": "10:00", "action": "programmer"}
    assert "1 résultat(s) ne sont pas calculés" in text_of(past.office.post(form, data=later))
    past.office.post(f"{past.base}/calcul")
    assert past.office.post(form, data=later).status_code == 302
    with db_of(app) as db:
        assert db.scalar(select(ResultsPublication)) is not None


def test_the_page_filters_searches_and_pages_the_stored_results(
    app: Any, auth: Any, staff: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from web.backoffice.results import listing

    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    past = past_cap_session(app, auth, staff, ("lamy", "durand", "martin", "marchand", "petit"))
    enter(past, "lamy", ALL_PASS)
    enter(past, "martin", AJOURNE)
    enter(past, "petit", AJOURNE)
    first = text_of(past.office.get(past.base))
    assert "5 candidatures affichées sur 5 (page 1 sur 3)" in first
    assert "LAMY" in first and "DURAND" in first and "MARTIN" not in first
    third = text_of(past.office.get(f"{past.base}?page=3"))
    assert "PETIT" in third and "LAMY" not in third
    assert 'aria-current="page">3<' in past.office.get(f"{past.base}?page=9").get_data(as_text=True)
    ajourne = text_of(past.office.get(f"{past.base}?resultat=ajourne"))
    assert "2 candidatures affichées sur 5." in ajourne
    assert "MARTIN" in ajourne and "PETIT" in ajourne and "LAMY" not in ajourne
    pending = text_of(past.office.get(f"{past.base}?resultat=a_calculer"))
    assert "DURAND" in pending and "MARCHAND" in pending and "LAMY" not in pending
    by_name = text_of(past.office.get(f"{past.base}?q=mar"))
    assert "2 candidatures affichées" in by_name and "MARCHAND" in by_name
    assert "1 candidature affichée" in text_of(past.office.get(f"{past.base}?q=3"))
    export = past.office.get(f"{past.base}/export.csv?resultat=a_calculer").get_data(as_text=True)
    assert export.count("\n") == 3 and "Non calculé" in export


def test_mes_notes_reads_the_stored_decision_while_it_is_fresh(app: Any, past: PastSession) -> None:
    from grades_support import publish_now

    from web.core.models import Grade, ResultRecord

    lamy = past.candidatures["lamy"]
    enter(past, "lamy", AJOURNE)
    with db_of(app) as db:
        stored = db.get(ResultRecord, lamy)
        stored.decision = {**stored.decision, "explanation": "Ajourné : décision enregistrée"}
        db.commit()
    publish_now(app, past.session_id)
    candidate = past.candidate_client("lamy")
    assert "décision enregistrée" in text_of(candidate.get(f"/mes-inscriptions/{lamy}/notes"))
    with db_of(app) as db:
        db.scalar(select(Grade).where(Grade.unit_code == "EP2")).hundredths = 1500
        db.commit()
    page = text_of(candidate.get(f"/mes-inscriptions/{lamy}/notes"))
    assert "décision enregistrée" not in page and "Résultat : Admis" in page


def test_a_computation_never_writes_over_a_result_changed_since_it_read_it(
    app: Any, past: PastSession
) -> None:
    from web.core.models import Candidature, ExamSession, Grade
    from web.registration.context import exam_of
    from web.results import records

    lamy = past.candidatures["lamy"]
    enter(past, "lamy", ALL_PASS)
    with app.test_request_context(), db_of(app) as db:
        session = db.get(ExamSession, past.session_id)
        context = records.part_context(db, exam_of("cap"), session, "rennes")
        read = records._known(db, [lamy])  # a computation reads the stored row…
        grade = db.scalar(
            select(Grade).where(Grade.candidature_id == lamy, Grade.unit_code == "EP2")
        )
        grade.hundredths = 300  # …a grade changes meanwhile (marked stale at the flush)…
        db.flush()
        candidature = db.get(Candidature, lamy)
        assert records._store(db, context, read, [candidature], records.grades_of(db, [lamy]))
        db.commit()  # …and its write leaves the newer state alone
    stored = record(app, lamy)
    assert stored.stale and stored.status == "admis" and stored.revision == 1


def test_a_first_result_whose_inputs_change_while_it_is_computed_is_left_to_compute(
    app: Any, past: PastSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    from web.core import db as database
    from web.core.models import Candidature, ExamSession, Grade, utcnow
    from web.registration.context import exam_of
    from web.results import records

    lamy, durand = past.candidatures["lamy"], past.candidatures["durand"]
    evaluate, changed = records.evaluate, set()

    def changing(context: Any, candidature: Any, grades: Any) -> Any:
        """Evaluate, then another session commits a grade (lamy) or new answers (durand)."""
        found = evaluate(context, candidature, grades)
        if candidature.id in (lamy, durand) and candidature.id not in changed:
            changed.add(candidature.id)
            other = database.side_session()
            if candidature.id == lamy:
                other.add(
                    Grade(
                        candidature_id=lamy,
                        unit_code="EP1",
                        status="note",
                        hundredths=1400,
                        entered_by="test",
                        entered_at=utcnow(),
                    )
                )
            else:
                modified = other.get(Candidature, durand)
                modified.answers = {
                    **modified.answers,
                    "fields": {**modified.answers["fields"], "localite": "BREST"},
                }
            other.commit()
            other.close()
        return found

    monkeypatch.setattr(records, "evaluate", changing)
    past.office.post(f"{past.base}/calcul")  # the first computation of all three
    assert changed == {lamy, durand}
    assert all(record(app, c) is None or record(app, c).stale for c in (lamy, durand))
    assert not record(app, past.candidatures["martin"]).stale
    assert "2 résultats à calculer sur 3" in text_of(past.office.get(past.base))
    monkeypatch.setattr(records, "evaluate", evaluate)
    past.office.post(f"{past.base}/calcul")  # the next one stores them from the new inputs
    assert "Tous les résultats sont calculés et à jour" in text_of(past.office.get(past.base))
    with app.test_request_context(), db_of(app) as db:
        session = db.get(ExamSession, past.session_id)
        context = records.part_context(db, exam_of("cap"), session, "rennes")
        for cid in (lamy, durand):
            stored = records.fresh_decision(db, context, db.get(Candidature, cid))
            assert stored is not None and stored.status == "incomplet"
