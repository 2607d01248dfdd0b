"""Import of establishments from a CSV: the preview, the refused lines and why, the
application, and the files the import refuses whole."""

from __future__ import annotations

import re
from typing import Any

import pytest
from establishment_support import (
    BREQUIGNY,
    HEADER,
    LILLE_ONE,
    MAZELOT,
    NEW_RENNES,
    NEW_RENNES_2,
    csv_file,
    deactivate,
    offered_codes,
    printed,
    rows,
)
from session_support import audit_entries
from web_helpers import db_of, text_of

IMPORT = "/gestion/etablissements/import?academie=rennes"
APPLY = "/gestion/etablissements/import/application?academie=rennes"


def _upload(client: Any, text: str, url: str = IMPORT, **kwargs: Any) -> Any:
    return client.post(url, data={"file": csv_file(text, **kwargs)},
                       content_type="multipart/form-data")


def _digest(response: Any) -> str:
    found = re.search(r'name="digest" type="hidden" value="([0-9a-f]+)"',
                      response.get_data(as_text=True))
    assert found is not None, "no apply form on the preview"
    return found[1]


def _refused(response: Any) -> list[str]:
    html = response.get_data(as_text=True)
    block = re.search(r'id="lignes-refusees".*?</ul>', html, re.S)
    if block is None:
        return []
    return [text_of_line(li) for li in re.findall(r"<li>(.*?)</li>", block[0], re.S)]


def text_of_line(fragment: str) -> str:
    import html as html_lib

    return html_lib.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


GOOD = (HEADER
        + f"{NEW_RENNES};Lycée nouveau - Rennes;rennes;35\n"
        + f"{BREQUIGNY};LYCÉE BRÉQUIGNY (RENNES);rennes;035\n"
        + "0350778F;LYCÉE ASSOMPTION - RENNES;rennes;35\n"
        + "0350710G;LYCÉE CHÂTEAUBRIAND - RENNES;rennes;35\n")


def test_a_good_file_is_previewed_then_applied_with_one_audit_entry(
    app: Any, client: Any, staff: Any
) -> None:
    account = staff.logged_in("rennes")
    deactivate(app, "0350710G")
    upload = text_of(client.get(IMPORT))
    assert "Importer des établissements (fichier CSV)" in upload
    assert "seuls les établissements de l'académie de Rennes sont acceptés" in upload
    assert "par exemple 22" in upload  # a département of Rennes, not Reims's 51
    preview = _upload(client, GOOD)
    assert preview.status_code == 200
    text = text_of(preview)
    assert ("Rien n'est encore enregistré. 1 établissement(s) à ajouter, 1 libellé(s) à "
            "corriger, 1 établissement(s) à réactiver, 1 déjà dans la liste tels quels, 0 "
            "ligne(s) refusée(s).") in text
    assert "Aujourd'hui : LYCÉE BRÉQUIGNY - RENNES" in text
    assert "035 - ILLE ET VILAINE À ajouter" in text  # said as a plan: nothing done yet
    assert NEW_RENNES not in offered_codes(app) and len(rows(app)) == 1  # the deactivation
    applied = client.post(APPLY, data={"digest": _digest(preview)})
    assert applied.status_code == 302
    done = text_of(client.get(applied.location))
    assert ("Le fichier etablissements.csv est importé : 1 établissement(s) ajouté(s), 1 "
            "libellé(s) corrigé(s), 1 réactivé(s) ; 0 ligne(s) refusée(s).") in done
    assert {NEW_RENNES, "0350710G"} <= set(offered_codes(app))
    assert printed(app, NEW_RENNES) == "LYCÉE NOUVEAU - RENNES (0359001U)"
    assert printed(app, BREQUIGNY) == "LYCÉE BRÉQUIGNY (RENNES) (0350028R)"
    [entry] = audit_entries(app, "establishment.imported")
    assert entry.actor_email == account.email and entry.academy_code == "rennes"
    assert entry.summary == ("Import CSV : 1 ajout(s), 1 libellé(s) corrigé(s), 1 "
                             "réactivation(s)")
    assert entry.before == {BREQUIGNY: "LYCÉE BRÉQUIGNY - RENNES",
                            "0350710G": "LYCÉE CHÂTEAUBRIAND - RENNES (désactivé)"}
    assert entry.after == {NEW_RENNES: "LYCÉE NOUVEAU - RENNES",
                           BREQUIGNY: "LYCÉE BRÉQUIGNY (RENNES)",
                           "0350710G": "LYCÉE CHÂTEAUBRIAND - RENNES"}
    # The same file again changes nothing.
    again = _upload(client, GOOD)
    assert "Le fichier ne change rien à la liste." in text_of(again)
    assert 'id="form-appliquer-import"' not in again.get_data(as_text=True)


def test_refused_lines_are_listed_with_their_reason_and_the_others_still_apply(
    app: Any, client: Any, staff: Any
) -> None:
    staff.logged_in("rennes")
    preview = _upload(client, HEADER
                      + f"{NEW_RENNES};LYCÉE BON;rennes;35\n"
                      + "0359001A;MAUVAISE LETTRE;rennes;35\n"
                      + f"{NEW_RENNES};DOUBLON;rennes;35\n"
                      + f"{MAZELOT};CLG DU MAZELOT - ANGLURE;reims;51\n"
                      + f"{NEW_RENNES_2};SANS ACADÉMIE;;35\n"
                      + f"{LILLE_ONE};LYCÉE DE LILLE;rennes;35\n"
                      + "0359003W;MAUVAIS DÉPARTEMENT;rennes;59\n"
                      + "0359005Y;;rennes;35\n"
                      + ";SANS UAI;rennes;35\n"
                      + "0359004X;LYCÉE;atlantide;35\n")
    assert preview.status_code == 200
    assert _refused(preview) == [
        "Ligne 3 : l'UAI « 0359001A » n'est pas valide.",
        "Ligne 4 : l'UAI 0359001U figure déjà plus haut.",
        "Ligne 5 : l'établissement est de l'académie de Reims ; vous ne pouvez importer que "
        "ceux de l'académie de Rennes.",
        "Ligne 6 : la colonne academie est vide ; indiquez rennes.",
        "Ligne 7 : l'UAI 0591843H est celui d'un établissement de l'académie de Lille : "
        "COMMUNAUTÉ ALBERT CHÂTELET - MÉRIGNIES.",
        "Ligne 8 : choisissez un département de l'académie.",
        "Ligne 9 : le libellé manque.",
        "Ligne 10 : l'UAI manque.",
        "Ligne 11 : l'académie « atlantide » est inconnue.",
    ]
    assert client.post(APPLY, data={"digest": _digest(preview)}).status_code == 302
    assert [r.code for r in rows(app)] == [NEW_RENNES]
    assert printed(app, MAZELOT) is None


@pytest.mark.parametrize(("content", "message"), [
    ("uai;nom\n0359001U;X\n", "Colonnes manquantes : libelle, academie, departement."),
    ("\n\n", "Le fichier est vide."),
    (HEADER + "0359001U;LYCÉE É;rennes;35\n", "Le fichier n'est pas encodé en UTF-8 : dans "
     "votre tableur, enregistrez-le au format « CSV UTF-8 » (séparateur point-virgule), puis "
     "importez-le de nouveau."),
])
def test_a_file_that_cannot_be_read_is_refused_whole(
    app: Any, client: Any, staff: Any, content: str, message: str
) -> None:
    staff.logged_in("rennes")
    encoding = "cp1252" if "UTF-8" in message else "utf-8"
    response = _upload(client, content, encoding=encoding)
    text = text_of(response)
    assert message in text
    assert response.status_code in (200, 422)
    assert 'id="form-appliquer-import"' not in response.get_data(as_text=True)
    assert rows(app) == []


def test_no_file_is_asked_for_in_french(client: Any, staff: Any) -> None:
    staff.logged_in("rennes")
    response = client.post(IMPORT, data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Fichier CSV : Choisissez le fichier CSV à importer." in text_of(response)


def test_a_huge_file_is_refused_by_its_size_or_its_lines(make_app: Any, staff: Any) -> None:
    app = make_app(WTF_CSRF_ENABLED=False, ESTABLISHMENTS_IMPORT_MAX_BYTES=2048,
                   ESTABLISHMENTS_IMPORT_MAX_LINES=10)
    client = app.test_client()
    type(staff)(app, client).logged_in("rennes")
    big = _upload(client, HEADER + "0350778F;" + "X" * 3000 + ";rennes;35\n")
    assert big.status_code == 422
    assert "Le fichier dépasse 2 Ko : découpez-le en plusieurs fichiers." in text_of(big)
    many = _upload(client, HEADER + "0350778F;LYCÉE;rennes;35\n" * 11)
    assert many.status_code == 422
    assert "Le fichier compte plus de 10 lignes" in text_of(many)
    assert rows(app) == []


def test_the_whole_national_list_fits_the_default_limits_and_changes_nothing(app: Any) -> None:
    from web.backoffice import establishment_import as importer
    from web.backoffice.scope import Scope
    from web.core import reference
    from web.core.establishments import shipped

    items = [e for a, _ in [*reference.academies(), ("", "")]
             for e in shipped().of_academy(a) if e.uai]
    text = HEADER + "".join(f"{e.uai};{e.label};{e.academy};{e.departement}\n" for e in items)
    assert len(items) > 5000
    with db_of(app) as db:
        planned = importer.plan(db, Scope(0, None), importer.decode(text.encode()))
    assert planned.count(importer.UNCHANGED) == len(items)
    assert planned.changes == () and planned.refused == ()


def test_a_spreadsheets_bom_and_headers_with_accents_are_read(
    app: Any, client: Any, staff: Any
) -> None:
    staff.logged_in("rennes")
    preview = _upload(client, "\ufeffUAI,Libellé,Académie,Département\n"
                      f'{NEW_RENNES},"LYCÉE, AVEC VIRGULE",rennes,35\n')
    assert "1 établissement(s) à ajouter" in text_of(preview)
    client.post(APPLY, data={"digest": _digest(preview)})
    assert printed(app, NEW_RENNES) == "LYCÉE, AVEC VIRGULE (0359001U)"


def test_a_list_changed_after_the_preview_shows_the_new_preview_and_applies_nothing(
    app: Any, client: Any, staff: Any
) -> None:
    from establishment_support import add

    staff.logged_in("rennes")
    preview = _upload(client, GOOD)
    add(app, NEW_RENNES, "AJOUTÉ PAR UN COLLÈGUE")  # meanwhile, in another tab
    stale = client.post(APPLY, data={"digest": _digest(preview)})
    assert stale.status_code == 409
    assert "La liste a été modifiée depuis l'aperçu" in text_of(stale)
    assert "0 établissement(s) à ajouter, 2 libellé(s) à corriger" in text_of(stale)
    assert printed(app, BREQUIGNY) == "LYCÉE BRÉQUIGNY - RENNES (0350028R)"
    assert audit_entries(app, "establishment.imported") == []
    assert client.post(APPLY, data={"digest": _digest(stale)}).status_code == 302
    assert printed(app, NEW_RENNES) == "LYCÉE NOUVEAU - RENNES (0359001U)"


def test_applying_without_a_preview_says_so(client: Any, staff: Any) -> None:
    staff.logged_in("rennes")
    response = client.post(APPLY, data={"digest": "abc"})
    assert response.status_code == 302
    assert "L'aperçu n'est plus disponible : importez de nouveau le fichier." in text_of(
        client.get(response.location))


def test_the_administrator_imports_for_several_academies(
    app: Any, client: Any, staff: Any
) -> None:
    staff.logged_in(None, admin=True)
    preview = _upload(client, HEADER
                      + f"{MAZELOT};CLG DU MAZELOT - ANGLURE;reims;51\n"
                      + f"{NEW_RENNES};LYCÉE NOUVEAU;rennes;35\n"
                      + f"{NEW_RENNES_2};LYCÉE NATIONAL;;\n",
                      url="/gestion/etablissements/import")
    assert _refused(preview) == []
    done = client.post("/gestion/etablissements/import/application",
                       data={"digest": _digest(preview)})
    assert done.status_code == 302
    assert MAZELOT in offered_codes(app, "reims") and NEW_RENNES in offered_codes(app)
    assert NEW_RENNES_2 in offered_codes(app, "lille")  # national: offered everywhere
    assert sorted(e.academy_code for e in audit_entries(app, "establishment.imported")) == [
        "", "reims", "rennes"]
