"""Drafts: ids never reused (SQLite AUTOINCREMENT), a random key and a revision per draft

A tab left open on a deleted draft posted its answers into the next draft that took the same
id. Existing drafts get a key of their own and revision 1.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "candidature_draft"
KEY_CONSTRAINT = "uq_candidature_draft_draft_key"


def _recreate(autoincrement: bool) -> dict[str, object]:
    """batch_alter_table's arguments: SQLite rebuilds the table to change AUTOINCREMENT;
    nothing references a draft, so the rebuild touches no other table."""
    if op.get_bind().dialect.name != "sqlite":
        return {}
    return {"recreate": "always", "table_kwargs": {"sqlite_autoincrement": autoincrement}}


def upgrade() -> None:
    with op.batch_alter_table(TABLE) as batch_op:
        batch_op.add_column(sa.Column("draft_key", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("revision", sa.Integer(), nullable=False, server_default="1")
        )
    drafts = sa.table(TABLE, sa.column("id", sa.Integer()), sa.column("draft_key", sa.String()))
    bind = op.get_bind()
    for (draft_id,) in bind.execute(sa.select(drafts.c.id)).all():
        bind.execute(
            drafts.update().where(drafts.c.id == draft_id)
            .values(draft_key=secrets.token_urlsafe(16))
        )
    # The rebuild comes last: any later rebuild reflects the table and loses AUTOINCREMENT.
    with op.batch_alter_table(TABLE, **_recreate(True)) as batch_op:  # type: ignore[arg-type]
        batch_op.alter_column("draft_key", existing_type=sa.String(length=32), nullable=False)
        batch_op.create_unique_constraint(KEY_CONSTRAINT, ["draft_key"])


def downgrade() -> None:
    with op.batch_alter_table(TABLE, **_recreate(False)) as batch_op:  # type: ignore[arg-type]
        batch_op.drop_constraint(KEY_CONSTRAINT, type_="unique")
        batch_op.drop_column("revision")
        batch_op.drop_column("draft_key")
