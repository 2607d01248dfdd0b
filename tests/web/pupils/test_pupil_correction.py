"""Modifier l'élève: the office corrects a pré-inscrit pupil (identity, class, speciality,
category, forme) from the class list; the login stays, the slip shows the corrected name, the
journal has the change; once saved by the pupil, or in another academy, it cannot."""

from __future__ import annotations

import io
from typing import Any

from pupil_support import BREQUIGNY, GOOD, cap_session, import_text
from sqlalchemy import select, update
from web_helpers import db_of, staff_client, text_of

CLASS_URL = "/gestion/eleves/classe?session={session}&uai=" + BREQUIGNY + "&classe={classe}"
GOOD_FORM = {
    "nom": "  Durand ",
    "prenoms": "Marie-Claire   Anne",
    "sexe": "F",
    "date_naissance": "04/05/2009",
    "classe": "CAP1 B",
    "specialite": "patissier",
    "categorie": "individuel",
    "forme": "progressive",
}


def _pupil(app: Any, login: str) -> Any:
    from web.core.models import Account, SchoolPupil

    with db_of(app) as db:
        return db.execute(
            select(
                SchoolPupil.id,
                SchoolPupil.class_label,
                SchoolPupil.identity_key,
                SchoolPupil.candidature_id,
                Account.id.label("account_id"),
                Account.nom_naissance,
                Account.prenoms,
                Account.name_key,
                Account.date_naissance,
                Account.login,
                Account.school_preset,
            )
            .join(Account, Account.id == SchoolPupil.account_id)
            .where(Account.login == login)
        ).one()


def _fields(app: Any, candidature_id: int) -> dict[str, Any]:
    from web.core.models import Candidature

    with db_of(app) as db:
        row = db.get(Candidature, candidature_id)
        assert row is not None
        return {
            **row.answers["fields"],
            "_speciality_code": row.speciality_code,
            "_category_code": row.category_code,
        }


def _slip_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def _imported(app: Any) -> int:
    """The CAP session of Rennes, the three pupils of GOOD imported into it."""
    session_id = cap_session(app)
    import_text(app, session_id, GOOD)
    return session_id


def test_the_office_corrects_a_pupil_the_slip_shows_it(app: Any, staff: Any) -> None:
    session_id = _imported(app)
    client, _ = staff_client(app, staff)
    listing = client.get(CLASS_URL.format(session=session_id, classe="CAP1 A"))
    assert "DUPONT Marie Claire" in text_of(listing)
    assert "LE GOFF-KÉRIEN Jean-Éric" in text_of(listing)
    pupil = _pupil(app, "dupont.marie1")
    url = f"/gestion/eleves/{pupil.id}/modifier"
    assert f'href="{url}"' in listing.get_data(as_text=True)
    page = client.get(url)
    assert page.status_code == 200
    shown = text_of(page)
    assert "Modifier l'élève DUPONT Marie Claire" in shown
    assert "L'identifiant de connexion reste dupont.marie1" in shown
    assert 'value="Dupont"' in page.get_data(as_text=True)

    refused = client.post(
        url,
        data={
            **GOOD_FORM,
            "nom": "Dur4nd",
            "date_naissance": "31/02/2009",
            "classe": "",
            "categorie": "scolaire",
        },
    )
    assert refused.status_code == 422
    text = text_of(refused)
    for message in (
        "Le nom de naissance ne peut contenir que des lettres",
        "La date de naissance doit être au format JJ/MM/AAAA",
        "Veuillez renseigner la classe.",
        "Cette forme de passage n'est pas permise à la catégorie choisie (forme globale)",
    ):
        assert message in text, message
    # The first pupil of the file cannot take the second's identity.
    twin = client.post(
        url, data={**GOOD_FORM, "nom": "DUPONT", "prenoms": "Marie", "date_naissance": "14/11/2008"}
    )
    assert twin.status_code == 422 and "identifiant dupont.marie2" in text_of(twin)
    assert _pupil(app, "dupont.marie1") == pupil  # nothing half-saved

    saved = client.post(url, data=GOOD_FORM)
    assert saved.status_code == 302 and "CAP1 B" in saved.location.replace("+", " ")
    assert "L'élève DURAND Marie-Claire Anne est corrigé" in text_of(client.get(saved.location))
    after = _pupil(app, "dupont.marie1")
    assert (
        after.nom_naissance,
        after.prenoms,
        after.name_key,
        after.class_label,
        after.date_naissance.isoformat(),
    ) == ("Durand", "Marie-Claire Anne", "DURAND", "CAP1 B", "2009-05-04")
    assert after.identity_key == "DURAND|MARIE-CLAIRE ANNE|2009-05-04"
    assert after.school_preset["cap"]["specialite"] == "patissier"
    fields = _fields(app, pupil.candidature_id)
    assert (
        fields["nom_naissance"],
        fields["specialite"],
        fields["categorie"],
        fields["forme"],
        fields["_speciality_code"],
        fields["_category_code"],
    ) == ("Durand", "patissier", "individuel", "progressive", "patissier", "individuel")
    slip = _slip_text(client.get(f"/gestion/eleves/{pupil.id}/papillon.pdf").data)
    assert "DURAND Marie-Claire Anne" in slip and "dupont.marie1" in slip
    from web.core.models import AuditEntry, Candidature

    with db_of(app) as db:
        # Its answers written without a flush still count as new inputs of its result.
        assert db.get(Candidature, pupil.candidature_id).inputs_revision == 1
        [entry] = db.scalars(select(AuditEntry).where(AuditEntry.action == "pupils.corrected"))
        assert (entry.academy_code, entry.target_id) == ("rennes", pupil.account_id)
        assert entry.before["pupil_nom"] == "Dupont" and entry.after["pupil_nom"] == "Durand"
        assert "pupil_sexe" not in entry.after


def test_a_saved_or_foreign_pupil_is_not_corrected(app: Any, staff: Any) -> None:
    from web.core.models import Candidature

    _imported(app)
    pupil = _pupil(app, "dupont.marie2")
    url = f"/gestion/eleves/{pupil.id}/modifier"
    other, _ = staff_client(app, staff, "nantes")
    assert other.get(url).status_code == 404
    assert other.post(url, data=GOOD_FORM).status_code == 404
    # The pupil saves it while the office's form is open: the correction is not kept.
    with app.test_request_context():
        from web.backoffice.pupils import correction
        from web.backoffice.pupils.correction import PupilValues
        from web.core import db as database
        from web.core.models import SchoolPupil
        from web.registration.context import exam_of

        db = database.session()
        row = db.get(SchoolPupil, pupil.id)
        exam = exam_of("cap")
        assert row is not None and exam is not None
        before = correction.values_of(row, exam)
        db.execute(
            update(Candidature)
            .where(Candidature.id == pupil.candidature_id)
            .values(state="inscrit", version=1)
        )
        values = PupilValues(**{**before.__dict__, "nom": "Autre"})
        assert correction.apply(db, None, row, exam, values) is False  # type: ignore[arg-type]
        db.commit()
    office, _ = staff_client(app, staff)
    page = office.get(url)
    assert page.status_code == 200
    assert (
        "La candidature de cet élève est à l'état « Inscrit » : l'élève l'a enregistrée"
        in text_of(page)
    )
    assert f"/gestion/candidatures/{pupil.candidature_id}" in page.get_data(as_text=True)
    assert office.post(url, data=GOOD_FORM).status_code == 409
    assert _pupil(app, "dupont.marie2") == pupil
