"""Candidate and inscription numbers from counter rows, allocated without collisions."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from web.core.models import NumberSequence

CANDIDATE_SEQUENCE = "candidate"


def inscription_sequence(session_id: int, academy_code: str) -> str:
    return f"inscription:{session_id}:{academy_code}"


def next_value(db: Session, name: str) -> int:
    """Increment counter `name` and return the new value, inside the caller's transaction.

    One UPDATE … RETURNING: PostgreSQL locks the row until the transaction ends and SQLite
    holds the database write lock, so two transactions never read the same value.
    """
    bind = db.get_bind()
    dialect = bind.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # Create the counter if missing; a concurrent creator makes this a no-op, not an error.
    db.execute(insert(NumberSequence).values(name=name, value=0).on_conflict_do_nothing())
    value = db.execute(
        update(NumberSequence)
        .where(NumberSequence.name == name)
        .values(value=NumberSequence.value + 1)
        .returning(NumberSequence.value)
    ).scalar_one()
    return int(value)


def format_candidate_number(value: int, year: int) -> str:
    """Eleven digits as on the guide's documents ("01943021803"): 0, the year, a serial."""
    return f"0{year % 100:02d}{value:08d}"


def format_inscription_number(value: int) -> str:
    """Three digits at least, as the guide shows it ("006")."""
    return f"{value:03d}"
