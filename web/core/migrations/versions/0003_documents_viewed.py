"""Candidate space: when the candidate last looked at a candidature's documents

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "documents_viewed",
        sa.Column("candidature_id", sa.Integer(), nullable=False),
        sa.Column("viewed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidature_id"],
            ["candidature.id"],
            name=op.f("fk_documents_viewed_candidature_id_candidature"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("candidature_id", name=op.f("pk_documents_viewed")),
    )


def downgrade() -> None:
    op.drop_table("documents_viewed")
