"""What the confirmation takes from the spec and the wizard state: units, texts, return date,
and answers printed with their official codes ("INDIVIDUEL (520)", "LYCEE X (0510001Z)")."""

from __future__ import annotations

from datetime import date
from typing import Any, TypedDict

from engine.confirmation.build import unit_sections
from engine.confirmation.model import DEFAULT_CERTIFY_TEXT, UnitSection
from engine.forms import display_value
from engine.rules import return_date
from engine.views import WizardState


class ExamParts(TypedDict):
    """The ConfirmationData keywords that come from the exam: `ConfirmationData(**parts, …)`."""

    unit_sections: tuple[UnitSection, ...]
    legal_notice: str
    certify_text: str
    return_by: date


def exam_parts(state: WizardState) -> ExamParts:
    """The units table, the legal notice, the signature block's text (the spec's
    `confirmation_footer`) and the return date (`engine.rules.return_date`)."""
    texts = state.exam.texts
    return ExamParts(
        unit_sections=unit_sections(state.units, texts.get("units_note", "")),
        legal_notice=texts.get("legal_notice", ""),
        certify_text=texts.get("confirmation_footer", "") or DEFAULT_CERTIFY_TEXT,
        return_by=return_date(state.exam, state.calendar),
    )


def printed_answer(state: WizardState, code: str) -> str:
    """An answer as the confirmation prints it: a category with its official code, an
    establishment of the reference list with its UAI, anything else as on the Récapitulatif;
    "" when the field is hidden or unanswered."""
    view = state.field(code)
    if view is None or view.value is None:
        return ""
    value: Any = view.value
    if view.field.type == "category":
        found = next((c for c in state.exam.categories if c.code == value), None)
        return found.printed_label if found else str(value)
    if view.field.type == "reference" and view.field.list == "etablissements":
        from engine import establishments

        return establishments.printed_label(str(value)) or str(value)
    return display_value(view)
