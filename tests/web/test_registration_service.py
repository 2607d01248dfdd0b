"""save_candidature: versions for modifications, numbers per session and academy, kept numbers."""

from __future__ import annotations

from typing import Any

import pytest
from registration_support import (
    INFORMATIONS,
    Candidate,
    candidatures_of,
    draft_tokens,
    open_session,
)
from sqlalchemy import select
from web_helpers import db_of, outbox, text_of


def register(app: Any, client: Any, auth: Any, session_id: int, **account: Any) -> Any:
    person = auth.create(**account)
    auth.logout()
    auth.login(person.email)
    candidate = Candidate(client, person)
    assert "/brouillon/" in candidate.start(session_id).location
    candidate.next_ok("identification", candidate.identification())
    candidate.next_ok("informations", INFORMATIONS)
    response = candidate.post("recapitulatif", action="enregistrer")
    assert response.status_code == 302 and "/numero" in response.location
    return person


def test_a_modification_saves_version_two_with_its_own_pdf_and_mail(
    app: Any, client: Any, auth: Any
) -> None:
    from web.core.models import Account, Candidature, CandidatureVersion, Document, ExamSession
    from web.registration.context import exam_of
    from web.registration.service import save_candidature

    session_id = open_session(app, "cfg")
    person = register(app, client, auth, session_id)
    with app.test_request_context():
        from web.core import db as database

        db = database.session()
        candidature = db.scalar(select(Candidature))
        answers = dict(candidature.answers)
        answers["fields"] = {**answers["fields"], "adresse_1": "3 place de la Mairie"}
        save_candidature(db, db.get(Account, person.id), exam_of("cfg"),
                         db.get(ExamSession, session_id), "rennes", answers,
                         existing=candidature)
    with db_of(app) as db:
        saved = db.scalar(select(Candidature))
        assert saved.version == 2 and saved.inscription_number == "001"
        assert saved.answers["fields"]["adresse_1"] == "3 place de la Mairie"
        versions = db.scalars(select(CandidatureVersion).order_by(CandidatureVersion.version))
        assert [(v.version, v.answers["fields"]["adresse_1"]) for v in versions] == [
            (1, "12 rue de la Monnaie"), (2, "3 place de la Mairie")]
        documents = list(db.scalars(select(Document).order_by(Document.version)))
        assert [d.version for d in documents] == [1, 2]
        assert documents[0].content != documents[1].content
    subjects = [m.subject for m in outbox(app, person.email)]
    assert any("Modification d'inscription : CERTIFICAT DE FORMATION GÉNÉRALE" in s
               for s in subjects)


def test_inscription_numbers_follow_each_other_per_session_and_academy(
    app: Any, client: Any, auth: Any
) -> None:
    session_id = open_session(app, "cfg")
    first = register(app, client, auth, session_id)
    second = register(app, client, auth, session_id)
    assert candidatures_of(app, first.id)[0].inscription_number == "001"
    assert candidatures_of(app, second.id)[0].inscription_number == "002"


def test_the_candidate_number_is_kept_across_candidatures(
    app: Any, client: Any, auth: Any
) -> None:
    from web.core.models import Account

    cfg = open_session(app, "cfg")
    other = open_session(app, "cfg", label="JUIN 2028")
    person = register(app, client, auth, cfg)
    with db_of(app) as db:
        number = db.get(Account, person.id).candidate_number
    candidate = Candidate(client, person)
    candidate.start(other)
    candidate.next_ok("identification", candidate.identification())
    candidate.next_ok("informations", INFORMATIONS)
    candidate.post("recapitulatif", action="enregistrer")
    assert len(candidatures_of(app, person.id)) == 2
    with db_of(app) as db:
        assert db.get(Account, person.id).candidate_number == number


def test_answers_that_break_the_rules_are_refused_by_the_service(
    app: Any, client: Any, auth: Any
) -> None:
    from web.core.models import Account, ExamSession
    from web.registration.context import RegistrationRefused, exam_of
    from web.registration.service import save_candidature

    session_id = open_session(app, "cfg")
    person = auth.create()
    with app.test_request_context():
        from web.core import db as database

        db = database.session()
        with pytest.raises(RegistrationRefused) as refused:
            save_candidature(db, db.get(Account, person.id), exam_of("cfg"),
                             db.get(ExamSession, session_id), "rennes", {"fields": {}})
    assert "identification" in refused.value.errors
    assert candidatures_of(app, person.id) == []


def test_a_modification_draft_opens_every_tab_and_saves_version_two(
    app: Any, client: Any, auth: Any
) -> None:
    from web.core.models import Candidature
    from web.registration import drafts

    session_id = open_session(app, "cfg")
    person = register(app, client, auth, session_id)
    with db_of(app) as db:
        saved = db.scalar(select(Candidature))
        # What Modifier (Mes inscriptions) does: a draft on the saved answers.
        draft = drafts.open_draft(db, person.id, "cfg", session_id, "rennes",
                                  dict(saved.answers), "identification", candidature_id=saved.id)
        draft_id = draft.id
    recap = client.get(f"/inscription/brouillon/{draft_id}/recapitulatif")
    assert recap.status_code == 200  # no need to walk the tabs again
    response = client.post(f"/inscription/brouillon/{draft_id}/recapitulatif",
                           data={"action": "enregistrer", **draft_tokens(app, draft_id)})
    assert response.status_code == 302 and "/numero" in response.location
    assert "Version du dossier : 2" in text_of(client.get(response.location))
    [candidature] = candidatures_of(app, person.id)
    assert candidature.version == 2


def locked_once(monkeypatch: pytest.MonkeyPatch, message: str) -> list[int]:
    """Make the save's write transaction fail once with `message`; returns its call count."""
    from sqlalchemy.exc import OperationalError

    from web.registration import service

    real_write = service._write
    calls: list[int] = []

    def write(db: Any, *args: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            db.execute(select(1))
            raise OperationalError("UPDATE accounts", {}, Exception(message))
        return real_write(db, *args)

    monkeypatch.setattr(service, "_write", write)
    monkeypatch.setattr(service, "LOCKED_BACKOFF_S", 0.0)
    return calls


def test_a_save_that_finds_the_database_locked_is_tried_again_and_saved_once(
    app: Any, client: Any, auth: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from web.core.models import Candidature, Document

    calls = locked_once(monkeypatch, "database is locked")
    person = register(app, client, auth, open_session(app, "cfg"))
    assert len(calls) == 2
    [saved] = candidatures_of(app, person.id)
    assert saved.inscription_number == "001"
    with db_of(app) as db:
        assert len(list(db.scalars(select(Candidature.id)))) == 1
        assert len(list(db.scalars(select(Document.id)))) == 1


def test_a_database_error_other_than_a_lock_is_not_retried(
    app: Any, client: Any, auth: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    calls = locked_once(monkeypatch, "disk I/O error")
    with pytest.raises(OperationalError, match="disk I/O error"):
        register(app, client, auth, open_session(app, "cfg"))
    assert len(calls) == 1
