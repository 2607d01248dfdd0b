"""The job queue's address (JOBS_QUEUE_URL) picks huey's storage: the SQLite file by default,
PostgreSQL or Redis shared by workers on several machines; and the timetable's durations and
times (the back office's one time parser)."""

from __future__ import annotations

from pathlib import Path

import pytest
from huey.storage import MemoryStorage, PostgresStorage, RedisStorage, SqliteStorage

from web.core.forms import parse_time
from web.documents.queue import storage_for
from web.documents.timetable import shown_duration
from web.documents.timetable_rows import parse_duration


def test_each_queue_address_names_its_storage(tmp_path: Path) -> None:
    assert storage_for(f"sqlite:///{tmp_path / 'q' / 'jobs.sqlite3'}") == (
        SqliteStorage,
        {"filename": str(tmp_path / "q" / "jobs.sqlite3")},
    )
    assert (tmp_path / "q").is_dir()
    assert storage_for("postgresql+psycopg://u:p@db/examforms") == (
        PostgresStorage,
        {"dsn": "postgresql://u:p@db/examforms"},
    )
    assert storage_for("redis://redis-host:6379/1") == (
        RedisStorage,
        {"url": "redis://redis-host:6379/1"},
    )
    assert storage_for("memory://") == (MemoryStorage, {})
    with pytest.raises(ValueError, match="JOBS_QUEUE_URL"):
        storage_for("amqp://broker")


@pytest.mark.parametrize(
    "text, minutes",
    [
        ("2h", 120),
        ("1h30", 90),
        ("1 h 30", 90),
        ("1h30min", 90),
        ("90", 90),
        ("45 min", 45),
        ("01:30", 90),
        ("2H", 120),
    ],
)
def test_a_duration_is_read_as_the_office_writes_it(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["", "deux heures", "1.5h", "-30", "1h70"])
def test_a_duration_that_is_not_one_is_refused(text: str) -> None:
    assert parse_duration(text) is None


def test_a_duration_is_shown_in_hours_and_minutes() -> None:
    assert [shown_duration(m) for m in (45, 60, 90, 150)] == ["45 min", "1 h", "1 h 30", "2 h 30"]


def test_a_time_is_read_as_people_type_it() -> None:
    for text, shown in (("08:30", "08:30"), ("8h30", "08:30"), (" 8 h ", "08:00"),
                        ("23H05", "23:05")):
        found = parse_time(text)
        assert found is not None and found.strftime("%H:%M") == shown, text
    for text in ("", "24:00", "8h61", "8.30", "huit heures"):
        assert parse_time(text) is None, text
