"""The Confirmation d'inscription of a save, rendered before its write transaction.

Rendering the PDF is most of an Enregistrer's time. Inside the write transaction it would
keep the account's row and the session's number counter locked all along, so every other
save of that session and academy would wait for it. Instead the numbers are reserved first,
in a short transaction of their own (a reserved number is never given to anyone else; a
save that fails after its reservation leaves that number unused), the PDF is rendered with
no transaction open, and the write transaction, on the rows it has locked, checks that the
document says what it commits: when something changed in between (another save of the same
account gave it a candidate number, the candidature was modified meanwhile), the PDF is
rendered again there. The candidature, its numbers and its PDF are committed together.
The accessible HTML version follows the PDF on the same terms. The exam office's saves
render theirs the same way, with the account as their write will leave it (its corrected
civil status).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from engine.confirmation import ConfirmationData
from engine.wizard import WizardState
from web.core.models import (
    CANDIDATURE_PREREGISTERED,
    AcademyOffice,
    Account,
    Candidature,
    ExamSession,
)
from web.registration import numbers
from web.registration.confirmation import confirmation_data, render_accessible, render_pdf
from web.registration.context import (
    MSG_ALREADY_REGISTERED,
    RegistrationRefused,
    active_candidature,
)


@dataclass(frozen=True)
class Prepared:
    """A save's reserved numbers and the PDF (and its accessible HTML version) rendered
    with them."""

    inscription_number: str
    candidate_number: str  # the account's, or the one reserved for an account without one
    reserved_candidate_number: bool
    data: ConfirmationData
    pdf: bytes
    html: str

    def pdf_for(self, data: ConfirmationData) -> bytes:
        """This PDF when it prints exactly `data` (what is being committed), else a new one."""
        return self.pdf if data == self.data else render_pdf(data)

    def html_for(self, data: ConfirmationData) -> str:
        """The accessible version, on the same terms as the PDF."""
        return self.html if data == self.data else render_accessible(data)


def _as_changed(account: Account, changes: Mapping[str, Any]) -> Account:
    """The account with `changes` applied, as a copy never added to the session: what the
    PDF prints while the account's row stays as it is until the write."""
    if not changes:
        return account
    copy = Account(**{a.key: getattr(account, a.key) for a in inspect(Account).column_attrs})
    for name, value in changes.items():
        setattr(copy, name, value)
    return copy


def reserve_and_render(
    db: Session, account: Account, session: ExamSession, academy_code: str, exam_code: str,
    state: WizardState, existing: Candidature | None, now: datetime,
    account_changes: Mapping[str, Any] | None = None,
) -> Prepared:
    """Reserve the save's numbers (committed at once), then render its PDF outside any
    transaction. A second click on Enregistrer is refused here, before any number is spent.
    `account_changes`: the civil status an office's save writes with the version."""
    if existing is None or existing.state == CANDIDATURE_PREREGISTERED:
        if existing is None and active_candidature(db, account.id, exam_code,
                                                   session.id) is not None:
            db.rollback()
            raise RegistrationRefused(MSG_ALREADY_REGISTERED)
        # A new candidature, or a pupil's pre-registration saved for the first time.
        inscription = numbers.format_inscription_number(
            numbers.next_value(db, numbers.inscription_sequence(session.id, academy_code)))
        version = 1
    else:
        inscription, version = existing.inscription_number or "", existing.version + 1
    candidate = account.candidate_number
    reserved = not candidate
    if reserved:
        candidate = numbers.format_candidate_number(
            numbers.next_value(db, numbers.CANDIDATE_SEQUENCE), now.year)
    db.commit()
    office = db.get(AcademyOffice, academy_code)
    # A candidature that is never added to the database: what the PDF prints of it.
    printed = Candidature(academy_code=academy_code, version=version,
                          inscription_number=inscription)
    data = confirmation_data(state, printed, _as_changed(account, account_changes or {}),
                             session, office, now, candidate_number=candidate)
    db.commit()  # the reads end here (nothing expired): nothing is locked while it renders
    return Prepared(
        inscription, candidate, reserved, data, render_pdf(data), render_accessible(data)
    )
