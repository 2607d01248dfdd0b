"""Sessions and an academy's part of them: open, join, change the national fields, close.

The rules live here, request-free, so that the back-office pages, the command line and the
demo apply the same ones. Every change is written to the audit log in the caller's
transaction (the caller commits); a refusal raises SessionRefused before anything changes.
Periods and dates of a part are in web.backoffice.periods.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from web.backoffice import audit
from web.backoffice.exam_specs import spec_statuses
from web.backoffice.refusals import Refused
from web.core import reference
from web.core.catalogue import PARIS, format_paris
from web.core.models import (
    INACTIVE_STATES,
    Account,
    Candidature,
    ExamSession,
    SessionAcademy,
    utcnow,
)

LABEL_MAX = 80
YEARS = range(2000, 2101)

MSG_UNKNOWN_EXAM = "Aucune spécification de cet examen n'est dans le dossier des examens."
MSG_BROKEN_SPEC = (
    "La spécification de cet examen contient des erreurs : la session ne peut pas être "
    "ouverte tant qu'elles ne sont pas corrigées."
)
MSG_UNKNOWN_ACADEMY = "Choisissez une académie de la liste."
MSG_LABEL = "Indiquez le libellé de la session (80 caractères au plus), par exemple JUIN 2027."
MSG_YEAR = "Indiquez l'année de la session sur 4 chiffres, par exemple 2027."
MSG_NATIONALLY_CLOSED = "Cette session est fermée : aucune académie ne peut plus y participer."
MSG_ALREADY_PART = (
    "Votre académie participe déjà à cette session : ses périodes et ses dates se modifient "
    "depuis sa page."
)
MSG_JOIN_MISMATCH = (
    "La session {exam} « {label} » existe déjà (année {year}, début {start}) : reprenez ces "
    "valeurs pour y faire participer votre académie."
)
MSG_PART_CLOSED = "Cette session est fermée pour votre académie : elle ne peut plus être modifiée."
MSG_SHARED = (
    "D'autres académies participent à cette session : seul l'administrateur national peut "
    "modifier son libellé, son année et sa date de début."
)
MSG_LABEL_TAKEN = "Une autre session de cet examen porte déjà le libellé « {label} »."
MSG_CALENDAR_USED = (
    "Des candidatures sont déjà enregistrées pour cette session : son année et sa date de "
    "début, dont dépendent leurs règles (âge au 31 décembre, validité des notes), ne peuvent "
    "plus changer. Seul le libellé peut l'être."
)
MSG_ALREADY_CLOSED = "Cette session est déjà fermée pour votre académie."


class SessionRefused(Refused):
    """A change of a session or a period the rules refuse."""


@dataclass(frozen=True)
class NationalFields:
    """What a session is nationally: the same for every academy taking part."""

    label: str
    year: int
    starts_on: date | None = None


def normalized_label(text: str) -> str:
    """'juin  2027 ' → 'JUIN 2027': labels are written as the guides print them."""
    return " ".join(text.split()).upper()


def paris_text(value: datetime | date | None) -> str | None:
    """A value of an audit entry as people read it: Paris time, ISO text."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(PARIS).isoformat(timespec="minutes")
    return value.isoformat()


def _is_national(actor: Account | None) -> bool:
    """The administrator, or the command line (run by whoever runs the portal's server)."""
    return actor is None or actor.is_admin


def _check_national(national: NationalFields) -> NationalFields:
    label = normalized_label(national.label)
    if not label or len(label) > LABEL_MAX:
        raise SessionRefused(MSG_LABEL, "label")
    if national.year not in YEARS:
        raise SessionRefused(MSG_YEAR, "year")
    return NationalFields(label, national.year, national.starts_on)


def find_session(db: Session, exam_code: str, label: str) -> ExamSession | None:
    return db.scalar(select(ExamSession).where(
        ExamSession.exam_code == exam_code, ExamSession.label == normalized_label(label)
    ))


def find_part(db: Session, session_id: int, academy_code: str) -> SessionAcademy | None:
    return db.scalar(select(SessionAcademy).where(
        SessionAcademy.session_id == session_id, SessionAcademy.academy_code == academy_code
    ))


def lock_part(db: Session, part: SessionAcademy) -> None:
    """Take the part's write lock before checking a change (two offices' clicks never both
    pass a check that only one of them may pass): a row lock on PostgreSQL, the database's
    on SQLite."""
    db.execute(update(SessionAcademy).where(SessionAcademy.id == part.id)
               .values(academy_code=SessionAcademy.academy_code))
    db.refresh(part)


def check_open(part: SessionAcademy) -> None:
    if part.is_closed:
        raise SessionRefused(MSG_PART_CLOSED)


def active_count(db: Session, session_id: int, academy_code: str | None = None) -> int:
    """Candidatures that still count (not désinscrite, not écartée), in one academy or all."""
    query = select(func.count()).select_from(Candidature).where(
        Candidature.session_id == session_id, Candidature.state.not_in(INACTIVE_STATES)
    )
    if academy_code is not None:
        query = query.where(Candidature.academy_code == academy_code)
    return int(db.scalar(query) or 0)


def _national_values(session: ExamSession) -> dict[str, Any]:
    return {"label": session.label, "year": session.year,
            "starts_on": paris_text(session.starts_on)}


def open_part(
    db: Session,
    actor: Account | None,
    exam_code: str,
    national: NationalFields,
    academy_code: str,
    exams_dir: str | Path,
) -> tuple[SessionAcademy, bool]:
    """The academy's part of the session `exam_code` / `national.label`: (part, created).

    Creates the session when it is new; joins it otherwise, provided the national fields
    given are the session's (an office does not change them by joining). A part that
    already exists is returned as it is (created False).
    """
    statuses = [s for s in spec_statuses(exams_dir) if s.code == exam_code]
    if not statuses:
        raise SessionRefused(MSG_UNKNOWN_EXAM, "exam")
    if not any(s.usable for s in statuses):
        raise SessionRefused(MSG_BROKEN_SPEC, "exam")
    if academy_code not in dict(reference.academies()):
        raise SessionRefused(MSG_UNKNOWN_ACADEMY, "academy")
    national = _check_national(national)
    session = find_session(db, exam_code, national.label)
    if session is None:
        session = ExamSession(exam_code=exam_code, label=national.label, year=national.year,
                              starts_on=national.starts_on, closed=False)
        db.add(session)
        db.flush()
        audit.record(db, actor, "session.created", academy_code=academy_code,
                     target=("session", session.id),
                     summary=f"Création de la session {exam_code.upper()} {session.label}",
                     after={"exam_code": exam_code, **_national_values(session)})
    else:
        if session.closed:
            raise SessionRefused(MSG_NATIONALLY_CLOSED, "label")
        found = find_part(db, session.id, academy_code)
        if found is not None:
            return found, False
        if (session.year, session.starts_on) != (national.year, national.starts_on):
            start = session.starts_on.strftime("%d/%m/%Y") if session.starts_on else "non fixé"
            raise SessionRefused(MSG_JOIN_MISMATCH.format(
                exam=exam_code.upper(), label=session.label, year=session.year, start=start,
            ), "year")
    part = SessionAcademy(session_id=session.id, academy_code=academy_code, created_at=utcnow())
    db.add(part)
    db.flush()
    db.refresh(session, ["academies"])
    audit.record(
        db, actor, "session.joined", academy_code=academy_code,
        target=("session_academy", part.id),
        summary=f"Ouverture de la session {exam_code.upper()} {session.label} pour "
        f"{reference.academy_label(academy_code)}",
        after={"session_id": session.id, "academy_code": academy_code},
    )
    return part, True


def may_edit_national(actor: Account | None, part: SessionAcademy) -> bool:
    """The administrator always; an office only while its academy is the only one taking part."""
    if _is_national(actor):
        return True
    return [p.academy_code for p in part.session.academies] == [part.academy_code]


def update_national(
    db: Session, actor: Account | None, part: SessionAcademy, national: NationalFields
) -> bool:
    """Change the session's label, year and start date; False when nothing changed."""
    lock_part(db, part)
    check_open(part)
    if not may_edit_national(actor, part):
        raise SessionRefused(MSG_SHARED)
    national = _check_national(national)
    session = part.session
    if national.label != session.label:
        other = find_session(db, session.exam_code, national.label)
        if other is not None and other.id != session.id:
            raise SessionRefused(MSG_LABEL_TAKEN.format(label=national.label), "label")
    calendar_changed = (national.year, national.starts_on) != (session.year, session.starts_on)
    if calendar_changed and active_count(db, session.id):
        raise SessionRefused(MSG_CALENDAR_USED, "year")
    before = _national_values(session)
    session.label, session.year, session.starts_on = (
        national.label, national.year, national.starts_on
    )
    old, new = audit.changed(before, _national_values(session))
    if not new:
        return False
    audit.record(db, actor, "session.updated", academy_code=part.academy_code,
                 target=("session", session.id),
                 summary=f"Modification de la session {session.exam_code.upper()} "
                 f"{session.label}", before=old, after=new)
    return True


def close_part(
    db: Session, actor: Account | None, part: SessionAcademy, now: datetime | None = None
) -> int:
    """Close the academy's part: the session is over for its candidates. Returns how many
    active candidatures it had (they move to Mes inscriptions' Sessions fermées, read only)."""
    lock_part(db, part)
    if part.is_closed:
        raise SessionRefused(MSG_ALREADY_CLOSED)
    now = now or utcnow()
    part.closed_at = now
    count = active_count(db, part.session_id, part.academy_code)
    session = part.session
    audit.record(
        db, actor, "session.closed", academy_code=part.academy_code,
        target=("session_academy", part.id),
        summary=f"Fermeture de la session {session.exam_code.upper()} {session.label} pour "
        f"{reference.academy_label(part.academy_code)}",
        before={"closed_at": None},
        after={"closed_at": paris_text(now), "active_candidatures": count},
    )
    return count


def state_label(part: SessionAcademy, now: datetime | None = None) -> str:
    """Where the part stands, as the list shows it."""
    if part.is_closed:
        closed_at = part.closed_at
        return f"Fermée le {format_paris(closed_at, with_time=False)}" if closed_at else "Fermée"
    now = now or utcnow()
    periods = [p for p in part.session.periods if p.academy_code == part.academy_code]
    if any(p.is_open(now) for p in periods):
        return "Inscriptions ouvertes"
    if any(p.opens_at > now for p in periods):
        return "Inscriptions à venir"
    return "Inscriptions terminées" if periods else "Aucune période"
