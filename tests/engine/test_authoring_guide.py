"""docs/authoring.md stays true: its six YAML parts, assembled as the guide says, make an exam
that validates without a warning, and what the guide shows of it (the validator's message,
`engine show`, the rules met in the preview, `engine diff`) is what the tools print."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from engine.__main__ import main
from engine.answers import empty_answers
from engine.conditions import SessionCalendar
from engine.rules import compute_units
from engine.spec.model import Exam
from engine.specs import check_spec
from engine.wizard import build_state, validate_tab

REPO = Path(__file__).resolve().parents[2]
GUIDE = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
PART = re.compile(r"```yaml\n(# exams/bp_coiffure\.yaml, part (\d) of (\d):.*?)```", re.S)
# The edit section 9 of the guide describes.
EDITS = (
    ('version: "2027.1"', 'version: "2027.2"'),
    ("annees_experience", "annees_activite"),
    ("        coefficient: 6\n", "        coefficient: 7\n"),
)
JUNE_2027 = SessionCalendar(
    year=2027, start=dt.date(2027, 6, 1), registration_close=dt.date(2027, 1, 15)
)


def guide_spec() -> str:
    parts = PART.findall(GUIDE)
    assert [(int(n), int(total)) for _, n, total in parts] == [(n, 6) for n in range(1, 7)]
    return "".join(text for text, _, _ in parts)


def block_after(marker: str) -> str:
    """The first fenced block of the guide after `marker`."""
    tail = GUIDE.split(marker, 1)[1]
    opening = tail.split("```", 1)[1]  # ``` or ```yaml, then the block's first line
    return opening.split("\n", 1)[1].split("\n```", 1)[0]


@pytest.fixture
def spec_path(tmp_path: Path) -> Path:
    """The spec as the author writes it: exams/bp_coiffure.yaml beside exams/common/."""
    exams = tmp_path / "exams"
    shutil.copytree(REPO / "exams" / "common", exams / "common")
    path = exams / "bp_coiffure.yaml"
    path.write_text(guide_spec(), encoding="utf-8")
    return path


@pytest.fixture
def bp(spec_path: Path) -> Exam:
    checked = check_spec(spec_path)
    assert [str(p) for p in checked.problems] == []
    assert checked.exam is not None
    return checked.exam


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(list(args))
    return status, capsys.readouterr().out


def test_the_unquoted_colon_gives_the_message_the_guide_shows(
    spec_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    quoted = 'reason: "Vous avez déclaré un diplôme du secteur : joignez-en la copie."'
    text = spec_path.read_text(encoding="utf-8")
    assert text.count(quoted) == 1
    spec_path.write_text(text.replace(quoted, quoted.replace('"', "")), encoding="utf-8")
    monkeypatch.chdir(spec_path.parents[1])
    status, out = run(capsys, "validate", "exams/bp_coiffure.yaml")
    assert status == 1
    assert out.strip() == block_after("it would print:").strip()


def test_show_prints_the_lines_the_guide_quotes(
    spec_path: Path, bp: Exam, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out = run(capsys, "show", str(spec_path))
    shown = out.splitlines()
    quoted = [line for line in block_after("For the BP,\namong others:").splitlines()]
    assert [line for line in quoted if line != "…" and line not in shown] == []


def _answers(**fields: Any) -> dict[str, Any]:
    answers = empty_answers()
    answers["fields"].update(
        {"categorie": "individuel", "specialite": "coiffure", "forme": "globale", **fields}
    )
    return answers


def test_the_rules_the_guide_has_the_author_try_in_the_preview(bp: Exam) -> None:
    refused = build_state(
        bp, _answers(diplome_acces="cap_coiffure", annees_experience=1), JUNE_2027
    )
    message = bp.fields[[f.code for f in bp.fields].index("annees_experience")].refuse_message
    assert validate_tab(refused, "informations")["annees_experience"] == message
    three_years = _answers(diplome_acces="cap_coiffure", annees_experience=3)
    assert "annees_experience" not in validate_tab(
        build_state(bp, three_years, JUNE_2027), "informations"
    )
    dispensed = _answers()
    dispensed["acquis"]["diplomas"] = [{"diploma": "niveau4", "year": 2015}]
    e4 = next(u for u in compute_units(bp, dispensed, JUNE_2027) if u.code == "E4")
    assert e4.status == "dispense"
    assert e4.reason.startswith("Vous êtes titulaire d'un diplôme qui dispense de cette épreuve")
    twice = _answers()
    twice["units"] = {"chosen": ["EF"], "languages": {"E5": "anglais", "EF": "anglais"}}
    errors = validate_tab(build_state(bp, twice, JUNE_2027), "epreuves")
    assert errors == {"units.languages.EF": "Cette langue est déjà choisie pour l'épreuve E5."}
    assert "« Cette langue est déjà choisie pour l'épreuve E5. »" in GUIDE


def test_the_diff_the_guide_shows_is_the_one_of_the_edit_it_describes(
    spec_path: Path, bp: Exam, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = spec_path.read_text(encoding="utf-8")
    for old, new in EDITS:
        assert old in text
        text = text.replace(old, new)
    next_version = spec_path.parent / "next" / "bp_coiffure.yaml"
    next_version.parent.mkdir()
    next_version.write_text(text, encoding="utf-8")
    monkeypatch.chdir(spec_path.parents[1])
    _, out = run(capsys, "diff", "exams/bp_coiffure.yaml", "exams/next/bp_coiffure.yaml")
    shown = block_after('and `version: "2027.2"`:')
    # The guide runs `diff --git HEAD`: the first line names the committed version.
    assert out.splitlines()[1:] == shown.splitlines()[1:]
    assert shown.splitlines()[0] == (
        "HEAD:exams/bp_coiffure.yaml (version 2027.1) → exams/bp_coiffure.yaml (version 2027.2)"
    )


def test_the_documentation_page_states_the_field_s_messages_and_refusal(
    spec_path: Path, bp: Exam, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _ = run(capsys, "doc", str(spec_path), "--out", str(tmp_path / "site"))
    assert status == 0
    page = (tmp_path / "site" / "bp_coiffure.html").read_text(encoding="utf-8")
    assert "≥ 0 : « Le nombre d&#39;années ne peut pas être négatif. »" in page
    assert "≤ 45 : « Indiquez au plus 45 années d&#39;activité. »" in page
    assert (
        "Refusé si (Diplôme donnant accès au brevet professionnel égal à Aucun diplôme du "
        "secteur et Années d&#39;activité professionnelle dans la coiffure &lt; 5) ou (" in page
    )
    assert "cinq années sans ce diplôme. »" in page


def test_the_migration_rules_of_the_guide_cover_its_edit(
    spec_path: Path, bp: Exam, capsys: pytest.CaptureFixture[str]
) -> None:
    text = spec_path.read_text(encoding="utf-8")
    for old, new in EDITS:
        text = text.replace(old, new)
    rules = block_after("written at the end of the new version:")
    next_version = spec_path.parent / "next" / "bp_coiffure.yaml"
    next_version.parent.mkdir()
    next_version.write_text(text + "\n" + rules + "\n", encoding="utf-8")
    status, out = run(capsys, "diff", "--strict", str(spec_path), str(next_version))
    assert status == 0
    covered = [line for line in out.splitlines() if "covered by migration rule" in line]
    assert covered == block_after("each breaking change saying which rule covers it:").splitlines()
