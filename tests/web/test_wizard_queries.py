"""Queries per wizard tab, counted with an SQLAlchemy event listener and kept bounded.

A tab's page reads the session's login, the account, the draft, its session and period; a
posted tab writes the draft once more. The bounds are what the pages need today: a new
query in the path of every tab (a lazy load in a loop, a list read per field) fails here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from registration_support import INFORMATIONS, Candidate, draft_tokens, open_session
from sqlalchemy import event

# The most queries a tab's request may send: the account (login and session check), the
# draft, its session, the session's academy parts, the periods, the establishments' version
# tokens; a posted tab adds the draft's UPDATE (one, whatever tab opens next).
MAX_TAB_GET = 6
MAX_TAB_POST = 7
# The post that first reaches the Acquis tab also reads the account's earlier candidatures,
# whose published results may keep grades to fill in (once per draft).
FIRST_ACQUIS_POST = "qualification"


@contextmanager
def counted(app: Any) -> Iterator[list[str]]:
    """The SQL statements the app sends while the block runs."""
    engine = app.extensions["examforms.engine"]
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def show(statements: list[str]) -> str:
    return "\n".join(" ".join(s.split())[:160] for s in statements)


def test_each_tab_of_a_cap_registration_reads_and_writes_a_bounded_number_of_queries(
    app: Any, client: Any, auth: Any
) -> None:
    session_id = open_session(app, "cap")
    person = auth.create()
    auth.logout()
    auth.login(person.email)
    candidate = Candidate(client, person)
    candidate.start(session_id)
    draft_id = int(candidate.draft_url.rsplit("/", 1)[1])
    candidate.tab("modalites")  # the process's first page fills the establishments' cache
    steps = [
        ("modalites", {"modalites_acceptees": "y"}),
        ("identification", candidate.identification()),
        ("informations", INFORMATIONS),
        ("qualification", {"specialite": "cuisine", "forme": "globale", "dispense_eps": "non",
                           "periode_etranger": "non"}),
        ("acquis", {"diplomes-count": "1", "diplomes-0-diploma": "bep",
                    "diplomes-0-year": "2015", "diplomes-0-academy": "rennes"}),
        ("epreuves", {"epreuve": "UF_LV", "langue-UF_LV": "anglais",
                      "langue-EG5": "espagnol"}),
        ("recapitulatif", {}),
    ]
    for code, data in steps:
        with counted(app) as reads:
            assert candidate.tab(code).status_code == 200
        assert 0 < len(reads) <= MAX_TAB_GET, f"GET {code}:\n{show(reads)}"
        tokens = draft_tokens(app, draft_id)  # what the page carries, read before counting
        with counted(app) as writes:
            response = client.post(f"{candidate.draft_url}/{code}",
                                   data={**tokens, **data, "action": "suivant"})
        assert response.status_code == 302, code
        bound = MAX_TAB_POST + (code == FIRST_ACQUIS_POST)
        assert 0 < len(writes) <= bound, f"POST {code}:\n{show(writes)}"
