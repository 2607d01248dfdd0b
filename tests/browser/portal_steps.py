"""What a candidate does in the browser, step by step, reused by the browser tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PASSWORD = "Examen!2026"
# The password of the accounts the fixtures insert (rennes_candidate).
CANDIDATE_PASSWORD = "Motdepasse!1"


@dataclass
class Identity:
    """What the creation form asks, as the candidate types it."""

    email: str
    password: str = PASSWORD
    sexe: str = "Féminin"
    nom_naissance: str = "DUPONT"
    prenoms: str = "Léa Marie"
    date_naissance: str = "14/03/2004"
    departement: str = "13"
    commune_search: str = "Marseil"
    commune: str = "13055"
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class OpenSession:
    """A CFG session with a general-public period open now in one academy and not another."""

    session_id: str
    open_academy: str
    other_academy: str


def open_in_rennes(live: Any, exam_code: str) -> int:
    """A JUIN 2027 session of the exam, open now in Rennes, with the Rennes exam office."""
    from datetime import date, timedelta

    from web.core import db as database
    from web.core.models import AcademyOffice, ExamSession, RegistrationPeriod, utcnow

    with live.app.app_context():
        db = database.session()
        session = ExamSession(
            exam_code=exam_code, label="JUIN 2027", year=2027, starts_on=date(2027, 6, 1)
        )
        now = utcnow()
        session.periods.append(RegistrationPeriod(
            academy_code="rennes", opens_at=now - timedelta(days=3),
            closes_at=now + timedelta(days=30),
        ))
        db.add(session)
        if db.get(AcademyOffice, "rennes") is None:
            db.add(AcademyOffice(
                academy_code="rennes",
                name="Rectorat de l'académie de Rennes - Division des examens et concours",
                address="96 rue d'Antrain, 35705 Rennes Cedex 7",
                email="dec@ac-rennes.example", phone="02 23 21 77 77",
            ))
        db.commit()
        return int(session.id)


class Portal:
    """The portal as seen through one browser page, with the mail sink behind it."""

    def __init__(self, page: Any, live: Any) -> None:
        self.page = page
        self.live = live

    def open(self, endpoint: str, **values: Any) -> Any:
        return self.page.goto(self.live.path(endpoint, **values))

    def fill_creation_form(self, who: Identity) -> None:
        page = self.page
        # DSFR draws its own radio: the candidate clicks the label, as the input is hidden.
        page.locator("label.fr-label", has_text=who.sexe).first.click()
        assert page.get_by_label(who.sexe, exact=True).is_checked()
        page.fill("#nom_naissance", who.nom_naissance)
        page.fill("#nom_naissance_confirmation", who.nom_naissance)
        page.fill("#prenoms", who.prenoms)
        page.fill("#date_naissance", who.date_naissance)
        page.fill("#date_naissance_confirmation", who.date_naissance)
        page.select_option("#departement_naissance", who.departement)
        # The communes of the département arrive by fetch; the search box filters them.
        page.fill("#recherche-commune", who.commune_search)
        option = f"#commune_naissance option[value='{who.commune}']"
        page.wait_for_selector(option, state="attached")
        page.select_option("#commune_naissance", who.commune)
        page.fill("#email", who.email)
        page.fill("#email_confirmation", who.email)
        page.fill("#password", who.password)
        page.fill("#password_confirmation", who.password)
        for selector, value in who.extra.items():
            page.fill(selector, value)

    def submit(self, selector: str) -> None:
        """Click a button that posts a form and wait for the answer page to be loaded."""
        with self.page.expect_navigation():
            self.page.click(selector)

    def create_account(self, who: Identity) -> None:
        self.open("account.create")
        self.fill_creation_form(who)
        self.submit("#bouton-creer-compte")
        self.page.wait_for_selector("#compte-en-creation")

    def link_from_mail(self, address: str, subject: str, path_part: str) -> str:
        message = self.live.sink.wait_for(address, subject)
        return str(self.live.sink.link_in(message, path_part))

    def activate(self, address: str) -> None:
        self.page.goto(self.link_from_mail(address, "Activer mon compte", "/compte/activer/"))
        self.page.wait_for_selector("#compte-active")

    def login(self, identifiant: str, password: str = PASSWORD) -> None:
        self.open("account.login")
        self.page.fill("#identifiant", identifiant)
        self.page.fill("#password", password)
        self.submit("#bouton-se-connecter")

    def logged_in_as(self) -> str | None:
        name = self.page.locator("#nom-utilisateur:visible")
        return str(name.first.inner_text()).strip() if name.count() else None

    def logout(self) -> None:
        with self.page.expect_navigation():
            self.page.locator("#menu-deconnexion:visible").first.click()

    def register_and_activate(self, who: Identity) -> None:
        self.create_account(who)
        self.activate(who.email)

    def register_cfg(self, session_id: int, academy: str = "rennes") -> str:
        """Ajouter une nouvelle candidature to a CFG session, fill each tab, Enregistrer;
        returns the path of the N° Inscription page."""
        self.start_cfg(session_id, academy)
        self.fill_cfg_candidature("individuels-35")
        self.submit("#bouton-suivant")
        self.submit("#bouton-enregistrer")
        assert "Votre inscription a bien été prise en compte" in self.page.inner_text("main")
        return str(self.page.url)

    def choose_exam(self, exam: str, session_id: int, academy: str = "rennes") -> None:
        """Mes inscriptions → Ajouter une nouvelle candidature → domain, exam, session and
        academy chosen one after the other, up to the summary of the choice (Démarrer)."""
        page = self.page
        self.open("candidate.registrations")
        with page.expect_navigation():
            page.click("#ajouter-candidature")
        for select, value in (("#domaine", "examen"), ("#examen", exam),
                              ("#session", str(session_id)), ("#academie", academy)):
            page.select_option(select, value)
            self.submit("#bouton-valider-choix")

    def start_cfg(self, session_id: int, academy: str = "rennes") -> None:
        """Ajouter une nouvelle candidature to a CFG session and fill Identification, up to
        the tab Informations candidature with the category INDIVIDUEL chosen."""
        page = self.page
        self.choose_exam("cfg", session_id, academy)
        self.submit("#bouton-demarrer")
        for select, value in (("#nationalite", "FR"), ("#adresse_pays", "FR"),
                              ("#pcs_representant_legal", "21")):
            page.select_option(select, value)
        for field_id, value in (("#adresse_1", "12 rue de la Monnaie"), ("#code_postal", "35000"),
                                ("#localite", "RENNES"), ("#telephone_mobile", "06 12 34 56 78")):
            page.fill(field_id, value)
        self.submit("#bouton-suivant")
        page.select_option("#categorie", "individuel")

    def fill_cfg_candidature(self, establishment: str) -> None:
        """The rest of the tab Informations candidature: the establishment and the answers."""
        self.page.select_option("#etablissement", establishment)
        for radio in ("amenagement-1", "consentement_presse-1", "consentement_collectivites-0"):
            self.page.click(f"label[for='{radio}']")

    # ------------------------------------------------------------------ back office

    def create_staff(self, academy: str | None = "rennes", *, admin: bool = False,
                     enrolled: bool = True, password: str = PASSWORD) -> Any:
        """A staff account made as `flask create-staff` makes it (enrolled unless told)."""
        from tests.conftest import StaffActions

        return StaffActions(self.live.app, None).create(
            academy, admin=admin, enrolled=enrolled, password=password)

    def staff_code(self, account: Any) -> str:
        from tests.conftest import StaffActions

        return StaffActions(self.live.app, None).code_for(account)

    def staff_login(self, account: Any, password: str = PASSWORD) -> None:
        """The back office's entrance: password, then the current code of the account's app."""
        self.open("backoffice.login")
        self.page.fill("#email", account.email)
        self.page.fill("#password", password)
        self.submit("#bouton-connexion-gestion")
        self.page.fill("#code", self.staff_code(account))
        self.submit("#bouton-code")
