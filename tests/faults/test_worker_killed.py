"""A gunicorn worker killed (SIGKILL) in the middle of Enregistrer: the candidature is saved
whole or not at all, no number is ever given twice, and the candidate can simply try again.

How the middle is hit, without a hook in the portal: the app server runs as in production
(gunicorn, deploy/gunicorn.conf.py) with one worker, so the worker answering is known. A
warm Enregistrer (the worker's first one also imports the PDF library) measures how long
one takes (T). Then each candidate fills the wizard, posts Enregistrer, and the test kills
the worker after a delay spread from 0.02 T to 1.3 T: the early kills land in the
checks and inside the write transaction (numbers, PDF, mail), the late ones after the
answer; the narrow moment between the commit and the answer is hit only by chance (the
retry then finds the candidature saved, which the test accepts). Nothing the candidate can
reach (no setting, no URL) decides where the process dies, so nothing here could be abused
in production. The invariants are checked on the database afterwards, whatever moment each
kill hit; the test also requires that some kills did cut a request short before anything
was saved, so that it cannot pass by killing only idle workers.

Runs in the PostgreSQL pass (the production database: its transactions and row locks are
what the guarantee rests on); the SQLite pass leaves it out to keep the suite short.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from cluster import Service, free_port, start_app_server
from fault_support import assert_saved_whole, postgres_pass_only, wait_for
from journey import IDENTIFICATION, INFORMATIONS, AlreadyRegistered, HttpCandidate, hidden_fields
from registration_support import open_session
from sqlalchemy import func, select

from tests.conftest import DEFAULT_PASSWORD, AuthActions, unique_email

# When each kill comes, as fractions of a warm Enregistrer (T): denser at the start, where a
# loaded machine makes T least reliable, so that some kills always land before the commit.
KILL_FRACTIONS = (0.02, 0.05, 0.1, 0.25, 0.45, 0.7, 1.0, 1.3)
KILLS = len(KILL_FRACTIONS)


def workers_of(master: int) -> list[int]:
    """The live processes whose parent is `master` (gunicorn's workers)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid …; comm may hold spaces, so split after its closing ")".
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if int(parent) == master and state != "Z":  # a killed worker not reaped yet: gone
            found.append(int(entry))
    return found


@dataclass
class Portal:
    app: Any
    server: Service
    session_id: int

    def worker(self) -> int:
        """The one worker, once it answers."""
        wait_for(lambda: len(workers_of(self.server.process.pid)) == 1, "one worker",
                 service=self.server)
        wait_for(lambda: _answers(self.server.url), "the worker answering", limit=60,
                 service=self.server)
        return workers_of(self.server.process.pid)[0]


def _answers(url: str) -> bool:
    try:
        return requests.get(url + "/sante", timeout=5).status_code == 200
    except requests.RequestException:
        return False


@pytest.fixture
def portal(
    request: pytest.FixtureRequest, make_app: Any, database_url: str, tmp_path: Path
) -> Iterator[Portal]:
    postgres_pass_only(request, "kills a gunicorn worker in the middle of Enregistrer")
    app = make_app()
    session_id = open_session(app, "cfg")
    server = start_app_server("app", tmp_path, {
        "DATABASE_URL": database_url, "SECRET_KEY": "worker-kill-test-key",
        "SESSION_COOKIE_SECURE": "0", "WEB_CONCURRENCY": "1",
        "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(free_port()),
        "UPLOAD_FOLDER": str(tmp_path / "uploads"), "FLASK_DEBUG": "0", "REQUEST_LOG": "0",
    })
    yield Portal(app, server, session_id)
    server.stop()


def _up_to_the_summary(portal: Portal, index: int) -> HttpCandidate:
    email = AuthActions(portal.app, None).create(unique_email("tue")).email
    candidate = HttpCandidate(portal.server.url, email, DEFAULT_PASSWORD, timeout=30)
    candidate.login()
    candidate.start(portal.session_id)
    candidate.submit_tab("identification", {**IDENTIFICATION,
                                            "adresse_1": f"{index} quai Duguay-Trouin",
                                            "email": email})
    candidate.submit_tab("informations", INFORMATIONS)
    return candidate


def _enregistrer(candidate: HttpCandidate) -> tuple[float, requests.Response | Exception]:
    """Post Enregistrer as the summary page does; (seconds taken, answer or the error)."""
    page = candidate.get(f"{candidate.draft_url}/recapitulatif")
    assert page.status_code == 200
    data = [*hidden_fields(page.text), ("action", "enregistrer")]
    started = time.monotonic()
    try:
        answer: requests.Response | Exception = candidate.http.post(
            f"{candidate.base_url}{candidate.draft_url}/recapitulatif", data=data,
            timeout=30, allow_redirects=False)
    except requests.RequestException as error:
        answer = error
    return time.monotonic() - started, answer


def _saved(answer: requests.Response | Exception) -> bool:
    return (isinstance(answer, requests.Response) and answer.status_code == 302
            and "/numero" in answer.headers.get("Location", ""))


def test_a_worker_killed_in_the_middle_of_enregistrer_saves_all_or_nothing(
    portal: Portal,
) -> None:
    from web.core import db as database
    from web.core.models import Account, Candidature, NumberSequence
    from web.registration.numbers import inscription_sequence

    candidates: list[HttpCandidate] = []

    def warm_up() -> float:
        """A whole registration on the current worker: its first Enregistrer imports the PDF
        library (seconds); the kills aim at a warm one. Returns its Enregistrer's time."""
        candidate = _up_to_the_summary(portal, len(candidates))
        candidates.append(candidate)
        took, answer = _enregistrer(candidate)
        assert _saved(answer), answer
        return took

    portal.worker()
    warm_up()
    # The shortest of two warm saves: a save slowed by the other tests' load would place
    # every kill too late.
    duration = min(warm_up(), warm_up())
    outcomes: list[tuple[float, str]] = []
    for kill in range(KILLS):
        candidate = _up_to_the_summary(portal, len(candidates))
        candidates.append(candidate)
        delay = duration * KILL_FRACTIONS[kill]
        victim = portal.worker()
        result: list[tuple[float, requests.Response | Exception]] = []
        poster = threading.Thread(target=lambda c=candidate, r=result: r.append(_enregistrer(c)))
        poster.start()
        # The summary's GET is answered first: the delay counts from the Enregistrer post.
        wait_for(lambda c=candidate: c.timings[-1][0].startswith("GET ")
                 and c.timings[-1][0].endswith("/recapitulatif"), "the summary page")
        time.sleep(delay)
        os.kill(victim, signal.SIGKILL)
        poster.join(60)
        answered = _saved(result[0][1]) if result else False
        with portal.app.app_context():
            account_id = database.session().scalar(
                select(Account.id).where(Account.email == candidate.email))
            stored = database.session().scalar(
                select(func.count()).select_from(Candidature)
                .where(Candidature.account_id == account_id))
        outcomes.append((delay / duration, "answered" if answered else
                         "saved, answer lost" if stored else "cut before the commit"))
        # The candidate tries again, as a person would: log in if needed, Démarrer, the tabs.
        portal.worker()
        if not candidate.is_logged_in():
            candidate.login()
        try:
            candidate.register_cfg(portal.session_id,
                                   address=f"{len(candidates)} quai Duguay-Trouin")
        except AlreadyRegistered:
            assert stored, "sent back to a saved candidature that is not in the database"
            if kill < KILLS - 1:
                warm_up()  # the new worker has not rendered a PDF yet

    kinds = [kind for _, kind in outcomes]
    assert "cut before the commit" in kinds, outcomes
    warm_up()  # a later registration gets a number never given before (checked below)

    rows = assert_saved_whole(portal.app, portal.session_id, [c.email for c in candidates])
    assert all(row.answers["fields"]["adresse_1"].endswith("quai Duguay-Trouin") for row in rows)
    with portal.app.app_context():
        counter = database.session().get(
            NumberSequence, inscription_sequence(portal.session_id, "rennes"))
        # The next number is one never given: the counter is past every saved number.
        assert counter is not None
        assert counter.value >= max(int(row.inscription_number) for row in rows)
    print("\nworker killed at (fraction of an Enregistrer, outcome): "
          + ", ".join(f"{f:.2f} {k}" for f, k in outcomes) + f"; T = {duration * 1000:.0f} ms")
