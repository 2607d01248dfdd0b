"""Documents published by the exam office: jobs and their items, the épreuves timetable, the
aménagement measures granted, and the job that made a document

Revision ID: 0013_office_documents
Revises: 0012_results
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_office_documents"
down_revision: str | None = "0012_results"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "publication_job",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey(
                "exam_session.id",
                ondelete="CASCADE",
                name="fk_publication_job_session_id_exam_session",
            ),
            nullable=False,
        ),
        sa.Column("academy_code", sa.String(40), nullable=False),
        sa.Column(
            "started_by_id",
            sa.Integer(),
            sa.ForeignKey(
                "account.id", ondelete="SET NULL", name="fk_publication_job_started_by_id_account"
            ),
            nullable=True,
        ),
        sa.Column("started_by_email", sa.String(254), nullable=False),
        sa.Column("state", sa.String(30), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("restarts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("progressed_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_publication_job_session_id", "publication_job", ["session_id"])
    op.create_index(
        "ix_publication_job_academy_created", "publication_job", ["academy_code", "created_at"]
    )
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("publication_job_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_document_publication_job_id_publication_job",
            "publication_job",
            ["publication_job_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_unique_constraint("uq_document_job", ["publication_job_id", "candidature_id"])
    op.create_table(
        "publication_item",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "job_id",
            sa.Integer(),
            sa.ForeignKey(
                "publication_job.id",
                ondelete="CASCADE",
                name="fk_publication_item_job_id_publication_job",
            ),
            nullable=False,
        ),
        sa.Column(
            "candidature_id",
            sa.Integer(),
            sa.ForeignKey(
                "candidature.id",
                ondelete="CASCADE",
                name="fk_publication_item_candidature_id_candidature",
            ),
            nullable=False,
        ),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey(
                "document.id", ondelete="SET NULL", name="fk_publication_item_document_id_document"
            ),
            nullable=True,
        ),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("job_id", "candidature_id", name="uq_publication_item_candidature"),
    )
    op.create_index("ix_publication_item_candidature_id", "publication_item", ["candidature_id"])
    op.create_index("ix_publication_item_job_state", "publication_item", ["job_id", "state", "id"])
    op.create_table(
        "timetable_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey(
                "exam_session.id",
                ondelete="CASCADE",
                name="fk_timetable_entry_session_id_exam_session",
            ),
            nullable=False,
        ),
        sa.Column("academy_code", sa.String(40), nullable=False),
        sa.Column("unit_code", sa.String(40), nullable=False),
        sa.Column("speciality_code", sa.String(60), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("centre", sa.String(200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint(
            "session_id",
            "academy_code",
            "unit_code",
            "speciality_code",
            name="uq_timetable_entry_unit",
        ),
    )
    op.create_index("ix_timetable_entry_session_id", "timetable_entry", ["session_id"])
    op.create_table(
        "accommodation_grant",
        sa.Column(
            "candidature_id",
            sa.Integer(),
            sa.ForeignKey(
                "candidature.id",
                ondelete="CASCADE",
                name="fk_accommodation_grant_candidature_id_candidature",
            ),
            primary_key=True,
        ),
        sa.Column("measures", sa.Text(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column(
            "updated_by_id",
            sa.Integer(),
            sa.ForeignKey(
                "account.id",
                ondelete="SET NULL",
                name="fk_accommodation_grant_updated_by_id_account",
            ),
            nullable=True,
        ),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("accommodation_grant")
    op.drop_table("timetable_entry")
    op.drop_table("publication_item")
    with op.batch_alter_table("document") as batch:
        batch.drop_constraint("uq_document_job", type_="unique")
        batch.drop_constraint("fk_document_publication_job_id_publication_job", type_="foreignkey")
        batch.drop_column("publication_job_id")
    op.drop_table("publication_job")
