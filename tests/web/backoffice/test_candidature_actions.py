"""The office's decisions: exclude, withdraw after the close, reopen for modification; each
with its confirmation, French messages, mail to the candidate and audit entry."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from office_support import Office, audit_entries, candidature_row, make_office, staff_client
from registration_support import open_session
from space_support import close_period
from web_helpers import db_of, outbox, text_of

CFG = "CERTIFICAT DE FORMATION GÉNÉRALE"


@pytest.fixture
def office(app: Any, staff: Any, auth: Any) -> Office:
    office = make_office(app, staff)
    office.register("lamy", auth, nom_naissance="LAMY", prenoms="Paul", sexe="M")
    return office


def in_days(days: int) -> str:
    return (date.today() + timedelta(days=days)).strftime("%d/%m/%Y")


def test_excluding_asks_for_a_reason_then_removes_the_card_and_tells_the_candidate(
    app: Any, office: Office
) -> None:
    lamy = office.candidatures["lamy"]
    candidate = office.candidates["lamy"]
    page = office.get(f"/gestion/candidatures/{lamy.id}/ecarter")
    assert "Cette décision ne peut pas être annulée" in text_of(page)
    assert candidature_row(app, lamy.id).state == "inscrit"  # the page alone changes nothing
    refused = office.post(f"/gestion/candidatures/{lamy.id}/ecarter", {"motif": "  "})
    assert refused.status_code == 422
    assert "Indiquez le motif pour lequel la candidature est écartée." in text_of(refused)
    done = office.post(f"/gestion/candidatures/{lamy.id}/ecarter",
                       {"motif": "Candidat déjà titulaire du CFG"})
    assert done.status_code == 302
    assert "La candidature est écartée" in text_of(office.get(done.location))
    row = candidature_row(app, lamy.id)
    assert row.state == "ecartee" and row.state_changed_at is not None
    [mail] = [m for m in outbox(app, candidate.account.email) if "écartée" in m.subject]
    assert mail.subject == f"[EXAMFORMS] Candidature écartée : {CFG}"
    assert "Motif : Candidat déjà titulaire du CFG" in mail.body_text
    [entry] = audit_entries(app, "candidature.excluded")
    assert entry.target_type == "candidature" and entry.target_id == lamy.id
    assert entry.academy_code == "rennes" and entry.actor_email == office.manager.email
    assert entry.before == {"état": "Inscrit"}
    assert entry.after == {"état": "Écartée", "motif": "Candidat déjà titulaire du CFG"}
    # The candidate's card is gone and its pages look missing.
    cards = candidate.client.get("/mes-inscriptions").get_data(as_text=True)
    assert f'id="carte-{lamy.id}"' not in cards
    assert candidate.client.get(f"/mes-inscriptions/{lamy.id}").status_code == 404
    # A second exclusion is refused in French, nothing changes.
    again = office.get(f"/gestion/candidatures/{lamy.id}/ecarter")
    assert "elle ne peut pas être écartée" in text_of(again)
    second = office.post(f"/gestion/candidatures/{lamy.id}/ecarter", {"motif": "encore"})
    assert "Impossible d'écarter cette candidature : elle est à l'état « Écartée »." in text_of(
        office.get(second.location))
    assert len(audit_entries(app, "candidature.excluded")) == 1
    history = text_of(office.get(f"/gestion/candidatures/{lamy.id}"))
    assert "Candidature écartée" in history and office.manager.email in history


def test_the_office_withdraws_a_candidate_after_the_close_with_a_mail(
    app: Any, office: Office
) -> None:
    lamy = office.candidatures["lamy"]
    candidate = office.candidates["lamy"]
    close_period(app, office.rennes_session)
    # The candidate can no longer withdraw: the guide sends them to the office.
    own = candidate.client.post(f"/mes-inscriptions/{lamy.id}/desinscription")
    assert candidature_row(app, lamy.id).state == "inscrit", own
    page = office.get(f"/gestion/candidatures/{lamy.id}/desinscrire")
    assert "Une désinscription ne peut pas être annulée" in text_of(page)
    done = office.post(f"/gestion/candidatures/{lamy.id}/desinscrire",
                       {"motif": "Courriel du candidat du 12/03/2027"})
    assert done.status_code == 302
    assert "Le candidat est désinscrit" in text_of(office.get(done.location))
    assert candidature_row(app, lamy.id).state == "desinscrit_gestionnaire"
    [mail] = [m for m in outbox(app, candidate.account.email) if "Désinscription" in m.subject]
    assert "le service des examens et concours vous a désinscrit(e)" in mail.body_text
    [entry] = audit_entries(app, "candidature.withdrawn_by_office")
    assert entry.before == {"état": "Inscrit"}
    assert entry.after == {"état": "Désinscrit par le gestionnaire",
                           "motif": "Courriel du candidat du 12/03/2027"}
    listed = office.get("/gestion/candidatures?etat=desinscrit_gestionnaire")
    assert f'id="candidature-{lamy.id}"' in listed.get_data(as_text=True)


def test_reopening_is_refused_while_the_period_is_open(app: Any, office: Office) -> None:
    lamy = office.candidatures["lamy"]
    page = office.get(f"/gestion/candidatures/{lamy.id}/rouvrir")
    assert "Le service d'inscription est encore ouvert" in text_of(page)
    refused = office.post(f"/gestion/candidatures/{lamy.id}/rouvrir", {"jusqu_au": in_days(3)})
    assert refused.status_code == 422
    assert candidature_row(app, lamy.id).reopened_until is None


def test_a_reopened_candidature_can_be_modified_after_the_close_until_the_date(
    app: Any, office: Office
) -> None:
    from web.core.models import utcnow

    lamy = office.candidatures["lamy"]
    candidate = office.candidates["lamy"]
    close_period(app, office.rennes_session)
    closed = candidate.client.get(f"/mes-inscriptions/{lamy.id}/inscription")
    assert 'id="bouton-modifier"' not in closed.get_data(as_text=True)
    past = office.post(f"/gestion/candidatures/{lamy.id}/rouvrir", {"jusqu_au": in_days(-1)})
    assert past.status_code == 422 and "ne peut pas être passée" in text_of(past)
    wrong = office.post(f"/gestion/candidatures/{lamy.id}/rouvrir", {"jusqu_au": "31/02/2027"})
    assert wrong.status_code == 422 and "La date n'est pas valide" in text_of(wrong)
    done = office.post(f"/gestion/candidatures/{lamy.id}/rouvrir", {"jusqu_au": in_days(5)})
    assert done.status_code == 302
    assert f"rouverte à la modification jusqu'au {in_days(5)} à 23:59" in text_of(
        office.get(done.location))
    row = candidature_row(app, lamy.id)
    assert row.reopened_until is not None and row.reopened_until > utcnow()
    [mail] = [m for m in outbox(app, candidate.account.email) if "modifiée" in m.subject]
    assert f"jusqu'au {in_days(5)} à 23:59" in mail.body_text
    [entry] = audit_entries(app, "candidature.reopened")
    assert entry.after == {"rouverte jusqu'au": f"{in_days(5)} à 23:59"}
    # The candidate's Modifier works again: the wizard opens and Enregistrer saves version 2.
    inscription = candidate.client.get(f"/mes-inscriptions/{lamy.id}/inscription")
    assert "Votre candidature est rouverte à la modification" in text_of(inscription)
    assert 'id="bouton-modifier"' in inscription.get_data(as_text=True)
    modify = candidate.client.post(f"/mes-inscriptions/{lamy.id}/modifier")
    assert "/brouillon/" in modify.location
    candidate.draft_url = modify.location.rsplit("/", 1)[0]
    changed = {**candidate.identification(), "adresse_1": "1 rue Nouvelle"}
    assert candidate.next_ok("identification", changed) == "informations"
    assert candidate.next_ok("informations", {
        "categorie": "individuel", "etablissement": "individuels-35", "amenagement": "non",
        "consentement_presse": "non", "consentement_collectivites": "oui"}) == "recapitulatif"
    saved = candidate.post("recapitulatif", action="enregistrer")
    assert saved.status_code == 302 and "/numero" in saved.location
    row = candidature_row(app, lamy.id)
    assert row.version == 2 and row.answers["fields"]["adresse_1"] == "1 rue Nouvelle"
    # Once the date has passed, Modifier is gone again and the wizard refuses.
    with db_of(app) as db:
        from web.core.models import Candidature

        db.get(Candidature, lamy.id).reopened_until = utcnow() - timedelta(minutes=1)
        db.commit()
    assert 'id="bouton-modifier"' not in candidate.client.get(
        f"/mes-inscriptions/{lamy.id}/inscription").get_data(as_text=True)
    late = candidate.client.post(f"/mes-inscriptions/{lamy.id}/modifier")
    assert late.status_code == 302 and "/inscription" in late.location
    # The candidate still cannot withdraw alone: reopening only extends Modifier.
    assert "Me désinscrire" not in text_of(candidate.client.get("/mes-inscriptions"))


def test_the_office_can_end_a_reopening_early(app: Any, office: Office) -> None:
    lamy = office.candidatures["lamy"]
    close_period(app, office.rennes_session)
    office.post(f"/gestion/candidatures/{lamy.id}/rouvrir", {"jusqu_au": in_days(5)})
    page = office.get(f"/gestion/candidatures/{lamy.id}/rouvrir")
    assert "La candidature est déjà rouverte" in text_of(page)
    done = office.post(f"/gestion/candidatures/{lamy.id}/rouvrir/fin")
    assert "La réouverture est terminée" in text_of(office.get(done.location))
    candidate = office.candidates["lamy"]
    assert 'id="bouton-modifier"' not in candidate.client.get(
        f"/mes-inscriptions/{lamy.id}/inscription").get_data(as_text=True)
    assert len(audit_entries(app, "candidature.reopening_ended")) == 1
    again = office.post(f"/gestion/candidatures/{lamy.id}/rouvrir/fin")
    assert "n'est pas rouverte" in text_of(office.get(again.location))


def test_every_action_needs_the_csrf_token(
    app: Any, make_app: Any, auth: Any, staff: Any
) -> None:
    from web.core.models import Candidature

    # The same database, served by an app with CSRF on, as in production.
    client, _ = staff_client(make_app(), staff)
    assert client.get("/gestion/candidatures").status_code == 200
    account = auth.create()
    session_id = open_session(app, "cfg")
    with db_of(app) as db:
        row = Candidature(account_id=account.id, exam_code="cfg", session_id=session_id,
                          academy_code="rennes", inscription_number="001", answers={})
        db.add(row)
        db.commit()
        candidature_id = row.id
    for suffix, data in (("ecarter", {"motif": "x"}), ("desinscrire", {}),
                         ("rouvrir", {"jusqu_au": in_days(2)}), ("rouvrir/fin", {}),
                         ("donnees-personnelles", {"action": "confirmer"})):
        response = client.post(f"/gestion/candidatures/{candidature_id}/{suffix}", data=data)
        assert response.status_code == 400, suffix
    assert candidature_row(app, candidature_id).state == "inscrit"
    assert audit_entries(app, "candidature.excluded") == []
