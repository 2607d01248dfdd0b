"""The Confirmation d'inscription: its input data and its rendering to HTML and PDF."""

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
    "render_confirmation_html",
    "render_confirmation_pdf",
    "unit_sections",
]
