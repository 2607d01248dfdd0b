"""`python -m engine validate|show`: one line per problem, a count, the exit status CI reads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from engine.__main__ import main
from engine.spec.model import Exam

REPO = Path(__file__).resolve().parents[2]
BROKEN = Path(__file__).parent / "broken"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    status = main(list(args))
    return status, capsys.readouterr().out.splitlines()


def test_validating_the_three_real_specs_says_ok_and_exits_zero(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    status, lines = run(capsys, "validate", "exams/cap.yaml", "exams/bacpro.yaml", "exams/cfg.yaml")
    assert status == 0
    assert lines == ["exams/bacpro.yaml: OK", "exams/cap.yaml: OK", "exams/cfg.yaml: OK"]


def test_problems_are_sorted_by_file_and_line_then_counted_and_fail(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BROKEN)
    status, lines = run(
        capsys, "validate", "unknown_role.yaml", "receipt_not_last.yaml", "text_never_used.yaml"
    )
    assert status == 1
    assert [line.split(": ", 1)[0] for line in lines[:-1]] == [
        "receipt_not_last.yaml:32:11",
        "receipt_not_last.yaml:36:11",
        "text_never_used.yaml:11:3",
        "unknown_role.yaml:11:11",
    ]
    assert lines[-1] == "4 problems (3 errors, 1 warning)"


def test_warnings_alone_do_not_fail_unless_strict(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BROKEN)
    status, lines = run(capsys, "validate", "choice_group_single_option.yaml")
    assert status == 0
    assert lines == [
        "choice_group_single_option.yaml:76:12: warning W202 $.choice_groups[0].units: "
        "choice group 'langues' offers a single unit 'UF_LV'",
        "1 problem (0 errors, 1 warning)",
    ]
    status, _ = run(capsys, "validate", "--strict", "choice_group_single_option.yaml")
    assert status == 1


def test_hints_are_printed_under_each_problem_on_request(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BROKEN)
    _, lines = run(capsys, "validate", "--hints", "no_save_tab.yaml")
    assert lines[1] == "    hint: Put `save: true` on exactly one tab, before the receipt."


def test_show_prints_tabs_fields_and_each_specialitys_units_table(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    status, lines = run(capsys, "show", "exams/cap.yaml")
    assert status == 0
    text = "\n".join(lines)
    assert "  8. Conditions d'inscription [conditions] (conditions, Enregistrer)" in lines
    assert '       - specialite: speciality "Spécialité" — required' in lines
    assert "Speciality aepe: Accompagnant éducatif petite enfance" in lines
    header = next(line for line in lines if line.strip().startswith("code"))
    assert header.split() == [
        "code",
        "label",
        "group",
        "kind",
        "coef",
        "duration",
        "optional",
        "variants",
    ]
    ep3 = next(line for line in lines if line.strip().startswith("EP3 ") and "individuel" in line)
    assert ep3.split()[-1] == "aepe_agrement_am"
    assert "Acquis rules" in text and "Pieces justificatives" in text


def test_show_of_a_broken_spec_prints_its_errors_and_fails(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BROKEN)
    status, lines = run(capsys, "show", "no_save_tab.yaml")
    assert status == 1
    assert lines[0].startswith("no_save_tab.yaml:12:3: error E212")


def test_the_module_runs_as_a_command_and_a_broken_yaml_gives_no_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "engine", "validate", "malformed_yaml.yaml", "tab_indentation.yaml"],
        cwd=BROKEN,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO)},
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        "malformed_yaml.yaml:4:10: error E001 $: YAML mal formé : le guillemet ouvert ici "
        "n'est jamais fermé",
        "tab_indentation.yaml:3:1: error E002 $: une tabulation sert d'indentation : YAML "
        "n'indente qu'avec des espaces",
        "2 problems (2 errors, 0 warnings)",
    ]


def test_a_folder_stands_for_the_specs_it_holds_but_not_its_fragments(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    status, lines = run(capsys, "validate", "exams")
    assert status == 0
    assert lines == ["exams/bacpro.yaml: OK", "exams/cap.yaml: OK", "exams/cfg.yaml: OK"]


def test_two_specs_with_the_same_exam_code_are_an_error_on_the_second(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cfg = (REPO / "exams" / "cfg.yaml").read_text(encoding="utf-8")
    (tmp_path / "cfg.yaml").write_text(cfg, encoding="utf-8")
    (tmp_path / "cfg_copie.yaml").write_text(cfg, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status, lines = run(capsys, "validate", ".")
    line = next(n for n, text in enumerate(cfg.splitlines(), 1) if text.startswith("  code: cfg"))
    assert status == 1
    assert lines == [
        f"cfg_copie.yaml:{line}:9: error E230 $.exam.code: exam code 'cfg' is already the "
        "code of cfg.yaml",
        "cfg.yaml: OK",
        "1 problem (1 error, 0 warnings)",
    ]


def test_show_summarises_every_real_spec_as_make_run_does(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    status, lines = run(capsys, "show", "exams/bacpro.yaml", "exams/cap.yaml", "exams/cfg.yaml")
    assert status == 0
    titles = [line for line in lines if " — " in line and "(" in line and "version" in line]
    assert [t.split(" — ")[0] for t in titles] == ["BAC PRO", "CAP", "CFG"]


def test_show_prints_long_labels_and_texts_whole(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, cap: Exam
) -> None:
    monkeypatch.chdir(REPO)
    status, lines = run(capsys, "show", "exams/cap.yaml")
    assert status == 0
    eg1 = next(line for line in lines if line.strip().startswith("EG1 "))
    assert "Français et histoire-géographie-enseignement moral et civique  obligatoires" in eg1
    assert f"  legal_notice: {cap.texts['legal_notice']}" in lines
    assert not any("…" in line for line in lines)


def test_shorten_keeps_a_short_text_and_cuts_a_long_one_at_a_word() -> None:
    from engine.spec.show import shorten

    assert shorten("Pâtissier", 9) == "Pâtissier"
    assert shorten("Entremets et petits gâteaux", 20) == "Entremets et petits…"
    assert len(shorten("x" * 80, 10)) == 10


def test_engine_show_prints_the_official_codes_sessions_and_offer_conditions() -> None:
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-m", "engine", "show", "exams/cap.yaml"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Speciality cuisine: Cuisine (sessions from 2026)" in out
    assert "UF_MOB (UF2)" in out and "yes if {field: periode_etranger, equals: true}" in out
    assert "units EP1, EP3 (sessions months 12)" in out


def test_show_prints_everything_the_spec_holds(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, cap: Exam
) -> None:
    monkeypatch.chdir(REPO)
    _, lines = run(capsys, "show", "exams/cap.yaml")
    text = "\n".join(lines)
    individuel = next(c for c in cap.categories if c.code == "individuel")
    assert f"      ineligible message: {individuel.ineligible_message}" in lines
    assert "    UF_LV languages: anglais, allemand, espagnol, italien, portugais, arabe" in lines
    assert (
        "    UF_LV mode by category: fpc_public ponctuel, scolaire ponctuel, apprenti "
        "ponctuel" in lines
    )
    assert "  - scolaire: ccf (except UF_LV ponctuel, UF_AA ponctuel, UF_MOB ponctuel)" in lines
    assert '       - nom_pere: text "Nom du père" — required, max length 50' in lines
    for f in cap.fields:
        if f.help:
            assert f"           help: {f.help}" in lines, f.code
    for p in cap.pieces:
        assert p.label in text and (not p.reason or f"      reason: {p.reason}" in lines)
    for r in cap.acquis_rules:
        assert f'"{r.label}"' in text
    assert "birth date field: date_naissance" in lines
    assert "Pieces justificatives (confirmation returned 21 days after the close)" in lines
    assert "Forme progressive: 1..all units per session" in lines


def test_show_prints_bounds_choices_and_migrations(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tests.engine.cap_versions import MIGRATIONS, write_next_cap

    monkeypatch.chdir(REPO)
    _, lines = run(capsys, "show", str(write_next_cap(tmp_path, MIGRATIONS)))
    assert "Migrations" in lines
    assert (
        "  1. accept coefficient for EP1 (sessions from 2027) — Arrêté modifiant le "
        "coefficient de l'EP1 de Cuisine à compter de la session 2027" in lines
    )
    assert '           choices: M "Masculin", F "Féminin"' in lines


def test_show_prints_the_messages_and_refusal_of_a_field(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(REPO)
    cfg = (REPO / "exams" / "cfg.yaml").read_text(encoding="utf-8")
    field = """          - code: categorie
            type: category
            label: Catégorie du candidat
            required: true
          - code: annees_activite
            type: integer
            label: Années d'activité
            min: 0
            max: 45
            min_message: Le nombre d'années ne peut pas être négatif.
            max_message: Indiquez au plus 45 années.
            refuse_if: {field: annees_activite, lt: 2}
            refuse_message: Il faut deux années d'activité.
"""
    category = field.split("          - code: annees_activite")[0]
    assert cfg.count(category) == 1
    spec = tmp_path / "cfg.yaml"
    spec.write_text(cfg.replace(category, field), encoding="utf-8")
    status, lines = run(capsys, "show", str(spec))
    assert status == 0, lines
    assert "           min message: Le nombre d'années ne peut pas être négatif." in lines
    assert "           max message: Indiquez au plus 45 années." in lines
    assert (
        "           refused if {field: annees_activite, lt: 2}: Il faut deux années d'activité."
        in lines
    )
