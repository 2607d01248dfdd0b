"""Exams, sessions and registration periods offered on the menus (specs + database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.models import AUDIENCE_GENERAL_PUBLIC, ExamSession, RegistrationPeriod

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


def sessions_of(db: Session, exam_code: str) -> list[ExamSession]:
    return list(
        db.scalars(
            select(ExamSession)
            .where(ExamSession.exam_code == exam_code, ExamSession.closed.is_(False))
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
    rows = db.scalars(
        select(RegistrationPeriod.academy_code).where(RegistrationPeriod.session_id == session_id)
    )
    return set(rows)


def paris(moment: datetime) -> datetime:
    return moment.astimezone(PARIS)


def format_paris(moment: datetime | None, with_time: bool = True) -> str:
    """'12/03/2027 à 23:59' in Paris time (every date shown to a candidate goes through here)."""
    if moment is None:
        return ""
    local = paris(moment)
    return local.strftime("%d/%m/%Y à %H:%M") if with_time else local.strftime("%d/%m/%Y")
