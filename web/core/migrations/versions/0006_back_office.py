"""Back office: staff second factor and audit log, academies' part of a session, pieces
justificatives with their files and locks, indexed candidature columns for the office's filters

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _key_string(length: int) -> sa.types.TypeEngine[str]:
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


def _key(text: str | None) -> str:
    # Frozen copy of web.core.text.search_key as it was when this revision was written.
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.upper().replace("Œ", "OE").replace("Æ", "AE").split())[:100]


APPEND_ONLY_SQLITE = (
    "CREATE TRIGGER audit_entry_no_{op} BEFORE {OP} ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END"
)
APPEND_ONLY_POSTGRES_FUNCTION = (
    "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'audit_entry is append-only'; END; $$ LANGUAGE plpgsql"
)
APPEND_ONLY_POSTGRES_TRIGGER = (
    "CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry "
    "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()"
)


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_email", sa.String(254), nullable=False),
        sa.Column("academy_code", sa.String(40), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("target_type", sa.String(40), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    op.create_index("ix_audit_entry_academy_at", "audit_entry", ["academy_code", "at"])
    op.create_index("ix_audit_entry_target", "audit_entry", ["target_type", "target_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(APPEND_ONLY_POSTGRES_FUNCTION)
        op.execute(APPEND_ONLY_POSTGRES_TRIGGER)
    else:
        op.execute(APPEND_ONLY_SQLITE.format(op="update", OP="UPDATE"))
        op.execute(APPEND_ONLY_SQLITE.format(op="delete", OP="DELETE"))

    op.create_table(
        "recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"],
            name=op.f("fk_recovery_code_account_id_account"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_code")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_recovery_code_code_hash")),
    )
    op.create_index(op.f("ix_recovery_code_account_id"), "recovery_code", ["account_id"])

    op.create_table(
        "session_academy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("academy_code", sa.String(40), nullable=False),
        sa.Column("return_by", sa.Date(), nullable=True),
        sa.Column("pieces_deadline", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"], ["exam_session.id"],
            name=op.f("fk_session_academy_session_id_exam_session"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_academy")),
        sa.UniqueConstraint("session_id", "academy_code", name="uq_session_academy_pair"),
    )
    op.create_index(op.f("ix_session_academy_academy_code"), "session_academy", ["academy_code"])
    op.create_index(op.f("ix_session_academy_session_id"), "session_academy", ["session_id"])
    # Every academy that already has periods in a session has opened its part of it.
    op.execute(
        "INSERT INTO session_academy (session_id, academy_code, created_at) "
        "SELECT DISTINCT session_id, academy_code, CURRENT_TIMESTAMP FROM registration_period"
    )

    op.create_table(
        "candidature_piece",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidature_id", sa.Integer(), nullable=False),
        sa.Column("piece_code", sa.String(60), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("status_set_at", sa.DateTime(), nullable=True),
        sa.Column("status_set_by", sa.Integer(), nullable=True),
        sa.Column("validated_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidature_id"], ["candidature.id"],
            name=op.f("fk_candidature_piece_candidature_id_candidature"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidature_piece")),
        sa.UniqueConstraint("candidature_id", "piece_code", name="uq_candidature_piece_code"),
    )
    op.create_index(
        op.f("ix_candidature_piece_candidature_id"), "candidature_piece", ["candidature_id"]
    )

    op.create_table(
        "piece_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("piece_id", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(100), nullable=False),
        sa.Column("original_name", sa.String(200), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.Column("removal", sa.String(20), nullable=False),
        sa.ForeignKeyConstraint(
            ["piece_id"], ["candidature_piece.id"],
            name=op.f("fk_piece_file_piece_id_candidature_piece"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_piece_file")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_piece_file_storage_key")),
    )
    op.create_index(op.f("ix_piece_file_piece_id"), "piece_file", ["piece_id"])

    op.create_table(
        "piece_lock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidature_id", sa.Integer(), nullable=False),
        sa.Column("group_key", sa.String(40), nullable=False),
        sa.Column("locked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidature_id"], ["candidature.id"],
            name=op.f("fk_piece_lock_candidature_id_candidature"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_piece_lock")),
        sa.UniqueConstraint("candidature_id", "group_key", name="uq_piece_lock_group"),
    )
    op.create_index(op.f("ix_piece_lock_candidature_id"), "piece_lock", ["candidature_id"])

    with op.batch_alter_table("account") as batch:
        batch.add_column(sa.Column("name_key", _key_string(100), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("usage_name_key", _key_string(100), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("totp_secret", sa.String(64), nullable=True))
        batch.add_column(sa.Column("totp_confirmed_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
        batch.create_index("ix_account_name_key", ["name_key"])
        batch.create_index("ix_account_usage_name_key", ["usage_name_key"])
        batch.create_index("ix_account_date_naissance", ["date_naissance"])
    bind = op.get_bind()
    accounts = sa.table(
        "account", sa.column("id", sa.Integer()), sa.column("nom_naissance", sa.String()),
        sa.column("nom_usage", sa.String()), sa.column("name_key", sa.String()),
        sa.column("usage_name_key", sa.String()),
    )
    rows = bind.execute(sa.select(accounts.c.id, accounts.c.nom_naissance, accounts.c.nom_usage))
    for ident, birth_name, usage_name in list(rows):
        bind.execute(
            accounts.update().where(accounts.c.id == ident)
            .values(name_key=_key(birth_name), usage_name_key=_key(usage_name))
        )

    with op.batch_alter_table("candidature") as batch:
        batch.add_column(sa.Column("speciality_code", sa.String(60), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("category_code", sa.String(60), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("accommodation_requested", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("pieces_status", sa.String(20), nullable=False,
                                   server_default="aucune"))
        batch.add_column(sa.Column("pieces_submitted_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("reopened_until", sa.DateTime(), nullable=True))
        batch.create_index("ix_candidature_academy_session_state",
                           ["academy_code", "session_id", "state"])
        batch.create_index("ix_candidature_academy_speciality",
                           ["academy_code", "speciality_code"])
        batch.create_index("ix_candidature_academy_category", ["academy_code", "category_code"])
        batch.create_index("ix_candidature_academy_pieces",
                           ["academy_code", "pieces_status", "pieces_submitted_at"])
        batch.create_index("ix_candidature_academy_accommodation",
                           ["academy_code", "accommodation_requested"])
    # The excluded state is named as the guide names it ("Écartée").
    op.execute("UPDATE candidature SET state = 'ecartee' WHERE state = 'exclu'")
    # speciality_code, category_code, accommodation_requested and pieces_status are read from
    # the answers by the exam's spec: `flask --app web reindex-candidatures` fills them in.


def downgrade() -> None:
    op.execute("UPDATE candidature SET state = 'exclu' WHERE state = 'ecartee'")
    op.execute(
        "UPDATE candidature SET state = 'desinscrit_candidat' "
        "WHERE state = 'desinscrit_gestionnaire'"
    )
    with op.batch_alter_table("candidature") as batch:
        for index in ("ix_candidature_academy_accommodation", "ix_candidature_academy_pieces",
                      "ix_candidature_academy_category", "ix_candidature_academy_speciality",
                      "ix_candidature_academy_session_state"):
            batch.drop_index(index)
        for column in ("reopened_until", "pieces_submitted_at", "pieces_status",
                       "accommodation_requested", "category_code", "speciality_code"):
            batch.drop_column(column)
    with op.batch_alter_table("account") as batch:
        for index in ("ix_account_date_naissance", "ix_account_usage_name_key",
                      "ix_account_name_key"):
            batch.drop_index(index)
        for column in ("totp_last_step", "totp_confirmed_at", "totp_secret", "usage_name_key",
                       "name_key"):
            batch.drop_column(column)
    for table in ("piece_lock", "piece_file", "candidature_piece", "session_academy",
                  "recovery_code"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_change ON audit_entry")
        op.execute("DROP FUNCTION IF EXISTS audit_entry_append_only()")
    op.drop_table("audit_entry")
