"""Where things sit on the Confirmation d'inscription: numbers, table rows, pages, pixels."""

from __future__ import annotations

import dataclasses
import io
import subprocess
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from engine.confirmation import ConfirmationData, UnitRow, UnitSection, render_confirmation_pdf
from engine.confirmation.render import page_count
from engine.confirmation.samples import cap_example, cfg_example

A4_POINTS = (595.3, 841.9)


@dataclasses.dataclass(frozen=True)
class Run:
    """A piece of text on a page and where its baseline starts, in points from bottom left."""

    page: int
    x: float
    y: float
    text: str


def text_runs(pdf: bytes) -> list[Run]:
    runs: list[Run] = []
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for number, page in enumerate(reader.pages, start=1):

        def visit(text: str, cm: list[float], tm: list[float], *_: object, n: int = number) -> None:
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append(Run(n, x, y, text.strip()))

        page.extract_text(visitor_text=visit)
    return runs


def rows(pdf: bytes) -> list[tuple[int, str]]:
    """Each printed line as (page, text of its runs left to right): a table row is one line."""
    lines: dict[tuple[int, int], list[Run]] = defaultdict(list)
    for run in text_runs(pdf):
        lines[(run.page, round(run.y))].append(run)
    ordered = sorted(lines.items(), key=lambda item: (item[0][0], -item[0][1]))
    return [
        (page, " ".join(r.text for r in sorted(rs, key=lambda r: r.x)))
        for (page, _), rs in ordered
    ]


def find(runs: list[Run], text: str) -> Run:
    matches = [r for r in runs if r.text == text]
    assert len(matches) == 1, f"{text!r} printed {len(matches)} times"
    return matches[0]


def long_units(count: int) -> tuple[UnitSection, ...]:
    half = count // 2
    return (
        UnitSection("Epreuves obligatoires", tuple(
            UnitRow(f"E{i:02d}", f"Epreuve obligatoire numéro {i}", "Inscrit", "Ponctuel")
            for i in range(half)
        )),
        UnitSection("Epreuves facultatives", tuple(
            UnitRow(f"F{i:02d}", f"Epreuve facultative numéro {i}", "Choisi", "CCF")
            for i in range(half, count)
        )),
    )


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return render_confirmation_pdf(dataclasses.replace(cap_example(), unit_sections=long_units(70)))


def test_numbers_and_version_sit_at_the_top_right() -> None:
    runs = text_runs(render_confirmation_pdf(cfg_example()))
    width, height = A4_POINTS
    for text in ("02", "006", "Version : 1 du 11/09/2023 à 10:45", "CONFIRMATION D'INSCRIPTION"):
        run = find(runs, text)
        assert run.page == 1
        assert run.x > width * 0.45, f"{text!r} is not on the right half"
        assert run.y > height * 0.8, f"{text!r} is not at the top"
    assert find(runs, "N° candidat :").y > find(runs, "Inscription n° :").y


def test_the_academy_block_sits_at_the_top_left() -> None:
    runs = text_runs(render_confirmation_pdf(cfg_example()))
    for text in ("académie", "Reims", "Rectorat", "Mél : a@a.fr"):
        run = find(runs, text)
        assert run.x < A4_POINTS[0] * 0.3
        assert run.y > A4_POINTS[1] * 0.7


def test_each_unit_row_shows_code_label_status_and_mode_on_one_line() -> None:
    data = cap_example()
    printed = [text for _, text in rows(render_confirmation_pdf(data))]
    for section in data.unit_sections:
        for unit in section.units:
            assert f"{unit.code} - {unit.label} {unit.status} {unit.mode}" in printed


def test_the_signature_block_comes_after_the_units_and_the_consents() -> None:
    printed = [text for _, text in rows(render_confirmation_pdf(cfg_example()))]
    order = [
        next(i for i, line in enumerate(printed) if line.startswith(start))
        for start in (
            "A RENVOYER IMPERATIVEMENT",
            "003 - Français",
            "Attention à bien vérifier",
            "Conformément à la",
            "Ce document vaut inscription",
            "Si les renseignements",
        )
    ]
    assert order == sorted(order)


def test_a_long_units_list_flows_onto_more_pages_numbered_x_of_y(long_pdf: bytes) -> None:
    pages = len(pypdf.PdfReader(io.BytesIO(long_pdf)).pages)
    assert pages >= 2
    printed = rows(long_pdf)
    for page in range(1, pages + 1):
        on_page = [text for p, text in printed if p == page]
        assert any(f"page {page} / {pages}" in text for text in on_page), f"page {page}"
        assert any(text.startswith("Edité le: 03/10/2024") for text in on_page)


def test_every_unit_of_a_long_list_is_printed_once_and_the_header_repeats(long_pdf: bytes) -> None:
    printed = rows(long_pdf)
    texts = [text for _, text in printed]
    for section in long_units(70):
        for unit in section.units:
            assert texts.count(f"{unit.code} - {unit.label} {unit.status} {unit.mode}") == 1
    header_pages = {page for page, text in printed if text == "Epreuve Statut Mode de passage"}
    unit_pages = {page for page, text in printed if text.startswith(("E0", "E1", "F"))}
    assert unit_pages - header_pages == set(), "a page of units has no table header"


@pytest.mark.parametrize("count", [11, 12, 13, 21, 22, 23, 50])
def test_the_attestation_consents_and_group_titles_are_never_split(count: int) -> None:
    # These counts put a page break at each of these places before they were kept together.
    units = long_units(count)
    printed = rows(render_confirmation_pdf(dataclasses.replace(cap_example(), unit_sections=units)))

    def pages(prefix: str) -> set[int]:
        return {page for page, text in printed if text.startswith(prefix)}

    assert len(pages("Attention à bien vérifier")) == 1
    assert pages("Ce document vaut inscription") == pages("Si les renseignements")
    assert pages("CERTIFIE EXACT") == pages("Le jour de l'examen")
    for section in units:
        first_unit = section.units[0]
        title_pages = pages(section.title.upper())
        assert min(title_pages) == min(pages(f"{first_unit.code} - ")), section.title


def first_page_png(pdf: bytes, tmp_path: Path) -> Image.Image:
    source = tmp_path / "confirmation.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(source), str(tmp_path / "p")],
        check=True,
        timeout=60,
    )
    pngs = sorted(tmp_path.glob("p*.png"))
    assert len(pngs) == 1
    assert pngs[0].stat().st_size > 10_000
    image = Image.open(pngs[0])
    image.load()
    return image.convert("RGB")


def dark_share(image: Image.Image, box: tuple[int, int, int, int]) -> float:
    region = image.crop(box).convert("L")
    histogram = region.histogram()
    return sum(histogram[:128]) / (region.width * region.height)


def test_the_first_page_renders_to_an_a4_png_with_ink_where_the_text_is(tmp_path: Path) -> None:
    image = first_page_png(render_confirmation_pdf(cap_example()), tmp_path)
    width, height = image.size
    # A4 at 60 dpi, give or take pdftoppm's rounding.
    assert abs(width - A4_POINTS[0] * 60 / 72) <= 1
    assert abs(height - A4_POINTS[1] * 60 / 72) <= 1
    whole = dark_share(image, (0, 0, width, height))
    assert 0.01 < whole < 0.25, f"{whole:.3f} of the page is ink"
    # Title and numbers at the top right, units table in the middle, nothing in the margins.
    assert dark_share(image, (width // 2, 0, width, height // 6)) > 0.02
    assert dark_share(image, (0, height * 2 // 5, width, height * 3 // 5)) > 0.02
    assert dark_share(image, (0, 0, width, 15)) == 0
    assert dark_share(image, (0, 0, 15, height)) == 0


def test_the_tricolour_rule_is_drawn_in_blue_and_red(tmp_path: Path) -> None:
    image = first_page_png(render_confirmation_pdf(cfg_example()), tmp_path)
    corner = image.crop((0, 0, image.width // 3, image.height // 10))
    colours = {corner.getpixel((x, y)) for x in range(corner.width) for y in range(corner.height)}
    assert any(b > 100 and r < 60 and g < 60 for r, g, b in colours), "no blue"
    assert any(r > 180 and g < 60 and b < 60 for r, g, b in colours), "no red"


def test_a_one_page_confirmation_keeps_everything_on_its_page(tmp_path: Path) -> None:
    data: ConfirmationData = cap_example()
    pdf = render_confirmation_pdf(data)
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1
    assert any("page 1 / 1" in text for _, text in rows(pdf))


def test_long_unbroken_values_wrap_inside_the_page(tmp_path: Path) -> None:
    data = cfg_example()
    data = dataclasses.replace(
        data,
        candidate=dataclasses.replace(
            data.candidate,
            last_name="W" * 80,
            email="prenom.nom." * 12 + "@example.fr",
            establishment="Z" * 150,
        ),
        unit_sections=(UnitSection("G", (UnitRow("X" * 30, "Y" * 200, "Inscrit", "CCF"),)),),
    )
    image = first_page_png(render_confirmation_pdf(data), tmp_path)
    assert dark_share(image, (image.width - 20, 0, image.width, image.height)) == 0


def test_the_page_total_printed_is_the_real_number_of_pages(long_pdf: bytes) -> None:
    pages = len(pypdf.PdfReader(io.BytesIO(long_pdf)).pages)
    assert page_count(long_pdf) == pages
    assert [text for _, text in rows(long_pdf) if text.startswith("Edité le")] == [
        f"Edité le: 03/10/2024 page {n} / {pages} Référence Réservée à l'administration : "
        "ACADÉMIE DE REIMS"
        for n in range(1, pages + 1)
    ]


def test_documents_rendered_in_parallel_threads_do_not_mix() -> None:
    # The web side may render in a threaded worker; xhtml2pdf keeps module-level caches.
    def render(i: int) -> tuple[int, str, int]:
        base = cap_example() if i % 2 else cfg_example()
        if i % 3 == 0:
            base = dataclasses.replace(base, unit_sections=long_units(60))
        pdf = render_confirmation_pdf(dataclasses.replace(base, candidate_number=f"N{i:04d}X"))
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
        return i, text, len(reader.pages)

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(render, range(12)))
    for i, text, pages in results:
        assert f"N° candidat : N{i:04d}X" in text
        # Once in the header, then once in the footer of every page.
        assert text.count("N° candidat") == 1 + pages
        assert f"page {pages} / {pages}" in text


def test_a_second_long_document_of_the_same_shape_is_laid_out_once_with_the_right_total(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from engine.confirmation import render

    monkeypatch.setattr(render, "_LAYOUTS", {})
    real = render._pdf
    passes: list[int] = []

    def counted(html: str) -> bytes:
        passes.append(1)
        return real(html)

    monkeypatch.setattr(render, "_pdf", counted)
    first = dataclasses.replace(cap_example(), unit_sections=long_units(70))
    pages = len(pypdf.PdfReader(io.BytesIO(render_confirmation_pdf(first))).pages)
    assert pages >= 2 and len(passes) == 3  # "/ 1", compact, then the real total
    passes.clear()
    second = dataclasses.replace(first, candidate_number="02700000002",
                                 inscription_number="117")
    pdf = render_confirmation_pdf(second)
    assert len(passes) == 1
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == pages
    printed = [r.text for r in text_runs(pdf)]
    assert f"page {pages} / {pages}" in " ".join(printed) and "117" in " ".join(printed)
    passes.clear()
    # A short one after it: its own shape, one pass, one page.
    assert page_count(render_confirmation_pdf(cap_example())) == 1 and len(passes) == 1
