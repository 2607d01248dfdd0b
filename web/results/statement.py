"""The relevé de notes of a candidature: rendered once per version, when its results are
published and first looked at (Mes notes, Mes documents), then served as stored.

A grade corrected after the publication changes what the relevé prints: the next look
renders version n + 1; the candidate's Mes documents shows the latest one only.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.confirmation.french import to_paris
from engine.results import ResultDecision, fr
from engine.spec.model import Exam
from engine.statement import (
    StatementData,
    StatementLine,
    render_statement_accessible,
    render_statement_pdf,
)
from web.core.models import DOCUMENT_STATEMENT, AcademyOffice, Account, Candidature, Document
from web.registration.confirmation import CIVILITIES, academy_block

TITLE = "Relevé de notes"
SOURCE_NOTES = {
    "benefice": "Note conservée d'une session antérieure (bénéfice)",
    "dispense": "Dispensé(e)",
    "absent": "Absent(e)",
}


def speciality_label(exam: Exam, code: str) -> str:
    for s in exam.specialities:
        if s.code == code:
            return s.label
        for v in s.variants:
            if v.code == code:
                return v.label
    return ""


def unit_labels(decision: ResultDecision) -> dict[str, str]:
    """Unit code → "EP1 - Organisation de la production de cuisine"."""
    return {line.code: f"{line.printed_code} - {line.label}" for line in decision.lines}


def kept_sentences(decision: ResultDecision) -> tuple[str, ...]:
    """ "EP1 - Pratique : 14/20, conservée jusqu'à la session 2031 (si vous la gardez)"."""
    if decision.admitted:
        return ()
    labels = unit_labels(decision)
    out = []
    for kept in decision.kept:
        until = f", conservable jusqu'à la session {kept.until_year}" if kept.until_year else ""
        out.append(f"{labels.get(kept.unit, kept.unit)} : {fr(kept.grade)}/20{until}")
    return tuple(out)


def statement_data(
    db: Session,
    exam: Exam,
    candidature: Candidature,
    account: Account,
    decision: ResultDecision,
    published: datetime,
    version: int,
) -> StatementData:
    lines = tuple(
        StatementLine(
            line.printed_code,
            line.label,
            fr(line.coefficient) if line.coefficient is not None else "",
            f"{line.grade_text}/20"
            if line.grade is not None
            else (line.grade_text or "Non saisie"),
            SOURCE_NOTES.get(line.source, ""),
        )
        for line in decision.lines
        if line.source not in ("not_chosen",)
    )
    control = decision.control
    explanation = [decision.explanation]
    if control is not None and control.grade is not None:
        explanation.append(f"{control.label} : {fr(control.grade, 2)}/20")
    assert account.date_naissance is not None
    return StatementData(
        academy=academy_block(
            candidature.academy_code, db.get(AcademyOffice, candidature.academy_code)
        ),
        exam_label=exam.label,
        session_label=candidature.session.label,
        speciality=speciality_label(exam, candidature.speciality_code),
        candidate_name=f"{CIVILITIES.get(account.sexe, account.sexe)} "
        f"{account.nom_naissance} {account.prenoms}",
        birth_date=account.date_naissance,
        candidate_number=account.candidate_number or "",
        inscription_number=candidature.inscription_number or "",
        lines=lines,
        decision=decision.status_label.upper(),
        average=f"{fr(decision.average, 2)}/20" if decision.average is not None else "",
        mention=decision.mention_label,
        explanation=tuple(explanation),
        kept=kept_sentences(decision),
        published_on=to_paris(published).date(),
        version=version,
    )


def latest_statement(db: Session, candidature_id: int) -> Document | None:
    return db.scalar(
        select(Document)
        .where(Document.candidature_id == candidature_id, Document.kind == DOCUMENT_STATEMENT)
        .order_by(Document.version.desc())
        .limit(1)
    )


def ensure_statement(
    db: Session,
    exam: Exam,
    candidature: Candidature,
    account: Account,
    decision: ResultDecision,
    published: datetime,
) -> Document:
    """The relevé printing the current result: the stored one when it still says the same,
    else a new version (committed here)."""
    latest = latest_statement(db, candidature.id)
    if latest is not None:
        same = statement_data(db, exam, candidature, account, decision, published, latest.version)
        if render_statement_accessible(same) == latest.accessible_html:
            return latest
    version = latest.version + 1 if latest is not None else 1
    data = statement_data(db, exam, candidature, account, decision, published, version)
    doc = Document(
        candidature_id=candidature.id,
        kind=DOCUMENT_STATEMENT,
        title=TITLE,
        version=version,
        filename=f"releve-notes-{candidature.inscription_number}-v{version}.pdf",
        content=render_statement_pdf(data),
        accessible_html=render_statement_accessible(data),
    )
    db.add(doc)
    try:
        db.commit()
    except IntegrityError:
        # Rendered at the same moment by another request: that one is stored.
        db.rollback()
        found = latest_statement(db, candidature.id)
        assert found is not None
        return found
    return doc
