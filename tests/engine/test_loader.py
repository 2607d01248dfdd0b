"""The loader: marks of every node in the merged document, includes, hashes, the compiled-spec
cache, and files that are not YAML at all, each reported as file:line:col, never a traceback."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from engine.errors import SpecLoadError
from engine.spec.loader import load_spec
from engine.specs import check_spec, load_exam
from tests.engine.factories import MINI_SPEC_HEADER

MINIMAL = MINI_SPEC_HEADER + """\
  - code: identite
    title: Identité
    role: fields
    save: true
    sections:
      - include: common/contacts.yaml
      - title: Identité
        fields:
          - code: nom
            type: text
            label: Nom
  - code: numero
    title: N°
    role: receipt
"""

CONTACTS = """\
# Two sections, spliced in place of the include.
- title: Téléphone
  fields:
    - code: telephone
      type: phone
      label: Téléphone
- title: Courriel
  fields:
    - code: courriel
      type: email
      label: Courriel
"""


@pytest.fixture()
def exams(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "common").mkdir()
    (tmp_path / "mini.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "common" / "contacts.yaml").write_text(CONTACTS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_list_fragment_is_spliced_and_its_nodes_keep_the_fragments_file(exams: Path) -> None:
    loaded = load_spec("mini.yaml")
    assert loaded.errors == []
    assert loaded.data is not None
    titles = [s["title"] for s in loaded.data["tabs"][0]["sections"]]
    assert titles == ["Téléphone", "Courriel", "Identité"]
    mark = loaded.marks.value(("tabs", 0, "sections", 1, "fields", 0, "code"))
    assert (mark.file, mark.line, mark.col) == ("common/contacts.yaml", 9, 13)
    # The spec's own section moved to index 2 and keeps its own file and line.
    mark = loaded.marks.value(("tabs", 0, "sections", 2, "fields", 0, "code"))
    assert (mark.file, mark.line, mark.col) == ("mini.yaml", 17, 19)
    key = loaded.marks.key(("tabs", 0, "sections", 2, "fields", 0, "label"))
    assert (key.line, key.col) == (19, 13)


def test_a_mapping_fragment_is_one_item(exams: Path) -> None:
    (exams / "common" / "receipt.yaml").write_text(
        "code: numero\ntitle: N°\nrole: receipt\n", encoding="utf-8"
    )
    text = MINIMAL.replace(
        "  - code: numero\n    title: N°\n    role: receipt\n", "  - include: common/receipt.yaml\n"
    )
    (exams / "mini.yaml").write_text(text, encoding="utf-8")
    exam = load_exam("mini.yaml")
    assert [t.code for t in exam.tabs] == ["identite", "numero"]
    assert exam.tabs[1].mark is not None and exam.tabs[1].mark.file == "common/receipt.yaml"


def test_dates_stay_as_written_so_the_data_is_plain_json(exams: Path) -> None:
    (exams / "mini.yaml").write_text(MINIMAL.replace('version: "1"', "version: 2025-01-01"))
    loaded = load_spec("mini.yaml")
    assert loaded.data is not None and loaded.data["exam"]["version"] == "2025-01-01"


def test_a_file_that_is_not_utf8_is_reported_at_the_bad_byte(exams: Path) -> None:
    (exams / "mini.yaml").write_bytes(
        MINIMAL.replace("MINI\n", "MINI \xe9t\xe9\n", 1).encode("latin-1")
    )
    problems = check_spec("mini.yaml").problems
    assert [str(p) for p in problems] == [
        "mini.yaml:4:15: error E003 $: the file is not UTF-8 text (byte 0xe9)"
    ]


def test_an_empty_spec_is_reported_not_loaded(exams: Path) -> None:
    (exams / "mini.yaml").write_text("# nothing yet\n")
    assert [str(p) for p in check_spec("mini.yaml").problems] == [
        "mini.yaml:1:1: error E006 $: the spec is empty"
    ]


def test_a_missing_spec_file_is_a_problem_not_an_exception(exams: Path) -> None:
    problems = check_spec("absent.yaml").problems
    assert [(p.file, p.line, p.col, p.code) for p in problems] == [("absent.yaml", 1, 1, "E008")]
    assert problems[0].message.startswith("cannot read 'absent.yaml'")


def test_a_python_tag_is_refused_as_malformed_yaml(exams: Path) -> None:
    (exams / "mini.yaml").write_text(
        MINIMAL.replace('version: "1"', "version: !!python/object/apply:os.getcwd []")
    )
    problems = check_spec("mini.yaml").problems
    assert [(p.line, p.col, p.code) for p in problems] == [(7, 12, "E001")]


def test_a_fragment_is_found_in_the_projects_exams_folder_from_elsewhere(tmp_path: Path) -> None:
    # tests/specs/ has no common/ of its own: the project's exams/common/ is used.
    text = MINIMAL.replace("common/contacts.yaml", "common/amenagement.yaml")
    (tmp_path / "elsewhere.yaml").write_text(text, encoding="utf-8")
    exam = load_exam(tmp_path / "elsewhere.yaml")
    assert "amenagement" in [f.code for f in exam.fields]


def test_the_source_hash_covers_the_fragments(exams: Path) -> None:
    first = load_exam("mini.yaml")
    (exams / "common" / "contacts.yaml").write_text(CONTACTS.replace("Courriel", "E-mail"))
    second = load_exam("mini.yaml")
    assert first.source_hash != second.source_hash
    assert second.tabs[0].sections[1].title == "E-mail"


def test_a_second_load_of_an_unchanged_spec_is_a_cache_hit(exams: Path) -> None:
    old = time.time() - 60  # older than the racy window: the stat stamp is trusted
    for f in (exams / "mini.yaml", exams / "common" / "contacts.yaml"):
        os.utime(f, (old, old))
    first = load_exam("mini.yaml")
    started = time.perf_counter()
    second = load_exam("mini.yaml")
    elapsed = time.perf_counter() - started
    assert second is first
    assert elapsed < 0.005


def test_an_edit_of_the_same_size_right_after_a_load_is_seen(exams: Path) -> None:
    first = load_exam("mini.yaml")
    (exams / "mini.yaml").write_text(MINIMAL.replace("label: Nom", "label: Rom"))
    second = load_exam("mini.yaml")
    assert second is not first
    assert second.fields[-1].label == "Rom"


def test_load_exam_raises_with_every_error_of_the_spec(exams: Path) -> None:
    (exams / "mini.yaml").write_text(
        MINIMAL.replace("role: fields", "role: feilds").replace("type: text", "type: txt")
    )
    with pytest.raises(SpecLoadError) as caught:
        load_exam("mini.yaml")
    assert [(e.line, e.code) for e in caught.value.errors] == [(11, "E104"), (18, "E104")]
    assert "mini.yaml:11:11: error E104 $.tabs[0].role" in str(caught.value)


def test_an_unsaved_draft_is_checked_from_its_text_with_the_fragments_of_its_folder(
    exams: Path,
) -> None:
    from engine.specs import check_source

    draft = MINIMAL.replace("role: fields", "role: feilds")
    checked = check_source(draft, "mini.yaml")
    assert [str(p) for p in checked.problems] == [
        "mini.yaml:11:11: error E104 $.tabs[0].role: 'role' cannot be 'feilds': allowed "
        "acceptance, fields, acquis, units, summary, conditions, receipt (did you mean 'fields'?)"
    ]
    assert check_source(MINIMAL, "mini.yaml").exam is not None
    # The file on disk was not read: an unsaved draft of a spec that does not exist works too.
    assert check_source(MINIMAL, "new.yaml").exam is not None


def test_a_fragment_included_twice_is_reported_as_such(exams: Path) -> None:
    text = MINIMAL.replace(
        "      - include: common/contacts.yaml\n",
        "      - include: common/contacts.yaml\n      - include: common/contacts.yaml\n",
    )
    (exams / "mini.yaml").write_text(text, encoding="utf-8")
    problems = check_spec("mini.yaml").problems
    assert [str(p) for p in problems] == [
        "common/contacts.yaml:4:13: error E201 $.tabs[0].sections[2].fields[0].code: duplicate "
        "field code 'telephone' (first at the same lines, included twice)",
        "common/contacts.yaml:9:13: error E201 $.tabs[0].sections[3].fields[0].code: duplicate "
        "field code 'courriel' (first at the same lines, included twice)",
    ]


def test_exam_identities_list_the_exams_and_leave_out_a_file_that_is_not_yaml(
    exams: Path,
) -> None:
    from engine.specs import exam_identities

    (exams / "broken.yaml").write_text('exam: {code: "x\n')
    assert exam_identities(exams) == [
        {"code": "mini", "label": "MINI", "short_label": "MINI", "domain": "examen"}
    ]


def test_exam_identities_parse_each_file_once_per_version_and_follow_an_edit(
    exams: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import engine.specs as specs

    parsed: list[bytes] = []
    real = specs._parse_identity
    monkeypatch.setattr(specs, "_parse_identity", lambda raw: parsed.append(raw) or real(raw))
    first = specs.exam_identities(exams)
    assert specs.exam_identities(exams) == first and len(parsed) == 1
    spec = exams / "mini.yaml"
    spec.write_text(spec.read_text().replace("label: MINI", "label: MINI MODIFIÉ", 1))
    assert [i["label"] for i in specs.exam_identities(exams)] == ["MINI MODIFIÉ"]
    assert len(parsed) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: &a\n  b: *a\n",
            "1:4: error E001 $.a.b: malformed YAML: an alias (*name) refers to "
            "a node that contains it",
        ),
        (
            "x: " + "[" * 500 + "]" * 500 + "\n",
            "1:68: error E001 $.x"
            + "[0]" * 64
            + ": malformed YAML: nested more than 64 levels deep",
        ),
        (
            "a: &a ["
            + ", ".join(['"x"'] * 60)
            + "]\n"
            + "".join(
                f"{n}: &{n} [{', '.join([f'*{p}'] * 60)}]\n"
                for p, n in zip("abc", "bcd", strict=True)
            ),
            "error E001",
        ),
    ],
    ids=["recursive alias", "deep nesting", "alias bomb"],
)
def test_hostile_yaml_is_a_problem_not_a_crash_nor_a_hang(
    exams: Path, text: str, expected: str
) -> None:
    (exams / "mini.yaml").write_text(text, encoding="utf-8")
    started = time.perf_counter()
    problems = check_spec("mini.yaml").problems
    assert time.perf_counter() - started < 5
    assert len(problems) == 1 and expected in str(problems[0])


def test_a_category_registered_by_its_establishment_is_marked_not_self_registering(
    exams: Path,
) -> None:
    text = MINIMAL + (
        "categories:\n"
        "  - {code: individuel, label: INDIVIDUEL, formes: [globale], unit_mode: ponctuel}\n"
        "  - code: scolaire\n"
        "    label: SCOLAIRE\n"
        "    formes: [globale]\n"
        "    unit_mode: ccf\n"
        "    self_registration: false\n"
    )
    (exams / "mini.yaml").write_text(text, encoding="utf-8")
    exam = load_exam("mini.yaml")
    assert [(c.code, c.self_registration) for c in exam.categories] == [
        ("individuel", True),
        ("scolaire", False),
    ]


def test_an_include_cannot_reach_outside_the_exams_folder(exams: Path) -> None:
    (exams.parent / "secret.yaml").write_text("- title: secret\n  fields: []\n")
    text = MINIMAL.replace("common/contacts.yaml", "../secret.yaml")
    (exams / "mini.yaml").write_text(text, encoding="utf-8")
    problems = check_spec("mini.yaml").problems
    assert [str(p) for p in problems] == [
        "mini.yaml:14:18: error E004 $.tabs[0].sections[0]: included file '../secret.yaml' not "
        "found in the exams folder (in mini.yaml)"
    ]
