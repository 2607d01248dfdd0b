"""Setting when a session part's results are published to its candidates (audited)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from web.backoffice.audit import record
from web.backoffice.results.entry import ACTION_PUBLICATION
from web.core.catalogue import format_paris
from web.core.models import Account, ResultsPublication, SessionAcademy, utcnow
from web.results.publication import publication_of


def set_publication(
    db: Session, actor: Account, part: SessionAcademy, moment: datetime
) -> ResultsPublication:
    """The part's results shown to its candidates from `moment` on (the caller commits)."""
    found = publication_of(db, part.session_id, part.academy_code)
    before = {"publication": format_paris(found.publishes_at)} if found else {}
    if found is None:
        found = ResultsPublication(session_id=part.session_id, academy_code=part.academy_code)
        db.add(found)
    found.publishes_at = moment
    found.set_by = actor.email if actor is not None else "ligne de commande"
    found.set_at = utcnow()
    db.flush()
    record(
        db,
        actor,
        ACTION_PUBLICATION,
        academy_code=part.academy_code,
        target=("results_publication", found.id),
        summary=f"Publication des résultats de la session {part.session.label} le "
        f"{format_paris(moment)}",
        before=before,
        after={"publication": format_paris(moment)},
    )
    return found
