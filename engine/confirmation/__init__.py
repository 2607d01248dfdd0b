"""The Confirmation d'inscription: its input data and its rendering to HTML and PDF.

The web side builds one ConfirmationData per saved version and stores the bytes:

    data = ConfirmationData(
        academy=AcademyBlock(label="ACADÉMIE DE REIMS", name="Reims", region="GRAND EST", …),
        exam_label=exam.label, version=n, version_at=saved_at, candidate_number=…,
        inscription_number=…, session_label="JUIN 2025", return_by=period_return_date,
        candidate=CandidateBlock(…), extra_lines=(ExtraLine("Spécialité", …), …),
        unit_sections=unit_sections(rules.compute_units(…), exam.texts.get("units_note", "")),
        consents=consents({code: field.label for the consent fields}, answers["fields"]),
        legal_notice=exam.texts.get("legal_notice", ""),
    )
    pdf = render_confirmation_pdf(data)      # raises ConfirmationRenderError (a bug: 500)
    page = render_confirmation_accessible(data)   # the same content as accessible HTML

Texts that belong to an exam come in through the data; the document's generic wording
(title lines, signature block, notices, footer) is in confirmation.html.
"""

from engine.confirmation.accessible import render_confirmation_accessible
from engine.confirmation.build import UnitResult, consents, unit_sections
from engine.confirmation.model import (
    DOCUMENT_TITLE,
    MINISTRY_LINES,
    AcademyBlock,
    CandidateBlock,
    ConfirmationData,
    Consent,
    ExtraLine,
    UnitRow,
    UnitSection,
)
from engine.confirmation.render import (
    ConfirmationRenderError,
    render_confirmation_html,
    render_confirmation_pdf,
)

__all__ = [
    "DOCUMENT_TITLE",
    "MINISTRY_LINES",
    "AcademyBlock",
    "CandidateBlock",
    "ConfirmationData",
    "ConfirmationRenderError",
    "Consent",
    "ExtraLine",
    "UnitResult",
    "UnitRow",
    "UnitSection",
    "consents",
    "render_confirmation_accessible",
    "render_confirmation_html",
    "render_confirmation_pdf",
    "unit_sections",
]
