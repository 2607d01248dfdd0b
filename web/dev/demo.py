"""Idempotent demo data: open sessions of CAP, Bac Pro and CFG, exam offices, two accounts.

The sessions are opened through the back office's own services (web.backoffice.sessions
and .periods), as the pages and `flask open-session` do: each academy gets its part of the
session, its period, and the audit entries, authored by the command line.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy.orm import Session

from web.account.services import email_key, find_by_email
from web.backoffice.periods import add_period, part_periods, update_period
from web.backoffice.sessions import NationalFields, open_part
from web.backoffice.staff import create_staff
from web.core.catalogue import PARIS
from web.core.models import AcademyOffice, Account, utcnow
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
# A class of pupils pre-registered by the Rennes office into the CAP session (the
# "Élèves (scolaires)" page, their slips, and a pupil's first login).
DEMO_PUPILS_ACADEMY = "rennes"
DEMO_PUPILS = """uai;classe;nom;prenoms;date_naissance;sexe;specialite;categorie;forme
0350028R;CAP1 CUISINE;Dupont;Marie;03/05/2010;F;cuisine;scolaire;globale
0350028R;CAP1 CUISINE;Dupont;Marie Claire;14/11/2009;F;cuisine;scolaire;globale
0350028R;CAP1 CUISINE;Le Goff;Jean-Éric;31/01/2010;M;cuisine;scolaire;globale
0350028R;CAP1 CUISINE;N'Diaye;Aïssatou;22/08/2009;F;cuisine;scolaire;globale
0350028R;CAP1 CUISINE;Moreau;Lucas;09/02/2010;M;patissier;scolaire;globale
"""
CANDIDATE_EMAIL = "paul.lamy@demo.examforms.fr"
CANDIDATE_PASSWORD = "Candidat-Demo-1!"


def _paris_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), PARIS)


def seed(
    db: Session, today: date | None = None, exams_dir: str | Path | None = None
) -> list[str]:
    """Create what is missing (never duplicates); return lines to print for the developer."""
    exams_dir = exams_dir or current_app.config["EXAMS_DIR"]
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
        national = NationalFields(label, year, date(year, 6, 1))
        for academy in DEMO_ACADEMIES:
            part, _ = open_part(db, None, exam, national, academy, exams_dir)
            periods = part_periods(db, part)
            if not periods:
                add_period(db, None, part, opens, closes)
            elif max(p.closes_at for p in periods) <= _paris_midnight(today):
                # Keep the demo open whatever day it is run: the last period is extended
                # (never moved past the candidatures already saved in it).
                last = max(periods, key=lambda p: p.closes_at)
                update_period(db, None, part, last, min(last.opens_at, opens), closes)
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
    db.flush()
    # A past CAP session with published results (Mes notes, bénéfices at the next session).
    from web.dev.demo_results import seed_past_results

    candidate = find_by_email(db, CANDIDATE_EMAIL)
    assert candidate is not None
    results_line = seed_past_results(db, candidate, year, exams_dir)
    db.commit()
    pupil = _demo_pupils(db, label)
    lines.append(
        f"Sessions {label} de CAP, Bac Pro et CFG ouvertes à l'inscription "
        f"à Rennes, Créteil et Lille jusqu'au {closes.strftime('%d/%m/%Y %H:%M')} (Paris)."
    )
    for email, password, academy, admin, _name in DEMO_STAFF:
        role = "administrateur national" if admin else f"gestionnaire ({academy})"
        lines.append(f"Compte {role} : {email} / {password}")
    portal = str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/")
    lines.append(
        f"  Gestion : {portal}/gestion/ ; le second facteur s'active à la première "
        "connexion (QR code). Sans application d'authentification : "
        ".venv/bin/flask --app web demo-totp EMAIL affiche le code du moment."
    )
    lines.append(f"Compte candidat activé : {CANDIDATE_EMAIL} / {CANDIDATE_PASSWORD}")
    lines.append(f"  {results_line}")
    if pupil:
        lines.append(f"Élève pré-inscrit (classe CAP1 CUISINE, Rennes) : {pupil} ; les "
                     "papillons de la classe s'impriment dans Gestion > Élèves (scolaires).")
    # Published documents: a timetable and a candidate with a convocation.
    import web.documents.builtin  # noqa: F401  (registers the kinds)
    from web.dev.demo_documents import seed_documents

    lines.extend(seed_documents(db, label))
    return lines


def _demo_pupils(db: Session, label: str) -> str:
    """Import the demo class once; "login / initial password" of a pupil who has not chosen
    a password yet ("" when every pupil has)."""
    from sqlalchemy import select

    from web.backoffice.pupils import importer
    from web.backoffice.sessions import find_session
    from web.core import initial_password
    from web.core.models import SchoolPupil
    from web.registration.context import exam_of

    session, exam = find_session(db, "cap", label), exam_of("cap")
    if session is None or exam is None:
        return ""
    if db.scalar(select(SchoolPupil.id).where(SchoolPupil.session_id == session.id)) is None:
        target = importer.Target(exam, session, DEMO_PUPILS_ACADEMY)
        planned = importer.plan(db, target, DEMO_PUPILS)
        if not planned.accepted:  # a spec changed under the demo: say why, import nothing
            db.rollback()
            return "non importé (" + " ; ".join(planned.refused[:3]) + ")"
        importer.apply(db, None, target, planned)
        db.commit()
    found = db.execute(
        select(Account.login, Account.initial_password_seed)
        .join(SchoolPupil, SchoolPupil.account_id == Account.id)
        .where(SchoolPupil.session_id == session.id,
               Account.initial_password_seed.is_not(None))
        .order_by(SchoolPupil.id)).first()
    if found is None:
        return ""
    return f"{found[0]} / {initial_password.derive(found[1])}"


def current_totp(db: Session, email: str) -> str:
    """The code an authenticator app would show now, for the demo's own staff accounts only."""
    import pyotp

    if email not in {row[0] for row in DEMO_STAFF}:
        return f"{email} n'est pas un compte de démonstration."
    account = find_by_email(db, email)
    if account is None or not account.totp_secret:
        return "Second facteur pas encore activé : ouvrez d'abord /gestion/connexion."
    return str(pyotp.TOTP(account.totp_secret).now())
