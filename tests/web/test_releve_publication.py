"""The relevé de notes, a published document: setting the results' publication starts its
job; each candidature gets version 1 with one mail, seen from the publication moment only; a
grade corrected and the job run again give version 2 to that candidature alone."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from documents_support import kind_documents, pdf_text
from grades_support import AJOURNE, PastSession, past_cap_session
from web_helpers import db_of, outbox, text_of

SUBJECT = "[EXAMFORMS] Un nouveau document est disponible : Relevé de notes"


@pytest.fixture
def past(app: Any, auth: Any, staff: Any) -> PastSession:
    past = past_cap_session(app, auth, staff, names=("lamy", "roux"))
    for key in ("lamy", "roux"):
        response = past.office.post(
            f"{past.base}/{past.candidatures[key]}",
            data={f"note-{k}": v for k, v in AJOURNE.items()},
        )
        assert response.status_code == 302
    return past


def releves(app: Any, past: PastSession, key: str) -> list[Any]:
    return kind_documents(app, past.candidatures[key], "releve_notes")


def mails(app: Any, past: PastSession, key: str) -> list[Any]:
    return [m for m in outbox(app, past.accounts[key].email) if m.subject == SUBJECT]


def test_publishing_the_results_gives_each_candidature_its_releve_and_one_mail(
    app: Any, past: PastSession
) -> None:
    lamy, roux = past.candidatures["lamy"], past.candidatures["roux"]
    response = past.office.post(f"{past.base}/publication", data={"action": "maintenant"})
    assert response.status_code == 302
    page = text_of(past.office.get(response.location))
    assert "La publication des relevés de notes est lancée" in page
    assert "Dernière publication des relevés" in page and "terminée (2 sur 2)" in page
    [v1] = releves(app, past, "lamy")
    from web.core.models import ResultsPublication

    with db_of(app) as db:
        moment = db.query(ResultsPublication).one().publishes_at
    assert v1.version == 1 and v1.visible_from == moment and v1.title == "Relevé de notes"
    text = " ".join(pdf_text(v1.content).split())
    for expected in (
        "RELEVÉ DE NOTES",
        "CERTIFICAT D'APTITUDE PROFESSIONNELLE - session JUIN 2026 - Cuisine",
        "LAMY",
        "N° inscription : 001",
        "Version n°1",
        "EP1 - Organisation de la production de cuisine",
        "14,00/20",
        "Résultat : AJOURNÉ",
        "Moyenne :",
        "domaine professionnel",
        "Notes conservées pour les sessions suivantes (bénéfices)",
        "EP1 - Organisation de la production de cuisine : 14,00/20, conservable jusqu'à la "
        "session 2031",
    ):
        assert expected in text, expected
    assert "Notes par épreuve" in (v1.accessible_html or "")
    # One mail each, linking Mes documents on the configured address.
    [mail] = mails(app, past, "lamy")
    assert "  " not in mail.subject and mail.not_before is None
    assert f"http://127.0.0.1:5000/mes-inscriptions/{lamy}/documents" in mail.body_text
    body = " ".join(mail.body_text.split())
    assert "Vos résultats sont disponibles" in body
    assert "Relevé de notes (version n°1)" in body
    assert "Examen : CERTIFICAT D'APTITUDE PROFESSIONNELLE" in body
    assert "Session : JUIN 2026" in body
    assert len(mails(app, past, "roux")) == 1
    # Nothing else tells the candidate of the results: one mail, not two.
    assert len(outbox(app, past.accounts["lamy"].email)) == 1

    # A grade of Lamy corrected, the relevés published again: version 2 for Lamy only.
    past.office.post(
        f"{past.base}/{lamy}", data={f"note-{k}": v for k, v in {**AJOURNE, "EP2": "15"}.items()}
    )
    # The results page tells the office that Lamy's published relevé is now out of date.
    banner = "1 résultat a été recalculé après la dernière publication des relevés"
    assert banner in text_of(past.office.get(past.base))
    again = past.office.post(f"{past.base}/releves")
    assert again.status_code == 302 and "/documents/travaux/" in again.location
    assert "releves-a-republier" not in past.office.get(past.base).get_data(as_text=True)
    job_page = text_of(past.office.get(again.location))
    assert "2 documents publiés sur 2, dont 1 inchangé" in job_page
    assert [d.version for d in releves(app, past, "lamy")] == [1, 2]
    assert [d.version for d in releves(app, past, "roux")] == [1]
    v2 = releves(app, past, "lamy")[1]
    assert "Résultat : ADMIS" in pdf_text(v2.content) and "Version n°2" in pdf_text(v2.content)
    assert len(mails(app, past, "lamy")) == 2 and len(mails(app, past, "roux")) == 1
    assert "Relevé de notes (version n°2)" in " ".join(
        mails(app, past, "lamy")[1].body_text.split()
    )
    # Run once more without a change: no version, no mail.
    past.office.post(f"{past.base}/releves")
    assert len(releves(app, past, "lamy")) == 2 and len(mails(app, past, "lamy")) == 2
    # The candidate's Mes documents shows the latest version only.
    documents = text_of(past.candidate_client("lamy").get(f"/mes-inscriptions/{lamy}/documents"))
    assert "Relevé de notes (PDF" in documents and "Version n°2" in documents
    assert roux  # Roux's candidature kept its version 1 (above)


def test_a_releve_published_for_later_is_seen_and_mailed_from_that_moment_only(
    app: Any, past: PastSession
) -> None:
    from web.core.catalogue import paris
    from web.core.models import utcnow

    lamy = past.candidatures["lamy"]
    later = paris(utcnow() + timedelta(days=2))
    response = past.office.post(
        f"{past.base}/publication",
        data={"action": "programmer", "day": later.strftime("%d/%m/%Y"), "hour": "10:00"},
    )
    assert response.status_code == 302
    [releve] = releves(app, past, "lamy")  # produced now, for the moment
    assert releve.visible_from is not None and releve.visible_from > utcnow()
    [mail] = mails(app, past, "lamy")
    assert mail.not_before == releve.visible_from == mail.next_attempt_at
    candidate = past.candidate_client("lamy")
    assert "Aucune note n'est encore publiée" in text_of(
        candidate.get(f"/mes-inscriptions/{lamy}/notes")
    )
    assert "Aucun document n'est encore publié" in text_of(
        candidate.get(f"/mes-inscriptions/{lamy}/documents")
    )
    assert candidate.get(f"/mes-inscriptions/{lamy}/documents/{releve.id}").status_code == 404
    assert candidate.get(f"/documents/{releve.id}").status_code == 404
    assert (
        candidate.get(
            f"/mes-inscriptions/{lamy}/documents/{releve.id}/version-accessible"
        ).status_code
        == 404
    )
    assert "Un nouveau document" not in text_of(candidate.get("/mes-messages"))
    assert candidate.get(f"/mes-messages/{mail.id}").status_code == 404
    assert "document à visualiser" not in text_of(candidate.get("/mes-inscriptions"))
    from web.core.mail import outbox_figures

    with db_of(app) as db:  # a mail waiting for its moment is not a late one
        due = [m for m in outbox(app) if m.sent_at is None and m.not_before is None]
        assert outbox_figures(db).backlog == len(due)

    # Published now instead: the relevé and its mail follow; no second version, no second mail.
    past.office.post(f"{past.base}/publication", data={"action": "maintenant"})
    [releve] = releves(app, past, "lamy")
    [mail] = mails(app, past, "lamy")
    assert releve.visible_from is not None and releve.visible_from <= utcnow()
    assert mail.not_before is not None and mail.not_before <= utcnow()
    html = candidate.get(f"/mes-inscriptions/{lamy}/notes").get_data(as_text=True)
    assert re.search(rf'/documents/{releve.id}" id="lien-releve"', html)
    assert SUBJECT in text_of(candidate.get("/mes-messages"))
    assert candidate.get(f"/documents/{releve.id}").status_code == 200


def test_a_mail_that_cannot_be_queued_leaves_no_document_behind(
    app: Any, past: PastSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    from documents_support import items_of

    import web.documents.jobs as jobs

    def broken(*_args: Any) -> None:
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(jobs, "notify_new_document", broken)
    past.office.post(f"{past.base}/publication", data={"action": "maintenant"})
    assert releves(app, past, "lamy") == [] and mails(app, past, "lamy") == []
    monkeypatch.undo()
    # Restarted once the cause is gone: the document and its mail, together.
    from web.core.models import PublicationJob

    with db_of(app) as db:
        job_id = db.query(PublicationJob).one().id
    assert {item.state for item in items_of(app, job_id)} == {"echec"}
    past.office.post(f"/gestion/documents/travaux/{job_id}/relancer")
    assert len(releves(app, past, "lamy")) == 1 and len(mails(app, past, "lamy")) == 1


def test_a_result_not_settled_is_held_back_from_the_candidate_and_gets_no_releve(
    app: Any, auth: Any, staff: Any
) -> None:
    past = past_cap_session(app, auth, staff, names=("lamy", "roux"))
    complete, partial = past.candidatures["lamy"], past.candidatures["roux"]
    assert past.office.post(f"{past.base}/{complete}",
                            data={f"note-{k}": v for k, v in AJOURNE.items()}).status_code == 302
    assert past.office.post(f"{past.base}/{partial}",
                            data={"note-EP1": "12"}).status_code == 302
    form = text_of(past.office.get(f"{past.base}/publication"))
    assert ("1 résultat n'est pas arrêté (résultat incomplet ou non calculable) : ce "
            "candidat lira dans Mes notes que son résultat n'est pas encore arrêté") in form
    assert "Voir la candidature « Résultat incomplet »" in form
    assert past.office.post(f"{past.base}/publication",
                            data={"action": "maintenant"}).status_code == 302
    assert [d.version for d in releves(app, past, "lamy")] == [1]
    assert releves(app, past, "roux") == [] and mails(app, past, "roux") == []
    from web.core.models import PublicationItem

    with db_of(app) as db:
        [refused] = db.query(PublicationItem).filter_by(candidature_id=partial).all()
    assert refused.reason.startswith("Résultat incomplet : ")
    assert refused.reason.endswith(
        ". Le candidat lit que son résultat n'est pas encore arrêté ; complétez ses notes, "
        "puis relancez la publication des relevés.")
    page = text_of(past.candidate_client("roux").get(f"/mes-inscriptions/{partial}/notes"))
    assert "Votre résultat à la session JUIN 2026 n'est pas encore arrêté" in page
    assert "Résultat incomplet" not in page and "EP1" not in page
