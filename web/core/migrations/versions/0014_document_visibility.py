"""Documents and mails shown from a moment: the relevé de notes and its mail from the results'
publication moment

Revision ID: 0014_document_visibility
Revises: 0013_office_documents
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_document_visibility"
down_revision: str | None = "0013_office_documents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Rows written before it are shown from their creation, as they were.
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("visible_from", sa.DateTime(), nullable=True))
    with op.batch_alter_table("outbox_message") as batch:
        batch.add_column(sa.Column("not_before", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_column("not_before")
    with op.batch_alter_table("document") as batch:
        batch.drop_column("visible_from")
