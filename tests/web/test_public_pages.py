"""Public pages: Ouverture des services, layout, security headers, CSRF, demo data."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from web_helpers import db_of, text_of

from tests.conftest import unique_email

PARIS = ZoneInfo("Europe/Paris")


def _open_cap_in_rennes(app: Any) -> int:
    from web.core.models import ExamSession, RegistrationPeriod

    with db_of(app) as db:
        session = ExamSession(exam_code="cap", label="JUIN 2027", year=2027)
        db.add(session)
        db.flush()
        db.add(
            RegistrationPeriod(
                session_id=session.id,
                academy_code="rennes",
                opens_at=datetime(2026, 10, 1, 0, 0, tzinfo=PARIS),
                closes_at=datetime(2026, 12, 15, 23, 59, tzinfo=PARIS),
            )
        )
        db.commit()
        return session.id


def test_the_home_page_offers_to_log_in_or_create_an_account(client: Any) -> None:
    page = text_of(client.get("/"))
    assert "J'ai un compte, je me connecte" in page
    assert "Je n'ai pas de compte, je le crée" in page
    for item in ("Me connecter", "Créer mon compte", "Ouverture des services", "Mentions légales"):
        assert item in page
    assert "République Française" in page


def test_the_logged_in_menu_shows_the_candidate_space(client: Any, auth: Any) -> None:
    account = auth.create()
    auth.login(account.email)
    page = text_of(client.get("/"))
    for item in (
        "Mes inscriptions",
        "Consulter mes messages",
        "Modifier mon compte",
        "Se déconnecter",
    ):
        assert item in page
    assert "Me connecter" not in page


def test_opening_walks_domain_exam_session_academy_then_shows_the_period_in_paris_time(
    app: Any, client: Any
) -> None:
    session_id = _open_cap_in_rennes(app)
    step = text_of(client.get("/ouverture-des-services?domaine=examen"))
    assert "CERTIFICAT D'APTITUDE PROFESSIONNELLE" in step
    step = text_of(client.get("/ouverture-des-services?domaine=examen&examen=cap"))
    assert "JUIN 2027" in step
    step = text_of(
        client.get(f"/ouverture-des-services?domaine=examen&examen=cap&session={session_id}")
    )
    assert "RENNES - (JUIN 2027)" in step
    final = client.get(
        f"/ouverture-des-services?domaine=examen&examen=cap&session={session_id}&academie=rennes"
    )
    page = text_of(final)
    assert "Résumé de la sélection" in page
    assert "ACADÉMIE DE RENNES" in page
    assert "du 01/10/2026 à 00:00 au 15/12/2026 à 23:59 (heure de Paris)" in page


def test_an_academy_without_period_gets_aucun_service(app: Any, client: Any) -> None:
    session_id = _open_cap_in_rennes(app)
    page = text_of(
        client.get(
            f"/ouverture-des-services?domaine=examen&examen=cap&session={session_id}&academie=creteil"
        )
    )
    assert "Aucun service n'est ouvert pour ce choix." in page


def test_an_exam_without_session_gets_aucun_service(client: Any) -> None:
    page = text_of(client.get("/ouverture-des-services?domaine=examen&examen=cfg"))
    assert "Aucun service n'est ouvert pour ce choix." in page


def test_opening_ignores_unknown_choices(client: Any) -> None:
    response = client.get("/ouverture-des-services?domaine=x&examen=<script>&session=abc")
    assert response.status_code == 200
    assert "<script>" not in response.get_data(as_text=True).split("<main")[1]


def test_every_page_carries_the_security_headers(client: Any) -> None:
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_the_session_cookie_is_httponly_lax_and_secure_outside_debug(make_app: Any) -> None:
    app = make_app(SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    client.get("/connexion")  # CSRF puts a token in the session
    cookie = client.get_cookie("__Host-session")  # the prefix comes with Secure
    assert cookie is not None
    assert cookie.http_only and cookie.secure and cookie.same_site == "Lax"


def test_forms_without_their_csrf_token_are_refused(make_app: Any) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/connexion", data={"identifiant": "a@b.fr", "password": "x"})
    assert response.status_code == 400
    assert "Le formulaire a expiré ou n'a pas pu être vérifié." in text_of(response)
    email = unique_email()
    client.post("/compte/creer", data={"email": email})
    from web.core.models import Account

    with db_of(app) as db:
        assert db.scalar(select(func.count()).select_from(Account)) == 0


def test_a_form_with_its_csrf_token_is_accepted(make_app: Any) -> None:
    import re

    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    token = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"',
        client.get("/connexion").get_data(as_text=True),
    )
    assert token is not None
    response = client.post(
        "/connexion", data={"identifiant": "a@b.fr", "password": "x", "csrf_token": token[1]}
    )
    assert response.status_code == 401


def test_the_design_system_is_served_from_node_modules(client: Any) -> None:
    css = client.get("/dsfr/dsfr.min.css")
    assert css.status_code == 200 and b".fr-header" in css.data
    assert client.get("/dsfr/../package.json").status_code == 404


def test_an_unknown_page_gets_a_french_404(client: Any) -> None:
    response = client.get("/nulle-part")
    assert response.status_code == 404
    assert "Page non trouvée" in text_of(response)


def test_the_demo_data_is_idempotent_and_open_today(app: Any, runner: Any) -> None:
    from web.core.models import (
        Account,
        AuditEntry,
        ExamSession,
        Grade,
        RegistrationPeriod,
        ResultsPublication,
        SessionAcademy,
        utcnow,
    )

    first = runner.invoke(args=["seed-demo"])
    assert "Compte gestionnaire (rennes) : gestionnaire@demo.examforms.fr" in first.output
    assert "Élève pré-inscrit (classe CAP1 CUISINE, Rennes) : dupont.marie1 / " in first.output
    assert "Compte administrateur national : admin@demo.examforms.fr" in first.output
    runner.invoke(args=["seed-demo"])
    with db_of(app) as db:
        # The three open sessions, and the past CAP session whose results are published.
        assert db.scalar(select(func.count()).select_from(ExamSession)) == 4
        periods = list(db.scalars(select(RegistrationPeriod)))
        assert len(periods) == 10 and sum(p.is_open(utcnow()) for p in periods) == 9
        assert db.scalar(select(func.count()).select_from(Grade)) == 7
        assert db.scalar(select(func.count()).select_from(ResultsPublication)) == 1
        roles = sorted(db.scalars(select(Account.role)))
        # The candidates (the demo's two) and the five pupils of the demo class (imported once).
        assert roles == ["administrateur", *["candidat"] * 7, "gestionnaire", "gestionnaire"]
        assert db.scalar(select(func.count()).select_from(Account).where(
            Account.login.is_not(None))) == 5
        # A timetable, a candidate whose convocation is published (once), and the relevé de
        # notes of the past session's ajourné (published with its results).
        from web.core.models import Document, TimetableEntry

        assert db.scalar(select(func.count()).select_from(TimetableEntry)) == 3
        kinds = list(db.scalars(select(Document.kind).order_by(Document.id)))
        assert kinds == ["releve_notes", "confirmation", "convocation"]
        # Opened through the back office's services: each academy has its part, audited.
        parts = list(db.scalars(select(SessionAcademy)))
        assert len(parts) == 10 and not any(p.is_closed for p in parts)
        joined = select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "session.joined")
        assert db.scalar(joined) == 10


def test_the_demo_stays_open_whatever_the_day(app: Any) -> None:
    from web.core.models import RegistrationPeriod
    from web.dev.demo import seed

    with db_of(app) as db:
        seed(db, today=date(2026, 11, 1))  # closes 45 days later, on 15/12
        seed(db, today=date(2026, 12, 30))  # same JUIN 2027 sessions, reopened
        closes = {
            p.closes_at.astimezone(PARIS).date() for p in db.scalars(select(RegistrationPeriod))
        }
    # The open sessions' periods, and the past CAP JUIN 2026 session's (over long ago).
    assert closes == {date(2026, 12, 30) + timedelta(days=44), date(2026, 1, 30)}


def test_db_upgrade_command_is_idempotent(runner: Any) -> None:
    result = runner.invoke(args=["db-upgrade"])
    assert result.exit_code == 0, result.output


def test_the_help_pages_answer_without_javascript(client: Any) -> None:
    faq = text_of(client.get("/aide"))
    assert "Je ne peux pas changer mes informations personnelles, les champs sont grisés" in faq
    assert "même si vous vous êtes désinscrit" in faq
    login_help = text_of(client.get("/connexion/aide"))
    assert "Où trouver mon identifiant ?" in login_help
    assert "vous devez vous connecter avec votre adresse mail comme identifiant" in login_help
    assert "Besoin d'aide pour vous connecter ?" in text_of(client.get("/connexion"))
