"""The units table and consents of the confirmation, built from the rules' results and answers."""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass
from pathlib import Path

import pypdf

from engine.confirmation import (
    ConfirmationData,
    Consent,
    UnitRow,
    UnitSection,
    consents,
    render_confirmation_pdf,
    unit_sections,
)
from engine.confirmation.samples import (
    COLLECTIVITIES_CONSENT,
    LEGAL_NOTICE,
    PRESS_CONSENT,
    cfg_example,
)
from engine.specs import load_exam

STATUS_LABELS = {
    "inscrit": "Inscrit", "dispense": "Dispensé", "benefice": "Bénéfice conservé",
    "non_choisi": "Non choisi", "choisi": "Choisi",
}


@dataclass(frozen=True)
class Result:
    """Stands for engine.rules.UnitLine: only what the confirmation reads."""

    code: str
    label: str
    group_label: str
    status: str
    reason: str = ""
    mode_label: str = "Ponctuel"
    language: str | None = None
    is_group: bool = False

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def printed_code(self) -> str:
        return self.code

    @property
    def language_label(self) -> str | None:
        return self.language


def test_units_are_grouped_under_their_group_label_in_spec_order() -> None:
    sections = unit_sections([
        Result("EP1", "Pro 1", "Epreuves professionnelles", "inscrit", "EP1 : épreuve obligatoire"),
        Result("EG1", "Français", "Epreuves générales", "inscrit"),
        Result("EP2", "Pro 2", "Epreuves professionnelles", "inscrit"),
    ])
    assert [s.title for s in sections] == ["Epreuves professionnelles", "Epreuves générales"]
    assert [u.code for u in sections[0].units] == ["EP1", "EP2"]


def test_a_dispense_and_a_benefice_print_their_reason_an_inscrit_does_not() -> None:
    (section,) = unit_sections([
        Result("EG1", "Français", "G", "dispense", "EG1 dispensée : CAP obtenu en 2021"),
        Result("EG2", "Maths", "G", "benefice", "EG2 : note de 12/20 conservée (2022)"),
        Result("EG3", "EPS", "G", "inscrit", "EG3 : épreuve obligatoire"),
    ])
    assert section.units == (
        UnitRow("EG1", "Français", "Dispensé", "Ponctuel", "EG1 dispensée : CAP obtenu en 2021"),
        UnitRow("EG2", "Maths", "Bénéfice conservé", "Ponctuel",
                "EG2 : note de 12/20 conservée (2022)"),
        UnitRow("EG3", "EPS", "Inscrit", "Ponctuel", ""),
    )


def test_an_optional_unit_not_chosen_is_left_out_and_a_chosen_one_shows_its_language() -> None:
    sections = unit_sections([
        Result("UF1", "Langue vivante", "Facultatives", "choisi", language="anglais"),
        Result("UF2", "Arts appliqués", "Facultatives", "non_choisi"),
        Result("UF3", "Mobilité", "Mobilité", "non_choisi"),
    ])
    assert sections == (
        UnitSection("Facultatives", (UnitRow("UF1", "Langue vivante (anglais)", "Choisi",
                                             "Ponctuel"),)),
    )


def test_the_units_note_goes_under_the_first_heading_only() -> None:
    sections = unit_sections(
        [Result("001", "Entretien", "A", "inscrit"), Result("002", "Maths", "B", "inscrit")],
        first_note="NB : Pensez à apporter le dossier que vous avez éventuellement préparé.",
    )
    assert sections[0].note.startswith("NB : Pensez")
    assert sections[1].note == ""


def test_consents_keep_the_spec_order_and_an_unanswered_one_prints_non() -> None:
    labels = {"consentement_presse": "Presse", "consentement_collectivites": "Collectivités"}
    assert consents(labels, {"consentement_presse": True}) == (
        Consent("Presse", True), Consent("Collectivités", False),
    )
    assert consents(labels, {"consentement_presse": False, "consentement_collectivites": True}) == (
        Consent("Presse", False), Consent("Collectivités", True),
    )


# ------------------------------------------------------------------ texts from the real specs

EXAMS = Path(__file__).resolve().parents[2] / "exams"
CONSENT_CODES = ("consentement_presse", "consentement_collectivites")


def cfg_texts_and_consent_labels() -> tuple[dict[str, str], dict[str, str]]:
    # Compiled, not raw YAML: the texts come from exams/common/texts.yaml through the
    # spec's include, with the CFG's own keys added; the consents from their fragment.
    exam = load_exam(EXAMS / "cfg.yaml")
    labels = {f.code: f.label for f in exam.fields if f.code in CONSENT_CODES}
    return exam.texts, labels


def test_the_cfg_spec_texts_print_in_full_on_its_confirmation() -> None:
    texts, labels = cfg_texts_and_consent_labels()
    assert list(labels) == list(CONSENT_CODES)
    data = dataclasses.replace(
        cfg_example(),
        legal_notice=texts["legal_notice"],
        consents=consents(labels, {"consentement_presse": True}),
        unit_sections=unit_sections(
            [Result("001", "Entretien avec le jury", "Epreuve(s) ponctuelle(s)", "inscrit")],
            first_note=texts["units_note"],
        ),
    )
    text = " ".join(render_confirmation_pdf_text(data).split())
    assert texts["legal_notice"] in text
    assert f"{texts['units_note']} 001 - Entretien avec le jury Inscrit Ponctuel" in text
    for code, label in labels.items():
        answer = "OUI" if code == "consentement_presse" else "NON"
        assert f"{label} : (OUI ou NON) : {answer}" in text


def test_the_sample_confirmation_uses_the_wording_of_the_specs() -> None:
    # The examples back the demo and the benchmark: they must not drift from the specs.
    texts, labels = cfg_texts_and_consent_labels()
    assert texts["legal_notice"] == LEGAL_NOTICE
    assert [labels[c] for c in CONSENT_CODES] == [PRESS_CONSENT, COLLECTIVITIES_CONSENT]


def render_confirmation_pdf_text(data: ConfirmationData) -> str:
    reader = pypdf.PdfReader(io.BytesIO(render_confirmation_pdf(data)))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_example_command_writes_the_guide_example(tmp_path: Path) -> None:
    from engine.confirmation.__main__ import main

    out = tmp_path / "cfg.pdf"
    assert main(["cfg", str(out)]) == 0
    text = " ".join(pypdf.PdfReader(out).pages[0].extract_text().split())
    assert "MONSIEUR LAMY Paul" in text
    assert main(["bts", str(out)]) == 2
