"""`python -m engine doc FILES… --out DIR`: an HTML page per exam, an index and a style sheet.

Jinja2 renders the pages with autoescaping on, from the templates of this package; nothing
else is read or written than the specs given and the output folder.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from engine.doc.page import build_page
from engine.spec.model import Exam
from engine.specs import check_spec


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("engine.doc", "templates"),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def exam_html(exam: Exam, source: str) -> str:
    """The documentation page of one exam."""
    return environment().get_template("exam.html").render(exam=exam, page=build_page(exam, source))


def index_html(pages: list[tuple[Exam, str]]) -> str:
    return environment().get_template("index.html").render(pages=pages)


def add_parser(sub: Any) -> None:
    d = sub.add_parser("doc", help="write an HTML documentation page per exam")
    d.add_argument("files", nargs="+", help="spec files, or folders of specs")
    d.add_argument("--out", required=True, help="the folder the pages are written to")


def run(files: list[str], out_dir: str, out: list[str]) -> int:
    """Write a page per valid spec (and index.html, style.css); 1 if a spec has errors."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    pages: list[tuple[Exam, str]] = []
    status = 0
    for path in files:
        checked = check_spec(path)
        if checked.exam is None:
            out.extend(str(p) for p in checked.errors)
            out.append(f"{path}: no page written, fix the errors above")
            status = 1
            continue
        name = f"{checked.exam.code}.html"
        (folder / name).write_text(exam_html(checked.exam, path), encoding="utf-8")
        pages.append((checked.exam, name))
        out.append(f"{path}: {folder / name}")
    pages.sort(key=lambda p: p[0].label)
    (folder / "index.html").write_text(index_html(pages), encoding="utf-8")
    css = resources.files("engine.doc").joinpath("templates/style.css").read_text("utf-8")
    (folder / "style.css").write_text(css, encoding="utf-8")
    return status
