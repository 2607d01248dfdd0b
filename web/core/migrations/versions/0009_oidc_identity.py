"""Accounts created with an OpenID Connect provider (FranceConnect): the provider's issuer
and subject, unique together (an index)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN and an index: a batch rebuild of the account table would, on SQLite,
    # cascade its deletion to every row that references an account.
    op.add_column("account", sa.Column("oidc_issuer", sa.String(255), nullable=True))
    op.add_column("account", sa.Column("oidc_subject", sa.String(255), nullable=True))
    op.create_index(
        "ux_account_oidc_identity", "account", ["oidc_issuer", "oidc_subject"], unique=True
    )


def downgrade() -> None:
    op.drop_index("ux_account_oidc_identity", table_name="account")
    with op.batch_alter_table("account") as batch:
        batch.drop_column("oidc_subject")
        batch.drop_column("oidc_issuer")
