"""Idempotent demo data: open sessions of CAP, Bac Pro and CFG, exam offices, two accounts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.account.services import email_key, find_by_email
from web.backoffice.staff import create_staff
from web.core.catalogue import PARIS
from web.core.models import (
    AcademyOffice,
    Account,
    ExamSession,
    RegistrationPeriod,
    utcnow,
)
from web.core.security import hash_password

DEMO_ACADEMIES = {
    "rennes": (
        "Rectorat de l'académie de Rennes - Division des examens et concours",
        "96 rue d'Antrain, 35705 Rennes Cedex 7",
        "dec@ac-rennes.example",
        "02 23 21 77 77",
    ),
    "creteil": (
        "Rectorat de l'académie de Créteil - Division des examens et concours",
        "4 rue Georges Enesco, 94010 Créteil Cedex",
        "dec@ac-creteil.example",
        "01 57 02 60 00",
    ),
    "lille": (
        "Rectorat de l'académie de Lille - Département des examens et concours",
        "144 rue de Bavay, 59033 Lille Cedex",
        "dec@ac-lille.example",
        "03 20 15 60 00",
    ),
}
DEMO_EXAMS = ("cap", "bacpro", "cfg")
MANAGER_EMAIL = "gestionnaire@demo.examforms.fr"
MANAGER_PASSWORD = "Gestion-Demo-2027!"
# (email, password, academy, national administrator, "NOM Prénom")
DEMO_STAFF = (
    (MANAGER_EMAIL, MANAGER_PASSWORD, "rennes", False, "GESTION Camille"),
    ("gestionnaire.creteil@demo.examforms.fr", "Gestion-Creteil-27!", "creteil", False,
     "EXAMENS Dominique"),
    ("admin@demo.examforms.fr", "Admin-National-27!", None, True, "NATIONAL Alix"),
)
CANDIDATE_EMAIL = "paul.lamy@demo.examforms.fr"
CANDIDATE_PASSWORD = "Candidat-Demo-1!"


def _paris_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), PARIS)


def seed(db: Session, today: date | None = None) -> list[str]:
    """Create what is missing (never duplicates); return lines to print for the developer."""
    today = today or utcnow().astimezone(PARIS).date()
    year = today.year + 1 if today.month >= 7 else today.year
    label = f"JUIN {year}"
    opens = _paris_midnight(today - timedelta(days=14))
    closes = _paris_midnight(today + timedelta(days=45)) - timedelta(minutes=1)
    for code, (name, address, email, phone) in DEMO_ACADEMIES.items():
        if db.get(AcademyOffice, code) is None:
            db.add(
                AcademyOffice(
                    academy_code=code, name=name, address=address, email=email, phone=phone
                )
            )
    for exam in DEMO_EXAMS:
        session = db.scalar(
            select(ExamSession).where(ExamSession.exam_code == exam, ExamSession.label == label)
        )
        if session is None:
            session = ExamSession(
                exam_code=exam, label=label, year=year, starts_on=date(year, 6, 1)
            )
            db.add(session)
            db.flush()
        for academy in DEMO_ACADEMIES:
            period = db.scalar(
                select(RegistrationPeriod).where(
                    RegistrationPeriod.session_id == session.id,
                    RegistrationPeriod.academy_code == academy,
                )
            )
            if period is None:
                db.add(
                    RegistrationPeriod(
                        session_id=session.id,
                        academy_code=academy,
                        opens_at=opens,
                        closes_at=closes,
                    )
                )
            elif period.closes_at <= _paris_midnight(today):
                # Keep the demo open whatever day it is run.
                period.opens_at, period.closes_at = opens, closes
    lines = []
    for email, password, academy, admin, name in DEMO_STAFF:
        if find_by_email(db, email) is None:
            last, _, first = name.partition(" ")
            create_staff(db, email, password, academy_code=academy, admin=admin,
                         last_name=last, first_names=first)
    if find_by_email(db, CANDIDATE_EMAIL) is None:
        db.add(
            Account(
                email=CANDIDATE_EMAIL,
                email_key=email_key(CANDIDATE_EMAIL),
                password_hash=hash_password(CANDIDATE_PASSWORD),
                sexe="M",
                nom_naissance="LAMY",
                prenoms="Paul",
                date_naissance=date(1998, 5, 30),
                pays_naissance="FR",
                departement_naissance="35",
                commune_naissance="35238",
                commune_naissance_label="Rennes",
                activated_at=utcnow(),
            )
        )
    db.commit()
    lines.append(
        f"Sessions {label} de CAP, Bac Pro et CFG ouvertes à l'inscription "
        f"à Rennes, Créteil et Lille jusqu'au {closes.strftime('%d/%m/%Y %H:%M')} (Paris)."
    )
    for email, password, academy, admin, _name in DEMO_STAFF:
        role = "administrateur national" if admin else f"gestionnaire ({academy})"
        lines.append(f"Compte {role} : {email} / {password}")
    lines.append(
        "  Gestion : http://127.0.0.1:5000/gestion/ ; le second facteur s'active à la première "
        "connexion (QR code). Sans application d'authentification : "
        ".venv/bin/flask --app web demo-totp EMAIL affiche le code du moment."
    )
    lines.append(f"Compte candidat activé : {CANDIDATE_EMAIL} / {CANDIDATE_PASSWORD}")
    return lines


def current_totp(db: Session, email: str) -> str:
    """The code an authenticator app would show now, for the demo's own staff accounts only."""
    import pyotp

    if email not in {row[0] for row in DEMO_STAFF}:
        return f"{email} n'est pas un compte de démonstration."
    account = find_by_email(db, email)
    if account is None or not account.totp_secret:
        return "Second facteur pas encore activé : ouvrez d'abord /gestion/connexion."
    return str(pyotp.TOTP(account.totp_secret).now())
