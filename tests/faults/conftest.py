"""Fault tests: the portal's real processes (gunicorn, the mail worker, PostgreSQL) under a
failure, and what a candidate, the database and the operator see afterwards."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The scale-out tests' processes and HTTP candidate, and tests/web's seeding helpers.
for folder in (HERE.parent / "serving", HERE.parent / "web"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

