"""Exams, sessions and registration periods offered on the menus (specs + database)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import ColumnElement, Select, and_, select
from sqlalchemy.orm import Session

from web.core import reference
from web.core.models import (
    AUDIENCE_GENERAL_PUBLIC,
    ExamSession,
    RegistrationPeriod,
    SessionAcademy,
)

PARIS = ZoneInfo("Europe/Paris")
DOMAINS = (("examen", "Examen"), ("concours", "Concours"))

# Labels of the shipped exams, used only while their spec file is missing or unreadable.
_FALLBACK_LABELS = {
    "cap": ("CERTIFICAT D'APTITUDE PROFESSIONNELLE", "CAP"),
    "bacpro": ("BACCALAURÉAT PROFESSIONNEL", "BAC PRO"),
    "cfg": ("CERTIFICAT DE FORMATION GÉNÉRALE", "CFG"),
}


@dataclass(frozen=True)
class ExamEntry:
    code: str
    label: str
    short_label: str
    domain: str


def exams() -> list[ExamEntry]:
    """Every exam with a spec in EXAMS_DIR; the three shipped exams even while a spec is missing."""
    found: dict[str, ExamEntry] = {}
    try:
        from engine.specs import exam_identities

        identities = exam_identities(current_app.config["EXAMS_DIR"])
    except Exception:  # noqa: BLE001 - a broken spec (or engine) must not take the pages down
        current_app.logger.exception("cannot read the exam specs")
        identities = []
    for ident in identities:
        if ident.get("code"):
            found[ident["code"]] = ExamEntry(
                ident["code"],
                ident.get("label") or ident["code"].upper(),
                ident.get("short_label") or ident["code"].upper(),
                ident.get("domain") or "examen",
            )
    for code, (label, short) in _FALLBACK_LABELS.items():
        found.setdefault(code, ExamEntry(code, label, short, "examen"))
    return sorted(found.values(), key=lambda e: e.label)


def exam_by_code(code: str) -> ExamEntry | None:
    return next((e for e in exams() if e.code == code), None)


def exam_label(code: str) -> str:
    """The exam's label as its spec gives it (the code in capitals if the spec is gone)."""
    entry = exam_by_code(code)
    return entry.label if entry is not None else code.upper()


def part_of(db: Session, session_id: int, academy_code: str) -> SessionAcademy | None:
    """The academy's part of the session (its own dates and closure), if it opened one."""
    return db.scalar(select(SessionAcademy).where(
        SessionAcademy.session_id == session_id, SessionAcademy.academy_code == academy_code
    ))


def is_part_closed(db: Session, session: ExamSession, academy_code: str) -> bool:
    """Whether the session is over for this academy: closed nationally or by its office.

    A closed part is a closed session for its candidates: no registration, no Modifier, no
    désinscription; their cards move to Mes inscriptions' Sessions fermées (read only).
    Periods written before parts existed have none (the 0006 migration gave them one); they
    count as open.
    """
    if session.closed:
        return True
    # The session's parts, loaded once per request: the session's calendar reads them too.
    part = next((p for p in session.academies if p.academy_code == academy_code), None)
    return part is not None and part.closed_at is not None


def part_join(session_id: Any, academy_code: Any) -> ColumnElement[bool]:
    """The ON clause joining a row's (session, academy) to its SessionAcademy: outer-joined,
    `SessionAcademy.closed_at.is_(None)` keeps the rows of parts not closed (or without one)."""
    return and_(SessionAcademy.session_id == session_id,
                SessionAcademy.academy_code == academy_code)


def _offered_periods() -> Select[tuple[RegistrationPeriod]]:
    """General-public periods of sessions still open in their academy (part not closed)."""
    return (
        select(RegistrationPeriod)
        .join(ExamSession, ExamSession.id == RegistrationPeriod.session_id)
        .outerjoin(SessionAcademy, part_join(RegistrationPeriod.session_id,
                                             RegistrationPeriod.academy_code))
        .where(
            RegistrationPeriod.audience == AUDIENCE_GENERAL_PUBLIC,
            ExamSession.closed.is_(False),
            SessionAcademy.closed_at.is_(None),
        )
    )


def sessions_of(db: Session, exam_code: str) -> list[ExamSession]:
    """The exam's sessions offered to candidates: those with a period in an open part."""
    offered = _offered_periods().with_only_columns(RegistrationPeriod.session_id)
    return list(
        db.scalars(
            select(ExamSession)
            .where(ExamSession.exam_code == exam_code, ExamSession.id.in_(offered))
            .order_by(ExamSession.year, ExamSession.label)
        )
    )


def periods_of(db: Session, session_id: int, academy_code: str) -> list[RegistrationPeriod]:
    """General-public registration periods of a session in an academy, earliest first."""
    return list(
        db.scalars(
            select(RegistrationPeriod)
            .where(
                RegistrationPeriod.session_id == session_id,
                RegistrationPeriod.academy_code == academy_code,
                RegistrationPeriod.audience == AUDIENCE_GENERAL_PUBLIC,
            )
            .order_by(RegistrationPeriod.opens_at)
        )
    )


def academies_with_periods(db: Session, session_id: int) -> set[str]:
    """The academies offering the session: a general-public period and their part open."""
    rows = db.scalars(
        _offered_periods().with_only_columns(RegistrationPeriod.academy_code)
        .where(RegistrationPeriod.session_id == session_id)
    )
    return set(rows)


@dataclass(frozen=True)
class SummaryItem:
    """One line of "Résumé de la sélection": the link goes back to the chain before this choice."""

    title: str
    label: str
    params: dict[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class Selection:
    """Where a visitor stands in the chain domain → exam → session → academy."""

    domain: str = ""
    exams: tuple[ExamEntry, ...] = ()
    exam: ExamEntry | None = None
    sessions: tuple[ExamSession, ...] = ()
    session: ExamSession | None = None
    academies: tuple[tuple[str, str], ...] = ()
    open_here: frozenset[str] = frozenset()
    academy: tuple[str, str] | None = None
    periods: tuple[RegistrationPeriod, ...] = ()
    summary: tuple[SummaryItem, ...] = ()


def selection_from(db: Session, args: Mapping[str, str]) -> Selection:
    """The chain as the GET parameters give it; an unknown value stops the chain at that step."""
    domain = args.get("domaine", "")
    domain = domain if domain in dict(DOMAINS) else ""
    exam_list = tuple(e for e in exams() if e.domain == domain) if domain else ()
    exam = next((e for e in exam_list if e.code == args.get("examen")), None)
    sessions = tuple(sessions_of(db, exam.code)) if exam else ()
    session = next((s for s in sessions if str(s.id) == args.get("session")), None)
    academies = tuple(reference.academies()) if session else ()
    open_here = frozenset(academies_with_periods(db, session.id)) if session else frozenset()
    academy = next((a for a in academies if a[0] == args.get("academie")), None)
    periods: tuple[RegistrationPeriod, ...] = ()
    # An academy not offering the session (no period, or its part closed): "aucun service".
    if session is not None and academy is not None and academy[0] in open_here:
        periods = tuple(periods_of(db, session.id, academy[0]))
    summary: list[SummaryItem] = []
    if domain:
        summary.append(SummaryItem("Domaine", dict(DOMAINS)[domain]))
    if exam:
        summary.append(SummaryItem("Examen", exam.label, {"domaine": domain}))
        if session:
            summary.append(SummaryItem("Session", session.label,
                                       {"domaine": domain, "examen": exam.code}))
            if academy:
                summary.append(SummaryItem(
                    "Académie", reference.academy_label(academy[0]),
                    {"domaine": domain, "examen": exam.code, "session": session.id},
                ))
    return Selection(domain, exam_list, exam, sessions, session, academies, open_here, academy,
                     periods, tuple(summary))


def paris(moment: datetime) -> datetime:
    return moment.astimezone(PARIS)


def format_paris(moment: datetime | None, with_time: bool = True) -> str:
    """'12/03/2027 à 23:59' in Paris time (every date shown to a candidate goes through here)."""
    if moment is None:
        return ""
    local = paris(moment)
    return local.strftime("%d/%m/%Y à %H:%M") if with_time else local.strftime("%d/%m/%Y")
