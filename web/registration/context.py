"""What a registration needs from the portal: the exam spec, its session calendar, the account."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.conditions import SessionCalendar
from engine.spec.model import Exam
from engine.wizard import PRESET
from web.core import reference
from web.core.catalogue import PARIS, is_part_closed, periods_of
from web.core.models import (
    INACTIVE_STATES,
    Account,
    Candidature,
    ExamSession,
    RegistrationPeriod,
    utcnow,
)

MSG_PERIOD_CLOSED = (
    "Le service d'inscription n'est pas ouvert pour cet examen, cette session et cette académie. "
    "Consultez les dates dans Ouverture des services."
)
MSG_ALREADY_REGISTERED = (
    "Vous avez déjà une candidature à cet examen pour cette session : vous pouvez la consulter "
    "et la modifier dans Mes inscriptions."
)
MSG_UNKNOWN_EXAM = "Cet examen n'est pas proposé à l'inscription."


class RegistrationRefused(Exception):
    """A registration the candidate may not make or save, with the French reason."""

    def __init__(self, message: str, errors: dict[str, dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}

    def for_office(self, exam: Exam) -> str:
        """The reason as the back office reads it: each refused answer with its tab and
        field labels ("Identification - Adresse mail : Ce champ est obligatoire."), else the
        message."""
        tabs = {t.code: t for t in exam.tabs}
        lines = []
        for tab_code, fields in self.errors.items():
            tab = tabs.get(tab_code)
            labels = {f.code: f.label for f in tab.fields} if tab else {}
            title = tab.title if tab else tab_code
            for code, error in fields.items():
                lines.append(f"{title} - {labels.get(code, code)} : {error}")
        if not lines:
            return self.message
        return "réponses à compléter pour cette session (" + " ; ".join(lines) + ")"


def exams() -> dict[str, Exam]:
    """Every usable exam of EXAMS_DIR (engine.specs caches them by file stamp), in the
    version the portal serves (web.registration.spec_guard: a new version that would break
    candidatures of an open session waits, the previous one keeps serving).

    A spec with errors is left out (the back office lists it with its errors): a spec being
    written in the folder must not stop the registrations to the other exams.
    """
    from engine.specs import usable_exams
    from web.registration.spec_guard import served

    return served(usable_exams(current_app.config["EXAMS_DIR"]))


def exam_of(code: str) -> Exam | None:
    try:
        return exams().get(code)
    except Exception:  # noqa: BLE001 - a broken spec refuses registrations, never a 500
        current_app.logger.exception("cannot load the exam specs")
        return None


def open_period(
    db: Session, session: ExamSession, academy_code: str, now: datetime | None = None
) -> RegistrationPeriod | None:
    """The general-public period open now for this session in this academy, if any (none once
    the session is closed, nationally or by the academy's office)."""
    now = now or utcnow()
    if is_part_closed(db, session, academy_code):
        return None
    return next((p for p in periods_of(db, session.id, academy_code) if p.is_open(now)), None)


def current_or_last_period(
    db: Session, session: ExamSession, academy_code: str, now: datetime | None = None
) -> RegistrationPeriod | None:
    """The open period, else the last one that started (for the closing date shown)."""
    periods = periods_of(db, session.id, academy_code)
    now = now or utcnow()
    started = [p for p in periods if p.opens_at <= now]
    return open_period(db, session, academy_code, now) or (started[-1] if started else None)


def reopened(candidature: Candidature, now: datetime | None = None) -> bool:
    """Whether the exam office has reopened this candidature for modification until later."""
    until = candidature.reopened_until
    return (until is not None and (now or utcnow()) < until and candidature.is_active
            and not candidature.session.closed)


def modification_period(
    db: Session, candidature: Candidature, now: datetime | None = None
) -> RegistrationPeriod | None:
    """The period a saved candidature may be modified in, if any.

    The open period; after the close, the last period while the exam office has reopened
    the candidature (its dates still drive the rules, the reopening only extends Modifier).
    """
    now = now or utcnow()
    session, academy = candidature.session, candidature.academy_code
    found = open_period(db, session, academy, now)
    if found is None and reopened(candidature, now) and not is_part_closed(db, session, academy):
        found = current_or_last_period(db, session, academy, now)
    return found


def calendar_of(
    session: ExamSession, period: RegistrationPeriod | None, academy_code: str | None = None
) -> SessionCalendar:
    """Session dates every relative rule uses (age on 31/12, grades within N years, deadlines).

    The academy (the period's, unless given) brings its office's pieces deadline, which
    replaces the spec's per-piece deadlines when set.
    """
    start = session.starts_on or date(session.year, 6, 1)
    close = period.closes_at.astimezone(PARIS).date() if period else start
    academy = academy_code or (period.academy_code if period else "")
    part = next((p for p in session.academies if p.academy_code == academy), None)
    # The academy too: its establishments are the ones offered (engine.establishments).
    return SessionCalendar(
        year=session.year, start=start, registration_close=close, academy=academy or "",
        pieces_deadline=part.pieces_deadline if part is not None else None,
    )


def active_candidature(
    db: Session, account_id: int, exam_code: str, session_id: int
) -> Candidature | None:
    """The account's candidature to this exam and session that still counts, if any."""
    return db.scalar(
        select(Candidature).where(
            Candidature.account_id == account_id,
            Candidature.exam_code == exam_code,
            Candidature.session_id == session_id,
            Candidature.state.not_in(INACTIVE_STATES),
        )
    )


ACCOUNT_KEYS = (
    "sexe", "nom_naissance", "nom_usage", "prenoms", "date_naissance", "pays_naissance",
    "departement_naissance", "commune_naissance", "email",
)


def account_values(
    account: Account, changes: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The account as the spec's `from_account` / `prefill` keys read it.

    `changes` (account attributes, e.g. the exam office's corrections not yet saved) are
    read instead of the stored values.
    """
    changes = changes or {}
    values = {key: changes.get(key, getattr(account, key)) for key in ACCOUNT_KEYS}
    values["pays_naissance"] = alpha2(values["pays_naissance"])
    # A school pupil's answers set by the establishment (read-only in the wizard).
    values[PRESET] = getattr(account, "school_preset", None)
    return values


def alpha2(country: str) -> str:
    """The account keeps ISO alpha-3 codes (FRA); the specs' country list uses alpha-2 (FR)."""
    if len(country) != 3:
        return country
    import pycountry

    found = pycountry.countries.get(alpha_3=country.upper())
    return str(found.alpha_2) if found is not None else country


def academy_name(code: str) -> str:
    return reference.academy_label(code) if code in dict(reference.academies()) else code


def known_academy(code: str) -> bool:
    return code in dict(reference.academies())


@dataclass(frozen=True)
class Target:
    """The exam, session and academy a draft or candidature is for."""

    exam: Exam
    session: ExamSession
    academy_code: str
