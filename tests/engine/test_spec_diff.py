"""The typed spec diff on two real versions of the CAP: each change classed, the saved
answers it concerns, the migration rules that cover it, and the answers they rewrite."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from engine.spec.changes import Change
from engine.spec.diff import diff_exams
from engine.spec.migrate import affected, matches, migrate_answers, uncovered, verdicts
from engine.spec.model import Exam, Field
from engine.specs import check_source, load_exam
from tests.engine.cap_versions import CAP, MIGRATIONS, next_cap


def compile_text(text: str, tmp_path: Path) -> Exam:
    checked = check_source(text, tmp_path / "cap.yaml")
    assert checked.exam is not None, [str(p) for p in checked.errors]
    return checked.exam


@pytest.fixture()
def versions(tmp_path: Path) -> tuple[Exam, Exam]:
    return load_exam(CAP), compile_text(next_cap(), tmp_path)


def by_kind(changes: list[Change]) -> dict[str, list[Change]]:
    out: dict[str, list[Change]] = {}
    for c in changes:
        out.setdefault(c.kind, []).append(c)
    return out


def saved(speciality: str, languages: dict[str, str] | None = None) -> dict[str, object]:
    return {
        "fields": {"categorie": "individuel", "specialite": speciality, "forme": "globale"},
        "acquis": {"diplomas": [], "grades": [], "renounced": []},
        "units": {"chosen": list(languages or {}), "languages": languages or {}},
    }


def test_a_spec_compared_with_itself_has_no_change(cap: Exam) -> None:
    assert diff_exams(cap, cap) == []


def test_the_next_cap_adds_a_speciality_raises_a_coefficient_and_removes_a_language(
    versions: tuple[Exam, Exam],
) -> None:
    changes = diff_exams(*versions)
    kinds = by_kind(changes)
    assert sorted(kinds) == ["coefficient", "language_removed", "speciality_added"]
    [coef] = kinds["coefficient"]
    assert (coef.level, coef.subject, coef.old, coef.new) == (
        "breaking",
        "unit EP1 of speciality 'cuisine'",
        "4",
        "5",
    )
    [language] = kinds["language_removed"]
    assert (language.level, language.subject, language.code) == (
        "breaking",
        "common unit UF_LV",
        "arabe",
    )
    [added] = kinds["speciality_added"]
    assert (added.level, added.code) == ("safe", "boulanger")
    assert [c.level for c in changes] == ["breaking", "breaking", "safe"]


def test_each_change_names_the_saved_answers_it_affects(versions: tuple[Exam, Exam]) -> None:
    changes = by_kind(diff_exams(*versions))
    answers = {
        "cuisine-anglais": saved("cuisine", {"UF_LV": "anglais"}),
        "cuisine-arabe": saved("cuisine", {"UF_LV": "arabe"}),
        "patissier-arabe": saved("patissier", {"UF_LV": "arabe"}),
        "coiffure": saved("metiers_coiffure"),
    }
    assert affected(changes["coefficient"][0], answers) == ["cuisine-anglais", "cuisine-arabe"]
    assert affected(changes["language_removed"][0], answers) == ["cuisine-arabe", "patissier-arabe"]
    assert affected(changes["speciality_added"][0], answers) == list(answers)  # safe: all


def test_without_migrations_both_breaking_changes_are_uncovered(
    versions: tuple[Exam, Exam],
) -> None:
    old, new = versions
    left = uncovered(diff_exams(old, new), new, old.version)
    assert [c.kind for c in left] == ["coefficient", "language_removed"]


def test_migration_rules_cover_the_changes_for_the_sessions_they_name(tmp_path: Path) -> None:
    old, new = load_exam(CAP), compile_text(next_cap(MIGRATIONS), tmp_path)
    changes = diff_exams(old, new)
    assert uncovered(changes, new, old.version) == []
    assert uncovered(changes, new, old.version, session_year=2027) == []
    # The coefficient is accepted from the 2027 session only: a 2026 session still breaks.
    assert [c.kind for c in uncovered(changes, new, old.version, session_year=2026)] == [
        "coefficient"
    ]
    # A rule limited to another earlier version covers nothing here.
    other = compile_text(
        next_cap(
            MIGRATIONS.replace(
                "  - accept: [coefficient]", "  - from_version: '2025.1'\n    accept: [coefficient]"
            )
        ),
        tmp_path,
    )
    assert [v.change.kind for v in verdicts(changes, other, old.version) if not v.covered] == [
        "coefficient"
    ]


def test_a_choices_rule_rewrites_the_saved_value_and_covers_its_removal(tmp_path: Path) -> None:
    text = next_cap().replace("  - code: metiers_coiffure\n", "  - code: coiffure\n")
    old = load_exam(CAP)
    plain = compile_text(text, tmp_path)
    [renamed] = [c for c in diff_exams(old, plain) if c.kind == "speciality_removed"]
    assert (renamed.old, renamed.new, renamed.field) == (
        "metiers_coiffure",
        "coiffure",
        "specialite",
    )
    assert renamed in uncovered(diff_exams(old, plain), plain, old.version)
    rule = "\nmigrations:\n  - field: specialite\n    choices: {metiers_coiffure: coiffure}\n"
    new = compile_text(text + rule, tmp_path)
    assert renamed.kind not in {c.kind for c in uncovered(diff_exams(old, new), new, "2026.1")}
    before = saved("metiers_coiffure", {"UF_LV": "anglais"})
    after = migrate_answers(new, before, old.version)
    assert after["fields"]["specialite"] == "coiffure"
    assert before["fields"]["specialite"] == "metiers_coiffure"  # the saved copy is kept


def test_a_units_rule_rewrites_chosen_units_grades_and_languages(tmp_path: Path) -> None:
    rule = "\nmigrations:\n  - units: {UF_LV: UF_MOB}\n    reason: test\n"
    new = compile_text(next_cap(rule), tmp_path)
    answers = saved("cuisine", {"UF_LV": "anglais"})
    answers["acquis"] = {
        "grades": [{"unit": "UF_LV", "grade": 12, "year": 2024}],
        "renounced": ["UF_LV"],
        "diplomas": [],
    }
    out = migrate_answers(new, answers, "2026.1")
    assert out["units"] == {"chosen": ["UF_MOB"], "languages": {"UF_MOB": "anglais"}}
    assert out["acquis"]["grades"][0]["unit"] == "UF_MOB"
    assert out["acquis"]["renounced"] == ["UF_MOB"]


def test_field_changes_are_classed_by_what_the_candidate_must_do(cap: Exam) -> None:
    optional = [f for f in cap.fields if f.required is False and f.type == "text"]
    made_required, dropped = optional[0], optional[1]
    relabelled = next(f for f in cap.fields if f.required is True and f.type == "text")

    def edit(f: Field) -> Field:
        if f.code == made_required.code:
            return replace(f, required=True)
        return replace(f, label="Nouveau libellé") if f.code == relabelled.code else f

    tabs = tuple(
        replace(
            t,
            sections=tuple(
                replace(s, fields=tuple(edit(f) for f in s.fields if f.code != dropped.code))
                for s in t.sections
            ),
        )
        for t in cap.tabs
    )
    changes = by_kind(diff_exams(cap, replace(cap, tabs=tabs)))
    [now_required] = changes["required"]
    assert (now_required.level, now_required.code) == ("action", made_required.code)
    assert matches(now_required.match, {"fields": {}})
    assert not matches(now_required.match, {"fields": {made_required.code: "x"}})
    [label] = changes["label"]
    assert (label.level, label.new) == ("safe", "Nouveau libellé")
    [removed] = changes["field_removed"]
    assert (removed.level, removed.code) == ("breaking", dropped.code)
    assert matches(removed.match, {"fields": {dropped.code: "x"}})
    assert not matches(removed.match, {"fields": {}})
