"""Published documents' templates: rendered in the sandbox as PDF and accessible HTML from
the same data; whatever an academy writes cannot reach Python's internals or files outside
common/, and every value is escaped."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from engine.documents import DocumentTemplateError, render_document
from engine.documents.templates import resolve
from engine.spec.loader import PROJECT_EXAMS_DIR

CFG = PROJECT_EXAMS_DIR / "cfg.yaml"


def data(**extra: Any) -> dict[str, Any]:
    return {
        "document": {"title": "Convocation aux épreuves", "version": 2, "date": "01/05/2027"},
        "academy": {"label": "ACADÉMIE DE RENNES", "name": "Rennes", "region": "BRETAGNE",
                    "office_lines": ["Rectorat", "96 rue d'Antrain"], "email": "dec@x.fr",
                    "phone": "02 23 21 77 77"},
        "candidate": {"civility": "MONSIEUR", "last_name": "NGUYỄN", "first_names": "Văn",
                      "usage_name": "", "full_name": "MONSIEUR NGUYỄN Văn",
                      "birth_date": "30/05/1998", "number": "0270000042", "email": "v@x.fr",
                      "address_lines": ["3 place <b>du</b> Parlement", "35000 RENNES"]},
        "candidature": {"inscription_number": "007", "exam": "CFG", "session": "JUIN 2027",
                        "speciality": "", "category": "", "establishment": "",
                        "accommodation_requested": False},
        **extra,
    }


def text_of(pdf: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join((p.extract_text() or "").split())
                    for p in PdfReader(io.BytesIO(pdf)).pages)


UNITS = [{"code": "001", "label": "Entretien avec le jury", "kind": "Oral",
          "date": "14/06/2027", "time": "08:30", "duration": "1 h 30", "centre": "Lycée Zola",
          "address": "2 avenue Janvier"}]
PIECES = [{"code": "identite", "label": "Pièce d'identité", "mode": "En ligne",
           "deadline": "30/04/2027", "status": "Non conforme", "comment": "Illisible",
           "to_give": True}]

# The relevé de notes' own data (web.results.statement builds it from the result).
RESULTS = {"decision": "AJOURNÉ", "average": "9,06/20",
           "mention": "", "explanation": ["Ajourné : moyenne 9,06 sur 20"],
           "kept": ["EP1 - Organisation : 14/20, conservable jusqu'à la session 2032"],
           "lines": [{"code": "EP1", "label": "Organisation de la production",
                      "coefficient": "4", "grade": "14,00/20", "note": ""},
                     {"code": "EG3", "label": "Éducation physique <i>et</i> sportive",
                      "coefficient": "1", "grade": "ABS", "note": "Absent(e)"}]}


@pytest.mark.parametrize("name, extra, expected", [
    ("convocation", {"units": UNITS}, ["CONVOCATION AUX ÉPREUVES", "001 - Entretien avec le jury",
                                       "14/06/2027", "08:30", "1 h 30", "Lycée Zola"]),
    ("demande_pieces", {"pieces": PIECES, "deadline": "30/04/2027"},
     ["Pièce d'identité", "avant le 30/04/2027", "Non conforme : Illisible"]),
    ("relance_pieces", {"pieces": PIECES, "deadline": "30/04/2027"},
     ["dossier est incomplet", "Pièce d'identité"]),
    ("notification_amenagements", {"measures": ["Tiers temps"], "decided_on": "02/04/2027"},
     ["Tiers temps", "décision du 02/04/2027"]),
    ("releve_notes", {"results": RESULTS, "document": {"title": "Relevé de notes", "version": 2,
                                                       "date": "01/05/2027"}},
     ["RELEVÉ DE NOTES", "de la session JUIN 2027", "EP1 - Organisation de la production", "4",
      "14,00/20", "ABS", "Absent(e)", "AJOURNÉ", "9,06/20", "Ajourné : moyenne 9,06 sur 20",
      "Notes conservées pour les sessions suivantes",
      "EP1 - Organisation : 14/20, conservable jusqu'à la session 2032"]),
])
def test_each_shipped_template_renders_the_same_text_as_pdf_and_as_html(
    name: str, extra: dict[str, Any], expected: list[str]
) -> None:
    root = resolve(CFG, f"common/documents/{name}.html")
    assert root == PROJECT_EXAMS_DIR
    out = render_document(root, f"common/documents/{name}.html", data(**extra), "Titre")
    text = text_of(out.pdf)
    for part in expected:
        assert part in text
        assert part.replace("'", "&#39;") in out.html or part in out.html
    # The PDF's font lacks ễ: it prints the base letter; the HTML keeps the name as written.
    assert "NGUYEN Van" in text and "NGUYỄN Văn" in out.html
    # Values are escaped, never markup.
    assert "&lt;b&gt;du&lt;/b&gt;" in out.html and "<b>du</b>" not in out.html
    assert "N° inscription : 007" in text and "Version n°2 du 01/05/2027" in text
    assert "MONSIEUR NGUYEN Van, né le 30/05/1998" in text
    if name == "convocation":
        assert "Vous êtes convoqué aux épreuves" in text and ", muni de cette" in text


def test_the_releve_prints_its_result_lines_and_escapes_every_value() -> None:
    name = "common/documents/releve_notes.html"
    document = {"title": "Relevé de notes", "version": 1, "date": "05/07/2027"}
    out = render_document(PROJECT_EXAMS_DIR, name, data(results=RESULTS, document=document),
                          "Relevé de notes - CFG - session JUIN 2027 - inscription n° 007")
    text = text_of(out.pdf)
    assert "Résultat : AJOURNÉ" in text and "Moyenne : 9,06/20" in text
    assert "Éducation physique <i>et</i> sportive" in text  # printed as typed, never markup
    assert "Éducation physique &lt;i&gt;et&lt;/i&gt; sportive" in out.html
    assert "Mention" not in text  # none given
    from pypdf import PdfReader

    title = PdfReader(io.BytesIO(out.pdf)).metadata.title
    assert title == "Relevé de notes - CFG - session JUIN 2027 - inscription n° 007"


@pytest.mark.parametrize("body", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ document.title.__class__ }}",
    "{% for x in ().__class__.__base__.__subclasses__() %}{{ x }}{% endfor %}",
])
def test_the_sandbox_refuses_what_reaches_pythons_internals(tmp_path: Path, body: str) -> None:
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "x.html").write_text(f"<h2>x</h2>{body}", encoding="utf-8")
    with pytest.raises(DocumentTemplateError, match="common/x.html"):
        render_document(tmp_path, "common/x.html", data(), "t")


def test_a_name_the_data_lacks_is_an_error_naming_the_templates_line(tmp_path: Path) -> None:
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "x.html").write_text("<h2>x</h2>\n<p>{{ candidat.nom }}</p>\n",
                                                encoding="utf-8")
    with pytest.raises(DocumentTemplateError, match=r"common/x.html, line 2: 'candidat'"):
        render_document(tmp_path, "common/x.html", data(), "t")


def test_a_template_name_leaving_common_is_not_found(tmp_path: Path) -> None:
    (tmp_path / "common").mkdir()
    (tmp_path / "secret.html").write_text("x", encoding="utf-8")
    (tmp_path / "spec.yaml").write_text("", encoding="utf-8")
    assert resolve(tmp_path / "spec.yaml", "common/../secret.html") is None
    (tmp_path / "common" / "link.html").symlink_to(tmp_path / "secret.html")
    assert resolve(tmp_path / "spec.yaml", "common/link.html") is None
    assert resolve(tmp_path / "spec.yaml", "common/documents/convocation.html") == \
        PROJECT_EXAMS_DIR


def test_the_convocations_unit_column_is_wide_enough_for_a_unit_named_in_one_long_word() -> None:
    units = [{**UNITS[0], "code": "EG4", "label": "Prévention-santé-environnement"}]
    root = resolve(CFG, "common/documents/convocation.html")
    out = render_document(root, "common/documents/convocation.html", data(units=units), "T")
    from pypdf import PdfReader

    lines = (PdfReader(io.BytesIO(out.pdf)).pages[0].extract_text() or "").splitlines()
    assert any("EG4 - Prévention-santé-environnement" in line for line in lines), lines


def test_a_centre_address_typed_on_two_lines_prints_on_two_lines() -> None:
    units = [{**UNITS[0], "address": "2 avenue Janvier\n35000 Rennes"}]
    root = resolve(CFG, "common/documents/convocation.html")
    out = render_document(root, "common/documents/convocation.html", data(units=units), "T")
    assert "Lycée Zola<br>2 avenue Janvier<br>35000 Rennes</td>" in out.html


def test_a_template_that_does_not_compile_is_reported_with_its_line(tmp_path: Path) -> None:
    from engine.documents import check_template

    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "x.html").write_text("<h2>x</h2>\n<p>\n{% if %}</p>\n",
                                                encoding="utf-8")
    (tmp_path / "common" / "ok.html").write_text("<h2>{{ x }}</h2>\n", encoding="utf-8")
    assert check_template(tmp_path, "common/x.html") == (
        "common/x.html, line 3: Expected an expression, got 'end of statement block'")
    assert check_template(tmp_path, "common/ok.html") == ""


def test_an_error_without_a_message_or_line_is_named_by_its_kind() -> None:
    from jinja2 import TemplateError

    from engine.documents.sandbox import describe

    assert describe(TemplateError(), "common/x.html") == "common/x.html: TemplateError"


def test_an_exams_document_template_is_found_by_its_kind_beside_the_spec_or_in_exams(
    tmp_path: Path,
) -> None:
    import dataclasses

    from engine.documents.templates import template_of
    from engine.specs import load_exam

    cfg = load_exam(CFG)
    assert template_of(cfg, "convocation") == (PROJECT_EXAMS_DIR,
                                                "common/documents/convocation.html")
    assert template_of(cfg, "attestation") is None
    missing = dataclasses.replace(cfg, documents=(("convocation", "common/documents/nul.html"),))
    assert template_of(missing, "convocation") is None
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "convocation.html").write_text("<h2>x</h2>", encoding="utf-8")
    beside = dataclasses.replace(cfg, path=str(tmp_path / "cfg.yaml"),
                                 documents=(("convocation", "common/convocation.html"),))
    assert template_of(beside, "convocation") == (tmp_path, "common/convocation.html")


@pytest.fixture(autouse=True)
def _fresh_sandboxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test builds its sandboxes anew (not those an earlier test left in the cache)."""
    from engine.documents import sandbox

    monkeypatch.setattr(sandbox, "_environments", {})


def test_a_template_that_does_not_compile_or_is_missing_is_refused_with_its_reason(
    tmp_path: Path,
) -> None:
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "x.html").write_text("<h2>x</h2>\n{% for %}\n", encoding="utf-8")
    with pytest.raises(DocumentTemplateError) as broken:
        render_document(tmp_path, "common/x.html", data(), "t")
    assert str(broken.value) == (
        "common/x.html, line 2: Expected an expression, got 'end of statement block'")
    with pytest.raises(DocumentTemplateError) as missing:
        render_document(tmp_path, "common/absent.html", data(), "t")
    assert str(missing.value) == (
        f"common/absent.html: 'common/absent.html' not found in search path: '{tmp_path}'")


def test_the_pdf_is_titled_and_the_html_keeps_the_templates_layout(tmp_path: Path) -> None:
    from pypdf import PdfReader

    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "x.html").write_text(
        "<h2>{{ document.title }}</h2>\n  {% if candidate.email %}\n<p>{{ candidate.email }}</p>\n"
        "  {% endif %}\n", encoding="utf-8")
    out = render_document(tmp_path, "common/x.html", data(), "Convocation - CFG")
    assert out.html == "<h2>Convocation aux épreuves</h2>\n<p>v@x.fr</p>\n"
    assert PdfReader(io.BytesIO(out.pdf)).metadata.title == "Convocation - CFG"
    assert "v@x.fr" in text_of(out.pdf)


def test_a_template_changed_on_disk_is_read_again(tmp_path: Path) -> None:
    import os

    from engine.documents.sandbox import load

    (tmp_path / "common").mkdir()
    page = tmp_path / "common" / "x.html"
    page.write_text("<h2>avant</h2>", encoding="utf-8")
    assert load(tmp_path, "common/x.html", False).render() == "<h2>avant</h2>"
    page.write_text("<h2>après</h2>", encoding="utf-8")
    os.utime(page, (1, 1))
    assert load(tmp_path, "common/x.html", False).render() == "<h2>après</h2>"
