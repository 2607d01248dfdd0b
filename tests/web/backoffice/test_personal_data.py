"""Modifier les données personnelles at the candidate's request: the form, the confirmation
with before/after, then a new version, a new PDF, a mail and an audit entry in one save."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from office_support import Office, audit_entries, candidature_row, make_office
from registration_support import IDENTIFICATION
from space_support import close_period, documents_of
from web_helpers import db_of, outbox, text_of

CIVIL = {
    "sexe": "M", "nom_naissance": "LAMY", "nom_usage": "", "prenoms": "Paul",
    "date_naissance": "30/05/1998", "pays_naissance": "FR", "departement_naissance": "75",
    "commune_naissance": "75056",
}


@pytest.fixture
def office(app: Any, staff: Any, auth: Any) -> Office:
    office = make_office(app, staff)
    office.register("lamy", auth, nom_naissance="LAMY", prenoms="Paul", sexe="M",
                    date_naissance=date(1998, 5, 30), pays_naissance="FR")
    return office


def form(office: Office, **changes: str) -> dict[str, str]:
    email = office.candidates["lamy"].account.email
    return {**CIVIL, **IDENTIFICATION, "email": email, **changes}


def account_of(app: Any, account_id: int) -> Any:
    from web.core.models import Account

    with db_of(app) as db:
        row = db.get(Account, account_id)
        db.expunge(row)
        return row


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_form_shows_the_civil_status_and_the_identification_answers(
    office: Office
) -> None:
    lamy = office.candidatures["lamy"]
    response = office.get(f"/gestion/candidatures/{lamy.id}/donnees-personnelles")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = text_of(response)
    assert "État civil (compte du candidat)" in text
    assert 'value="LAMY"' in html and 'value="30/05/1998"' in html
    assert 'value="12 rue de la Monnaie"' in html and "Téléphone mobile" in text
    assert "Confirmation du nom de naissance" not in text  # confirmed on the next step


def test_a_correction_is_confirmed_then_saved_as_a_new_version_with_pdf_mail_and_audit(
    app: Any, office: Office
) -> None:
    lamy = office.candidatures["lamy"]
    url = f"/gestion/candidatures/{lamy.id}/donnees-personnelles"
    # The guide's case: the office corrects the name and the address after the close.
    close_period(app, office.rennes_session)
    data = form(office, nom_naissance="LAMY-MARTIN", adresse_1="5 rue du Chapitre")
    check = office.post(url, {**data, "action": "verifier"})
    assert check.status_code == 200
    text = text_of(check)
    assert "Confirmer la modification des données personnelles" in text
    assert "Nom de naissance LAMY LAMY-MARTIN" in text
    assert "Adresse 1 12 rue de la Monnaie 5 rue du Chapitre" in text
    assert candidature_row(app, lamy.id).version == 1  # nothing saved by the check
    done = office.post(url, {**data, "action": "confirmer"})
    assert done.status_code == 302
    assert "version 2 enregistrée" in text_of(office.get(done.location))
    row = candidature_row(app, lamy.id)
    assert row.version == 2 and row.answers["fields"]["adresse_1"] == "5 rue du Chapitre"
    account = account_of(app, lamy.account_id)
    assert account.nom_naissance == "LAMY-MARTIN" and account.name_key == "LAMY-MARTIN"
    [_, second] = documents_of(app, lamy.id)
    assert second.version == 2 and "LAMY-MARTIN" in pdf_text(second.content)
    mails = outbox(app, account.email)
    assert mails[-1].subject.endswith(
        "Modification de votre inscription par le service des examens : "
        "CERTIFICAT DE FORMATION GÉNÉRALE - session JUIN 2027")
    assert "À votre demande, le service des examens et concours a modifié" in mails[-1].body_text
    [entry] = audit_entries(app, "candidature.personal_data_edited")
    assert entry.before == {"version": 1, "Nom de naissance": "LAMY",
                            "Adresse 1": "12 rue de la Monnaie"}
    assert entry.after == {"version": 2, "Nom de naissance": "LAMY-MARTIN",
                           "Adresse 1": "5 rue du Chapitre"}
    # The list finds the candidate under the corrected name.
    listed = office.get("/gestion/candidatures?recherche=lamy-m")
    assert f'id="candidature-{lamy.id}"' in listed.get_data(as_text=True)


def test_errors_are_shown_in_french_and_nothing_is_saved(app: Any, office: Office) -> None:
    lamy = office.candidatures["lamy"]
    url = f"/gestion/candidatures/{lamy.id}/donnees-personnelles"
    bad = office.post(url, {**form(office, adresse_1="", date_naissance="31/02/1998"),
                            "action": "confirmer"})
    assert bad.status_code == 422
    assert "La date de naissance 31/02/1998 n'est pas valide" in text_of(bad)
    address = office.post(url, {**form(office, adresse_1=""), "action": "confirmer"})
    assert address.status_code == 422
    assert "Adresse 1" in text_of(address) and "Les coordonnées contiennent des erreurs" in \
        text_of(address)
    assert candidature_row(app, lamy.id).version == 1
    assert audit_entries(app, "candidature.personal_data_edited") == []


def test_a_candidate_born_abroad_needs_the_parents_names(app: Any, office: Office) -> None:
    lamy = office.candidatures["lamy"]
    url = f"/gestion/candidatures/{lamy.id}/donnees-personnelles"
    abroad = form(office, pays_naissance="MA", departement_naissance="", commune_naissance="")
    first = office.post(url, {**abroad, "action": "verifier"})
    assert first.status_code == 422
    assert "Nom du père" in text_of(first)  # the engine's contextual fields appear
    parents = {"nom_pere": "LAMY", "prenom_pere": "Ahmed", "nom_mere": "BENALI",
               "prenom_mere": "Fatima"}
    check = office.post(url, {**abroad, **parents, "action": "verifier"})
    assert check.status_code == 200, text_of(check)
    assert "Pays de naissance" in text_of(check) and "MAROC" in text_of(check).upper()
    done = office.post(url, {**abroad, **parents, "action": "confirmer"})
    assert done.status_code == 302
    row = candidature_row(app, lamy.id)
    assert row.answers["fields"]["nom_mere"] == "BENALI"
    account = account_of(app, lamy.account_id)
    assert account.pays_naissance == "MA" and account.commune_naissance == ""


def test_nothing_changed_means_nothing_saved(app: Any, office: Office) -> None:
    lamy = office.candidatures["lamy"]
    response = office.post(f"/gestion/candidatures/{lamy.id}/donnees-personnelles",
                           {**form(office), "action": "confirmer"})
    assert "Aucune donnée n'a été modifiée" in text_of(response)
    assert candidature_row(app, lamy.id).version == 1


def test_back_from_the_confirmation_keeps_what_was_typed(office: Office) -> None:
    lamy = office.candidatures["lamy"]
    response = office.post(f"/gestion/candidatures/{lamy.id}/donnees-personnelles",
                           {**form(office, localite="SAINT-MALO"), "action": "corriger"})
    assert response.status_code == 200
    assert 'value="SAINT-MALO"' in response.get_data(as_text=True)


def test_the_office_save_renders_its_pdf_before_the_write_with_the_corrected_name(
    app: Any, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    from web.core import db as database
    from web.registration import prepared

    real = prepared.render_pdf
    open_transactions: list[bool] = []

    def render(data: Any) -> bytes:
        open_transactions.append(database.session().in_transaction())
        return real(data)

    monkeypatch.setattr(prepared, "render_pdf", render)
    lamy = office.candidatures["lamy"]
    done = office.post(f"/gestion/candidatures/{lamy.id}/donnees-personnelles",
                       {**form(office, nom_naissance="LAMY-MARTIN"), "action": "confirmer"})
    assert done.status_code == 302
    # Once, with no transaction open: the account's row was not locked while it rendered,
    # and the PDF rendered before the write prints the name the write commits.
    assert open_transactions == [False]
    [_, second] = documents_of(app, lamy.id)
    assert "LAMY-MARTIN" in pdf_text(second.content)
    assert account_of(app, lamy.account_id).nom_naissance == "LAMY-MARTIN"


def _title(response: Any) -> str:
    import re

    found = re.search(r"<title>(.*?)</title>", response.get_data(as_text=True), re.S)
    assert found is not None
    return found.group(1).strip()


def test_a_back_office_page_showing_errors_says_so_first_in_its_title(
    app: Any, office: Office
) -> None:
    lamy = office.candidatures["lamy"]
    url = f"/gestion/candidatures/{lamy.id}/donnees-personnelles"
    assert _title(office.get(url)).startswith("Modifier les données personnelles - Gestion")
    civil = office.post(url, {**form(office, date_naissance="31/02/1998"), "action": "verifier"})
    address = office.post(url, {**form(office, adresse_1=""), "action": "verifier"})
    for refused in (civil, address):
        assert refused.status_code == 422
        assert _title(refused).startswith("Erreur : Modifier les données personnelles - Gestion")
    # A WTForms form of the back office: the frame reads its errors.
    excluded = office.post(f"/gestion/candidatures/{lamy.id}/ecarter", {"motif": ""})
    assert excluded.status_code == 422, text_of(excluded)
    assert _title(excluded).startswith("Erreur : Écarter la candidature - Gestion")
