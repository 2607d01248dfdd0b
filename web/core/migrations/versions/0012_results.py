"""Results: grades per candidature and unit, and each academy's publication of a session's

Revision ID: 0012_results
Revises: 0011_school_pupils
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_results"
down_revision: str | None = "0011_school_pupils"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "grade",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidature_id", sa.Integer(), nullable=False),
        sa.Column("unit_code", sa.String(40), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("hundredths", sa.Integer(), nullable=True),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("entered_by", sa.String(254), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidature_id"],
            ["candidature.id"],
            ondelete="CASCADE",
            name=op.f("fk_grade_candidature_id_candidature"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grade")),
        sa.UniqueConstraint("candidature_id", "unit_code", name="uq_grade_candidature_unit"),
    )
    op.create_index(op.f("ix_grade_candidature_id"), "grade", ["candidature_id"])
    op.create_table(
        "results_publication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("academy_code", sa.String(40), nullable=False),
        sa.Column("publishes_at", sa.DateTime(), nullable=False),
        sa.Column("set_by", sa.String(254), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["exam_session.id"],
            ondelete="CASCADE",
            name=op.f("fk_results_publication_session_id_exam_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_results_publication")),
        sa.UniqueConstraint("session_id", "academy_code", name="uq_results_publication_part"),
    )
    op.create_index(
        op.f("ix_results_publication_session_id"), "results_publication", ["session_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_results_publication_session_id"), table_name="results_publication")
    op.drop_table("results_publication")
    op.drop_index(op.f("ix_grade_candidature_id"), table_name="grade")
    op.drop_table("grade")
