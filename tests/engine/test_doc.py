"""`python -m engine doc`: one accessible French page per exam, checked for its structure
(language, headings, tables with captions and scoped headers) and for what it says."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from engine.__main__ import main
from engine.doc.render import exam_html
from engine.spec.model import Exam
from engine.specs import check_source

REPO = Path(__file__).resolve().parents[2]
VOID = {"meta", "link", "br", "img", "input", "hr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def all(self, tag: str) -> list[Node]:
        found = [self] if self.tag == tag else []
        for child in self.children:
            found.extend(child.all(tag))
        return found

    def content(self) -> str:
        return " ".join(" ".join([self.text, *(c.content() for c in self.children)]).split())


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].text += data


def parse(html: str) -> TreeBuilder:
    tree = TreeBuilder()
    tree.feed(html)
    tree.close()
    assert tree.stack == [tree.root], "every element is closed"
    return tree


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    specs = [str(REPO / "exams" / f"{n}.yaml") for n in ("bacpro", "cap", "cfg")]
    assert main(["doc", *specs, str(REPO / "tests/specs/mc_desserts.yaml"), "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("name", ["bacpro", "cap", "cfg", "mc_desserts"])
def test_each_page_is_french_with_ordered_headings_and_accessible_tables(
    site: Path, name: str
) -> None:
    tree = parse((site / f"{name}.html").read_text(encoding="utf-8"))
    assert tree.doctype.lower() == "doctype html"
    [html] = tree.root.all("html")
    assert html.attrs["lang"] == "fr"
    assert tree.root.all("title")[0].content()
    assert len(tree.root.all("h1")) == 1
    assert len(tree.root.all("main")) == 1 and tree.root.all("main")[0].attrs["id"] == "contenu"
    levels = [int(n.tag[1]) for n in _headings(tree.root)]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    tables = tree.root.all("table")
    assert tables
    for table in tables:
        assert table.all("caption") and table.all("caption")[0].content()
        [thead] = table.all("thead")
        assert all(th.attrs.get("scope") == "col" for th in thead.all("th"))
        for row in table.all("tbody")[0].all("tr"):
            first = row.children[0]
            assert (first.tag, first.attrs.get("scope")) == ("th", "row")
            assert len(row.children) == len(thead.all("th"))
    ids = [n.attrs["id"] for n in _walk(tree.root) if n.attrs.get("id")]
    assert len(ids) == len(set(ids)), "ids are unique"
    for link in tree.root.all("a"):
        href = link.attrs.get("href") or ""
        if href.startswith("#"):
            assert href[1:] in ids, href


def _walk(node: Node) -> list[Node]:
    out = [node]
    for child in node.children:
        out.extend(_walk(child))
    return out


def _headings(node: Node) -> list[Node]:
    return [n for n in _walk(node) if n.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]


def test_the_cap_page_says_fields_conditions_categories_units_acquis_and_pieces(
    site: Path, cap: Exam
) -> None:
    tree = parse((site / "cap.html").read_text(encoding="utf-8"))
    text = tree.root.all("main")[0].content()
    headings = [h.content() for h in _headings(tree.root)]
    assert headings[:2] == [
        "CERTIFICAT D'APTITUDE PROFESSIONNELLE (CAP)",
        "Onglets et champs de l'inscription",
    ]
    for tab in cap.tabs:
        assert any(h.endswith(f": {tab.title}") for h in headings), tab.title
    rows = {r.attrs.get("id"): r for r in tree.root.all("tr") if r.attrs.get("id")}
    birth_place = rows["champ-departement_naissance"].content()
    assert "Pays de naissance égal à FR" in birth_place
    assert "Repris du compte du candidat" in birth_place
    assert "Si Pays égal à FR" in rows["champ-code_postal"].content()
    categories = next(
        t for t in tree.root.all("table") if t.all("caption")[0].content().startswith("Catégories")
    )
    individuel = next(r for r in categories.all("tr") if r.children[0].content() == "INDIVIDUEL")
    assert [c.content() for c in individuel.children[1:3]] == ["Globale, Progressive", "Ponctuel"]
    assert "âge au 31/12 de l'année de session ≥ 18 ans" in individuel.content()
    assert "Un candidat individuel doit être majeur" in individuel.content()
    for sp in cap.specialities:
        assert sp.label in headings
        assert f"Épreuves de la spécialité {sp.label}" in text
    cuisine = next(
        t
        for t in tree.root.all("table")
        if t.all("caption")[0].content() == "Épreuves de la spécialité Cuisine"
    )
    ep1 = cuisine.all("tbody")[0].all("tr")[0]
    assert [c.content() for c in ep1.children[:6]] == [
        "EP1",
        "Organisation de la production de cuisine",
        "Epreuve(s) obligatoire(s)",
        "Écrit",
        "4",
        "2 h",
    ]
    assert "Sessions : à partir de 2026" in text
    for rule in cap.acquis_rules:
        assert rule.label in text
    for piece in cap.pieces:
        assert piece.label in text
    assert "Si Demande d'aménagement(s) d'épreuves au titre du handicap : oui" in text


def test_the_index_links_every_page(site: Path) -> None:
    tree = parse((site / "index.html").read_text(encoding="utf-8"))
    assert tree.root.all("html")[0].attrs["lang"] == "fr"
    links = sorted(
        a.attrs["href"] or "" for a in tree.root.all("a") if a.attrs.get("href") != "#contenu"
    )
    assert links == ["bacpro.html", "cap.html", "cfg.html", "mc_desserts.html"]
    assert (site / "style.css").is_file()


def test_what_the_spec_writes_is_escaped(tmp_path: Path) -> None:
    text = (REPO / "exams/cfg.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "label: CERTIFICAT DE FORMATION GÉNÉRALE", "label: CERTIFICAT <script>alert(1)</script>", 1
    )
    checked = check_source(text, tmp_path / "cfg.yaml")
    assert checked.exam is not None, checked.errors
    html = exam_html(checked.exam, "cfg.yaml")
    assert "<script>" not in html
    assert "CERTIFICAT &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_spec_with_errors_gets_no_page_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = REPO / "tests/engine/broken/missing_key.yaml"
    assert main(["doc", str(broken), "--out", str(tmp_path)]) == 1
    assert "no page written, fix the errors above" in capsys.readouterr().out
    assert not (tmp_path / "mini.html").exists()
