"""Préparer une session à partir d'une autre: the candidates an earlier session did not admit
registered to a new session of the same exam by the exam office, with their kept grades.

Each one is saved by the registration's own service (numbers, Confirmation d'inscription,
mail to the candidate), so the new session's period must be open: the candidate then checks
the candidature, modifies it or withdraws within that period. Their earlier answers are
taken again (identification, category, speciality, diplomas), the kept grades of the
published results added to the Acquis rows, no bénéfice renounced.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.results import ResultDecision
from engine.spec.model import Exam
from web.backoffice.audit import record
from web.backoffice.results.listing import part_candidatures
from web.core.models import Account, Candidature, ExamSession, SessionAcademy
from web.core.session_calendar import open_period
from web.registration.context import RegistrationRefused, active_candidature
from web.registration.service import save_candidature
from web.results.carried import carried_grades, with_carried_grades
from web.results.outcome import decide
from web.results.publication import publication_of

ACTION_PREPARED = "results.repeaters_prepared"
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
) -> tuple[list[str], list[str]]:
    """Register each chosen repeater to the target session; the names saved, and the French
    reason of each one that could not be (their answers no longer fit the exam, say)."""
    saved: list[str] = []
    refused: list[str] = []
    for repeater in chosen:
        if repeater.already:
            continue
        source = repeater.candidature
        kept = carried_grades(db, repeater.account.id, exam, target.session)
        answers = with_carried_grades(dict(source.answers), kept)
        answers["acquis"] = {**answers["acquis"], "renounced": []}
        try:
            save_candidature(
                db, repeater.account, exam, target.session, target.academy_code, answers
            )
        except RegistrationRefused as problem:
            db.rollback()
            why = problem.for_office(exam)
            refused.append(f"{repeater.name} (n° {source.inscription_number}) : {why}")
        else:
            saved.append(repeater.name)
    if saved or refused:
        record(
            db,
            actor,
            ACTION_PREPARED,
            academy_code=target.academy_code,
            target=("session_academy", target.id),
            summary=f"Session {target.session.label} préparée à partir d'une autre : "
            f"{len(saved)} candidat(s) inscrit(s)",
            after={"inscrits": saved, "refus": refused},
        )
    db.commit()
    return saved, refused
