"""The confirmation built from the real specs, as the portal builds it: codes, texts, pages."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pypdf
import pytest

from engine.conditions import SessionCalendar
from engine.confirmation import render_confirmation_pdf
from engine.confirmation.from_state import exam_parts, printed_answer
from engine.confirmation.render import page_count
from engine.confirmation.samples import ACCOUNT, SPEC_ANSWERS, cfg_example, spec_example
from engine.specs import load_exam
from engine.wizard import build_state

EXAMS = Path(__file__).resolve().parents[2] / "exams"
JUNE_2026 = SessionCalendar(year=2026, start=__import__("datetime").date(2026, 5, 18),
                            registration_close=__import__("datetime").date(2025, 11, 28),
                            academy="reims")


def pdf_text(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def cap_pdf() -> bytes:
    return render_confirmation_pdf(spec_example("cap"))


@pytest.fixture(scope="module")
def bacpro_pdf() -> bytes:
    return render_confirmation_pdf(spec_example("bacpro"))


def test_the_bacpro_confirmation_with_22_units_fits_one_page_in_the_compact_layout(
    bacpro_pdf: bytes,
) -> None:
    [page] = pdf_text(bacpro_pdf)
    assert "E7 - Éducation physique et sportive" in page and "CERTIFIE EXACT" in page


def test_a_longer_confirmation_numbers_every_page_and_keeps_the_attestation_whole() -> None:
    data = spec_example("bacpro")
    # Twice the units: no layout keeps this on one page.
    longer = dataclasses.replace(data, unit_sections=data.unit_sections * 2)
    pages = pdf_text(render_confirmation_pdf(longer))
    assert len(pages) == 2
    for number, text in enumerate(pages, start=1):
        assert "N° candidat : 0510004321 - Inscription n° : 000128" in text
        assert f"page {number} / 2" in text
    # The signature never stands alone on its page: the consents and the notice go with it.
    last = pages[-1]
    assert "CERTIFIE EXACT" in last and "Attention à bien vérifier votre choix" in last
    assert "loi informatique et libertés" in last


def test_the_cap_confirmation_fits_one_page_like_the_cfg_guides_example(cap_pdf: bytes) -> None:
    assert page_count(render_confirmation_pdf(cfg_example())) == 1
    assert page_count(cap_pdf) == 1


def test_the_codes_printed_are_the_reglements_not_the_internal_ones(
    cap_pdf: bytes, bacpro_pdf: bytes
) -> None:
    cap, bacpro = " ".join(pdf_text(cap_pdf)), " ".join(pdf_text(bacpro_pdf))
    assert "UF1 - Langue vivante étrangère (espagnol)" in cap and "UF_" not in cap
    assert "UF2 - Éducation physique et sportive" in bacpro and "UF_" not in bacpro
    assert "E34 - Prévention-santé-environnement" in bacpro and "PSE - " not in bacpro


def test_the_reasons_printed_name_no_rule_code(cap_pdf: bytes) -> None:
    text = " ".join(pdf_text(cap_pdf))
    assert "Vous êtes titulaire d'un diplôme de niveau 3 ou supérieur (BEP obtenu en 2015)" in text
    assert "règle" not in text and "acquis." not in text


def test_bac_pro_group_lines_print_no_status_beside_their_sub_units(bacpro_pdf: bytes) -> None:
    lines = [s for s in spec_example("bacpro").unit_sections[0].units if s.is_group]
    assert [u.code for u in lines] == ["E1", "E3", "E4", "E5"]
    assert all(u.status == "" and u.mode == "" for u in lines)


def test_the_bac_pro_confirmation_prints_its_own_signature_text(bacpro_pdf: bytes) -> None:
    text = " ".join(pdf_text(bacpro_pdf))
    assert "Imprimez-le, vérifiez-le, signez-le et renvoyez-le" in text
    assert "CERTIFIE EXACT" in text


def test_the_return_date_is_not_pulled_back_by_the_medical_certificate() -> None:
    cap = load_exam(EXAMS / "cap.yaml")
    state = build_state(cap, SPEC_ANSWERS["cap"], JUNE_2026, ACCOUNT)
    pieces = {p.code: p.deadline for p in state.pieces()}
    assert pieces["certificat_medical"] == JUNE_2026.registration_close  # amenagement: yes
    assert exam_parts(state)["return_by"] == JUNE_2026.registration_close.replace(day=19,
                                                                                 month=12)


def test_the_category_prints_its_official_code_and_the_establishment_its_uai() -> None:
    cfg = load_exam(EXAMS / "cfg.yaml")
    answers = {"fields": {"categorie": "individuel", "etablissement": "0511926S"}}
    state = build_state(cfg, answers, JUNE_2026, ACCOUNT)
    assert printed_answer(state, "categorie") == "INDIVIDUEL (520)"
    assert printed_answer(state, "etablissement").endswith("(0511926S)")
    data = spec_example("cap")
    assert dataclasses.replace(data).candidate.establishment == "INDIVIDUELS 051"
