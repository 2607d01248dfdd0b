"""Choice lists built once per version of their content, shared by every candidate's state."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from engine import establishments, wizard
from engine.conditions import SessionCalendar
from engine.establishments import Establishment, FileSource
from engine.specs import load_exam
from engine.wizard import ChoiceView, build_state

ROOT = Path(__file__).resolve().parents[2]
RENNES = SessionCalendar(year=2027, start=date(2027, 6, 1),
                         registration_close=date(2027, 3, 1), academy="rennes")


def etablissement_choices(calendar: SessionCalendar = RENNES) -> tuple[object, ...]:
    state = build_state(load_exam(ROOT / "exams" / "cfg.yaml"), None, calendar)
    view = state.field("etablissement")
    assert view is not None
    return view.choices


def test_two_candidates_of_an_academy_share_one_list_of_establishment_choices() -> None:
    first, second = etablissement_choices(), etablissement_choices()
    assert first is second and len(first) > 100
    other = etablissement_choices(SessionCalendar(
        year=2027, start=date(2027, 6, 1), registration_close=date(2027, 3, 1), academy="reims"))
    assert other != first


def test_a_changed_list_of_establishments_gives_new_choices_at_once() -> None:
    shipped = FileSource()
    added = Establishment("0359999X", "0359999X", "LYCÉE AJOUTÉ", "rennes", "35")

    class WithOneMore(FileSource):
        def of_academy(self, academy: str) -> tuple[Establishment, ...]:
            found = tuple(shipped.of_academy(academy))
            return (*found, added) if academy == "rennes" else found

    before = etablissement_choices()
    establishments.use_source(WithOneMore())
    try:
        after = etablissement_choices()
    finally:
        establishments.use_source(None)
    values = [c.value for c in after]
    assert "0359999X" in values and len(values) == len(before) + 1
    assert [c.value for c in etablissement_choices()] == [c.value for c in before]


def test_an_establishment_is_offered_under_its_code_with_its_printed_label() -> None:
    found = (
        Establishment("0511234A", "0511234A", "LYCÉE JEAN JAURÈS - REIMS", "reims", "51"),
        Establishment("individuels_051", "", "INDIVIDUELS 051", "reims", "51"),
    )
    assert wizard.establishment_choices(found) == (
        ChoiceView("0511234A", "LYCÉE JEAN JAURÈS - REIMS (0511234A)"),
        ChoiceView("individuels_051", "INDIVIDUELS 051"),
    )


def test_the_choices_of_256_lists_are_kept_and_a_257th_list_starts_the_cache_anew() -> None:
    wizard._ESTABLISHMENT_CHOICES.clear()
    lists = [(Establishment(f"E{i}", "", f"ÉTABLISSEMENT {i}", "reims"),) for i in range(257)]
    built = [wizard.establishment_choices(found) for found in lists[:256]]
    again = [wizard.establishment_choices(found) for found in lists[:256]]
    assert all(a is b for a, b in zip(again, built, strict=True))
    assert len(wizard._ESTABLISHMENT_CHOICES) == 256
    last = wizard.establishment_choices(lists[256])
    assert (last, len(wizard._ESTABLISHMENT_CHOICES)) == (
        (ChoiceView("E256", "ÉTABLISSEMENT 256"),),
        1,
    )
    rebuilt = wizard.establishment_choices(lists[0])
    assert rebuilt == built[0] and rebuilt is not built[0]
