"""The Confirmation d'inscription prints what seeds/004 §4.1 shows, in French, safely."""

from __future__ import annotations

import dataclasses
import io
import re
import socket
from datetime import UTC, date, datetime

import pypdf
import pytest

from engine.confirmation import (
    AcademyBlock,
    ConfirmationData,
    ConfirmationRenderError,
    Consent,
    ExtraLine,
    UnitRow,
    UnitSection,
    render_confirmation_html,
    render_confirmation_pdf,
)
from engine.confirmation.french import long_date_upper, version_line
from engine.confirmation.samples import (
    COLLECTIVITIES_CONSENT,
    LEGAL_NOTICE,
    PRESS_CONSENT,
    cap_example,
    cfg_example,
)


def pdf_text(pdf: bytes) -> str:
    """The text of every page, whitespace folded (lines wrap wherever the layout wants)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def cfg_text() -> str:
    return pdf_text(render_confirmation_pdf(cfg_example()))


@pytest.fixture(scope="module")
def cap_text() -> str:
    return pdf_text(render_confirmation_pdf(cap_example()))


def with_candidate(data: ConfirmationData, **changes: object) -> ConfirmationData:
    return dataclasses.replace(data, candidate=dataclasses.replace(data.candidate, **changes))


# ------------------------------------------------------------------ the guide's example


def test_the_guide_example_prints_its_numbers_version_and_session(cfg_text: str) -> None:
    assert "N° candidat : 02" in cfg_text
    assert "Inscription n° : 006" in cfg_text
    assert "Version : 1 du 11/09/2023 à 10:45" in cfg_text
    assert "Session : JUIN 2023" in cfg_text
    assert "CONFIRMATION D'INSCRIPTION" in cfg_text
    assert "CERTIFICAT DE FORMATION GENERALE" in cfg_text


def test_the_guide_example_prints_the_academy_and_its_exam_office(cfg_text: str) -> None:
    assert "académie Reims" in cfg_text
    assert "RÉGION ACADÉMIQUE GRAND EST" in cfg_text
    assert "MINISTÈRE DE L'ÉDUCATION NATIONALE" in cfg_text
    assert "Rectorat Rue 51000 CHALONS EN CHAMPAGNE Mél : a@a.fr" in cfg_text


def test_the_guide_example_prints_the_candidate_block(cfg_text: str) -> None:
    assert "MONSIEUR LAMY Paul" in cfg_text
    assert "Nationalité : Français" in cfg_text
    assert "Né(e) le : 01/01/2002" in cfg_text
    assert "A : RENNES - 035" in cfg_text
    assert "Mél : paul.lamy@gmail.com" in cfg_text
    assert "Etablissement : CLG DU MAZELOT - ANGLURE (0510001Z)" in cfg_text
    assert "Catégorie du Candidat : INDIVIDUEL (520)" in cfg_text
    assert "Aménagement d'épreuve demandé au titre du handicap : NON" in cfg_text


def test_the_return_date_is_written_in_french_capitals(cfg_text: str) -> None:
    assert "A RENVOYER IMPERATIVEMENT POUR LE VENDREDI 29 SEPTEMBRE 2023" in cfg_text


def test_the_units_are_printed_under_their_group_with_its_note(cfg_text: str) -> None:
    assert (
        "EPREUVE(S) PONCTUELLE(S) Epreuve Statut Mode de passage "
        "NB : Pensez à apporter le dossier que vous avez éventuellement préparé. "
        "001 - Entretien avec le jury Inscrit Ponctuel "
        "002 - Mathématiques Inscrit Ponctuel "
        "003 - Français Inscrit Ponctuel"
    ) in cfg_text


def test_both_consents_are_printed_in_full_with_the_answer(cap_text: str) -> None:
    warning = "Attention à bien vérifier votre choix ci-dessous :"
    assert f"{warning} {PRESS_CONSENT} : (OUI ou NON) : OUI" in cap_text
    assert f"{warning} {COLLECTIVITIES_CONSENT} : (OUI ou NON) : NON" in cap_text


def test_the_legal_text_signature_block_and_notices_are_printed(cfg_text: str) -> None:
    assert LEGAL_NOTICE in cfg_text
    assert "Ce document vaut inscription définitive à l'examen." in cfg_text
    assert "Après signature aucune modification ne sera acceptée." in cfg_text
    assert "CERTIFIE EXACT," in cfg_text
    assert re.search(r"A _+, le _+", cfg_text)
    assert "Signature du candidat et du représentant légal si le candidat est mineur" in cfg_text
    assert "corrigez-les en ROUGE" in cfg_text
    assert "une pièce d'identité avec photographie vous sera demandée" in cfg_text


def test_the_footer_shows_the_edition_date_page_and_reference(cfg_text: str) -> None:
    assert "Edité le: 11/09/2023" in cfg_text
    assert "page 1 / 1" in cfg_text
    assert "Référence Réservée à l'administration : ACADÉMIE DE REIMS" in cfg_text


# ------------------------------------------------------------------ a CAP candidature


def test_every_unit_prints_its_status_mode_and_reason(cap_text: str) -> None:
    for section in cap_example().unit_sections:
        assert section.title.upper() in cap_text
        for unit in section.units:
            reason = f" {unit.reason}" if unit.reason else ""
            assert f"{unit.code} - {unit.label}{reason} {unit.status} {unit.mode}" in cap_text


def test_the_speciality_and_forme_de_passage_are_printed_as_extra_lines(cap_text: str) -> None:
    assert "Spécialité : ACCOMPAGNANT EDUCATIF PETITE ENFANCE" in cap_text
    assert "Forme de passage : Globale" in cap_text


def test_an_accommodation_request_prints_oui(cap_text: str) -> None:
    assert "Aménagement d'épreuve demandé au titre du handicap : OUI" in cap_text


def test_french_accents_survive_into_the_pdf(cap_text: str) -> None:
    assert "MADAME LEFÈVRE-NGUYEN Héloïse Françoise" in cap_text
    assert "12 rue de l'Église Bâtiment B 51100 REIMS" in cap_text
    assert "A : ÉPERNAY - 051" in cap_text
    assert "EG3 - Éducation physique et sportive" in cap_text
    assert "Bénéfice conservé" in cap_text


def test_ligatures_and_apostrophes_of_french_names_are_kept() -> None:
    data = with_candidate(cfg_example(), last_name="d’Œillet", first_names="Zoë Cœur")
    text = pdf_text(render_confirmation_pdf(data))
    assert "MONSIEUR D’ŒILLET Zoë Cœur" in text


def test_letters_the_pdf_font_cannot_draw_fall_back_to_their_base_letter() -> None:
    # Helvetica has no "ễ" or "ł": a box would be worse than the bare letter.
    data = with_candidate(cfg_example(), last_name="Nguyễn", first_names="Łukasz")
    html = render_confirmation_html(data)
    assert "MONSIEUR NGUYEN Lukasz" in html
    assert "MONSIEUR NGUYEN Lukasz" in pdf_text(render_confirmation_pdf(data))


def test_the_version_and_the_edition_date_follow_the_saved_version() -> None:
    data = dataclasses.replace(
        cfg_example(), version=3, version_at=datetime(2023, 9, 20, 22, 30, tzinfo=UTC)
    )
    text = pdf_text(render_confirmation_pdf(data))
    # 22:30 UTC is already the next day in Paris.
    assert "Version : 3 du 21/09/2023 à 00:30" in text
    assert "Edité le: 21/09/2023" in text


def test_the_exam_office_phone_and_an_admin_reference_are_printed_when_given() -> None:
    data = dataclasses.replace(
        cfg_example(),
        academy=dataclasses.replace(cfg_example().academy, office_phone="03 26 00 00 00"),
        admin_reference="ACADÉMIE DE REIMS CFG-2023-006",
    )
    text = pdf_text(render_confirmation_pdf(data))
    assert "Tél : 03 26 00 00 00" in text
    assert "Référence Réservée à l'administration : ACADÉMIE DE REIMS CFG-2023-006" in text


def test_a_confirmation_without_return_date_prints_no_return_line() -> None:
    text = pdf_text(render_confirmation_pdf(dataclasses.replace(cfg_example(), return_by=None)))
    assert "A RENVOYER" not in text
    assert "001 - Entretien avec le jury Inscrit Ponctuel" in text


def test_group_labels_and_consents_come_from_the_input_not_the_template() -> None:
    data = dataclasses.replace(
        cfg_example(),
        unit_sections=(
            UnitSection("Admissibilité", (UnitRow("E1", "Écrit", "Inscrit", "Ponctuel"),)),
            UnitSection("Admission", (UnitRow("E2", "Oral", "Inscrit", "Ponctuel"),)),
        ),
        consents=(Consent("J'autorise la diffusion de ma photographie", True),),
        extra_lines=(ExtraLine("Option", "Anglais"),),
    )
    text = pdf_text(render_confirmation_pdf(data))
    columns = "Epreuve Statut Mode de passage"
    assert f"ADMISSIBILITÉ {columns} E1 - Écrit Inscrit Ponctuel" in text
    assert f"ADMISSION {columns} E2 - Oral Inscrit Ponctuel" in text
    assert "J'autorise la diffusion de ma photographie : (OUI ou NON) : OUI" in text
    assert PRESS_CONSENT not in text
    assert "EPREUVE(S) PONCTUELLE(S)" not in text
    assert "Option : Anglais" in text


# ------------------------------------------------------------------ dates in French


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2023, 9, 29), "VENDREDI 29 SEPTEMBRE 2023"),
        (date(2024, 2, 1), "JEUDI 1 FÉVRIER 2024"),
        (date(2025, 8, 15), "VENDREDI 15 AOÛT 2025"),
        (date(2024, 12, 30), "LUNDI 30 DÉCEMBRE 2024"),
        (date(2026, 3, 8), "DIMANCHE 8 MARS 2026"),
    ],
)
def test_return_dates_are_spelled_in_french_whatever_the_locale(day: date, expected: str) -> None:
    assert long_date_upper(day) == expected


def test_the_version_time_is_paris_time_in_winter_and_summer() -> None:
    assert version_line(1, datetime(2024, 1, 15, 9, 5, tzinfo=UTC)) == (
        "Version : 1 du 15/01/2024 à 10:05"
    )
    assert version_line(1, datetime(2024, 7, 15, 9, 5, tzinfo=UTC)) == (
        "Version : 1 du 15/07/2024 à 11:05"
    )


def test_a_naive_version_time_is_taken_as_utc() -> None:
    assert version_line(2, datetime(2024, 7, 15, 9, 5)) == "Version : 2 du 15/07/2024 à 11:05"


# ------------------------------------------------------------------ hostile input, failures


def test_a_name_with_markup_is_printed_as_text() -> None:
    data = with_candidate(
        cfg_example(), last_name="<script>alert(1)</script>", first_names="Tom & Jerry"
    )
    html = render_confirmation_html(data)
    assert "<script>" not in html
    assert "&lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt;" in html
    assert "Tom &amp; Jerry" in html
    text = pdf_text(render_confirmation_pdf(data))
    assert "MONSIEUR <SCRIPT>ALERT(1)</SCRIPT> Tom & Jerry" in text


def test_markup_in_spec_texts_is_printed_as_text_too() -> None:
    data = dataclasses.replace(
        cfg_example(),
        legal_notice='<img src="http://example.invalid/x.png"> loi & libertés',
        unit_sections=(UnitSection("<b>Groupe</b>", (UnitRow("E1", "<i>x</i>", "Inscrit"),)),),
    )
    html = render_confirmation_html(data)
    assert "<img" not in html and "<b>" not in html and "<i>" not in html
    text = pdf_text(render_confirmation_pdf(data))
    assert '<img src="http://example.invalid/x.png"> loi & libertés' in text
    assert "<B>GROUPE</B>" in text
    assert "E1 - <i>x</i> Inscrit" in text


def test_the_document_needs_no_external_resource() -> None:
    html = render_confirmation_html(cap_example())
    assert not re.search(r"\b(src|href)\s*=|url\(|@import|https?://", html)


def test_a_failing_pdf_engine_raises_a_typed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from xhtml2pdf import pisa

    def broken(*args: object, **kwargs: object) -> object:
        raise ValueError("boom")

    monkeypatch.setattr(pisa, "CreatePDF", broken)
    with pytest.raises(ConfirmationRenderError, match="boom"):
        render_confirmation_pdf(cfg_example())


def test_errors_reported_by_the_pdf_engine_raise_a_typed_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from xhtml2pdf import pisa

    class Status:
        err = 2

    monkeypatch.setattr(pisa, "CreatePDF", lambda *a, **k: Status())
    with pytest.raises(ConfirmationRenderError, match="2 error"):
        render_confirmation_pdf(cfg_example())


def test_the_pdf_is_a_pdf_with_the_academy_in_its_title() -> None:
    pdf = render_confirmation_pdf(cfg_example())
    assert pdf.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.metadata is not None
    assert reader.metadata.title == (
        "Confirmation d'inscription - CERTIFICAT DE FORMATION GENERALE - session JUIN 2023"
        " - inscription n° 006"
    )


def test_the_academy_block_is_input_so_another_academy_prints_its_own() -> None:
    rennes = AcademyBlock(
        label="ACADÉMIE DE RENNES",
        name="Rennes",
        region="BRETAGNE",
        office_lines=("Rectorat - DEC", "96 rue d'Antrain", "35705 RENNES CEDEX 7"),
        office_email="dec@ac-rennes.fr",
    )
    text = pdf_text(render_confirmation_pdf(dataclasses.replace(cfg_example(), academy=rennes)))
    assert "académie Rennes RÉGION ACADÉMIQUE BRETAGNE" in text
    assert "96 rue d'Antrain" in text
    assert "Référence Réservée à l'administration : ACADÉMIE DE RENNES" in text
    assert "REIMS" not in text


def test_a_document_pointing_at_the_network_fails_without_fetching_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import engine.confirmation.render as render

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.3)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/x"
        monkeypatch.setattr(
            render,
            "_html",
            lambda data, total: f'<html><body><p>x</p><img src="{url}.png"></body></html>',
        )
        with pytest.raises(ConfirmationRenderError, match="external resource refused"):
            render_confirmation_pdf(cfg_example())
        with pytest.raises(TimeoutError):
            listener.accept()


def test_pasted_control_characters_print_as_spaces() -> None:
    data = with_candidate(cfg_example(), last_name="Dupont\x1b\x00", first_names="Jean\rMarc")
    html = render_confirmation_html(data)
    assert "\x1b" not in html and "\x00" not in html and "\r" not in html
    assert re.search(r"MONSIEUR DUPONT +Jean Marc", html)
