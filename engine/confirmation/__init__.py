"""The Confirmation d'inscription: its input data and its rendering to HTML and PDF."""

from engine.confirmation.model import (
    DOCUMENT_TITLE,
    MINISTRY_LINES,
    AcademyBlock,
    CandidateBlock,
    ConfirmationData,
    Consent,
    ExtraLine,
    UnitLine,
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
    "UnitLine",
    "UnitSection",
    "render_confirmation_html",
    "render_confirmation_pdf",
]
