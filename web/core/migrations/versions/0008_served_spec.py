"""Served spec versions: the version of each exam's spec the portal serves, and the newer
version it refused while that one would break candidatures of an open session

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "served_spec",
        sa.Column("exam_code", sa.String(40), nullable=False),
        sa.Column("source_hash", sa.String(64), nullable=False),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=False),
        sa.Column("refused_hash", sa.String(64), nullable=False),
        sa.Column("refused_version", sa.String(40), nullable=False),
        sa.Column("refusal", sa.JSON(), nullable=False),
        sa.Column("refused_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("exam_code", name=op.f("pk_served_spec")),
    )


def downgrade() -> None:
    op.drop_table("served_spec")
