"""Parts shared by every exam live in exams/common/: the identity piece with the exam's own
return date (pieces_defaults)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.spec.model import Exam
from engine.specs import check_spec, load_exam
from tests.engine.factories import MINI_SPEC_HEADER

SPEC = MINI_SPEC_HEADER + """\
  - code: identite
    title: Identité
    role: fields
    save: true
    sections:
      - title: Identité
        fields:
          - code: nom
            type: text
            label: Nom
  - code: numero
    title: N°
    role: receipt
"""

PIECES = """\
pieces:
  - include: common/piece.yaml
  - code: photo
    label: Photographie
    deadline_days_after_close: 3
"""

SHARED_PIECE = """\
- code: piece_identite
  label: Pièce d'identité
"""


@pytest.fixture()
def exams(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "piece.yaml").write_text(SHARED_PIECE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_shared_piece_takes_the_exams_return_date_and_a_pieces_own_date_wins(
    exams: Path,
) -> None:
    defaults = "pieces_defaults:\n  deadline_days_after_close: 21\n  formats: [pdf, jpg]\n"
    (exams / "mini.yaml").write_text(SPEC + defaults + PIECES, encoding="utf-8")
    pieces = {p.code: p for p in load_exam("mini.yaml").pieces}
    assert pieces["piece_identite"].deadline_days_after_close == 21
    assert pieces["piece_identite"].formats == ("pdf", "jpeg")  # jpg is the JPEG type
    assert pieces["photo"].deadline_days_after_close == 3
    assert pieces["photo"].max_size_mb == 5 and pieces["photo"].delivery == "upload"


def test_without_pieces_defaults_a_piece_is_due_at_the_close_as_pdf(exams: Path) -> None:
    (exams / "mini.yaml").write_text(SPEC + PIECES, encoding="utf-8")
    piece = load_exam("mini.yaml").pieces[0]
    assert (piece.deadline_days_after_close, piece.formats, piece.max_size_mb) == (0, ("pdf",), 5)


def test_a_misspelt_key_of_pieces_defaults_is_reported_at_its_line(exams: Path) -> None:
    defaults = "pieces_defaults:\n  deadline_days_after_closing: 21\n"
    (exams / "mini.yaml").write_text(SPEC + defaults + PIECES, encoding="utf-8")
    assert [str(p) for p in check_spec("mini.yaml").problems] == [
        "mini.yaml:23:3: error E101 $.pieces_defaults.deadline_days_after_closing: unknown key "
        "'deadline_days_after_closing' (did you mean 'deadline_days_after_close'?)"
    ]


def test_a_negative_return_date_is_refused(exams: Path) -> None:
    defaults = "pieces_defaults: {deadline_days_after_close: -1}\n"
    (exams / "mini.yaml").write_text(SPEC + defaults + PIECES, encoding="utf-8")
    problems = check_spec("mini.yaml").problems
    assert [(p.line, p.col, p.severity) for p in problems] == [(22, 46, "error")]


@pytest.mark.parametrize(("spec", "days"), [("cap", 21), ("bacpro", 21), ("cfg", 7)])
def test_the_real_specs_share_the_identity_piece_with_their_academys_return_date(
    spec: str, days: int, request: pytest.FixtureRequest
) -> None:
    exam: Exam = request.getfixturevalue(spec)
    identity = next(p for p in exam.pieces if p.code == "piece_identite")
    assert identity.deadline_days_after_close == days
    assert identity.required_if is None and identity.formats == ("pdf",)
    assert "piece_identite" not in (Path("exams") / f"{spec}.yaml").read_text(encoding="utf-8")


SHARED_TEXTS = """\
legal_notice: Notice commune.
receipt_saved: Enregistrée le {date}.
"""


def write_texts_spec(exams: Path, texts: str, fragment: str = SHARED_TEXTS) -> None:
    (exams / "common" / "texts.yaml").write_text(fragment, encoding="utf-8")
    (exams / "mini.yaml").write_text(SPEC + texts, encoding="utf-8")


def test_shared_texts_are_included_and_a_text_written_in_the_exam_replaces_its_own(
    exams: Path,
) -> None:
    write_texts_spec(exams, "texts:\n  include: common/texts.yaml\n"
                            "  receipt_saved: Inscription enregistrée.\n")
    checked = check_spec("mini.yaml")
    assert checked.problems == ()
    assert checked.exam is not None
    assert dict(checked.exam.texts) == {
        "legal_notice": "Notice commune.", "receipt_saved": "Inscription enregistrée."}
    assert exams / "common" / "texts.yaml" in checked.files


def test_a_shared_text_nothing_uses_is_warned_about_in_the_fragment(exams: Path) -> None:
    write_texts_spec(exams, "texts: {include: common/texts.yaml}\n",
                     SHARED_TEXTS + "oublie: Jamais affiché.\n")
    assert [str(p) for p in check_spec("mini.yaml").problems] == [
        "common/texts.yaml:3:1: warning W204 $.texts.oublie: text 'oublie' is never used"]


def test_a_missing_texts_fragment_is_reported_at_the_include(exams: Path) -> None:
    write_texts_spec(exams, "texts:\n  include: common/textes.yaml\n")
    assert [str(p) for p in check_spec("mini.yaml").problems] == [
        "mini.yaml:23:12: error E004 $.texts.include: included file 'common/textes.yaml' not "
        "found in the exams folder (in mini.yaml)"]


def test_a_texts_fragment_must_hold_a_mapping_of_texts(exams: Path) -> None:
    write_texts_spec(exams, "texts:\n  include: common/texts.yaml\n", "- Une liste.\n")
    assert [str(p) for p in check_spec("mini.yaml").problems] == [
        "common/texts.yaml:1:1: error E006 $.texts.include: the fragment 'common/texts.yaml' "
        "included in texts must hold a mapping of texts"]


def test_the_real_specs_share_the_legal_notice_and_the_bac_pro_words_its_own_footer(
    cap: Exam, bacpro: Exam, cfg: Exam
) -> None:
    assert cap.texts["legal_notice"] == bacpro.texts["legal_notice"] == cfg.texts["legal_notice"]
    assert cap.texts["receipt_saved"] == cfg.texts["receipt_saved"]
    assert cap.texts["confirmation_footer"] == cfg.texts["confirmation_footer"]
    assert "renvoyez-le" in bacpro.texts["confirmation_footer"]
    assert "renvoyez-le" not in cap.texts["confirmation_footer"]
