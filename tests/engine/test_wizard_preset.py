"""Answers an establishment set when it pre-registered a pupil (engine.wizard.PRESET): shown
read-only, kept whatever is posted, and a category the portal never offers is theirs."""

from __future__ import annotations

import dataclasses

from engine.spec.model import Exam
from engine.submission import submit_tab
from engine.wizard import PRESET, ChoiceView, FieldView, build_state, validate_tab
from tests.engine.factories import ACCOUNT_FR, SESSION_2025, answers, cap_like


def _exam():  # type: ignore[no-untyped-def]
    exam = cap_like()
    scolaire = dataclasses.replace(exam.categories[1], code="scolaire", label="SCOLAIRE",
                                   formes=("globale",), self_registration=False)
    return dataclasses.replace(exam, categories=(*exam.categories, scolaire))


def test_a_preset_category_is_offered_read_only_and_a_posted_one_is_ignored() -> None:
    exam = _exam()
    pupil = {**ACCOUNT_FR, PRESET: {exam.code: {"categorie": "scolaire"}}}
    posted = submit_tab(exam, answers(), "informations", {"categorie": "individuel"},
                        SESSION_2025, pupil)
    view = posted.state.field("categorie")
    assert view is not None and view.readonly and view.value == "scolaire"
    assert "categorie" not in posted.errors
    assert "scolaire" in {c.value for c in view.choices}
    # Without the preset the category is neither offered nor accepted.
    alone = build_state(exam, answers(categorie="scolaire"), SESSION_2025, ACCOUNT_FR)
    assert "categorie" in validate_tab(alone, "informations")
    # A preset of another exam changes nothing here.
    other = {**ACCOUNT_FR, PRESET: {"bacpro": {"categorie": "scolaire"}}}
    state = build_state(exam, answers(categorie="individuel"), SESSION_2025, other)
    view = state.field("categorie")
    assert view is not None and not view.readonly and view.value == "individuel"


OFFERED = (
    ChoiceView("individuel", "INDIVIDUEL"),
    ChoiceView("ex_scolaire", "EX. SCOLAIRE"),
    ChoiceView("enseignement_distance", "ENSEIGNEMENT A DISTANCE"),
    ChoiceView("fpc_public", "FPC PUBLIC"),
)


def _categorie(exam: Exam, preset: str) -> tuple[FieldView | None, dict[str, str]]:
    pupil = {**ACCOUNT_FR, PRESET: {exam.code: {"categorie": preset}}}
    state = build_state(exam, answers(etablissement="individuels", amenagement=False),
                        SESSION_2025, pupil)
    return state.field("categorie"), validate_tab(state, "informations")


def test_a_preset_category_is_shown_chosen_after_the_offered_ones_under_its_own_label() -> None:
    exam = _exam()
    field = next(f for f in exam.fields if f.code == "categorie")
    assert _categorie(exam, "scolaire") == (
        FieldView(field=field, required=True, readonly=True, value="scolaire",
                  choices=(*OFFERED, ChoiceView("scolaire", "SCOLAIRE")), has_choices=True),
        {},
    )


def test_a_preset_category_the_exam_does_not_have_is_not_offered_and_is_refused() -> None:
    exam = _exam()
    field = next(f for f in exam.fields if f.code == "categorie")
    assert _categorie(exam, "inconnue") == (
        FieldView(field=field, required=True, readonly=True, value="inconnue", choices=OFFERED,
                  has_choices=True),
        {"categorie": "Ce choix n'est pas proposé."},
    )
