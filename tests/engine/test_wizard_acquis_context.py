"""What a condition of the wizard sees beside the answers: the session's dates, and the
diplomas of the Acquis tab only from that tab on, only when it is shown, and only rows it
accepts; a field's `refuse_if` also sees the units' statuses."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from engine.conditions import SessionCalendar
from engine.spec.model import Exam
from engine.specs import check_source
from engine.wizard import build_state, validate_tab
from tests.engine.factories import MINI_SPEC_HEADER

SESSION_2026 = SessionCalendar(
    year=2026, start=dt.date(2026, 6, 1), registration_close=dt.date(2025, 12, 1)
)
SESSION_2025 = SessionCalendar(
    year=2025, start=dt.date(2025, 6, 2), registration_close=dt.date(2024, 12, 2)
)
TOO_OLD = "Un apprenti a moins de 30 ans au début de la session."
NOT_FIRST = "Titulaire d'un CAP, vous n'êtes pas en première candidature."
COPY_NEEDED = "La dispense d'EG1 demande la copie de votre diplôme."

SPEC = (
    MINI_SPEC_HEADER.replace('  version: "1"\n', '  version: "1"\n  birth_date_field: naissance\n')
    + f"""\
  - code: identite
    title: Identité
    role: fields
    sections:
      - title: Identité
        fields:
          - code: naissance
            type: date
            label: Date de naissance
          - code: statut
            type: radio
            label: Statut
            choices:
              - {{value: apprenti, label: Apprenti}}
              - {{value: individuel, label: Individuel}}
            refuse_if:
              all:
                - {{field: statut, equals: apprenti}}
                - {{age: naissance, ge: 30, at: session_start}}
            refuse_message: {TOO_OLD}
          - code: categorie
            type: category
            label: Catégorie
          - code: specialite
            type: speciality
            label: Spécialité
          - code: diplome_anterieur
            type: yesno
            label: Avez-vous déjà un diplôme ?
  - code: acquis
    title: Acquis
    role: acquis
    visible_if: {{field: diplome_anterieur, equals: true}}
  - code: epreuves
    title: Epreuves
    role: units
  - code: engagement
    title: Engagement
    role: fields
    save: true
    sections:
      - title: Engagement
        fields:
          - code: premiere_candidature
            type: yesno
            label: Est-ce votre première candidature ?
            refuse_if:
              all:
                - {{field: premiere_candidature, equals: true}}
                - {{acquis: cap}}
            refuse_message: {NOT_FIRST}
          - code: copie_diplome
            type: yesno
            label: Joindrez-vous la copie de votre diplôme ?
            refuse_if:
              all:
                - {{field: copie_diplome, equals: false}}
                - {{unit: EG1, status: dispense}}
            refuse_message: {COPY_NEEDED}
          - code: annee_cap
            type: integer
            label: Année du CAP
            visible_if: {{acquis: cap}}
          - code: employeur
            type: text
            label: Employeur de l'apprenti
            visible_if: {{field: statut, equals: apprenti}}
          - code: accord_parental
            type: checkbox
            label: Accord d'un parent (candidat mineur)
            visible_if: {{age: naissance, lt: 18, at: session_start}}
  - code: numero
    title: N°
    role: receipt
categories:
  - {{code: individuel, label: INDIVIDUEL, formes: [globale], unit_mode: ponctuel}}
unit_groups:
  - {{code: obligatoires, label: Obligatoires}}
specialities:
  - code: cuisine
    label: Cuisine
    units:
      - {{code: EP1, label: Production, group: obligatoires, kind: pratique}}
      - {{code: EG1, label: Français, group: obligatoires, kind: ecrit}}
      - code: UF_HACCP
        label: Hygiène (titulaires d'un CAP)
        group: obligatoires
        kind: oral
        optional: true
        offered_if: {{acquis: cap}}
acquis:
  diplomas:
    - {{code: cap, label: CAP}}
  rules:
    - code: cap_anterieur
      type: dispense
      label: Titulaire d'un CAP
      diplomas: [cap]
      units: [EG1]
"""
)


@cache
def _exam() -> Exam:
    checked = check_source(SPEC, "exams/mini.yaml")
    assert not checked.problems, [str(p) for p in checked.problems]
    assert checked.exam is not None
    return checked.exam


def _answers(cap_year: int | None = None, **fields: Any) -> dict[str, Any]:
    base = {
        "naissance": "1996-03-15",
        "statut": "individuel",
        "categorie": "individuel",
        "specialite": "cuisine",
        "diplome_anterieur": True,
        "premiere_candidature": False,
        "copie_diplome": True,
    }
    diplomas = [] if cap_year is None else [{"diploma": "cap", "year": cap_year, "academy": ""}]
    return {
        "fields": {**base, **fields},
        "acquis": {"diplomas": diplomas, "grades": [], "renounced": []},
        "units": {"chosen": [], "languages": {}},
    }


def test_a_refusal_reads_the_age_at_the_start_of_the_session_being_registered_for() -> None:
    # Born 15/03/1996: 30 years old on 1 June 2026, 29 on 2 June 2025.
    apprenti = _answers(statut="apprenti")
    assert validate_tab(build_state(_exam(), apprenti, SESSION_2026), "identite") == {
        "statut": TOO_OLD
    }
    assert validate_tab(build_state(_exam(), apprenti, SESSION_2025), "identite") == {}
    assert validate_tab(build_state(_exam(), _answers(), SESSION_2026), "identite") == {}


def test_a_refusal_reads_the_diplomas_the_acquis_tab_accepts_and_only_those() -> None:
    first = {"premiere_candidature": True}
    held = build_state(_exam(), _answers(cap_year=2010, **first), SESSION_2026)
    assert validate_tab(held, "engagement") == {"premiere_candidature": NOT_FIRST}
    # A CAP "obtenu en 2035" is refused on the Acquis tab and decides nothing elsewhere.
    future = build_state(_exam(), _answers(cap_year=2035, **first), SESSION_2026)
    assert validate_tab(future, "acquis") == {
        "acquis.diplomas[0].year": "L'année doit être comprise entre 1900 et 2026."
    }
    assert validate_tab(future, "engagement") == {}
    assert validate_tab(build_state(_exam(), _answers(**first), SESSION_2026), "engagement") == {}


def test_a_refusal_reads_the_units_statuses_the_acquis_give() -> None:
    no_copy = {"copie_diplome": False}
    dispensed = build_state(_exam(), _answers(cap_year=2010, **no_copy), SESSION_2026)
    assert {u.code: u.status for u in dispensed.units} == {
        "EP1": "inscrit",
        "EG1": "dispense",
        "UF_HACCP": "non_choisi",
    }
    assert validate_tab(dispensed, "engagement") == {"copie_diplome": COPY_NEEDED}
    assert validate_tab(build_state(_exam(), _answers(**no_copy), SESSION_2026), "engagement") == {}


def test_a_skipped_acquis_tab_s_diplomas_decide_nothing_and_are_dropped() -> None:
    posted = _answers(
        cap_year=2010,
        diplome_anterieur=False,
        premiere_candidature=True,
        copie_diplome=False,
        annee_cap=2010,
    )
    state = build_state(_exam(), posted, SESSION_2026)
    fields = {k: v for k, v in posted["fields"].items() if k != "annee_cap"}
    assert state.answers == {
        "fields": fields,
        "acquis": {"diplomas": [], "grades": [], "renounced": []},
        "units": {"chosen": [], "languages": {}},
    }
    assert [t.code for t in state.tabs] == ["identite", "epreuves", "engagement", "numero"]
    assert [f.code for f in state.tabs[2].fields] == ["premiere_candidature", "copie_diplome"]
    assert {u.code: u.status for u in state.units} == {
        "EP1": "inscrit",
        "EG1": "inscrit",
        "UF_HACCP": "non_choisi",
    }
    assert validate_tab(state, "engagement") == {}
    # The state of what was kept is the same state: nothing dropped later changes it.
    again = build_state(_exam(), state.answers, SESSION_2026)
    assert (again.answers, again.tabs, again.units) == (state.answers, state.tabs, state.units)


def test_the_acquis_tab_s_diplomas_show_the_fields_after_it_that_ask_about_them() -> None:
    state = build_state(_exam(), _answers(cap_year=2010, annee_cap=2010), SESSION_2026)
    assert state.answers["fields"]["annee_cap"] == 2010
    assert [f.code for f in state.tabs[3].fields] == [
        "premiere_candidature",
        "copie_diplome",
        "annee_cap",
    ]


def test_a_unit_for_cap_holders_is_choosable_for_a_cap_the_acquis_tab_accepts_only() -> None:
    def chosen(cap_year: int | None) -> tuple[tuple[str, ...], dict[str, Any], dict[str, str]]:
        posted = _answers(cap_year=cap_year)
        posted["units"]["chosen"] = ["UF_HACCP"]
        state = build_state(_exam(), posted, SESSION_2026)
        return state.choosable, state.answers["units"], {u.code: u.status for u in state.units}

    assert chosen(2010) == (
        ("UF_HACCP",),
        {"chosen": ["UF_HACCP"], "languages": {}},
        {"EP1": "inscrit", "EG1": "dispense", "UF_HACCP": "choisi"},
    )
    refused = (
        (),
        {"chosen": [], "languages": {}},
        {"EP1": "inscrit", "EG1": "inscrit", "UF_HACCP": "non_choisi"},
    )
    assert chosen(2035) == refused
    assert chosen(None) == refused


def test_a_field_after_the_acquis_tab_still_reads_the_earlier_answers_and_the_session_s_dates() -> (
    None
):
    def engagement(**fields: Any) -> list[str]:
        state = build_state(_exam(), _answers(cap_year=2010, **fields), SESSION_2026)
        return [f.code for f in state.tabs[3].fields]

    asked = ["premiere_candidature", "copie_diplome", "annee_cap"]
    assert engagement() == asked
    assert engagement(statut="apprenti") == [*asked, "employeur"]
    # Born 15/03/2009: 17 on 1 June 2026.
    assert engagement(naissance="2009-03-15") == [*asked, "accord_parental"]
