"""Field rules in the spec's own words: min/max messages, a field-level refusal
(`refuse_if` with its `refuse_message`) and piece formats as canonical types."""

from __future__ import annotations

from datetime import date

from engine.conditions import SessionCalendar
from engine.specs import check_source
from engine.submission import submit_tab
from tests.engine.factories import MINI_SPEC_HEADER

CALENDAR = SessionCalendar(year=2027, start=date(2027, 6, 1), registration_close=date(2026, 12, 1))

SPEC = MINI_SPEC_HEADER + """\
  - code: identite
    title: Identité
    role: fields
    sections:
      - title: Situation
        fields:
          - code: situation
            type: radio
            label: Situation
            choices:
              - {value: salarie, label: Salarié}
              - {value: eleve, label: Élève}
          - code: enfants
            type: integer
            label: Nombre d'enfants à charge
            min: 0
            max: 12
            min_message: Le nombre d'enfants ne peut pas être négatif.
            max_message: Au-delà de 12 enfants, adressez-vous au service des examens.
          - code: entree
            type: date
            label: Date d'entrée en formation
            max: {session: start}
            max_message: L'entrée en formation précède la session.
  - code: candidature
    title: Candidature
    role: fields
    save: true
    sections:
      - title: Candidature
        fields:
          - code: categorie
            type: category
            label: Catégorie
            refuse_if:
              all:
                - {field: categorie, equals: individuel_salarie}
                - {field: situation, equals: eleve}
            refuse_message: Un élève ne peut pas s'inscrire comme salarié.
  - code: numero
    title: N°
    role: receipt
categories:
  - {code: individuel, label: INDIVIDUEL, formes: [globale], unit_mode: ponctuel}
  - {code: individuel_salarie, label: INDIVIDUEL SALARIE, formes: [globale], unit_mode: ponctuel}
pieces:
  - code: photo
    label: Photographie
    formats: [jpg, png]
  - code: piece_identite
    label: Pièce d'identité
    formats: [pdf, jpeg]
"""


def _exam():  # type: ignore[no-untyped-def]
    checked = check_source(SPEC, "exams/mini.yaml")
    assert not checked.problems, [str(p) for p in checked.problems]
    assert checked.exam is not None
    return checked.exam


def test_min_and_max_answer_with_the_specs_own_messages() -> None:
    exam = _exam()
    low = submit_tab(exam, None, "identite", {"situation": "salarie", "enfants": "-1"}, CALENDAR)
    assert low.errors["enfants"] == "Le nombre d'enfants ne peut pas être négatif."
    high = submit_tab(exam, None, "identite", {"situation": "salarie", "enfants": "13"}, CALENDAR)
    assert high.errors["enfants"] == "Au-delà de 12 enfants, adressez-vous au service des examens."
    late = submit_tab(exam, None, "identite", {"entree": "15/06/2027"}, CALENDAR)
    assert late.errors["entree"] == "L'entrée en formation précède la session."
    fine = submit_tab(
        exam,
        None,
        "identite",
        {"situation": "salarie", "enfants": "2", "entree": "01/09/2025"},
        CALENDAR,
    )
    assert fine.ok


def test_a_field_refusal_answers_with_its_message_only_when_its_condition_holds() -> None:
    exam = _exam()
    eleve = submit_tab(exam, None, "identite", {"situation": "eleve"}, CALENDAR).state.answers
    refused = submit_tab(exam, eleve, "candidature", {"categorie": "individuel_salarie"}, CALENDAR)
    assert refused.errors == {"categorie": "Un élève ne peut pas s'inscrire comme salarié."}
    other = submit_tab(exam, eleve, "candidature", {"categorie": "individuel"}, CALENDAR)
    assert other.ok
    salarie = submit_tab(exam, None, "identite", {"situation": "salarie"}, CALENDAR).state.answers
    assert submit_tab(
        exam, salarie, "candidature", {"categorie": "individuel_salarie"}, CALENDAR
    ).ok


def test_piece_formats_are_canonical_types_jpg_and_jpeg_being_one() -> None:
    pieces = {p.code: p for p in _exam().pieces}
    assert pieces["photo"].formats == ("jpeg", "png")
    assert pieces["piece_identite"].formats == ("pdf", "jpeg")
