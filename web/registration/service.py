"""Saving a candidature (Enregistrer or a modification): numbers, version, PDF, mail, at once."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import jsonschema
from flask import current_app, render_template
from sqlalchemy import delete, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from engine.answers import answers_json_schema
from engine.spec.model import Exam
from engine.wizard import WizardState, build_state, validate_all
from web.candidate.pieces.status import refresh_pieces_status
from web.core.candidature_states import COMPLETE, apply_move
from web.core.models import (
    CANDIDATURE_PREREGISTERED,
    DOCUMENT_CONFIRMATION,
    AcademyOffice,
    Account,
    Candidature,
    CandidatureDraft,
    CandidatureVersion,
    Document,
    ExamSession,
    OutboxMessage,
    utcnow,
)
from web.core.session_calendar import calendar_of, current_or_last_period, open_period
from web.registration import numbers
from web.registration.confirmation import confirmation_data
from web.registration.context import (
    MSG_ALREADY_REGISTERED,
    MSG_PERIOD_CLOSED,
    RegistrationRefused,
    account_values,
    active_candidature,
    modification_period,
)
from web.registration.indexing import apply_filter_columns
from web.registration.prepared import Prepared, reserve_and_render

MSG_INCOMPLETE = (
    "Votre candidature est incomplète : corrigez les onglets signalés avant d'enregistrer."
)
MSG_INVALID_ANSWERS = "Vos réponses n'ont pas pu être enregistrées : vérifiez chaque onglet."
MSG_NOT_MODIFIABLE = "Cette candidature ne peut plus être modifiée."
MSG_PREREGISTERED = (
    "Cette candidature est pré-inscrite : l'élève ne l'a pas encore complétée ni enregistrée. "
    "Elle ne peut être enregistrée que par l'élève, depuis Mes inscriptions."
)
SUBJECT_SAVED = "Confirmation d'inscription : {exam}"
SUBJECT_MODIFIED = "Modification d'inscription : {exam}"
SUBJECT_MODIFIED_BY_OFFICE = "Modification de votre inscription par le service des examens : {exam}"
DOCUMENT_TITLE = "Confirmation d'inscription"
# A save that still finds the SQLite database locked after its busy timeout is tried again.
LOCKED_ATTEMPTS = 3
LOCKED_BACKOFF_S = 0.5


# Compiled once per spec version (by source hash), as python-jsonschema recommends.
_VALIDATORS: dict[str, Any] = {}


def _validator(exam: Exam) -> Any:
    found = _VALIDATORS.get(exam.source_hash)
    if found is None:
        schema = answers_json_schema(exam)
        found = jsonschema.validators.validator_for(schema)(schema)
        _VALIDATORS[exam.source_hash] = found
    return found


def schema_problems(exam: Exam, answers: Mapping[str, Any]) -> list[str]:
    """Messages of the stored-answers JSON Schema for `answers` (empty when they conform)."""
    return [e.message for e in _validator(exam).iter_errors(answers)]


@dataclass(frozen=True)
class OfficeSave:
    """A save made by the exam office at the candidate's request, not by the candidate.

    It may happen after the close; `account_changes` (civil-status attributes of the account)
    are written in the same transaction as the version, and `before_commit` adds what the
    office's side records with it (its audit entry).
    """

    account_changes: Mapping[str, Any] = field(default_factory=dict)
    before_commit: Callable[[Session, Candidature, Account], None] | None = None


def checked_state(
    db: Session, account: Account, exam: Exam, session: ExamSession, academy_code: str,
    answers: Mapping[str, Any], now: datetime, existing: Candidature | None = None,
    office: OfficeSave | None = None,
) -> WizardState:
    """The pruned state of `answers`, or RegistrationRefused (closed period, tabs with errors).

    A candidate saves within the open period (or, for a modification, while the office has
    reopened the candidature); the office's saves use the last period's dates at any time.
    """
    if office is not None:
        period = current_or_last_period(db, session, academy_code, now)
    elif existing is not None:
        period = modification_period(db, existing, now)
    else:
        period = open_period(db, session, academy_code, now)
    if period is None and office is None:
        raise RegistrationRefused(MSG_PERIOD_CLOSED)
    changes = office.account_changes if office is not None else None
    state = build_state(exam, answers, calendar_of(session, period, academy_code),
                        account_values(account, changes))
    errors = validate_all(state)
    if errors:
        raise RegistrationRefused(MSG_INCOMPLETE, errors)
    problems = schema_problems(exam, state.answers)
    if problems:
        current_app.logger.error("answers outside the schema of %s: %s", exam.code, problems)
        raise RegistrationRefused(MSG_INVALID_ANSWERS)
    return state


def save_candidature(
    db: Session,
    account: Account,
    exam: Exam,
    session: ExamSession,
    academy_code: str,
    answers: Mapping[str, Any],
    existing: Candidature | None = None,
    now: datetime | None = None,
    office: OfficeSave | None = None,
) -> Candidature:
    """Save a new candidature (version 1) or a modification of `existing` (version + 1).

    In one transaction, committed here: numbers (the candidate number only if the account has
    none), the answers pruned and checked against the exam's JSON Schema, the version row,
    the Confirmation d'inscription PDF (rendered once, stored), the mail in the outbox, and
    the draft removed. Raises RegistrationRefused with the French reason otherwise. With
    `office`, the exam office saves a modification of `existing` for the candidate.

    Every save (the office's too) reserves its numbers and renders its PDF before that
    transaction (web.registration.prepared), so that no lock is held while the PDF renders.
    """
    now = now or utcnow()
    if office is not None and existing is None:
        raise ValueError("the exam office only saves modifications of a candidature")
    if office is not None and existing is not None and existing.state == CANDIDATURE_PREREGISTERED:
        raise RegistrationRefused(MSG_PREREGISTERED)
    state = checked_state(db, account, exam, session, academy_code, answers, now, existing,
                          office)
    # End the read transaction first: on SQLite a reader that later asks for the write lock
    # while another writer holds it fails at once instead of waiting.
    db.commit()
    prepared = reserve_and_render(db, account, session, academy_code, exam.code, state,
                                  existing, now,
                                  office.account_changes if office is not None else None)
    for attempt in range(1, LOCKED_ATTEMPTS + 1):
        try:
            return _write(db, account, exam, session, academy_code, state, existing, now,
                          office, prepared)
        except OperationalError as error:
            db.rollback()
            # SQLite only: its busy timeout ran out under load; the transaction wrote
            # nothing, so it is run again whole. Anything else is a real failure.
            if "database is locked" not in str(error) or attempt == LOCKED_ATTEMPTS:
                raise
            current_app.logger.warning("database locked while saving, attempt %d", attempt)
            time.sleep(LOCKED_BACKOFF_S * attempt)
    raise AssertionError("unreachable: the last attempt returns or raises")


def _write(
    db: Session, account: Account, exam: Exam, session: ExamSession, academy_code: str,
    state: WizardState, existing: Candidature | None, now: datetime,
    office: OfficeSave | None, prepared: Prepared,
) -> Candidature:
    """The write transaction of save_candidature, committed here, with the numbers and PDF
    `prepared` before it."""
    # The first write locks the account row (PostgreSQL) or the database (SQLite) until
    # commit: two saves of the same account, or two number allocations, never interleave.
    db.execute(
        update(Account).where(Account.id == account.id)
        .values(session_version=Account.session_version)
    )
    account = db.get(Account, account.id, populate_existing=True) or account
    first_save = existing is None
    for name, value in (office.account_changes if office is not None else {}).items():
        setattr(account, name, value)
    if existing is None:
        if active_candidature(db, account.id, exam.code, session.id) is not None:
            db.rollback()
            raise RegistrationRefused(MSG_ALREADY_REGISTERED)
        candidature = Candidature(
            account_id=account.id, exam_code=exam.code, session_id=session.id,
            academy_code=academy_code, version=1, created_at=now,
        )
        candidature.inscription_number = prepared.inscription_number
        db.add(candidature)
    else:
        candidature = db.get(Candidature, existing.id, populate_existing=True) or existing
        if candidature.account_id != account.id or not candidature.is_active:
            db.rollback()
            raise RegistrationRefused(MSG_NOT_MODIFIABLE)
        candidature.version += 1
        if candidature.state == CANDIDATURE_PREREGISTERED:
            # The pupil saves the establishment's pre-registration: its first version.
            first_save = True
            prepared_number = prepared.inscription_number if prepared else None
            candidature.inscription_number = prepared_number or (
                numbers.format_inscription_number(numbers.next_value(
                    db, numbers.inscription_sequence(session.id, academy_code))))
            apply_move(candidature, COMPLETE, now)
    if not account.candidate_number:
        account.candidate_number = (
            prepared.candidate_number if prepared.reserved_candidate_number
            else numbers.format_candidate_number(
                numbers.next_value(db, numbers.CANDIDATE_SEQUENCE), now.year))
    candidature.answers = state.answers
    apply_filter_columns(candidature, exam)
    candidature.spec_version = exam.version
    candidature.spec_hash = exam.source_hash
    candidature.updated_at = now
    db.flush()
    db.add(CandidatureVersion(
        candidature_id=candidature.id, version=candidature.version, answers=state.answers,
        spec_version=exam.version, spec_hash=exam.source_hash, saved_at=now,
    ))
    # The pieces the new answers require (a modification may ask for more): the office's
    # filters read the result.
    refresh_pieces_status(db, candidature, state.pieces())
    academy_office = db.get(AcademyOffice, academy_code)
    # One set of data for both renderings: the PDF and its accessible version cannot differ.
    data = confirmation_data(state, candidature, account, session, academy_office, now)
    pdf, accessible = prepared.pdf_for(data), prepared.html_for(data)
    document = Document(
        candidature_id=candidature.id, kind=DOCUMENT_CONFIRMATION, title=DOCUMENT_TITLE,
        version=candidature.version,
        filename=f"confirmation-inscription-{exam.code}-{candidature.inscription_number}"
        f"-v{candidature.version}.pdf",
        content=pdf, accessible_html=accessible, created_at=now,
    )
    db.add(document)
    _queue_mail(db, account, exam, session, candidature, not first_save,
                by_office=office is not None)
    # A modification the candidate had in progress would bring the old answers back.
    db.execute(delete(CandidatureDraft).where(
        CandidatureDraft.account_id == account.id,
        CandidatureDraft.exam_code == exam.code,
        CandidatureDraft.session_id == session.id,
    ))
    if office is not None and office.before_commit is not None:
        office.before_commit(db, candidature, account)
    db.commit()
    return candidature


def _queue_mail(
    db: Session, account: Account, exam: Exam, session: ExamSession,
    candidature: Candidature, modified: bool, by_office: bool = False,
) -> None:
    # The session too: a redoublant's confirmations of two sessions must not look alike.
    subject = (SUBJECT_MODIFIED_BY_OFFICE if by_office else
               SUBJECT_MODIFIED if modified else SUBJECT_SAVED).format(
                   exam=f"{exam.label} - session {session.label}")
    context = {
        "portal_name": current_app.config["PORTAL_NAME"], "account": account, "exam": exam,
        "session": session, "candidature": candidature, "modified": modified,
        "by_office": by_office,
    }
    # A pupil imported without an address gets it at the one the wizard asked for.
    to_address = account.email or str((candidature.answers.get("fields") or {}).get("email") or "")
    db.add(OutboxMessage(
        account_id=account.id,
        to_address=to_address,
        subject=f"[{current_app.config['PORTAL_NAME']}] {subject}",
        body_text=render_template("registration/mail_saved.txt", **context),
        body_html=render_template("registration/mail_saved.html", **context),
    ))
