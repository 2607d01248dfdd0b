"""Academy codes are slugs such as 'aix-marseille' or 'orleans-tours': widen the columns

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, nullable) of every column holding an academy code.
COLUMNS = [
    ("account", True),
    ("registration_period", False),
    ("academy_office", False),
    ("candidature", False),
    ("candidature_draft", False),
]


def _resize(length_from: int, length_to: int) -> None:
    for table, nullable in COLUMNS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column(
                "academy_code",
                existing_type=sa.String(length=length_from),
                type_=sa.String(length=length_to),
                existing_nullable=nullable,
            )


def upgrade() -> None:
    _resize(10, 40)


def downgrade() -> None:
    _resize(40, 10)
