"""Préparer une session à partir d'une autre: the ajournés of a published session registered
to the next one, with their kept grades, after a confirmation page."""

from __future__ import annotations

from typing import Any

from grades_support import AJOURNE, KEPT_EP1, past_cap_session, publish_now
from office_support import audit_entries
from registration_support import candidatures_of, open_session
from space_support import documents_of
from web_helpers import db_of, outbox, staff_client, text_of

ADMIS = {**AJOURNE, "EP2": "15"}


def test_the_ajournes_are_registered_to_the_next_session_with_their_kept_grades(
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
    assert "1 candidat(s) inscrit(s) à la session JUIN 2027" in text_of(
        past.office.get(done.location)
    )
    lamy = past.accounts["lamy"]
    [new] = [c for c in candidatures_of(app, lamy.id) if c.session_id == target]
    assert new.inscription_number == "001" and new.version == 1
    grades = new.answers["acquis"]["grades"]
    assert KEPT_EP1 in grades
    assert {g["unit"] for g in grades} == {"EP1", "EG1", "EG2", "EG4"}
    assert [d.kind for d in documents_of(app, new.id)] == ["confirmation"]
    assert any("JUIN 2027" in m.body_text for m in outbox(app, lamy.email))
    assert len(audit_entries(app, "results.repeaters_prepared")) == 1
    # Once registered, the candidate is listed as such and cannot be registered twice.
    again = text_of(past.office.get(f"{url}?source={past.session_id}"))
    assert "déjà inscrit(e) à la session JUIN 2027" in again
    past.office.post(url, data={"source": past.session_id, "candidature": lamy_box})
    assert len([c for c in candidatures_of(app, lamy.id) if c.session_id == target]) == 1
    # Another academy's gestionnaire sees none of it.
    other, _ = staff_client(app, staff, "nantes")
    assert other.get(f"{url}?source={past.session_id}").status_code == 404


def test_a_repeater_whose_answers_no_longer_fit_is_named_with_the_tab_and_field(
    app: Any, auth: Any, staff: Any
) -> None:
    from web.core.models import Candidature

    past = past_cap_session(app, auth, staff)
    lamy = past.candidatures["lamy"]
    past.office.post(f"{past.base}/{lamy}", data={f"note-{k}": v for k, v in AJOURNE.items()})
    publish_now(app, past.session_id)
    with db_of(app) as db:  # an answer the next session's spec asks for is missing
        row = db.get(Candidature, lamy)
        assert row is not None
        fields = dict(row.answers["fields"])
        del fields["email"]
        row.answers = {**row.answers, "fields": fields}
        db.commit()
    target = open_session(app, "cap", label="JUIN 2027")
    url = f"/gestion/sessions/{target}/rennes/resultats/redoublants"
    done = past.office.post(url, data={"source": past.session_id, "candidature": str(lamy)})
    text = text_of(past.office.get(done.location))
    assert "candidat(s) inscrit(s)" not in text
    assert "Non inscrit : LAMY Paul (n° 001) : réponses à compléter pour cette session" in text
    assert "Identification - Adresse mail : Ce champ est obligatoire." in text
