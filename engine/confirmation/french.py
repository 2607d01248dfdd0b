"""French wording of dates and answers for the confirmation, independent of the system locale."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")

# Our own tables: the process locale is not ours to set (gunicorn workers, CI images).
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)


def to_paris(moment: datetime) -> datetime:
    """The moment in Paris time; a naive datetime is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(PARIS)


def short_date(day: date) -> str:
    """11/09/2023."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def long_date_upper(day: date) -> str:
    """VENDREDI 29 SEPTEMBRE 2023 (the first of the month stays "1", as printed by the portal)."""
    text = f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"
    return text.upper()


def version_line(version: int, moment: datetime) -> str:
    """Version : 1 du 11/09/2023 à 16:34 (Paris time)."""
    local = to_paris(moment)
    return f"Version : {version} du {short_date(local.date())} à {local:%H:%M}"


def yes_no(value: bool) -> str:
    return "OUI" if value else "NON"
