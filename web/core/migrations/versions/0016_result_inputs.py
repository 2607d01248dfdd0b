"""Candidatures: the revision of their results' inputs (answers and grades), which a result
computation compares before it stores what it computed

Revision ID: 0016_result_inputs
Revises: 0015_result_records
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_result_inputs"
down_revision: str | None = "0015_result_records"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("candidature") as batch:
        batch.add_column(
            sa.Column("inputs_revision", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("candidature") as batch:
        batch.drop_column("inputs_revision")
