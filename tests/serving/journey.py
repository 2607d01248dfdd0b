"""A candidate driving the portal over real HTTP (requests), as a browser posts its forms.

Used by the scale-out test through the reverse proxy; every page is fetched before it is
posted, so the CSRF token and the draft's key and revision come from the page itself.
"""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass, field
from typing import Any

import requests

_INPUT = re.compile(r"<input\b[^>]*>")
_ATTRIBUTE = re.compile(r'([a-z_-]+)="([^"]*)"')
IDENTIFICATION = {
    "nationalite": "FR", "adresse_pays": "FR", "adresse_1": "12 rue de la Monnaie",
    "code_postal": "35000", "localite": "RENNES", "telephone_mobile": "06 12 34 56 78",
    "pcs_representant_legal": "21",
}
INFORMATIONS = {
    "categorie": "individuel", "etablissement": "individuels-35", "amenagement": "non",
    "consentement_presse": "non", "consentement_collectivites": "oui",
}


class JourneyError(AssertionError):
    """A page did not answer as a candidate's browser expects."""


class AlreadyRegistered(JourneyError):
    """Démarrer mon inscription sent back to the choice: this candidature is saved already."""


def hidden_fields(page: str) -> list[tuple[str, str]]:
    """The hidden inputs a browser would post (CSRF token, the draft's key and revision, the
    fields shown), in page order; disabled ones are not posted."""
    found: list[tuple[str, str]] = []
    for tag in _INPUT.findall(page):
        attributes = dict(_ATTRIBUTE.findall(tag))
        if attributes.get("type") != "hidden" or "name" not in attributes:
            continue
        if re.search(r"\sdisabled(\s|>|=)", tag):
            continue
        found.append((attributes["name"], html.unescape(attributes.get("value", ""))))
    return found


def csrf_token(page: str) -> str:
    return dict(hidden_fields(page)).get("csrf_token", "")


@dataclass
class HttpCandidate:
    """One candidate's browser: a cookie jar, and the app server behind each answer."""

    base_url: str
    email: str
    password: str
    timeout: float = 60.0
    think: float = 0.0  # seconds a person spends on a page before the next request
    http: requests.Session = field(default_factory=requests.Session)
    served_by: list[str] = field(default_factory=list)
    # (page, seconds to the response's headers, status) of every request, for the benchmark.
    timings: list[tuple[str, float, int]] = field(default_factory=list)
    draft_url: str = ""

    def _record(self, response: requests.Response) -> requests.Response:
        # The test's haproxy names the app server in X-Served-By (never in production).
        self.served_by.append(response.headers.get("X-Served-By", "?"))
        path = (response.request.path_url or "").split("?")[0]
        page = f"{response.request.method} {re.sub(r'/[0-9]+', '/<id>', path)}"
        self.timings.append((page, response.elapsed.total_seconds(), response.status_code))
        return response

    def _pause(self) -> None:
        if self.think:
            time.sleep(self.think)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        self._pause()
        return self._record(self.http.get(self.base_url + path, timeout=self.timeout,
                                          allow_redirects=False, **kwargs))

    def post(self, path: str, data: Any, **kwargs: Any) -> requests.Response:
        self._pause()
        return self._record(self.http.post(self.base_url + path, data=data,
                                           timeout=self.timeout, allow_redirects=False,
                                           **kwargs))

    def _path(self, location: str) -> str:
        return location.removeprefix(self.base_url)

    def login_token(self) -> str:
        return csrf_token(self.get("/connexion").text)

    def login_attempt(self, password: str | None = None, token: str = "") -> requests.Response:
        """Post the login form (with the page's CSRF token, fetched unless given)."""
        token = token or self.login_token()
        return self.post("/connexion", {
            "csrf_token": token, "identifiant": self.email,
            "password": self.password if password is None else password,
        })

    def login(self) -> None:
        response = self.login_attempt()
        if response.status_code != 302:
            raise JourneyError(f"login of {self.email}: status {response.status_code}")

    def is_logged_in(self) -> bool:
        """Mes inscriptions answers instead of sending to the login page."""
        return self.get("/mes-inscriptions").status_code == 200

    def start(self, session_id: int, academy: str = "rennes") -> None:
        token = csrf_token(self.get("/mes-inscriptions").text)
        response = self.post("/inscription/demarrer",
                             {"csrf_token": token, "session": session_id, "academie": academy})
        location = self._path(response.headers.get("Location", ""))
        if response.status_code == 302 and location.startswith("/mes-inscriptions/nouvelle"):
            raise AlreadyRegistered(f"start: sent back to {location!r}")
        if response.status_code != 302 or "/brouillon/" not in location:
            raise JourneyError(f"start: status {response.status_code} to {location!r}")
        self.draft_url = location.rsplit("/", 1)[0]

    def submit_tab(self, code: str, data: dict[str, Any], action: str = "suivant") -> str:
        """GET the tab, post it back with its hidden fields; returns where it redirects."""
        page = self.get(f"{self.draft_url}/{code}")
        if page.status_code != 200:
            raise JourneyError(f"tab {code}: GET status {page.status_code}")
        response = self.post(f"{self.draft_url}/{code}",
                             [*hidden_fields(page.text), *data.items(), ("action", action)])
        if response.status_code != 302:
            raise JourneyError(f"tab {code}: POST status {response.status_code}")
        return self._path(response.headers["Location"])

    def register_cfg(self, session_id: int, address: str = IDENTIFICATION["adresse_1"]) -> str:
        """A whole CFG registration up to Enregistrer; returns the N° Inscription page path."""
        self.start(session_id)
        self.submit_tab("identification",
                        {**IDENTIFICATION, "adresse_1": address, "email": self.email})
        self.submit_tab("informations", INFORMATIONS)
        receipt = self.submit_tab("recapitulatif", {}, action="enregistrer")
        if "/numero" not in receipt:
            raise JourneyError(f"Enregistrer led to {receipt!r}")
        return receipt


# The CAP and Bac Pro journeys of the deadline-day benchmark, as the registration tests fill
# them: a Rennes candidate, a diploma declared on the Acquis tab, units and languages chosen.
QUALIFICATION = {"cap": {"specialite": "cuisine", "forme": "globale", "dispense_eps": "non",
                         "periode_etranger": "non"},
                 "bacpro": {"specialite": "agora", "forme": "globale", "dispense_eps": "non"}}
DIPLOMA = {"cap": ("bep", "2015"), "bacpro": ("bac_general", "2012")}
UNITS = {"cap": {"epreuve": "UF_LV", "langue-UF_LV": "anglais", "langue-EG5": "espagnol"},
         "bacpro": {"epreuve": "UF_EPS", "langue-E42": "espagnol"}}
INFORMATIONS_OF = {"cap": INFORMATIONS,
                   "bacpro": {**INFORMATIONS, "condition_individuel": "experience_3_ans"}}


_SHOWN = re.compile(r'<input type="hidden" name="affiche" value="([^"]+)" disabled>')


def submit_shown(candidate: HttpCandidate, code: str, data: dict[str, Any]) -> str:
    """Post a tab as a browser running wizard.js does: a question that the answers make
    appear (e.g. the Bac Pro's condition for an individual candidate) is shown at once,
    answered, and posted as shown (`affiche`)."""
    page = candidate.get(f"{candidate.draft_url}/{code}")
    if page.status_code != 200:
        raise JourneyError(f"tab {code}: GET status {page.status_code}")
    appearing = [("affiche", name) for name in _SHOWN.findall(page.text) if name in data]
    response = candidate.post(f"{candidate.draft_url}/{code}", [
        *hidden_fields(page.text), *appearing, *data.items(), ("action", "suivant")])
    if response.status_code != 302:
        raise JourneyError(f"tab {code}: POST status {response.status_code}")
    return candidate._path(response.headers["Location"])


def register_vocational(candidate: HttpCandidate, exam: str, session_id: int) -> str:
    """A whole CAP or Bac Pro registration up to Enregistrer, tab by tab as a browser does
    (Ajouter un diplôme, then the row filled); returns the N° Inscription page path."""
    candidate.start(session_id)
    candidate.submit_tab("modalites", {"modalites_acceptees": "y"})
    submit_shown(candidate, "identification", {**IDENTIFICATION, "email": candidate.email})
    submit_shown(candidate, "informations", INFORMATIONS_OF[exam])
    submit_shown(candidate, "qualification", QUALIFICATION[exam])
    candidate.submit_tab("acquis", {}, action="ajouter-diplome")
    diploma, year = DIPLOMA[exam]
    candidate.submit_tab("acquis", {"diplomes-0-diploma": diploma, "diplomes-0-year": year,
                                    "diplomes-0-academy": "rennes"})
    candidate.submit_tab("epreuves", UNITS[exam])
    last = candidate.submit_tab("recapitulatif", {}, action="enregistrer" if exam != "cap"
                                else "suivant")
    if exam == "cap":  # the CAP saves on its Conditions d'inscription tab
        last = candidate.submit_tab("conditions", {}, action="enregistrer")
    if "/numero" not in last:
        raise JourneyError(f"{exam}: Enregistrer led to {last!r}")
    return last
