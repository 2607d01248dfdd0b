"""Fifty candidates press Enregistrer at the same moment: fifty numbers, no answer lost.

Runs on SQLite by default and on PostgreSQL with `--db=postgres` (TEST_DATABASE_URL).
"""

from __future__ import annotations

import threading
import traceback
from typing import Any

from registration_support import draft_tokens, open_session
from sqlalchemy import select
from web_helpers import db_of

SAVES = 50


def complete_cfg_answers(account: Any, index: int) -> dict[str, Any]:
    """Stored answers of a complete CFG candidature, with an address unique to the candidate."""
    return {
        "fields": {
            "nationalite": "FR", "adresse_pays": "FR", "adresse_1": f"{index} rue de la Monnaie",
            "code_postal": "35000", "localite": "RENNES", "telephone_mobile": "0612345678",
            "pcs_representant_legal": "21", "email": account.email,
            "categorie": "individuel", "etablissement": "individuels-35", "amenagement": False,
            "consentement_presse": False, "consentement_collectivites": True,
        },
        "acquis": {"diplomas": [], "grades": [], "renounced": []},
        "units": {"chosen": [], "languages": {}},
    }


def logged_in_client(app: Any, account: Any) -> Any:
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = account.get_id()
        session["_fresh"] = True
    return client


def test_fifty_simultaneous_saves_get_fifty_distinct_inscription_numbers(
    app: Any, auth: Any
) -> None:
    from web.core.models import Account, Candidature, CandidatureDraft, Document

    session_id = open_session(app, "cfg")
    accounts = [auth.create() for _ in range(SAVES)]
    drafts: list[tuple[Any, int]] = []
    with db_of(app) as db:
        for index, account in enumerate(accounts):
            draft = CandidatureDraft(
                account_id=account.id, exam_code="cfg", session_id=session_id,
                academy_code="rennes", answers=complete_cfg_answers(account, index),
                reached_tab="recapitulatif",
            )
            db.add(draft)
            db.flush()
            drafts.append((account, draft.id))
        db.commit()
    clients = [logged_in_client(app, account) for account, _ in drafts]
    tokens = [draft_tokens(app, draft_id) for _, draft_id in drafts]
    barrier = threading.Barrier(SAVES)
    statuses: list[int] = [0] * SAVES
    failures: dict[int, str] = {}

    def save(i: int) -> None:
        try:
            barrier.wait()
            response = clients[i].post(f"/inscription/brouillon/{drafts[i][1]}/recapitulatif",
                                       data={"action": "enregistrer", **tokens[i]})
        except BaseException:
            # The test client re-raises the view's exception here: keep it for the report.
            failures[i] = traceback.format_exc()
            raise
        statuses[i] = response.status_code if "/numero" in (response.location or "") else -1

    threads = [threading.Thread(target=save, args=(i,)) for i in range(SAVES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert statuses == [302] * SAVES, "\n".join(
        f"save {i} raised:\n{text}" for i, text in sorted(failures.items())
    ) or f"statuses: {statuses}"
    with db_of(app) as db:
        rows = list(db.scalars(select(Candidature)))
        numbers = sorted(int(c.inscription_number) for c in rows)
        assert numbers == list(range(1, SAVES + 1))
        by_account = {c.account_id: c for c in rows}
        for index, (account, _) in enumerate(drafts):
            stored = by_account[account.id].answers["fields"]
            assert stored["adresse_1"] == f"{index} rue de la Monnaie"
            assert stored["email"] == account.email
        candidate_numbers = list(db.scalars(select(Account.candidate_number)))
        assert len(set(candidate_numbers)) == SAVES and None not in candidate_numbers
        assert len(list(db.scalars(select(Document.id)))) == SAVES
        assert list(db.scalars(select(CandidatureDraft.id))) == []


def test_a_sqlite_file_database_runs_in_wal_mode_and_waits_for_the_lock(tmp_path: Any) -> None:
    from web.core.db import SQLITE_BUSY_TIMEOUT_MS, make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'portal.sqlite3'}")
    memory = make_engine("sqlite:///:memory:")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == SQLITE_BUSY_TIMEOUT_MS
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        # An in-memory database has no file to share: its journal is left as it is.
        with memory.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "memory"
    finally:
        engine.dispose()
        memory.dispose()
