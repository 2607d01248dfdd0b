"""Setting when a session part's results are published to its candidates (audited): only
once every result of the part is computed and up to date."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from engine.spec.model import Exam
from web.backoffice.audit import record
from web.backoffice.results.entry import ACTION_PUBLICATION
from web.backoffice.results.listing import summary
from web.core.catalogue import format_paris
from web.core.models import Account, ResultsPublication, SessionAcademy, utcnow
from web.results.publication import publication_of
from web.results.records import part_context

MSG_STALE = (
    "Les résultats ne peuvent pas être publiés : {count} résultat(s) ne sont pas calculés ou "
    "ne sont plus à jour (notes, inscription ou règles modifiées depuis le calcul). Lancez "
    "« Calculer les résultats », attendez la fin du calcul, puis publiez."
)


class PublicationRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def stale_count(db: Session, exam: Exam, part: SessionAcademy) -> int:
    context = part_context(db, exam, part.session, part.academy_code)
    return summary(db, part, context.context_hash).stale


def set_publication(
    db: Session, actor: Account | None, exam: Exam, part: SessionAcademy, moment: datetime
) -> ResultsPublication:
    """The part's results shown to its candidates from `moment` on (the caller commits);
    PublicationRefused while a result is not computed or stale."""
    stale = stale_count(db, exam, part)
    if stale:
        raise PublicationRefused(MSG_STALE.format(count=stale))
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
