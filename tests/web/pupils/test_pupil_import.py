"""Import of school pupils: logins nom.prenomN, pré-inscrit candidatures with the imported
answers, and files refused whole with each bad line's number and reason."""

from __future__ import annotations

from typing import Any

from pupil_support import (
    BREQUIGNY,
    GOOD,
    HEADER,
    LILLE_ONE,
    cap_session,
    import_text,
    plan_text,
    pupils,
)


def test_an_accepted_file_creates_accounts_with_logins_and_preregistered_candidatures(
    app: Any,
) -> None:
    session_id = cap_session(app)
    planned = import_text(app, session_id, GOOD)
    assert [r.number for r in planned.rows] == [2, 3, 4]
    found = pupils(app)
    assert [row.login for row in found] == ["dupont.marie1", "dupont.marie2",
                                            "legoffkerien.jeaneric1"]
    assert {row.state for row in found} == {"preinscrit"}
    assert {row.class_label for row in found} == {"CAP1 A"}
    assert all(row.initial_password_seed for row in found)
    fields = found[0].answers["fields"]
    assert (fields["categorie"], fields["etablissement"], fields["specialite"],
            fields["forme"]) == ("scolaire", BREQUIGNY, "cuisine", "globale")
    # Empty forme: the category allows only one.
    assert found[1].answers["fields"]["forme"] == "globale"


def test_homonyms_of_a_later_file_take_the_next_numbers(app: Any) -> None:
    session_id = cap_session(app)
    import_text(app, session_id, GOOD)
    import_text(app, session_id, HEADER + f"{BREQUIGNY};CAP1 B;Dupont;Marie;01/01/2009;F;"
                "cuisine;scolaire;globale\n")
    assert pupils(app)[-1].login == "dupont.marie3"


HOSTILE = (HEADER
           + f"{BREQUIGNY};CAP1 A;Dupont;Marie;03/05/2009;F;cuisine;scolaire;globale\n"
           + "0350000A;CAP1 A;Martin;Paul;03/05/2009;M;cuisine;scolaire;globale\n"
           + f"{LILLE_ONE};CAP1 A;Martin;Paul;03/05/2009;M;cuisine;scolaire;globale\n"
           + f"{BREQUIGNY};CAP1 A;Durand;Léa;31/02/2009;F;cuisine;scolaire;globale\n"
           + f"{BREQUIGNY};CAP1 A;Petit;Noé;03/05/2009;M;astronaute;scolaire;globale\n"
           + f"{BREQUIGNY};CAP1 A;=cmd|' /C calc'!A0;Paul;03/05/2009;M;cuisine;scolaire;"
             "globale\n"
           + f"{BREQUIGNY};CAP1 A;@SUM(A1);+33;03/05/2009;M;cuisine;scolaire;globale\n"
           + f"{BREQUIGNY};CAP1 A;DUPONT;Marie;03/05/2009;F;cuisine;scolaire;globale\n"
           + f"{BREQUIGNY};CAP1 A;Roux;Léo;03/05/2009;X;cuisine;individuel;progressive\n")


def test_a_file_with_hostile_lines_is_refused_whole_with_each_line_and_reason(
    app: Any,
) -> None:
    session_id = cap_session(app)
    planned = plan_text(app, session_id, HOSTILE)
    assert not planned.accepted
    refused = "\n".join(planned.refused)
    assert "Ligne 2" not in refused
    assert "Ligne 3 : l'UAI « 0350000A » n'est pas valide." in refused
    assert f"Ligne 4 : l'UAI {LILLE_ONE} n'est pas un établissement de l'académie de Rennes" \
        in refused
    assert "Ligne 5 : la date de naissance « 31/02/2009 » n'est pas une date valide" in refused
    assert "Ligne 6 : la spécialité « astronaute » n'existe pas pour l'examen CAP" in refused
    assert "Ligne 7 : la colonne nom commence par « = »" in refused
    assert "Ligne 8 : la colonne nom commence par « @ »" in refused
    assert "Ligne 8 : la colonne prenoms commence par « + »" in refused
    assert "Ligne 9 : cet élève (DUPONT Marie, né(e) le 03/05/2009) figure déjà ligne 2." \
        in refused
    assert "Ligne 10 : le sexe doit être M ou F." in refused
    with app.app_context():
        assert pupils(app) == []


def test_a_pupil_already_imported_into_the_session_is_refused(app: Any) -> None:
    session_id = cap_session(app)
    import_text(app, session_id, GOOD)
    planned = plan_text(app, session_id, HEADER + f"{BREQUIGNY};CAP1 C;dupont;MARIE CLAIRE;"
                        "2009-05-03;F;cuisine;scolaire;globale\n")
    assert planned.refused == (
        "Ligne 2 : cet élève est déjà importé pour cette session (identifiant dupont.marie1).",)


def test_windows_1252_and_commas_are_read(app: Any) -> None:
    from web.backoffice.pupils.importer import decode

    session_id = cap_session(app)
    text = GOOD.replace(";", ",")
    decoded = decode(text.encode("cp1252"))
    assert decoded == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    planned = plan_text(app, session_id, decoded)
    assert planned.accepted and planned.rows[2].nom == "Le Goff-Kérien"


def test_missing_columns_are_named(app: Any) -> None:
    session_id = cap_session(app)
    planned = plan_text(app, session_id, "uai;nom\n0350028R;Dupont\n")
    assert planned.refused == ("Colonnes manquantes : classe, prenoms, date_naissance, sexe, "
                               "specialite, categorie, forme.",)


def test_the_office_cannot_save_a_preregistration_in_the_pupils_place(app: Any) -> None:
    import pytest

    from web.core.models import Account, Candidature
    from web.registration.context import RegistrationRefused, exam_of
    from web.registration.service import MSG_PREREGISTERED, OfficeSave, save_candidature

    session_id = cap_session(app)
    import_text(app, session_id, GOOD)
    [first, *_] = pupils(app)
    with app.test_request_context():
        from sqlalchemy import select

        from web.core import db as database

        db = database.session()
        candidature = db.scalar(select(Candidature).where(Candidature.account_id == first.id))
        account = db.get(Account, first.id)
        exam = exam_of("cap")
        with pytest.raises(RegistrationRefused) as refused:
            save_candidature(db, account, exam, candidature.session, "rennes",
                             candidature.answers, existing=candidature, office=OfficeSave())
        assert refused.value.message == MSG_PREREGISTERED
