"""The credentials slip, "Accès au service en ligne des examens" (seeds/004): one page per
pupil with the portal's address, the login, the initial password and what to do.

The initial password exists only while the pupil has not chosen their own: a pupil who
has is left out of a class's slips, and their own slip is refused (the office then gives a
new initial password, which makes the slip printable again).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app, render_template
from sqlalchemy.orm import Session

from engine.confirmation.render import html_to_pdf
from web.core import establishments, initial_password, reference
from web.core.catalogue import paris
from web.core.external import external_url
from web.core.models import AcademyOffice, SchoolPupil
from web.core.session_calendar import current_or_last_period
from web.registration.context import exam_of

TITLE = "Accès au service en ligne des examens"


@dataclass(frozen=True)
class Slip:
    """What one page prints."""

    full_name: str
    birth_date: str
    establishment: str
    class_label: str
    exam_label: str
    session_label: str
    login: str
    password: str
    closes_on: str


def printable(pupil: SchoolPupil) -> bool:
    return pupil.account.initial_password_seed is not None


def slip_of(db: Session, pupil: SchoolPupil) -> Slip:
    account, candidature = pupil.account, pupil.candidature
    assert account.initial_password_seed is not None, "printable pupils only"
    session = candidature.session
    exam = exam_of(candidature.exam_code)
    period = current_or_last_period(db, session, pupil.academy_code)
    found = establishments.find(db, pupil.establishment_code)
    return Slip(
        full_name=account.full_name,
        birth_date=account.date_naissance.strftime("%d/%m/%Y") if account.date_naissance else "",
        establishment=found.establishment.printed_label if found else pupil.establishment_code,
        class_label=pupil.class_label,
        exam_label=exam.label if exam is not None else candidature.exam_code.upper(),
        session_label=session.label,
        login=account.login or account.email,
        password=initial_password.derive(account.initial_password_seed),
        closes_on=paris(period.closes_at).strftime("%d/%m/%Y à %H:%M") if period else "",
    )


def render(db: Session, pupils: Sequence[SchoolPupil]) -> bytes:
    """The slips of `pupils` (printable ones), one page each, as a PDF."""
    slips = [slip_of(db, p) for p in pupils if printable(p)]
    academy = pupils[0].academy_code if pupils else ""
    html = render_template(
        "backoffice/pupils/slip.xhtml", slips=slips, title=TITLE,
        portal_url=external_url("account.login"), portal_name=current_app.config["PORTAL_NAME"],
        academy=reference.academy_label(academy), office=db.get(AcademyOffice, academy),
    )
    return html_to_pdf(html, TITLE)
