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


def test_migration_0005_keys_the_drafts_and_sqlite_never_gives_a_deleted_id_again(
    tmp_path: Any,
) -> None:
    from alembic import command
    from sqlalchemy import text

    from web.core.migrate import alembic_config

    url = f"sqlite:///{tmp_path / 'before.sqlite3'}"
    config = alembic_config(url)
    command.upgrade(config, "0004")
    engine = create_engine(url)
    draft_row = (
        "INSERT INTO candidature_draft (id, account_id, exam_code, session_id, academy_code, "
        "answers, reached_tab, created_at, updated_at) VALUES (:id, 1, :exam, 1, 'rennes', "
        "'{}', 'identification', '2026-11-01', '2026-11-01')"
    )
    try:
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO account (id, email, email_key, password_hash, role, sexe, "
                "nom_naissance, nom_usage, prenoms, pays_naissance, departement_naissance, "
                "commune_naissance, commune_naissance_label, created_at, session_version) "
                "VALUES (1, 'a@example.org', 'a@example.org', 'x', 'candidat', 'F', 'LAMY', '', "
                "'Paul', 'FR', '', '', '', '2026-11-01', 1)"))
            conn.execute(text("INSERT INTO exam_session (id, exam_code, label, year, closed) "
                              "VALUES (1, 'cap', 'JUIN 2027', 2027, 0)"))
            for draft_id, exam in ((3, "cap"), (7, "bacpro")):
                conn.execute(text(draft_row), {"id": draft_id, "exam": exam})
        command.upgrade(config, "head")
        with engine.begin() as conn:
            rows = conn.execute(text(
                "SELECT id, draft_key, revision FROM candidature_draft ORDER BY id")).all()
            assert [(r.id, r.revision) for r in rows] == [(3, 1), (7, 1)]
            assert len({r.draft_key for r in rows}) == 2 and all(r.draft_key for r in rows)
            conn.execute(text("DELETE FROM candidature_draft WHERE id = 7"))
            conn.execute(text(
                "INSERT INTO candidature_draft (account_id, exam_code, session_id, academy_code, "
                "answers, reached_tab, created_at, updated_at, draft_key) VALUES (1, 'cfg', 1, "
                "'rennes', '{}', 'identification', '2026-11-02', '2026-11-02', 'k')"))
            new_id = conn.execute(text("SELECT max(id) FROM candidature_draft")).scalar()
            assert new_id == 8  # 7 was deleted: it is not given again
        command.downgrade(config, "0004")
        command.upgrade(config, "head")
    finally:
        engine.dispose()
