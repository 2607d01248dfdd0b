"""Accounts, tokens, sessions, periods, offices, candidatures, outbox

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "academy_office",
        sa.Column("academy_code", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.PrimaryKeyConstraint("academy_code", name=op.f("pk_academy_office")),
    )
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("email_key", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("academy_code", sa.String(length=10), nullable=True),
        sa.Column("sexe", sa.String(length=1), nullable=False),
        sa.Column("nom_naissance", sa.String(length=100), nullable=False),
        sa.Column("nom_usage", sa.String(length=100), nullable=False),
        sa.Column("prenoms", sa.String(length=150), nullable=False),
        sa.Column("date_naissance", sa.Date(), nullable=True),
        sa.Column("pays_naissance", sa.String(length=3), nullable=False),
        sa.Column("departement_naissance", sa.String(length=3), nullable=False),
        sa.Column("commune_naissance", sa.String(length=5), nullable=False),
        sa.Column("commune_naissance_label", sa.String(length=100), nullable=False),
        sa.Column("candidate_number", sa.String(length=20), nullable=True),
        sa.Column("activated_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
        sa.UniqueConstraint("candidate_number", name=op.f("uq_account_candidate_number")),
        sa.UniqueConstraint("email_key", name=op.f("uq_account_email_key")),
    )
    op.create_table(
        "exam_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exam_code", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_session")),
        sa.UniqueConstraint("exam_code", "label", name="uq_exam_session_code_label"),
    )
    with op.batch_alter_table("exam_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exam_session_exam_code"), ["exam_code"], unique=False)

    op.create_table(
        "candidature",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("exam_code", sa.String(length=40), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("academy_code", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_candidature_account_id_account"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["exam_session.id"], name=op.f("fk_candidature_session_id_exam_session")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidature")),
    )
    with op.batch_alter_table("candidature", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_candidature_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_candidature_session_id"), ["session_id"], unique=False)

    op.create_table(
        "one_time_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("new_email", sa.String(length=254), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_one_time_token_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_one_time_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_one_time_token_token_hash")),
    )
    with op.batch_alter_table("one_time_token", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_one_time_token_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_outbox_message_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_message")),
    )
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_message_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_outbox_message_next_attempt_at"), ["next_attempt_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_outbox_message_sent_at"), ["sent_at"], unique=False)

    op.create_table(
        "registration_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("academy_code", sa.String(length=10), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("opens_at", sa.DateTime(), nullable=False),
        sa.Column("closes_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["exam_session.id"],
            name=op.f("fk_registration_period_session_id_exam_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_period")),
    )
    with op.batch_alter_table("registration_period", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_registration_period_academy_code"), ["academy_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_registration_period_session_id"), ["session_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("registration_period", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registration_period_session_id"))
        batch_op.drop_index(batch_op.f("ix_registration_period_academy_code"))

    op.drop_table("registration_period")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_message_sent_at"))
        batch_op.drop_index(batch_op.f("ix_outbox_message_next_attempt_at"))
        batch_op.drop_index(batch_op.f("ix_outbox_message_account_id"))

    op.drop_table("outbox_message")
    with op.batch_alter_table("one_time_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_one_time_token_account_id"))

    op.drop_table("one_time_token")
    with op.batch_alter_table("candidature", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidature_session_id"))
        batch_op.drop_index(batch_op.f("ix_candidature_account_id"))

    op.drop_table("candidature")
    with op.batch_alter_table("exam_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exam_session_exam_code"))

    op.drop_table("exam_session")
    op.drop_table("account")
    op.drop_table("academy_office")
