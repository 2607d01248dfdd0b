"""ASVS 4.0 V5 (validation and encoding): redirects only to the portal's own paths, free
texts bounded and reference answers taken from their list, ids out of range answered as
missing, every user string escaped in the pages, the mails and the PDF."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from registration_support import INFORMATIONS, Candidate, candidatures_of, open_session
from web_helpers import outbox, text_of

from tests.conftest import DEFAULT_PASSWORD

EXAMS = Path(__file__).resolve().parents[3] / "exams"

# ------------------------------------------------------------------ V5.1.5 redirects

HOSTILE_NEXT = [
    "//evil.example", "/%09/evil.example", "/\t/evil.example", "/%0d%0aSet-Cookie:x=1",
    "/\r\nLocation: https://evil.example", "https://evil.example/", "/\\evil.example",
    "javascript:alert(1)", "/%5Cevil.example", "\x00/x",
]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_v5_1_5_login_never_redirects_off_the_portal_nor_fails(
    client: Any, auth: Any, target: str
) -> None:
    account = auth.create()
    response = client.post("/connexion", query_string={"next": target},
                           data={"identifiant": account.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.location == "/mes-inscriptions"


def test_v5_1_5_login_follows_a_path_of_the_portal(client: Any, auth: Any) -> None:
    account = auth.create()
    response = client.post("/connexion?next=/compte",
                           data={"identifiant": account.email, "password": DEFAULT_PASSWORD})
    assert response.location == "/compte"


@pytest.mark.parametrize("target", HOSTILE_NEXT + ["/compte"])
def test_v5_1_5_the_back_office_entrance_keeps_its_next_under_gestion(target: str) -> None:
    from web.core.external import safe_next

    assert safe_next(target, "/gestion", prefix="/gestion") == "/gestion"
    assert safe_next("/gestion/sessions?page=2", "/gestion", prefix="/gestion") == \
        "/gestion/sessions?page=2"


# ------------------------------------------------------------------ V5.1.3/5.1.4 input


def test_v5_1_4_a_free_text_without_a_spec_limit_is_still_bounded() -> None:
    from engine.answers import DEFAULT_MAX_LENGTH, DEFAULT_TEXTAREA_MAX_LENGTH, check_value
    from engine.specs import load_exam

    exam = load_exam(EXAMS / "cfg.yaml")
    text = next(f for f in exam.fields if f.type == "text")
    unbounded = dataclasses.replace(text, max_length=None, pattern=None)
    assert check_value(unbounded, "x" * DEFAULT_MAX_LENGTH) is None
    assert check_value(unbounded, "x" * 300_000) == (
        f"Ce champ doit comporter au plus {DEFAULT_MAX_LENGTH} caractères.")
    area = dataclasses.replace(unbounded, type="textarea")
    assert check_value(area, "x" * (DEFAULT_TEXTAREA_MAX_LENGTH + 1)) is not None


@pytest.fixture
def candidate(client: Any, auth: Any) -> Candidate:
    account = auth.create(nom_naissance="LAMY", prenoms="Paul", sexe="M")
    assert auth.login(account.email).status_code == 302
    return Candidate(client, account)


def _to_acquis(app: Any, candidate: Candidate) -> None:
    candidate.start(open_session(app, "cap"))
    assert candidate.next_ok("modalites", {"modalites_acceptees": "y"}) == "identification"
    assert candidate.next_ok("identification", candidate.identification()) == "informations"
    assert candidate.next_ok("informations", INFORMATIONS) == "qualification"
    assert candidate.next_ok("qualification", {"specialite": "cuisine", "forme": "globale",
                                               "dispense_eps": "non"}) == "acquis"


def test_v5_1_3_the_academie_of_an_acquis_is_taken_from_the_list_never_a_free_text(
    app: Any, candidate: Candidate
) -> None:
    from web_helpers import db_of

    from web.core.models import CandidatureDraft

    _to_acquis(app, candidate)
    for academy in ("x" * 300_000, "<script>alert(1)</script>", "atlantide"):
        posted = {"diplomes-count": "1", "diplomes-0-diploma": "bep",
                  "diplomes-0-year": "2015", "diplomes-0-academy": academy}
        refused = candidate.post("acquis", posted)
        assert refused.status_code == 200, academy[:20]  # the tab again, with its message
        assert "Choisissez l'académie dans la liste." in text_of(refused)
    with db_of(app) as db:
        stored = str([d.answers for d in db.query(CandidatureDraft)])
    assert "x" * 4001 not in stored
    accepted = {"diplomes-count": "1", "diplomes-0-diploma": "bep",
                "diplomes-0-year": "2015", "diplomes-0-academy": "rennes"}
    assert candidate.post("acquis", accepted, action="actualiser").status_code == 302


# ------------------------------------------------------------------ V7.4.1 no 500 on ids


def test_v7_4_1_ids_beyond_a_64_bit_integer_are_missing_pages_not_errors(
    app: Any, client: Any, auth: Any, staff: Any
) -> None:
    huge = str(2**63)
    rules = [r for r in app.url_map.iter_rules() if "GET" in (r.methods or set())
             and any(type(c).__name__ == "RecordIdConverter" for c in r._converters.values())]
    assert len(rules) > 10
    auth.login(auth.create().email)
    candidate_client = client
    office = app.test_client()
    staff.login(staff.create(admin=True), client=office)
    for rule in rules:
        url = re.sub(r"<(?:int:)?(\w+)>", huge, rule.rule)
        for who in (candidate_client, office):
            assert who.get(url).status_code in (302, 404), url
    assert client.post("/inscription/demarrer",
                       data={"session": huge, "academie": "rennes"}).status_code < 500
    for query in ("/gestion/pieces-a-controler?session=" + huge,
                  "/gestion/pieces-a-controler?page=" + huge * 3,
                  "/gestion/candidatures?page=" + huge * 3 + "&session=" + huge,
                  "/gestion/journal?page=" + huge * 3 + "&objet_id=" + huge * 2):
        assert office.get(query).status_code == 200, query


# ------------------------------------------------------------------ V5.3 output encoding

PAYLOAD = "<i>x</i> & \"O'Neil\""


def _saved_with_payload(app: Any, candidate: Candidate) -> Any:
    candidate.start(open_session(app, "cfg"))
    identification = {**candidate.identification(), "adresse_2": PAYLOAD}
    assert candidate.next_ok("identification", identification) == "informations"
    assert candidate.next_ok("informations", INFORMATIONS) == "recapitulatif"
    recap = candidate.tab("recapitulatif").get_data(as_text=True)
    assert PAYLOAD not in recap and "&lt;i&gt;x&lt;/i&gt; &amp;" in recap
    assert candidate.post("recapitulatif", action="enregistrer").status_code == 302
    [candidature] = candidatures_of(app, candidate.account.id)
    return candidature


def test_v5_3_3_a_candidates_text_is_escaped_in_the_pages_and_printed_literally_in_the_pdf(
    app: Any, candidate: Candidate
) -> None:
    from web_helpers import db_of

    from web.core.models import Document

    candidature = _saved_with_payload(app, candidate)
    page = candidate.client.get(f"/mes-inscriptions/{candidature.id}").get_data(as_text=True)
    assert "<i>x</i>" not in page
    with db_of(app) as db:
        [document] = db.query(Document).all()
    pdf = candidate.client.get(f"/documents/{document.id}")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "<i>x</i> &" in text  # printed as typed: the PDF's HTML never took it as markup


def test_v5_3_3_the_offices_free_text_is_escaped_in_the_html_mail_and_plain_in_the_text_one(
    app: Any, auth: Any, staff: Any
) -> None:
    from tests.web.backoffice.office_support import make_office

    office = make_office(app, staff)
    candidature = office.register("lamy", auth, nom_naissance="O'NEIL", prenoms="Paul")
    motif = "<script>alert('x')</script> & co"
    response = office.post(f"/gestion/candidatures/{candidature.id}/ecarter", {"motif": motif})
    assert response.status_code == 302
    detail = office.get(f"/gestion/candidatures/{candidature.id}").get_data(as_text=True)
    assert "<script>alert" not in detail and "O'NEIL" not in detail.replace("O&#39;NEIL", "")
    mail = outbox(app, office.candidates["lamy"].account.email)[-1]
    assert "<script>" not in mail.body_html and "&lt;script&gt;" in mail.body_html
    assert motif in mail.body_text
