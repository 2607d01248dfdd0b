"""Establishments: the exam offices' own entries and changes to their academy's list, and a
version token per academy that the app processes' caches are keyed by

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "establishment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("academy_code", sa.String(40), nullable=False),
        sa.Column("uai", sa.String(8), nullable=False),
        sa.Column("label", sa.String(150), nullable=False),
        sa.Column("departement", sa.String(3), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(254), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(254), nullable=False),
        sa.Column("deactivated_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_establishment")),
        sa.UniqueConstraint("code", name=op.f("uq_establishment_code")),
    )
    op.create_index(op.f("ix_establishment_academy_code"), "establishment", ["academy_code"])
    op.create_table(
        "establishment_list_version",
        sa.Column("academy_code", sa.String(40), nullable=False),
        sa.Column("token", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("academy_code", name=op.f("pk_establishment_list_version")),
    )


def downgrade() -> None:
    op.drop_table("establishment_list_version")
    op.drop_index(op.f("ix_establishment_academy_code"), table_name="establishment")
    op.drop_table("establishment")
