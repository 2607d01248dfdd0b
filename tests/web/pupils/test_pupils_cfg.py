"""The CFG's scolaires: imported by their establishment (no speciality column), the
pré-inscription completed by the pupil with the category the import set, assessed on the
socle components; the portal never offers the scolaire category to anyone else."""

from __future__ import annotations

from typing import Any

from pupil_support import BREQUIGNY, import_text, initial_password_of, plan_text, pupils
from registration_support import IDENTIFICATION, INFORMATIONS, Candidate, errors_of, open_session
from sqlalchemy import select
from web_helpers import db_of, staff_client, text_of

PASSWORD = "Ecole!2027x"  # nosec B105 - a test password
CFG_HEADER = "uai;classe;nom;prenoms;date_naissance;sexe;categorie;forme\n"
# A SEGPA pupil of 15: too young to register as an individual candidate (16 at the session).
CFG_PUPILS = CFG_HEADER + f"{BREQUIGNY};3E SEGPA;Martin;Léa;12/03/2012;F;scolaire;\n"


def test_a_cfg_file_without_speciality_is_imported_with_the_scolaire_category(app: Any) -> None:
    session_id = open_session(app, "cfg")
    planned = import_text(app, session_id, CFG_PUPILS, exam_code="cfg")
    assert [(r.category, r.speciality, r.forme) for r in planned.rows] == [
        ("scolaire", "", "globale")
    ]
    [pupil] = pupils(app)
    assert (pupil.login, pupil.state, pupil.class_label) == (
        "martin.lea1",
        "preinscrit",
        "3E SEGPA",
    )
    fields = pupil.answers["fields"]
    assert (fields["categorie"], fields["etablissement"]) == ("scolaire", BREQUIGNY)
    # A speciality written for an exam that has none is a mistake of the file.
    refused = plan_text(
        app,
        session_id,
        CFG_HEADER.replace("categorie", "specialite;categorie")
        + f"{BREQUIGNY};3E SEGPA;Roux;Léo;01/02/2012;M;cuisine;scolaire;\n",
        exam_code="cfg",
    )
    assert refused.refused == (
        "Ligne 2 : l'examen CFG n'a pas de spécialité : laissez la "
        "colonne specialite vide (« cuisine »).",
    )


def test_the_pupil_completes_the_preregistration_and_keeps_the_scolaire_units(
    app: Any,
) -> None:
    from web.core.models import Candidature

    session_id = open_session(app, "cfg")
    import_text(app, session_id, CFG_PUPILS, exam_code="cfg")
    [pupil] = pupils(app)
    client = app.test_client()
    client.post(
        "/connexion",
        data={"identifiant": pupil.login, "password": initial_password_of(app, pupil.login)},
    )
    client.post(
        "/connexion/premiere-connexion",
        data={"password": PASSWORD, "password_confirmation": PASSWORD},
    )
    with db_of(app) as db:
        candidature_id = db.scalars(
            select(Candidature.id).where(Candidature.account_id == pupil.id)
        ).one()
    started = client.post(f"/mes-inscriptions/{candidature_id}/modifier")
    assert started.status_code == 302, text_of(started)
    wizard = Candidate(client, None)
    wizard.draft_url = started.location.rsplit("/", 1)[0]
    identification = {**IDENTIFICATION, "email": "lea.martin@example.org"}
    assert wizard.next_ok("identification", identification) == "informations"
    informations = wizard.tab("informations").get_data(as_text=True)
    assert "Vous terminez votre inscription" in informations
    assert "n°None" not in informations
    assert 'value="SCOLAIRE" readonly' in informations
    # A forged change of the category or establishment is ignored: the import fixed them.
    assert wizard.next_ok("informations", INFORMATIONS) == "recapitulatif"
    recap = text_of(wizard.tab("recapitulatif"))
    assert "Catégorie du candidat SCOLAIRE" in recap
    assert "Entretien avec le jury" in recap and "Les méthodes et outils pour apprendre" in recap
    assert "Mathématiques" not in recap
    saved = wizard.post("recapitulatif", action="enregistrer")
    assert saved.status_code == 302 and "/numero" in saved.location, errors_of(saved)
    with db_of(app) as db:
        row = db.get(Candidature, candidature_id)
        assert row is not None
        assert (row.state, row.inscription_number) == ("inscrit", "001")
        assert (row.answers["fields"]["categorie"], row.category_code) == ("scolaire", "scolaire")
        [document] = row.documents
        assert "COMPOSANTES DU SOCLE COMMUN (CONTRÔLE CONTINU)" in document.accessible_html
        assert "D2 - Les méthodes et outils pour apprendre" in document.accessible_html
        assert "Mathématiques" not in document.accessible_html


def test_a_self_registering_candidate_is_never_offered_the_scolaire_category(
    app: Any, client: Any, auth: Any
) -> None:
    session_id = open_session(app, "cfg")
    candidate = Candidate.logged_in(client, auth)
    assert candidate.start(session_id).status_code == 302
    assert candidate.next_ok("identification", candidate.identification()) == "informations"
    page = candidate.tab("informations").get_data(as_text=True)
    assert 'value="individuel"' in page
    assert 'value="scolaire"' not in page and "SCOLAIRE" not in page
    forged = candidate.post("informations", {**INFORMATIONS, "categorie": "scolaire"})
    assert forged.status_code == 200
    assert errors_of(forged) == ["Catégorie du candidat : Ce choix n'est pas proposé."]


def test_the_office_corrects_a_cfg_pupil_without_a_speciality(app: Any, staff: Any) -> None:
    from web.core.models import SchoolPupil

    session_id = open_session(app, "cfg")
    import_text(app, session_id, CFG_PUPILS, exam_code="cfg")
    [pupil] = pupils(app)
    client, _ = staff_client(app, staff)
    with db_of(app) as db:
        pupil_id = db.scalar(select(SchoolPupil.id).where(SchoolPupil.account_id == pupil.id))
    url = f"/gestion/eleves/{pupil_id}/modifier"
    page = client.get(url).get_data(as_text=True)
    assert 'name="specialite"' not in page and 'value="scolaire"' in page
    form = {
        "nom": "Martin",
        "prenoms": "Léa",
        "sexe": "F",
        "date_naissance": "12/03/2012",
        "classe": "3E SEGPA B",
        "categorie": "scolaire",
        "forme": "",
    }
    saved = client.post(url, data=form)
    assert saved.status_code == 302, text_of(saved)
    [after] = pupils(app)
    assert after.class_label == "3E SEGPA B"
    assert after.answers["fields"]["categorie"] == "scolaire"
