"""An academy's registration periods (Paris time for people, UTC stored) and its two dates.

Request-free rules shared by the pages, the command line and the demo; each change is
audited in the caller's transaction, each refusal raised before anything changes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from web.backoffice import audit
from web.backoffice.sessions import SessionRefused, check_open, lock_part, paris_text
from web.core.catalogue import PARIS, format_paris, periods_of
from web.core.models import (
    AUDIENCE_GENERAL_PUBLIC,
    INACTIVE_STATES,
    Account,
    Candidature,
    RegistrationPeriod,
    SessionAcademy,
)

OPENS_AT = time(0, 0)
CLOSES_AT = time(23, 59)

MSG_NO_SUCH_TIME = (
    "Le {day} à {hour} n'existe pas à Paris (passage à l'heure d'été) : choisissez une autre "
    "heure."
)
MSG_ORDER = "La fermeture doit être postérieure à l'ouverture."
MSG_OVERLAP = (
    "Cette période chevauche la période du {opens} au {closes} (heure de Paris) : les "
    "périodes d'une académie ne se recouvrent pas."
)
MSG_AFTER_DATE = (
    "La période fermerait le {closes}, après {what} ({day}) : changez d'abord cette date."
)
MSG_STRANDED = (
    "{count} candidature(s) ont été enregistrées pendant cette période : {action} les "
    "laisserait sans la période dont elles dépendent (date de fermeture du service, délais "
    "des pièces). Pour arrêter les inscriptions, avancez plutôt la date de fermeture ; une "
    "fois la session terminée, fermez-la."
)
MSG_DATE_BEFORE_CLOSE = (
    "{what} ne peut pas précéder la fermeture des inscriptions, le {closes}."
)
RETURN_BY_WHAT = "la date de retour des confirmations"
PIECES_WHAT = "la date limite des pièces justificatives"


def paris_moment(day: date, hour: time, field: str = "") -> datetime:
    """The aware datetime of a Paris wall-clock time; refused when the clock skips it."""
    moment = datetime.combine(day, hour, PARIS)
    back = moment.astimezone(UTC).astimezone(PARIS)
    if (back.date(), back.time()) != (day, hour):
        raise SessionRefused(MSG_NO_SUCH_TIME.format(day=day.strftime("%d/%m/%Y"),
                                                     hour=hour.strftime("%H:%M")), field)
    return moment


def part_periods(db: Session, part: SessionAcademy) -> list[RegistrationPeriod]:
    return periods_of(db, part.session_id, part.academy_code)


def period_of_part(
    db: Session, part: SessionAcademy, period_id: int
) -> RegistrationPeriod | None:
    """The period `period_id` if it is one of this part's (another part's looks missing)."""
    found = db.get(RegistrationPeriod, period_id)
    if (found is None or found.session_id != part.session_id
            or found.academy_code != part.academy_code):
        return None
    return found


def registered_during(
    db: Session, part: SessionAcademy, opens_at: datetime, closes_at: datetime
) -> int:
    """Active candidatures of the part saved between the two moments."""
    return int(db.scalar(
        select(func.count()).select_from(Candidature).where(
            Candidature.session_id == part.session_id,
            Candidature.academy_code == part.academy_code,
            Candidature.state.not_in(INACTIVE_STATES),
            Candidature.created_at >= opens_at,
            Candidature.created_at < closes_at,
        )
    ) or 0)


def _stranded(
    db: Session, part: SessionAcademy, period: RegistrationPeriod,
    new: tuple[datetime, datetime] | None,
) -> int:
    """Candidatures saved during `period` that its new range (None: deleted) leaves out."""
    inside = registered_during(db, part, period.opens_at, period.closes_at)
    if new is None or not inside:
        return inside
    opens, closes = max(period.opens_at, new[0]), min(period.closes_at, new[1])
    kept = registered_during(db, part, opens, closes) if opens < closes else 0
    return inside - kept


def _day(moment: datetime) -> str:
    return format_paris(moment, with_time=False)


def _check_range(
    db: Session, part: SessionAcademy, opens_at: datetime, closes_at: datetime,
    ignore: RegistrationPeriod | None = None,
) -> None:
    if closes_at <= opens_at:
        raise SessionRefused(MSG_ORDER, "closes_on")
    for other in part_periods(db, part):
        if other is not ignore and other.opens_at < closes_at and opens_at < other.closes_at:
            raise SessionRefused(MSG_OVERLAP.format(opens=format_paris(other.opens_at),
                                                    closes=format_paris(other.closes_at)),
                                 "opens_on")
    close_day = closes_at.astimezone(PARIS).date()
    for what, limit in ((RETURN_BY_WHAT, part.return_by), (PIECES_WHAT, part.pieces_deadline)):
        if limit is not None and close_day > limit:
            raise SessionRefused(MSG_AFTER_DATE.format(
                closes=_day(closes_at), what=what, day=limit.strftime("%d/%m/%Y"),
            ), "closes_on")


def _values(opens_at: datetime, closes_at: datetime) -> dict[str, str | None]:
    return {"opens_at": paris_text(opens_at), "closes_at": paris_text(closes_at)}


def _what(part: SessionAcademy) -> str:
    return f"{part.session.exam_code.upper()} {part.session.label}"


def add_period(
    db: Session, actor: Account | None, part: SessionAcademy,
    opens_at: datetime, closes_at: datetime,
) -> RegistrationPeriod:
    """A new general-public period of the part (not overlapping its others)."""
    lock_part(db, part)
    check_open(part)
    _check_range(db, part, opens_at, closes_at)
    period = RegistrationPeriod(
        session_id=part.session_id, academy_code=part.academy_code,
        audience=AUDIENCE_GENERAL_PUBLIC, opens_at=opens_at, closes_at=closes_at,
    )
    db.add(period)
    db.flush()
    audit.record(db, actor, "session.period_added", academy_code=part.academy_code,
                 target=("registration_period", period.id),
                 summary=f"Ajout d'une période d'inscription à la session {_what(part)}",
                 after={"session_id": part.session_id, **_values(opens_at, closes_at)})
    return period


def update_period(
    db: Session, actor: Account | None, part: SessionAcademy, period: RegistrationPeriod,
    opens_at: datetime, closes_at: datetime,
) -> bool:
    """Move a period; refused when candidatures saved during it would fall outside."""
    lock_part(db, part)
    check_open(part)
    _check_range(db, part, opens_at, closes_at, ignore=period)
    stranded = _stranded(db, part, period, (opens_at, closes_at))
    if stranded:
        raise SessionRefused(MSG_STRANDED.format(count=stranded, action="ce changement"),
                             "opens_on")
    old, new = audit.changed(_values(period.opens_at, period.closes_at),
                             _values(opens_at, closes_at))
    if not new:
        return False
    period.opens_at, period.closes_at = opens_at, closes_at
    audit.record(db, actor, "session.period_updated", academy_code=part.academy_code,
                 target=("registration_period", period.id),
                 summary=f"Modification d'une période d'inscription de la session {_what(part)}",
                 before=old, after=new)
    return True


def delete_period(
    db: Session, actor: Account | None, part: SessionAcademy, period: RegistrationPeriod
) -> None:
    """Remove a period nobody registered during (see MSG_STRANDED for the others)."""
    lock_part(db, part)
    check_open(part)
    stranded = _stranded(db, part, period, None)
    if stranded:
        raise SessionRefused(MSG_STRANDED.format(count=stranded, action="la supprimer"))
    audit.record(db, actor, "session.period_deleted", academy_code=part.academy_code,
                 target=("registration_period", period.id),
                 summary=f"Suppression d'une période d'inscription de la session {_what(part)}",
                 before=_values(period.opens_at, period.closes_at))
    db.delete(period)
    db.flush()


def update_dates(
    db: Session, actor: Account | None, part: SessionAcademy,
    return_by: date | None, pieces_deadline: date | None,
) -> bool:
    """The confirmation's return date and the pieces' deadline (None: the spec decides)."""
    lock_part(db, part)
    check_open(part)
    periods = part_periods(db, part)
    if periods:
        last = max(p.closes_at for p in periods)
        close_day = last.astimezone(PARIS).date()
        for what, value, field in ((RETURN_BY_WHAT, return_by, "return_by"),
                                   (PIECES_WHAT, pieces_deadline, "pieces_deadline")):
            if value is not None and value < close_day:
                raise SessionRefused(MSG_DATE_BEFORE_CLOSE.format(
                    what=what[0].upper() + what[1:], closes=_day(last)), field)
    before = {"return_by": paris_text(part.return_by),
              "pieces_deadline": paris_text(part.pieces_deadline)}
    after = {"return_by": paris_text(return_by), "pieces_deadline": paris_text(pieces_deadline)}
    old, new = audit.changed(before, after)
    if not new:
        return False
    part.return_by, part.pieces_deadline = return_by, pieces_deadline
    audit.record(db, actor, "session.dates_updated", academy_code=part.academy_code,
                 target=("session_academy", part.id),
                 summary=f"Dates de retour et des pièces de la session {_what(part)}",
                 before=old, after=new)
    return True
