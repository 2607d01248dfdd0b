"""Publier des documents in the back office: the form, the job's page (progress, failures,
restart), the academy scope, the journal; the candidate's envelope until the document is
opened; the aménagement measures typed on the candidature's page."""

from __future__ import annotations

from typing import Any

import pytest
from documents_support import candidate_with_cfg, fill_timetable, kind_documents, pdf_text
from office_support import staff_client
from registration_support import open_session
from session_support import audit_entries
from web_helpers import text_of

pytestmark = pytest.mark.db

ENVELOPE = "Votre candidature possède au moins un document à visualiser."


def test_the_office_publishes_convocations_follows_the_job_and_restarts_its_failures(
    app: Any, auth: Any, staff: Any
) -> None:
    session_id = open_session(app, "cfg")
    candidate, candidature = candidate_with_cfg(app, auth, session_id)
    # Mes documents seen once: only the new convocation makes the envelope speak.
    candidate.client.get(f"/mes-inscriptions/{candidature.id}/documents")
    assert ENVELOPE not in text_of(candidate.client.get("/mes-inscriptions"))
    client, manager = staff_client(app, staff, "rennes")
    form = client.get("/gestion/documents")
    assert form.status_code == 200
    assert "Convocation aux épreuves : À toutes les candidatures inscrites" in text_of(form)
    missing = client.post("/gestion/documents", data={"kind": "", "part": ""})
    assert missing.status_code == 422
    assert "Veuillez renseigner le document à publier." in text_of(missing)
    # No timetable yet: the job ends with the candidature's failure and its reason.
    started = client.post(
        "/gestion/documents", data={"kind": "convocation", "part": f"{session_id}:rennes"}
    )
    assert started.status_code == 302 and "/gestion/documents/travaux/" in started.location
    page = client.get(started.location)
    text = text_of(page)
    assert "État Terminée avec des échecs" in text
    assert "0 document publié sur 1, 1 échec" in text
    assert (
        "n°001 - MARTIN Claire Le calendrier des épreuves n'a pas d'horaire pour les épreuves 001"
        in text
    )
    assert 'http-equiv="refresh"' not in page.get_data(as_text=True)
    fill_timetable(app, session_id)
    restarted = client.post(started.location + "/relancer")
    assert restarted.status_code == 302
    text = text_of(client.get(started.location))
    assert "État Terminée" in text and "1 document publié sur 1" in text
    assert "Aucun échec." in text
    # Done: a way back to the session's page.
    assert f'id="retour-session" href="/gestion/sessions/{session_id}/rennes"' in (
        client.get(started.location).get_data(as_text=True)
    )
    assert [e.action for e in audit_entries(app, "documents.")] == [
        "documents.publication_started",
        "documents.publication_restarted",
    ]
    # The candidate: the envelope, then the convocation opened from Mes documents.
    assert ENVELOPE in text_of(candidate.client.get("/mes-inscriptions"))
    [doc] = kind_documents(app, candidature.id, "convocation")
    listed = text_of(candidate.client.get(f"/mes-inscriptions/{candidature.id}/documents"))
    assert "Convocation aux épreuves (PDF" in listed
    opened = candidate.client.get(f"/mes-inscriptions/{candidature.id}/documents/{doc.id}")
    assert "Lycée Chateaubriand" in pdf_text(opened.data)
    assert ENVELOPE not in text_of(candidate.client.get("/mes-inscriptions"))
    accessible = candidate.client.get(
        f"/mes-inscriptions/{candidature.id}/documents/{doc.id}/version-accessible"
    )
    assert accessible.status_code == 200 and "14/06/2027" in text_of(accessible)
    # The publication list shows the job.
    assert "Convocation aux épreuves" in text_of(client.get("/gestion/documents"))


def test_another_academys_job_and_session_are_out_of_reach(app: Any, auth: Any, staff: Any) -> None:
    nantes = open_session(app, "cfg", "nantes", label="JUIN 2027 NANTES")
    other, _ = staff_client(app, staff, "nantes")
    started = other.post(
        "/gestion/documents", data={"kind": "convocation", "part": f"{nantes}:nantes"}
    )
    assert started.status_code == 302
    client, _ = staff_client(app, staff, "rennes")
    assert client.get(started.location).status_code == 404
    assert client.post(started.location + "/relancer").status_code == 404
    refused = client.post(
        "/gestion/documents", data={"kind": "convocation", "part": f"{nantes}:nantes"}
    )
    assert refused.status_code == 422  # not one of the choices offered
    assert f"{nantes}:nantes" not in client.get("/gestion/documents").get_data(as_text=True)


def test_measures_typed_on_the_candidature_page_are_printed_by_the_notification(
    app: Any, auth: Any, staff: Any
) -> None:
    session_id = open_session(app, "cfg")
    _, asking = candidate_with_cfg(app, auth, session_id, accommodation=True)
    _, plain = candidate_with_cfg(app, auth, session_id)
    client, _ = staff_client(app, staff, "rennes")
    detail = text_of(client.get(f"/gestion/candidatures/{asking.id}"))
    assert "aucune mesure n'est encore saisie" in detail
    assert client.get(f"/gestion/candidatures/{plain.id}/amenagements").status_code == 404
    url = f"/gestion/candidatures/{asking.id}/amenagements"
    empty = client.post(url, data={"measures": " ", "decided_on": ""})
    assert empty.status_code == 422
    assert "Veuillez renseigner les mesures accordées." in text_of(empty)
    saved = client.post(
        url,
        data={
            "measures": "Temps majoré d'un tiers\nSecrétaire lecteur",
            "decided_on": "02/04/2027",
        },
    )
    assert saved.status_code == 302
    assert "Temps majoré d'un tiers Secrétaire lecteur" in text_of(
        client.get(f"/gestion/candidatures/{asking.id}")
    )
    client.post(
        "/gestion/documents",
        data={"kind": "notification_amenagements", "part": f"{session_id}:rennes"},
    )
    [notice] = kind_documents(app, asking.id, "notification_amenagements")
    assert "Secrétaire lecteur" in pdf_text(notice.content)
    assert kind_documents(app, plain.id, "notification_amenagements") == []
    assert [e.action for e in audit_entries(app, "candidature.measures")] == [
        "candidature.measures_saved"
    ]


def test_a_publication_that_concerns_no_candidature_says_so(
    app: Any, auth: Any, staff: Any
) -> None:
    session_id = open_session(app, "cfg")
    candidate_with_cfg(app, auth, session_id)  # no aménagement asked
    client, _ = staff_client(app, staff, "rennes")
    started = client.post(
        "/gestion/documents",
        data={"kind": "notification_amenagements", "part": f"{session_id}:rennes"},
    )
    text = text_of(client.get(started.location))
    assert "État Terminée" in text and "0 document publié sur 0" in text
    assert "Aucune candidature de la session n'est concernée par ce document" in text
