"""Stored results: each candidature's computed result and the fingerprint of its inputs

Revision ID: 0015_result_records
Revises: 0014_document_visibility
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_result_records"
down_revision: str | None = "0014_document_visibility"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "result_record",
        sa.Column(
            "candidature_id",
            sa.Integer(),
            sa.ForeignKey(
                "candidature.id",
                ondelete="CASCADE",
                name="fk_result_record_candidature_id_candidature",
            ),
            nullable=False,
        ),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("average_hundredths", sa.Integer(), nullable=True),
        sa.Column("mention", sa.String(60), nullable=False),
        sa.Column("control_hundredths", sa.Integer(), nullable=True),
        sa.Column("benefices", sa.JSON(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("decision", sa.JSON(), nullable=False),
        sa.Column("spec_version", sa.String(40), nullable=False),
        sa.Column("context_hash", sa.String(64), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("stale", sa.Boolean(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("units_graded", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("candidature_id", name="pk_result_record"),
    )
    op.create_index("ix_result_record_status", "result_record", ["status"])


def downgrade() -> None:
    op.drop_index("ix_result_record_status", table_name="result_record")
    op.drop_table("result_record")
