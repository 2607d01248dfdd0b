"""`flask open-session` and `flask close-session`: a session made registrable without a page.

The same rules as the back-office pages (web.backoffice.sessions and .periods), run by
whoever runs the portal's server: audit entries name the command line as their author.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.spec.yaml_nodes import display_name
from web.backoffice.exam_specs import SpecStatus, spec_of_file, spec_statuses
from web.backoffice.periods import (
    CLOSES_AT,
    OPENS_AT,
    add_period,
    paris_moment,
    part_periods,
    update_dates,
    update_period,
)
from web.backoffice.sessions import (
    NationalFields,
    SessionRefused,
    close_part,
    find_part,
    find_session,
    normalized_label,
    open_part,
    update_national,
)
from web.core import db as database
from web.core import reference
from web.core.catalogue import format_paris
from web.core.forms import parse_date
from web.core.models import RegistrationPeriod, SessionAcademy

MOMENT = re.compile(r"^\s*(\S+?)(?:[ T](\d{1,2}):(\d{2}))?\s*$")


def _day(text: str, option: str) -> date:
    found = parse_date(text)
    if found is None:
        raise click.BadParameter(f"date attendue (AAAA-MM-JJ ou JJ/MM/AAAA) : {text!r}",
                                 param_hint=option)
    return found


def _moment(text: str, option: str, default: time) -> datetime:
    """'2027-01-05' (at `default`) or '2027-01-05 08:30', Paris time."""
    found = MOMENT.match(text)
    if found is None:
        raise click.BadParameter(f"date attendue : {text!r}", param_hint=option)
    day = _day(found[1], option)
    hour = time(int(found[2]), int(found[3])) if found[2] else default
    try:
        return paris_moment(day, hour)
    except SessionRefused as refused:
        raise click.BadParameter(refused.message, param_hint=option) from refused
    except ValueError as error:  # 25:00
        raise click.BadParameter(f"heure impossible : {text!r}", param_hint=option) from error


def _print_errors(status: SpecStatus) -> None:
    for line in status.error_lines():
        click.echo(line, err=True)
    raise click.ClickException(
        f"{status.file} contient {len(status.errors)} erreur(s) : corrigez-les (python -m "
        "engine validate), puis relancez la commande."
    )


def resolve_exam(exam: str, exams_dir: str) -> str:
    """The exam code of EXAM: a code of EXAMS_DIR, or a spec file of that folder, validated."""
    folder = Path(display_name(Path(exams_dir)))  # as the author reads it: exams, not /…/exams
    if exam.endswith((".yaml", ".yml")) or "/" in exam or Path(exam).is_file():
        path = Path(exam)
        if not path.is_file():
            raise click.ClickException(f"Fichier introuvable : {exam}.")
        status = spec_of_file(folder, path)
        if status is None:
            raise click.ClickException(
                f"{exam} n'est pas dans le dossier des examens ({folder}) : le portail ne "
                "sert que les spécifications de ce dossier. Copiez-la dans ce dossier "
                f"(cp {exam} {folder}/), validez-la, puis relancez la commande avec "
                f"{folder / path.name} ou avec le code de l'examen."
            )
        if not status.usable:
            _print_errors(status)
        return status.code
    statuses = [s for s in spec_statuses(folder) if s.code == exam]
    if not statuses:
        known = ", ".join(sorted({s.code for s in spec_statuses(folder) if s.code}))
        raise click.ClickException(
            f"Aucun examen de code {exam!r} dans {folder} (examens : {known or 'aucun'})."
        )
    usable = next((s for s in statuses if s.usable), None)
    if usable is None:
        _print_errors(statuses[0])
    return exam


def _period_to_update(
    periods: list[RegistrationPeriod], opens_at: datetime, closes_at: datetime
) -> RegistrationPeriod | None:
    """The period a re-run moves: the only one, else the one the new dates overlap."""
    if len(periods) == 1:
        return periods[0]
    overlapping = [p for p in periods if p.opens_at < closes_at and opens_at < p.closes_at]
    if len(overlapping) > 1:
        raise SessionRefused("Ces dates recouvrent plusieurs périodes de l'académie : "
                             "modifiez-les depuis la gestion (Sessions et périodes).")
    return overlapping[0] if overlapping else None


def _database() -> Session:
    """The portal's database session, once its tables exist: a fresh clone has no database
    until the migrations ran (`make run` applies them), which is said, not a traceback."""
    db = database.session()
    if not inspect(db.get_bind()).has_table(RegistrationPeriod.__tablename__):
        raise click.ClickException(
            "La base de données du portail n'est pas encore créée : lancez `make run` (qui "
            "l'installe et démarre le portail) ou `flask --app web db-upgrade`, puis relancez "
            "la commande."
        )
    return db


def _year_of(label: str, year: int | None) -> int:
    if year is not None:
        return year
    found = re.search(r"\b(20\d\d)\b", label)
    if found is None:
        raise click.UsageError(f"--year est nécessaire : le libellé {label!r} ne contient pas "
                               "d'année.")
    return int(found[1])


def init_app(app: Flask) -> None:
    @app.cli.command("open-session")
    @click.argument("exam")
    @click.argument("academy")
    @click.option("--label", required=True, help='label of the session, e.g. "JUIN 2027"')
    @click.option("--opens", required=True,
                  help="opening, Paris time: 2027-01-05 (00:00) or '2027-01-05 08:00'")
    @click.option("--closes", required=True,
                  help="closing, Paris time: 2027-02-04 (23:59) or '2027-02-04 18:00'")
    @click.option("--year", type=int, default=None, help="session year (default: the label's)")
    @click.option("--starts-on", default=None, help="first day of the exams, 2027-06-01")
    @click.option("--return-by", default=None,
                  help="date the confirmation must be sent back by")
    @click.option("--pieces-deadline", default=None, help="deadline of every piece")
    def open_session(
        exam: str, academy: str, label: str, opens: str, closes: str, year: int | None,
        starts_on: str | None, return_by: str | None, pieces_deadline: str | None,
    ) -> None:
        """Open (or update) EXAM's session in ACADEMY with one general-public period.

        EXAM is an exam code of EXAMS_DIR or the path of a spec file in it. Running the
        command again updates the session and its period instead of adding new ones.
        """
        exams_dir = current_app.config["EXAMS_DIR"]
        code = resolve_exam(exam, exams_dir)
        if academy not in dict(reference.academies()):
            known = ", ".join(c for c, _ in reference.academies())
            raise click.ClickException(f"Académie inconnue : {academy!r}. Codes : {known}.")
        label = normalized_label(label)
        opens_at = _moment(opens, "--opens", OPENS_AT)
        closes_at = _moment(closes, "--closes", CLOSES_AT)
        start = _day(starts_on, "--starts-on") if starts_on else None
        returns = _day(return_by, "--return-by") if return_by else None
        deadline = _day(pieces_deadline, "--pieces-deadline") if pieces_deadline else None
        db = _database()
        try:
            existing = find_session(db, code, label)
            if existing is None:
                national = NationalFields(label, _year_of(label, year), start)
            else:
                national = NationalFields(label, existing.year, existing.starts_on)
            part, created = open_part(db, None, code, national, academy, exams_dir)
            changes = ["session ouverte pour l'académie"] if created else []
            if not created:
                wanted = NationalFields(label, year if year is not None else national.year,
                                        start if start is not None else national.starts_on)
                if update_national(db, None, part, wanted):
                    changes.append("session modifiée")
            changes += _apply_period_and_dates(db, part, (opens_at, closes_at),
                                               (returns, deadline))
            db.commit()
        except SessionRefused as refused:
            db.rollback()
            raise click.ClickException(refused.message) from refused
        except IntegrityError as error:
            db.rollback()
            raise click.ClickException("La session vient d'être modifiée par ailleurs : "
                                       "relancez la commande.") from error
        click.echo(f"Session {code.upper()} {label}, {reference.academy_label(academy)} : "
                   f"{', '.join(changes) if changes else 'déjà à jour'}.")
        for period in part_periods(db, part):
            click.echo(f"  période d'inscription du {format_paris(period.opens_at)} au "
                       f"{format_paris(period.closes_at)} (heure de Paris)")

    @app.cli.command("close-session")
    @click.argument("exam")
    @click.argument("academy")
    @click.option("--label", required=True, help='label of the session, e.g. "JUIN 2027"')
    def close_session(exam: str, academy: str, label: str) -> None:
        """Close ACADEMY's part of EXAM's session: it leaves the candidates' space."""
        db = _database()
        session = find_session(db, exam, label)
        part = find_part(db, session.id, academy) if session is not None else None
        if part is None:
            raise click.ClickException(
                f"Aucune session {exam.upper()} {normalized_label(label)} dans l'académie "
                f"{academy!r}."
            )
        if part.is_closed:
            click.echo("Session déjà fermée pour cette académie.")
            return
        count = close_part(db, None, part)
        db.commit()
        click.echo(f"Session {exam.upper()} {part.session.label} fermée pour "
                   f"{reference.academy_label(academy)} ({count} candidature(s) active(s)).")


def _apply_period_and_dates(
    db: Session, part: SessionAcademy, period: tuple[datetime, datetime],
    dates: tuple[date | None, date | None],
) -> list[str]:
    """Move (or add) the period and set the dates given, in the order the rules accept: the
    dates may not precede any period's close, so later dates go first, earlier ones after."""
    opens_at, closes_at = period
    periods = part_periods(db, part)
    changes: list[str] = []

    def set_dates() -> None:
        if (dates[0] or dates[1]) and update_dates(
            db, None, part, dates[0] or part.return_by, dates[1] or part.pieces_deadline
        ):
            changes.append("dates modifiées")

    later = not periods or closes_at > max(p.closes_at for p in periods)
    if later:
        set_dates()
    target = _period_to_update(periods, opens_at, closes_at)
    if target is None:
        add_period(db, None, part, opens_at, closes_at)
        changes.append("période ajoutée")
    elif update_period(db, None, part, target, opens_at, closes_at):
        changes.append("période modifiée")
    if not later:
        set_dates()
    return changes
