"""Documents an exam office publishes (convocation, demande de pièces…): sandboxed templates
named by the exam's spec, rendered as PDF and accessible HTML."""

from engine.documents.render import RenderedDocument, render_accessible, render_document
from engine.documents.sandbox import DocumentTemplateError, check_template

__all__ = [
    "DocumentTemplateError",
    "RenderedDocument",
    "check_template",
    "render_accessible",
    "render_document",
]
