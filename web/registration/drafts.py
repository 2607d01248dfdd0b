"""Answers in progress, kept in the database between the wizard's pages (any worker reads them)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from web.core.models import CandidatureDraft, utcnow


def find_draft(
    db: Session, account_id: int, exam_code: str, session_id: int, academy_code: str
) -> CandidatureDraft | None:
    return db.scalar(
        select(CandidatureDraft).where(
            CandidatureDraft.account_id == account_id,
            CandidatureDraft.exam_code == exam_code,
            CandidatureDraft.session_id == session_id,
            CandidatureDraft.academy_code == academy_code,
        )
    )


def open_draft(
    db: Session, account_id: int, exam_code: str, session_id: int, academy_code: str,
    answers: dict[str, Any], first_tab: str, candidature_id: int | None = None,
) -> CandidatureDraft:
    """The existing draft (resumed as it was), else a new one holding `answers`; committed."""
    found = find_draft(db, account_id, exam_code, session_id, academy_code)
    if found is not None:
        return found
    draft = CandidatureDraft(
        account_id=account_id, exam_code=exam_code, session_id=session_id,
        academy_code=academy_code, answers=answers, reached_tab=first_tab,
        candidature_id=candidature_id,
    )
    db.add(draft)
    try:
        db.commit()
    except IntegrityError:
        # The same candidate started twice at once (double click): use the other one.
        db.rollback()
        again = find_draft(db, account_id, exam_code, session_id, academy_code)
        assert again is not None
        return again
    return draft


class DraftGone(Exception):
    """The draft was removed meanwhile (saved by a double click, or abandoned for Modifier)."""


class DraftChanged(Exception):
    """Another request stored a newer revision of the draft between this one's read and write."""


def store(db: Session, draft: CandidatureDraft, answers: dict[str, Any], reached: str) -> None:
    """Write the answers; the UPDATE names the revision read, so a concurrent write wins.

    A post that changes nothing (Enregistrer on the Récapitulatif) writes nothing: it keeps
    the page's revision valid and does not queue for SQLite's write lock before the save.
    """
    if answers == draft.answers and reached == draft.reached_tab:
        return
    draft_id = draft.id
    draft.answers = answers
    draft.reached_tab = reached
    draft.updated_at = utcnow()
    try:
        db.commit()
    except StaleDataError:
        db.rollback()
        if db.get(CandidatureDraft, draft_id, populate_existing=True) is None:
            raise DraftGone from None
        raise DraftChanged from None


# Why a posted page is refused: it was rendered for another draft, or for an older revision.
OTHER_DRAFT = "other"
OLDER_REVISION = "older"


def posted_problem(draft: CandidatureDraft, posted_key: str, posted_revision: str) -> str | None:
    """Whether a posted tab belongs to `draft` as it is now (its hidden fields say)."""
    if not posted_key or posted_key != draft.draft_key:
        return OTHER_DRAFT
    if posted_revision != str(draft.revision):
        return OLDER_REVISION
    return None
