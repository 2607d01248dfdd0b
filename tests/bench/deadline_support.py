"""What the deadline-day benchmark reads from the machine: gunicorn workers' CPU time and
resident memory (from /proc), and percentiles."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def workers(master: int) -> list[int]:
    """The gunicorn master's worker processes now."""
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return []
    return [int(pid) for pid in children]


def _stat(pid: int) -> list[str]:
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2:].split()  # the fields after "(comm)"


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def worker_rss(master: int) -> float:
    """The largest resident set of the master's workers, in MiB."""
    sizes = []
    for pid in workers(master):
        try:
            sizes.append(_rss_mib(pid))
        except OSError:
            continue
    return max(sizes, default=0.0)


@dataclass(frozen=True)
class CpuSample:
    seconds: float  # CPU (user + system) of the workers alive and of those already reaped
    pids: frozenset[int]


def server_cpu(master: int) -> CpuSample:
    """CPU time the app server's workers used so far: those alive (utime + stime) and those
    gunicorn replaced (the master's cutime + cstime), so a recycled worker is not lost."""
    seconds = 0.0
    pids = workers(master)
    for pid in pids:
        seconds += _run_time(pid)
    own = _stat(master)
    seconds += (int(own[13]) + int(own[14])) / TICKS  # cutime, cstime of reaped children
    return CpuSample(seconds, frozenset(pids))


def _run_time(pid: int) -> float:
    """Seconds on a CPU of every thread of the process, to the nanosecond (schedstat), where
    utime + stime count in clock ticks of 10 ms."""
    total = 0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            total += int((task / "schedstat").read_text().split()[0])
    except (OSError, ValueError):
        return 0.0
    return total / 1e9


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
