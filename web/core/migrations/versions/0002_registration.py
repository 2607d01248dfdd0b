"""Registration: candidature answers, numbers and versions; documents; drafts; counters

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("candidature", schema=None) as batch_op:
        batch_op.add_column(sa.Column("inscription_number", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(
            sa.Column("answers", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )
        batch_op.add_column(
            sa.Column("spec_version", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("spec_hash", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column(
                "updated_at",
                sa.DateTime(),
                nullable=False,
                server_default=sa.text("CURRENT_TIMESTAMP"),
            )
        )
        batch_op.add_column(sa.Column("state_changed_at", sa.DateTime(), nullable=True))
        batch_op.create_unique_constraint(
            "uq_candidature_inscription_number",
            ["session_id", "academy_code", "inscription_number"],
        )

    op.create_table(
        "candidature_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidature_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("spec_version", sa.String(length=40), nullable=False),
        sa.Column("spec_hash", sa.String(length=64), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidature_id"],
            ["candidature.id"],
            name=op.f("fk_candidature_version_candidature_id_candidature"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidature_version")),
        sa.UniqueConstraint("candidature_id", "version", name="uq_candidature_version_number"),
    )
    op.create_index(
        op.f("ix_candidature_version_candidature_id"), "candidature_version", ["candidature_id"]
    )

    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidature_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidature_id"],
            ["candidature.id"],
            name=op.f("fk_document_candidature_id_candidature"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("candidature_id", "kind", "version", name="uq_document_kind_version"),
    )
    op.create_index(op.f("ix_document_candidature_id"), "document", ["candidature_id"])

    op.create_table(
        "candidature_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("exam_code", sa.String(length=40), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("academy_code", sa.String(length=10), nullable=False),
        sa.Column("candidature_id", sa.Integer(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("reached_tab", sa.String(length=60), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_candidature_draft_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["exam_session.id"],
            name=op.f("fk_candidature_draft_session_id_exam_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["candidature_id"],
            ["candidature.id"],
            name=op.f("fk_candidature_draft_candidature_id_candidature"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidature_draft")),
        sa.UniqueConstraint(
            "account_id", "exam_code", "session_id", "academy_code", name="uq_candidature_draft_key"
        ),
    )
    op.create_index(op.f("ix_candidature_draft_account_id"), "candidature_draft", ["account_id"])
    op.create_index(op.f("ix_candidature_draft_session_id"), "candidature_draft", ["session_id"])
    op.create_index(
        op.f("ix_candidature_draft_candidature_id"), "candidature_draft", ["candidature_id"]
    )

    op.create_table(
        "number_sequence",
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_number_sequence")),
    )


def downgrade() -> None:
    op.drop_table("number_sequence")
    op.drop_table("candidature_draft")
    op.drop_table("document")
    op.drop_table("candidature_version")
    with op.batch_alter_table("candidature", schema=None) as batch_op:
        batch_op.drop_constraint("uq_candidature_inscription_number", type_="unique")
        for column in (
            "state_changed_at",
            "updated_at",
            "spec_hash",
            "spec_version",
            "answers",
            "version",
            "inscription_number",
        ):
            batch_op.drop_column(column)
