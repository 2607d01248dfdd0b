"""Where a registration's server CPU goes: one journey per exam alone, each page metered.

The candidate runs with no one else on the app server: the workers' CPU before and after
each request is that request's cost. Summed per exam, it is the server CPU of one full
registration, split by page (the login's password check, the PDF at Enregistrer…).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

from deadline_support import server_cpu
from journey import HttpCandidate

JOURNEYS_PER_EXAM = 3


class MeteredCandidate(HttpCandidate):
    """A candidate whose every request records the app server's CPU it cost."""

    master: int = 0
    cpu_ms: list[tuple[str, float]]

    def _metered(self, send: Callable[[], Any]) -> Any:
        before = server_cpu(self.master).seconds
        response = send()
        self.cpu_ms.append((self.timings[-1][0], (server_cpu(self.master).seconds - before)
                            * 1000))
        return response

    def get(self, path: str, **kwargs: Any) -> Any:
        return self._metered(lambda: super(MeteredCandidate, self).get(path, **kwargs))

    def post(self, path: str, data: Any, **kwargs: Any) -> Any:
        return self._metered(lambda: super(MeteredCandidate, self).post(path, data, **kwargs))


def metered(master: int, url: str, email: str, password: str) -> MeteredCandidate:
    candidate = MeteredCandidate(url, email, password)
    candidate.master = master
    candidate.cpu_ms = []
    return candidate


def report(exam: str, candidates: list[MeteredCandidate], top: int = 4) -> list[str]:
    """Median server CPU of a registration and of its costliest pages."""
    totals = [sum(ms for _, ms in c.cpu_ms) for c in candidates]
    pages: dict[str, list[float]] = {}
    for candidate in candidates:
        per_page: dict[str, float] = {}
        for page, ms in candidate.cpu_ms:
            per_page[page] = per_page.get(page, 0.0) + ms
        for page, ms in per_page.items():
            pages.setdefault(page, []).append(ms)
    total = statistics.median(totals)
    costly = sorted(((statistics.median(v), p) for p, v in pages.items()), reverse=True)[:top]
    requests = len(candidates[0].cpu_ms)
    parts = ", ".join(f"{page.split()[0]} {page.rsplit('/', 1)[-1]} {ms:.0f}"
                      for ms, page in costly)
    return [f"  {exam.upper():<6} {total:6.0f} ms per registration ({requests} requests, "
            f"{1000 / total if total else 0:.1f} per CPU-second); costliest, in ms: {parts}"]
