"""Préparer une session à partir d'une autre: the candidates an earlier session did not admit
pré-inscrits to a new session of the same exam by the exam office, with their kept grades.

Each one gets a pré-inscription as an imported pupil does (no inscription number, no
version, no Confirmation d'inscription yet) and a mail asking them to complete it: from
their account, Mes inscriptions, Mon inscription, Modifier, the tabs with Suivant and
Enregistrer, which makes it « Inscrit » with its number and confirmation. The new session's
period must therefore be open. Their earlier answers are taken again (identification,
category, speciality, diplomas), the kept grades of the published results added to the
Acquis rows, no bénéfice renounced: the wizard checks them all when the candidate saves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.results import ResultDecision
from engine.spec.model import Exam
from web.backoffice.audit import record
from web.backoffice.results.listing import part_candidatures
from web.core.mail import queue_mail
from web.core.models import (
    CANDIDATURE_PREREGISTERED,
    AcademyOffice,
    Account,
    Candidature,
    ExamSession,
    RegistrationPeriod,
    SessionAcademy,
    utcnow,
)
from web.core.session_calendar import open_period
from web.registration.context import active_candidature
from web.registration.indexing import apply_filter_columns
from web.results.carried import carried_grades, with_carried_grades
from web.results.outcome import decide
from web.results.publication import publication_of

ACTION_PREPARED = "results.repeaters_prepared"
SUBJECT_PREREGISTERED = "Pré-inscription à compléter : {exam} - session {session}"
MSG_NOT_PUBLISHED = (
    "Les résultats de la session {label} ne sont pas encore publiés : publiez-les avant d'en "
    "préparer une autre session."
)
MSG_TARGET_CLOSED = (
    "La session {label} n'a pas de période d'inscription ouverte dans votre académie : "
    "ouvrez-en une, les candidats pourront y vérifier, modifier ou annuler leur inscription."
)


@dataclass(frozen=True)
class Repeater:
    candidature: Candidature
    account: Account
    decision: ResultDecision
    already: bool  # already registered to the new session

    @property
    def name(self) -> str:
        return f"{self.account.nom_naissance} {self.account.prenoms}"


def source_parts(db: Session, target: SessionAcademy) -> list[SessionAcademy]:
    """The academy's other sessions of the same exam, not later than the target."""
    session = target.session
    return list(
        db.scalars(
            select(SessionAcademy)
            .join(ExamSession, ExamSession.id == SessionAcademy.session_id)
            .where(
                ExamSession.exam_code == session.exam_code,
                ExamSession.id != session.id,
                ExamSession.year <= session.year,
                SessionAcademy.academy_code == target.academy_code,
            )
            .order_by(ExamSession.year.desc(), ExamSession.label)
        )
    )


def repeaters(
    db: Session, exam: Exam, source: SessionAcademy, target: ExamSession
) -> list[Repeater]:
    """The source part's candidatures its results did not admit (ajourné)."""
    out = []
    for candidature, account in part_candidatures(db, source):
        decision = decide(db, exam, candidature)
        if decision.status != "ajourne":
            continue
        already = active_candidature(db, account.id, exam.code, target.id) is not None
        out.append(Repeater(candidature, account, decision, already))
    return out


def refusal(db: Session, source: SessionAcademy, target: SessionAcademy) -> str:
    """Why the preparation cannot be done now ("" when it can)."""
    publication = publication_of(db, source.session_id, source.academy_code)
    if publication is None or not publication.is_published():
        return MSG_NOT_PUBLISHED.format(label=source.session.label)
    if open_period(db, target.session, target.academy_code) is None:
        return MSG_TARGET_CLOSED.format(label=target.session.label)
    return ""


def prepare(
    db: Session, actor: Account, exam: Exam, chosen: list[Repeater], target: SessionAcademy
) -> list[str]:
    """Pré-inscrire each chosen repeater to the target session (its period open), mailing
    them to complete it; the names of those pré-inscrits."""
    period = open_period(db, target.session, target.academy_code)
    if period is None:
        raise ValueError("the target session has no open period")
    now = utcnow()
    saved: list[str] = []
    for repeater in chosen:
        account = repeater.account
        if active_candidature(db, account.id, exam.code, target.session_id) is not None:
            continue  # registered meanwhile (by themselves, or by another click)
        kept = carried_grades(db, account.id, exam, target.session)
        answers = with_carried_grades(dict(repeater.candidature.answers), kept)
        answers["acquis"] = {**answers["acquis"], "renounced": []}
        candidature = Candidature(
            account_id=account.id,
            exam_code=exam.code,
            session_id=target.session_id,
            academy_code=target.academy_code,
            state=CANDIDATURE_PREREGISTERED,
            version=0,
            answers=answers,
            spec_version=exam.version,
            spec_hash=exam.source_hash,
            created_at=now,
            updated_at=now,
            state_changed_at=now,
        )
        apply_filter_columns(candidature, exam)
        db.add(candidature)
        _mail(db, account, exam, target, period, answers)
        saved.append(repeater.name)
    if saved:
        record(
            db,
            actor,
            ACTION_PREPARED,
            academy_code=target.academy_code,
            target=("session_academy", target.id),
            summary=f"Session {target.session.label} préparée à partir d'une autre : "
            f"{len(saved)} candidat(s) pré-inscrit(s)",
            after={"pré-inscrits": saved},
        )
    db.commit()
    return saved


def _mail(
    db: Session,
    account: Account,
    exam: Exam,
    target: SessionAcademy,
    period: RegistrationPeriod,
    answers: dict[str, Any],
) -> None:
    # A former pupil imported without an address gets it at the one their wizard asked for.
    fields = answers.get("fields") or {}
    queue_mail(
        db,
        account.email or str(fields.get("email") or ""),
        SUBJECT_PREREGISTERED.format(exam=exam.label, session=target.session.label),
        "repeater_preregistered",
        account=account,
        candidate=account,
        exam_label=exam.label,
        session_label=target.session.label,
        closes_at=period.closes_at,
        office=db.get(AcademyOffice, target.academy_code),
    )
