"""Documents: the accessible HTML version stored beside the PDF, from the same data

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Documents saved before it have none: their page offers the PDF only.
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("accessible_html", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.drop_column("accessible_html")
