"""What a registration needs from the portal: the exam spec, the period a candidature may be
modified in, the account (the session calendar: web.core.session_calendar)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.spec.model import Exam
from engine.wizard import PRESET
from web.core import reference
from web.core.catalogue import is_part_closed
from web.core.models import (
    INACTIVE_STATES,
    Account,
    Candidature,
    ExamSession,
    RegistrationPeriod,
    utcnow,
)
from web.core.session_calendar import current_or_last_period, open_period

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
