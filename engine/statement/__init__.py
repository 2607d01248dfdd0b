"""The relevé de notes of a candidature: its data, its PDF and its accessible HTML version.

data = StatementData(academy=AcademyBlock(…), exam_label=…, session_label="JUIN 2026",
                     candidate_name="MONSIEUR LAMY Paul", …, lines=(StatementLine(…), …),
                     decision="AJOURNÉ", average="8,75/20", explanation=(…,))
pdf = render_statement_pdf(data)          # raises ConfirmationRenderError (a bug: 500)
html = render_statement_accessible(data)  # the same content as an HTML fragment
"""

from engine.statement.model import STATEMENT_TITLE, StatementData, StatementLine
from engine.statement.render import render_statement_accessible, render_statement_pdf

__all__ = [
    "STATEMENT_TITLE",
    "StatementData",
    "StatementLine",
    "render_statement_accessible",
    "render_statement_pdf",
]
