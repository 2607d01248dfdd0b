"""Mes notes: nothing before the publication, then the grades, the result and its explanation,
and the link to the relevé de notes once its publication job has given one (a look at the
pages never renders it); the grades kept become the next session's bénéfices, filled into
the Acquis tab."""

from __future__ import annotations

import io
from typing import Any

import pytest
from grades_support import AJOURNE, KEPT_EP1, PastSession, past_cap_session, publish_now
from registration_support import INFORMATIONS, Candidate, open_session
from space_support import documents_of
from sqlalchemy import select
from web_helpers import detached, text_of


@pytest.fixture
def past(app: Any, auth: Any, staff: Any) -> PastSession:
    past = past_cap_session(app, auth, staff)
    response = past.office.post(
        f"{past.base}/{past.candidatures['lamy']}",
        data={f"note-{k}": v for k, v in AJOURNE.items()},
    )
    assert response.status_code == 302
    return past


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_nothing_shows_before_the_publication(app: Any, past: PastSession) -> None:
    lamy = past.candidatures["lamy"]
    candidate = past.candidate_client("lamy")
    publish_now(app, past.session_id, days=-2)  # set, but two days from now
    page = text_of(candidate.get(f"/mes-inscriptions/{lamy}/notes"))
    assert "Aucune note n'est encore publiée pour cette candidature" in page
    assert "Vos notes et votre résultat sont publiés" not in text_of(
        candidate.get("/mes-inscriptions")
    )
    assert "14" not in page.split("Mes notes", 2)[-1]
    documents = text_of(candidate.get(f"/mes-inscriptions/{lamy}/documents"))
    assert "Aucun document n'est encore publié pour cette candidature" in documents
    assert documents_of(app, lamy) == []  # a look at the pages never renders anything


def test_mes_notes_shows_grades_and_result_and_links_the_releve_once_published(
    app: Any, past: PastSession
) -> None:
    lamy = past.candidatures["lamy"]
    candidate = past.candidate_client("lamy")
    publish_now(app, past.session_id)
    page = text_of(candidate.get(f"/mes-inscriptions/{lamy}/notes"))
    assert "Résultat : Ajourné" in page and "domaine professionnel" in page
    assert "EP1 - Organisation de la production de cuisine" in page and "14,00/20" in page
    assert (
        "EP1 - Organisation de la production de cuisine : 14,00/20, conservable jusqu'à la "
        "session 2031" in page
    )
    # No relevé published yet: no link, and the GET rendered none.
    assert "Votre relevé de notes n'est pas encore disponible" in page
    assert 'id="lien-releve"' not in candidate.get(f"/mes-inscriptions/{lamy}/notes").get_data(
        as_text=True
    )
    assert documents_of(app, lamy) == []
    # Its publication job (started from Notes et résultats) gives it: Mes notes links it.
    assert past.office.post(f"{past.base}/releves").status_code == 302
    [releve] = documents_of(app, lamy)
    html = candidate.get(f"/mes-inscriptions/{lamy}/notes").get_data(as_text=True)
    assert f'/mes-inscriptions/{lamy}/documents/{releve.id}" id="lien-releve"' in html
    assert f"/documents/{releve.id}/version-accessible" in html
    # The envelope says so until the candidate opens the relevé.
    published = "Vos notes et votre résultat sont publiés : consultez Mes notes."
    assert published in text_of(candidate.get("/mes-inscriptions"))
    pdf = candidate.get(f"/mes-inscriptions/{lamy}/documents/{releve.id}")
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert "AJOURNÉ" in pdf_text(pdf.data)
    assert published not in text_of(candidate.get("/mes-inscriptions"))


def test_another_candidate_cannot_open_the_releve(app: Any, auth: Any, past: PastSession) -> None:
    lamy = past.candidatures["lamy"]
    publish_now(app, past.session_id)
    past.office.post(f"{past.base}/releves")
    [releve] = documents_of(app, lamy)
    other = app.test_client()
    email = auth.create().email
    assert (
        other.post(
            "/connexion", data={"identifiant": email, "password": "Motdepasse!1"}
        ).status_code
        == 302
    )
    assert other.get(f"/mes-inscriptions/{lamy}/notes").status_code == 404
    assert other.get(f"/mes-inscriptions/{lamy}/documents/{releve.id}").status_code == 404
    assert other.get(f"/documents/{releve.id}").status_code == 404


def test_kept_grades_are_filled_into_the_acquis_tab_of_the_next_session(
    app: Any, past: PastSession
) -> None:
    publish_now(app, past.session_id)
    next_session = open_session(app, "cap", label="JUIN 2027")
    candidate = Candidate(past.candidate_client("lamy"), past.accounts["lamy"])
    assert candidate.start(next_session).status_code == 302
    assert candidate.next_ok("modalites", {"modalites_acceptees": "y"}) == "identification"
    assert candidate.next_ok("identification", candidate.identification()) == "informations"
    assert candidate.next_ok("informations", INFORMATIONS) == "qualification"
    assert (
        candidate.next_ok(
            "qualification", {"specialite": "cuisine", "forme": "globale", "dispense_eps": "non"}
        )
        == "acquis"
    )
    response = candidate.tab("acquis")
    page = text_of(response)
    assert "Les notes que vous conservez de la session JUIN 2026 sont reprises" in page
    html = response.get_data(as_text=True)
    assert 'id="notes-0-grade" name="notes-0-grade" value="14"' in html
    assert 'id="conserve-EP1" name="conserve" value="EP1" checked' in html
    assert 'id="conserve-EG3"' not in html  # 9/20 is not kept
    # The candidate renounces EG1: it is taken again at this session.
    offered = ["EP1", "EG1", "EG2", "EG4"]
    rows = {"notes-count": "4"}
    for i, (unit, grade) in enumerate(
        (("EP1", "14"), ("EG1", "12"), ("EG2", "11"), ("EG4", "10,5"))
    ):
        rows.update(
            {
                f"notes-{i}-unit": unit,
                f"notes-{i}-grade": grade,
                f"notes-{i}-year": "2026",
                f"notes-{i}-academy": "rennes",
                f"notes-{i}-speciality": "cuisine",
            }
        )
    assert (
        candidate.next_ok(
            "acquis",
            {**rows, "diplomes-count": "0", "offert": offered, "conserve": ["EP1", "EG2", "EG4"]},
        )
        == "epreuves"
    )
    from web.core.models import CandidatureDraft

    [draft] = detached(app, select(CandidatureDraft))
    assert draft.answers["acquis"]["renounced"] == ["EG1"]
    assert KEPT_EP1 in draft.answers["acquis"]["grades"]
