"""A wizard page posts only into the draft, and the revision of it, that it was rendered from.

On SQLite, ids of deleted drafts came back: a tab left open on a deleted CAP draft posted its
answers into the Bac Pro draft that took the same id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from registration_support import Candidate, open_session
from sqlalchemy import select
from web_helpers import db_of, text_of

from tests.conftest import unique_email

ADDRESS_CAP_TAB = "1 place de la Gare"     # what the tab left open on the CAP draft holds
ADDRESS_BACPRO = "12 rue de la Monnaie"    # what the candidate answered in the Bac Pro draft


@pytest.fixture
def candidate(client: Any, auth: Any) -> Candidate:
    account = auth.create(nom_naissance="LAMY", prenoms="Paul", sexe="M")
    assert auth.login(account.email).status_code == 302
    return Candidate(client, account)


def page_tokens(response: Any) -> dict[str, str]:
    """The hidden fields of the wizard page as the browser would post them back."""
    html = response.get_data(as_text=True)
    found = dict(re.findall(r'<input type="hidden" name="(brouillon|version_brouillon)" '
                            r'value="([^"]*)">', html))
    assert set(found) == {"brouillon", "version_brouillon"}, "the page names no draft"
    return found


def the_draft(app: Any, account_id: int) -> Any:
    from web.core.models import CandidatureDraft

    with db_of(app) as db:
        draft = db.scalar(select(CandidatureDraft).where(CandidatureDraft.account_id == account_id))
        if draft is not None:
            db.expunge(draft)
        return draft


def delete_drafts(app: Any, account_id: int) -> None:
    from sqlalchemy import delete

    from web.core.models import CandidatureDraft

    with db_of(app) as db:
        db.execute(delete(CandidatureDraft).where(CandidatureDraft.account_id == account_id))
        db.commit()


def open_identification_tab(app: Any, candidate: Candidate, exam_code: str) -> tuple[str, Any]:
    """Start `exam_code` and accept its Modalités: (the draft URL, the Identification page)."""
    assert "/brouillon/" in candidate.start(open_session(app, exam_code)).location
    candidate.next_ok("modalites", {"modalites_acceptees": "y"})
    page = candidate.tab("identification")
    assert page.status_code == 200
    return candidate.draft_url, page


@dataclass(frozen=True)
class LeftOpen:
    """A browser tab still showing the Identification page of a CAP draft deleted since."""

    url: str
    tokens: dict[str, str]
    draft_id: int


def a_cap_tab_left_open(app: Any, candidate: Candidate) -> LeftOpen:
    cap_url, cap_page = open_identification_tab(app, candidate, "cap")
    left = LeftOpen(cap_url, page_tokens(cap_page), the_draft(app, candidate.account.id).id)
    delete_drafts(app, candidate.account.id)  # the CAP draft ends (saved, Modifier, …)
    return left


def post_from(candidate: Candidate, left: LeftOpen) -> Any:
    """The tab left open posts its CAP answers, with the hidden fields it was rendered with."""
    return candidate.client.post(f"{left.url}/identification", data={
        **left.tokens, **candidate.identification(), "adresse_1": ADDRESS_CAP_TAB,
        "action": "suivant"})


def test_a_tab_open_on_a_deleted_cap_draft_cannot_post_into_a_new_bac_pro_draft(
    app: Any, candidate: Candidate
) -> None:
    left = a_cap_tab_left_open(app, candidate)
    open_identification_tab(app, candidate, "bacpro")
    bacpro = the_draft(app, candidate.account.id)
    assert bacpro.exam_code == "bacpro" and bacpro.id > left.draft_id  # not given again
    assert candidate.next_ok("identification", candidate.identification()) == "informations"
    before = the_draft(app, candidate.account.id)

    # The old tab posts to its own URL: that draft is gone, nothing is stored anywhere.
    stale = post_from(candidate, left)
    assert stale.status_code == 302 and stale.location.endswith("/mes-inscriptions")
    assert "Cette inscription en cours n'existe plus" in text_of(
        candidate.client.get(stale.location))
    after = the_draft(app, candidate.account.id)
    assert after.answers["fields"]["adresse_1"] == ADDRESS_BACPRO
    assert (after.answers, after.revision) == (before.answers, before.revision)


def test_a_page_of_a_deleted_draft_is_refused_even_if_its_id_comes_back(
    app: Any, candidate: Candidate
) -> None:
    from web.core.models import CandidatureDraft

    left = a_cap_tab_left_open(app, candidate)
    # A database migrated after this id was deleted (its AUTOINCREMENT counter started at the
    # highest id left) may give it again: the Bac Pro draft takes the CAP draft's id.
    bacpro_session = open_session(app, "bacpro")
    with db_of(app) as db:
        db.add(CandidatureDraft(
            id=left.draft_id, account_id=candidate.account.id, exam_code="bacpro",
            session_id=bacpro_session, academy_code="rennes", reached_tab="informations",
            answers={"fields": {"adresse_1": ADDRESS_BACPRO}, "acquis": {}, "units": {}},
        ))
        db.commit()
    before = the_draft(app, candidate.account.id)

    stale = post_from(candidate, left)
    assert stale.status_code == 302 and stale.location.endswith("/mes-inscriptions")
    assert (
        "Cette page correspondait à une inscription en cours qui n'existe plus : les réponses "
        "qu'elle contenait n'ont pas été enregistrées."
    ) in text_of(candidate.client.get(stale.location))
    after = the_draft(app, candidate.account.id)
    assert (after.answers, after.revision) == (before.answers, before.revision)


def test_a_page_of_an_older_revision_is_refused_without_saving_anything(
    app: Any, candidate: Candidate
) -> None:
    candidate.start(open_session(app, "cfg"))
    first_tab = candidate.tab("identification")
    second_tab = candidate.tab("identification")       # the same page in another browser tab
    assert page_tokens(first_tab) == page_tokens(second_tab)
    accepted = candidate.client.post(f"{candidate.draft_url}/identification", data={
        **page_tokens(first_tab), **candidate.identification(), "action": "suivant"})
    assert accepted.status_code == 302 and accepted.location.endswith("/informations")
    stored = the_draft(app, candidate.account.id)

    stale = candidate.client.post(f"{candidate.draft_url}/identification", data={
        **page_tokens(second_tab), **candidate.identification(), "adresse_1": ADDRESS_CAP_TAB,
        "action": "suivant"})
    assert stale.status_code == 302 and stale.location.endswith("/identification")
    shown = text_of(candidate.client.get(stale.location))
    assert (
        "Cette page n'était plus à jour : votre inscription en cours a été modifiée depuis, "
        "dans une autre fenêtre ou un autre onglet. Les réponses de cette page n'ont pas été "
        "enregistrées"
    ) in shown
    after = the_draft(app, candidate.account.id)
    assert after.answers == stored.answers and after.revision == stored.revision
    assert after.answers["fields"]["adresse_1"] == ADDRESS_BACPRO


def test_a_post_naming_no_draft_is_refused(app: Any, candidate: Candidate) -> None:
    candidate.start(open_session(app, "cfg"))
    before = the_draft(app, candidate.account.id)
    response = candidate.client.post(f"{candidate.draft_url}/identification",
                                     data={**candidate.identification(), "action": "suivant"})
    assert response.status_code == 302 and response.location.endswith("/mes-inscriptions")
    assert the_draft(app, candidate.account.id).revision == before.revision


def test_each_stored_page_gives_the_draft_a_new_revision(app: Any, candidate: Candidate) -> None:
    candidate.start(open_session(app, "cfg"))
    first = page_tokens(candidate.tab("identification"))
    assert first["version_brouillon"] == "1" and len(first["brouillon"]) >= 20
    candidate.next_ok("identification", candidate.identification())
    later = page_tokens(candidate.tab("informations"))
    assert later["brouillon"] == first["brouillon"]
    assert int(later["version_brouillon"]) > 1


def test_two_writes_of_one_revision_cannot_both_be_stored(app: Any, auth: Any) -> None:
    from web.core import db as database
    from web.core.models import CandidatureDraft
    from web.registration import drafts

    account = auth.create(email_address=unique_email())
    session_id = open_session(app, "cfg")
    with db_of(app) as db:
        draft = drafts.open_draft(db, account.id, "cfg", session_id, "rennes",
                                  {"fields": {}}, "identification")
        draft_id = draft.id
    with app.app_context():
        first = database.session()
        mine = first.get(CandidatureDraft, draft_id)
        assert mine is not None and mine.revision == 1
        # Another request stores the draft meanwhile.
        with app.app_context():
            other = database.session()
            theirs = other.get(CandidatureDraft, draft_id)
            assert theirs is not None
            drafts.store(other, theirs, {"fields": {"localite": "BREST"}}, "identification")
        with pytest.raises(drafts.DraftChanged):
            drafts.store(first, mine, {"fields": {"localite": "RENNES"}}, "identification")
    with db_of(app) as db:
        kept = db.get(CandidatureDraft, draft_id)
        assert kept.answers == {"fields": {"localite": "BREST"}} and kept.revision == 2


def test_ids_of_deleted_drafts_are_never_given_again(app: Any, auth: Any) -> None:
    from web.core.models import CandidatureDraft
    from web.registration import drafts

    account = auth.create()
    session_id = open_session(app, "cfg")
    with db_of(app) as db:
        first = drafts.open_draft(db, account.id, "cfg", session_id, "rennes", {}, "x").id
    delete_drafts(app, account.id)
    with db_of(app) as db:
        second = drafts.open_draft(db, account.id, "cfg", session_id, "rennes", {}, "x")
        assert second.id > first
        assert db.get(CandidatureDraft, first) is None


def test_wizard_pages_are_never_kept_by_the_browser(app: Any, candidate: Candidate) -> None:
    candidate.start(open_session(app, "cfg"))
    assert candidate.tab("identification").headers["Cache-Control"] == "no-store"


def test_a_post_that_changes_nothing_keeps_the_revision_of_the_other_tabs(
    app: Any, candidate: Candidate
) -> None:
    candidate.start(open_session(app, "cfg"))
    candidate.next_ok("identification", candidate.identification())
    before = the_draft(app, candidate.account.id)
    other_tab = page_tokens(candidate.tab("identification"))
    # Précédent on Informations candidature, nothing typed there: nothing to store.
    back = candidate.post("informations", {}, action="precedent")
    assert back.status_code == 302 and back.location.endswith("/identification")
    assert the_draft(app, candidate.account.id).revision == before.revision
    accepted = candidate.client.post(f"{candidate.draft_url}/identification", data={
        **other_tab, **candidate.identification(), "action": "suivant"})
    assert accepted.location.endswith("/informations")
