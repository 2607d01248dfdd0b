"""`categories:` of a unit: only the candidates of those categories take it; the spec diff,
`engine show` and the documentation page say so."""

from __future__ import annotations

import dataclasses

from engine.doc.page import build_page
from engine.rules import selection, speciality_units
from engine.spec.diff import diff_exams
from engine.spec.show import render_exam
from tests.engine.results_support import exam


def _codes(category: str | None) -> list[str]:
    fields = {"categorie": category} if category else {}
    return [u.code for u in speciality_units(selection(exam("cfg"), fields))]


def test_a_unit_of_some_categories_is_no_unit_of_the_others_nor_before_the_choice() -> None:
    assert _codes("individuel") == ["001", "002", "003"]
    assert _codes("scolaire")[:2] == ["001", "D11"] and "002" not in _codes("scolaire")
    assert _codes(None) == ["001"]  # category not chosen yet: the units of every category


def test_the_diff_shows_a_unit_now_taken_by_other_categories_for_their_candidatures() -> None:
    old = exam("cfg")
    units = tuple(
        dataclasses.replace(u, categories=()) if u.code == "002" else u for u in old.common_units
    )
    new = dataclasses.replace(old, common_units=units)
    [change] = [c for c in diff_exams(old, new) if c.kind == "unit_categories"]
    assert (change.level, change.code) == ("action", "002")
    assert change.detail == "taken by individuel → every category"
    assert change.match.values == (("categorie", ("scolaire",)),)


def test_show_and_the_documentation_page_name_the_categories_of_a_unit() -> None:
    shown = render_exam(exam("cfg"))
    assert "D2 taken by categories: scolaire" in shown
    page = build_page(exam("cfg"), "exams/cfg.yaml")
    rows = {u.code: u for s in page.specialities for u in s.units}
    assert rows["D2"].modes == "Candidats SCOLAIRE seulement"
    assert rows["001"].modes == "SCOLAIRE : Ponctuel"


def test_units_added_for_a_new_category_concern_only_its_candidatures() -> None:
    old = exam("cfg")
    before = dataclasses.replace(
        old,
        categories=old.categories[:1],
        common_units=tuple(
            dataclasses.replace(u, categories=(), modes={})
            for u in old.common_units
            if not u.categories or "individuel" in u.categories
        ),
    )
    changes = diff_exams(before, old)
    assert not [c for c in changes if c.level == "breaking"]  # no saved scolaire yet
    added = [c for c in changes if c.kind == "unit_added"]
    assert len(added) == 8
    assert {c.match.values for c in added} == {(("categorie", ("scolaire",)),)}
