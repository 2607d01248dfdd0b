"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine


def test_the_migrated_database_matches_the_models(app: Any, database_url: str) -> None:
    # `app` imports every blueprint, hence every module that declares models on Base.
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from web.core.models import Base

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences: list[Any] = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == [], "a model changed without its migration: " + repr(differences)
