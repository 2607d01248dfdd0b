"""Two app servers behind haproxy, on one PostgreSQL and one Redis limiter store: a
candidate's session, the login throttle and the registrations hold across both, and killing
one server in the middle of a load loses no saved registration.

Runs in the PostgreSQL pass (`make test-postgres`, `.ci/run`), which needs haproxy and
redis-server (`.ci/run` installs them).
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass

import pytest
import requests
from cluster import LOGIN_LIMIT, Cluster
from journey import HttpCandidate
from load import Load
from sqlalchemy import select

from tests.conftest import DEFAULT_PASSWORD, AuthActions, unique_email

pytestmark = [pytest.mark.db, pytest.mark.postgres]

CANDIDATES = 10
CONCURRENCY = 4
KILL_AFTER_SAVED = 3
ATTEMPTS = 4


def _candidate(cluster: Cluster) -> HttpCandidate:
    account = AuthActions(cluster.app, None).create(unique_email("scale"))
    return HttpCandidate(cluster.url, account.email, DEFAULT_PASSWORD)


def test_a_candidate_s_session_holds_on_both_app_servers(cluster: Cluster) -> None:
    candidate = _candidate(cluster)
    candidate.login()
    answers = [candidate.get("/mes-inscriptions") for _ in range(6)]
    assert [a.status_code for a in answers] == [200] * 6
    assert set(candidate.served_by[-6:]) == {"app1", "app2"}
    # The proxy's request id reaches the app, which sends it back.
    assert all(re.fullmatch(r"[0-9a-f-]{36}", a.headers["X-Request-Id"]) for a in answers)


def test_the_login_throttle_counts_the_attempts_of_both_app_servers_together(
    cluster: Cluster,
) -> None:
    import redis

    candidate = _candidate(cluster)
    token = candidate.login_token()
    failed = [candidate.login_attempt("Mauvais-mot-2-passe!", token) for _ in range(LOGIN_LIMIT)]
    assert [r.status_code for r in failed] == [401] * LOGIN_LIMIT
    assert set(candidate.served_by[-LOGIN_LIMIT:]) == {"app1", "app2"}
    # Each server saw fewer than LOGIN_LIMIT failures: only a shared count refuses these.
    refused = [candidate.login_attempt(token=token) for _ in range(2)]
    assert [r.status_code for r in refused] == [429, 429]
    assert set(candidate.served_by[-2:]) == {"app1", "app2"}
    store = redis.Redis(host="127.0.0.1", port=cluster.redis.port)
    try:
        assert store.keys("*login*"), "no login counter in the shared limiter store"
    finally:
        store.close()


@dataclass
class Saved:
    index: int
    receipt: str | None  # the N° Inscription page, None if saved by the server that died
    served_by: str
    attempts: int
    after_kill: bool


def test_killing_an_app_server_in_the_middle_of_the_load_loses_no_saved_registration(
    cluster: Cluster,
) -> None:
    from web.core import db as database
    from web.core.models import Candidature, Document

    candidates = [_candidate(cluster) for _ in range(CANDIDATES)]
    victim, survivor = cluster.servers
    saved: list[Saved] = []
    killed = threading.Event()

    def record(index: int, receipt: str | None, attempt: int) -> None:
        served = candidates[index].served_by[-1] if receipt is not None else "?"
        saved.append(Saved(index, receipt, served, attempt, killed.is_set()))

    load = Load(candidates, lambda index, candidate: candidate.register_cfg(
        cluster.session_id, address=f"{index} rue de la Monnaie"), record, ATTEMPTS, CONCURRENCY)

    def kill_when_both_saved() -> None:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            with load.lock:
                by_victim = any(s.served_by == victim.name for s in saved)
                if (by_victim and len(saved) >= KILL_AFTER_SAVED) or load.all_taken():
                    break
            time.sleep(0.05)
        victim.kill()
        killed.set()

    killer = threading.Thread(target=kill_when_both_saved)
    load.start()
    killer.start()
    load.join(600)
    killer.join(600)
    failures, retried = load.failures, load.retried

    assert not failures, "\n".join(failures + retried)
    assert not victim.alive() and survivor.alive(), survivor.tail()
    assert len(saved) == CANDIDATES
    before = [s for s in saved if not s.after_kill]
    after = [s for s in saved if s.after_kill]
    assert any(s.served_by == victim.name for s in before), saved
    assert after, "the victim was killed after the last registration: no load left"
    assert {s.served_by for s in after if s.receipt} <= {survivor.name}
    with cluster.app.app_context():
        db = database.session()
        rows = list(db.scalars(select(Candidature)
                               .where(Candidature.session_id == cluster.session_id)))
        assert len({row.account_id for row in rows}) == len(rows), "a candidate saved twice"
        numbers = [row.inscription_number for row in rows]
        assert len(set(numbers)) == len(numbers), "an inscription number was given twice"
        documents = set(db.scalars(select(Document.candidature_id)))
    by_email = {row.answers["fields"]["email"]: row for row in rows}
    for outcome in saved:
        row = by_email.get(candidates[outcome.index].email)
        assert row is not None, f"candidate {outcome.index}'s registration is lost: {outcome}"
        assert row.answers["fields"]["adresse_1"] == f"{outcome.index} rue de la Monnaie"
        assert row.id in documents, f"candidature {row.id} has no confirmation PDF"
        if outcome.receipt is not None:
            assert outcome.receipt == f"/inscription/candidature/{row.id}/numero"
    print(f"\nscale-out: {len(before)} saved before the kill, {len(after)} after; "
          f"{len(retried)} journey(s) retried: {retried}")


def test_each_app_server_reports_the_figures_of_all_its_workers(cluster: Cluster) -> None:
    server = cluster.servers[-1]  # the survivor of the test above, or both when run alone
    for _ in range(10):
        assert requests.get(server.url + "/", timeout=30).status_code == 200
    line = 'examforms_http_requests_total{method="GET",route="/",status="200"} 10.0'
    # Whichever of its two workers answers the scrape, it counts the requests of both.
    for _ in range(4):
        assert line in requests.get(server.url + "/metrics", timeout=30).text
