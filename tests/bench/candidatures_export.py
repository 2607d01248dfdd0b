"""One streamed export in a fresh process: its time and the process's peak memory, as JSON.

python -m tests.bench.candidatures_export DATABASE_URL STAFF_USER_ID QUERY csv|xlsx
python -m tests.bench.candidatures_export DATABASE_URL STAFF_USER_ID PATH [WARM-UP PATH...]
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any


def status_kb(key: str) -> int:
    """VmRSS (resident now) or VmHWM (the peak since the last reset) of this process."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    return 0


def reset_peak() -> None:
    """Start the peak (VmHWM) again from the current size (Linux: clear_refs 5)."""
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def staff_client(app: Any, user_id: str) -> Any:
    from web.core.models import utcnow

    client = app.test_client()
    with client.session_transaction() as session:
        now = utcnow().isoformat()
        session.update({"_user_id": user_id, "_fresh": True,
                        "staff_session": {"login_at": now, "seen_at": now}})
    return client


def bench_app(url: str, **overrides: Any) -> Any:
    from web import create_app

    return create_app({
        "TESTING": True, "SECRET_KEY": "bench-secret-key", "DATABASE_URL": url,
        "WTF_CSRF_ENABLED": False, "SESSION_COOKIE_SECURE": False,
        "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": 9, **overrides,
    })


def consume(client: Any, path: str) -> tuple[int, int]:
    """Read the streamed body chunk by chunk (never whole); returns (bytes, lines)."""
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    size = lines = 0
    for chunk in response.response:
        size += len(chunk)
        lines += chunk.count(b"\n")
    response.close()
    return size, lines


def main(url: str, user_id: str, query: str, extension: str) -> dict[str, float]:
    # Warm-up: specs, templates and the writers' modules loaded before the baseline.
    warm = ["/gestion/candidatures", f"/gestion/candidatures/export.{extension}?recherche=zzzzzz"]
    return fresh(url, user_id, f"/gestion/candidatures/export.{extension}?{query}", warm)


def fresh(url: str, user_id: str, path: str, warm: list[str]) -> dict[str, float]:
    """measure() of `path` in this process, after GETs of `warm` (read and dropped)."""
    app = bench_app(url)
    client = staff_client(app, user_id)
    for page in warm:
        consume(client, page)
    found = measure(client, path)
    app.extensions["examforms.engine"].dispose()
    return found


def measure(client: Any, path: str) -> dict[str, float]:
    """One streamed GET read whole: its time, size and the process's peak memory meanwhile."""
    reset_peak()
    before = status_kb("VmRSS")
    start, cpu = time.perf_counter(), time.process_time()
    size, lines = consume(client, path)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    peak = status_kb("VmHWM")
    return {"seconds": seconds, "cpu_seconds": cpu_seconds, "bytes": size, "lines": lines,
            "rss_before_kb": before, "peak_kb": peak}


if __name__ == "__main__":
    if sys.argv[3].startswith("/"):  # DATABASE_URL STAFF_USER_ID PATH [WARM-UP PATH...]
        print(json.dumps(fresh(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:])))
    else:
        print(json.dumps(main(*sys.argv[1:5])))
