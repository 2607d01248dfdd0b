"""School pupils imported by the exam office: their login and initial password seed on the
account, the answers their establishment set, and the pupil table (class, login counter)

Revision ID: 0011_school_pupils
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_school_pupils"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN and a unique index: a batch rebuild of the account table would, on
    # SQLite, cascade its deletion to every row that references an account.
    op.add_column("account", sa.Column("login", sa.String(60), nullable=True))
    op.add_column("account", sa.Column("initial_password_seed", sa.String(64), nullable=True))
    op.add_column("account", sa.Column("school_preset", sa.JSON(), nullable=True))
    op.create_index("ux_account_login", "account", ["login"], unique=True)
    op.create_table(
        "school_pupil",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("candidature_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("academy_code", sa.String(40), nullable=False),
        sa.Column("establishment_code", sa.String(40), nullable=False),
        sa.Column("class_label", sa.String(40), nullable=False),
        sa.Column("identity_key", sa.String(300), nullable=False),
        sa.Column("login_base", sa.String(55), nullable=False),
        sa.Column("login_number", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(254), nullable=False),
        sa.Column("reset_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE",
                                name=op.f("fk_school_pupil_account_id_account")),
        sa.ForeignKeyConstraint(["candidature_id"], ["candidature.id"], ondelete="CASCADE",
                                name=op.f("fk_school_pupil_candidature_id_candidature")),
        sa.ForeignKeyConstraint(["session_id"], ["exam_session.id"], ondelete="CASCADE",
                                name=op.f("fk_school_pupil_session_id_exam_session")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_pupil")),
        sa.UniqueConstraint("account_id", name=op.f("uq_school_pupil_account_id")),
        sa.UniqueConstraint("candidature_id", name=op.f("uq_school_pupil_candidature_id")),
        sa.UniqueConstraint("session_id", "identity_key", name="uq_school_pupil_identity"),
    )
    op.create_index("ix_school_pupil_login_base", "school_pupil", ["login_base"])
    op.create_index("ix_school_pupil_class", "school_pupil",
                    ["academy_code", "session_id", "establishment_code", "class_label"])


def downgrade() -> None:
    op.drop_index("ix_school_pupil_class", table_name="school_pupil")
    op.drop_index("ix_school_pupil_login_base", table_name="school_pupil")
    op.drop_table("school_pupil")
    op.drop_index("ux_account_login", table_name="account")
    with op.batch_alter_table("account") as batch:
        batch.drop_column("school_preset")
        batch.drop_column("initial_password_seed")
        batch.drop_column("login")
