"""Préparer une session à partir d'une autre: the ajournés of a published session pré-inscrits
to the next one, with their kept grades, after a confirmation page."""

from __future__ import annotations

from typing import Any

from grades_support import AJOURNE, KEPT_EP1, past_cap_session, publish_now
from office_support import audit_entries
from registration_support import candidatures_of, open_session
from space_support import documents_of
from web_helpers import outbox, staff_client, text_of

ADMIS = {**AJOURNE, "EP2": "15"}


def test_the_ajournes_are_preregistered_to_the_next_session_with_their_kept_grades(
    app: Any, auth: Any, staff: Any
) -> None:
    past = past_cap_session(app, auth, staff, ("lamy", "durand"))
    for key, grades in (("lamy", AJOURNE), ("durand", ADMIS)):
        past.office.post(
            f"{past.base}/{past.candidatures[key]}",
            data={f"note-{k}": v for k, v in grades.items()},
        )
    target = open_session(app, "cap", label="JUIN 2027")
    url = f"/gestion/sessions/{target}/rennes/resultats/redoublants"
    choice = text_of(past.office.get(url))
    assert "Préparer la session JUIN 2027 à partir d'une autre" in choice and "JUIN 2026" in choice
    page = past.office.get(f"{url}?source={past.session_id}")
    text = text_of(page)
    assert "Candidats ajournés à la session JUIN 2026 (1)" in text
    assert "LAMY Paul (n° 001)" in text and "DURAND" not in text
    # Not before the results are published.
    lamy_box = str(past.candidatures["lamy"])
    early = past.office.post(url, data={"source": past.session_id, "candidature": lamy_box})
    assert early.status_code == 422
    assert "Les résultats de la session JUIN 2026 ne sont pas encore publiés" in text_of(early)
    publish_now(app, past.session_id)
    done = past.office.post(url, data={"source": past.session_id, "candidature": lamy_box})
    assert done.status_code == 302
    flashed = text_of(past.office.get(done.location))
    assert "1 candidat pré-inscrit à la session JUIN 2027" in flashed
    assert "compléter et d'enregistrer sa candidature" in flashed
    lamy = past.accounts["lamy"]
    [new] = [c for c in candidatures_of(app, lamy.id) if c.session_id == target]
    # A pré-inscription as a pupil's: no number, no version, no confirmation yet.
    assert (new.state, new.inscription_number, new.version) == ("preinscrit", None, 0)
    assert new.speciality_code == "cuisine"
    grades = new.answers["acquis"]["grades"]
    assert KEPT_EP1 in grades
    assert {g["unit"] for g in grades} == {"EP1", "EG1", "EG2", "EG4"}
    assert documents_of(app, new.id) == []
    [mail] = [m for m in outbox(app, lamy.email) if "JUIN 2027" in m.subject]
    assert "Pré-inscription à compléter" in mail.subject
    assert "Mes inscriptions, puis Mon inscription et Modifier" in mail.body_text
    assert "pour qu'elle passe à « Inscrit »" in mail.body_text
    assert len(audit_entries(app, "results.repeaters_prepared")) == 1
    # Once pré-inscrit, the candidate is listed as such and cannot be pré-inscrit twice.
    again = text_of(past.office.get(f"{url}?source={past.session_id}"))
    assert "déjà pré-inscrit(e) ou inscrit(e) à la session JUIN 2027" in again
    twice = past.office.post(url, data={"source": past.session_id, "candidature": lamy_box})
    assert "Aucun candidat pré-inscrit" in text_of(past.office.get(twice.location))
    assert len([c for c in candidatures_of(app, lamy.id) if c.session_id == target]) == 1
    # Another academy's gestionnaire sees none of it.
    other, _ = staff_client(app, staff, "nantes")
    assert other.get(f"{url}?source={past.session_id}").status_code == 404


def test_the_candidate_completes_the_preregistration_from_mes_inscriptions(
    app: Any, auth: Any, client: Any, staff: Any
) -> None:
    past = past_cap_session(app, auth, staff)
    lamy = past.candidatures["lamy"]
    past.office.post(f"{past.base}/{lamy}", data={f"note-{k}": v for k, v in AJOURNE.items()})
    publish_now(app, past.session_id)
    target = open_session(app, "cap", label="JUIN 2027")
    url = f"/gestion/sessions/{target}/rennes/resultats/redoublants"
    past.office.post(url, data={"source": past.session_id, "candidature": str(lamy)})
    account = past.accounts["lamy"]
    [new] = [c for c in candidatures_of(app, account.id) if c.session_id == target]
    auth.login(account.email)
    shown = text_of(client.get(f"/mes-inscriptions/{new.id}/inscription"))
    assert "Pré-inscrit" in shown and "Terminer mon inscription" in shown
    assert "Le service des examens et concours vous a pré-inscrit" in shown
    notes = text_of(client.get(f"/mes-inscriptions/{new.id}/notes"))
    assert "Votre inscription n'est pas terminée : tant que vous ne l'avez pas enregistrée" in notes
    started = client.post(f"/mes-inscriptions/{new.id}/modifier")
    assert "Vous terminez votre inscription" in text_of(client.get(started.location))
