"""Candidates registering at once over HTTP while something fails under them (an app server
killed, PostgreSQL restarted): a few threads take the candidates in turn, and each candidate
tries again as a person would (logs in again when the session is lost, starts over), until
it has saved or used up its attempts.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import requests
from journey import AlreadyRegistered, HttpCandidate, JourneyError

RETRY_PAUSE_S = 0.5


@dataclass
class Load:
    """`register(index, candidate)` returns the N° Inscription page's path; `saved(index,
    receipt, attempt)` is called under `lock` once a candidate has saved (receipt None: an
    earlier attempt's Enregistrer was committed, its answer lost)."""

    candidates: list[HttpCandidate]
    register: Callable[[int, HttpCandidate], str]
    saved: Callable[[int, str | None, int], None]
    attempts: int
    concurrency: int
    lock: threading.Lock = field(default_factory=threading.Lock)
    failures: list[str] = field(default_factory=list)
    retried: list[str] = field(default_factory=list)
    _pending: list[int] = field(default_factory=list)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        self._pending = list(range(len(self.candidates)))
        self._threads = [threading.Thread(target=self._work) for _ in range(self.concurrency)]
        for thread in self._threads:
            thread.start()

    def join(self, timeout: float) -> None:
        for thread in self._threads:
            thread.join(timeout)

    def all_taken(self) -> bool:
        """Every candidate has started (call under `lock`)."""
        return not self._pending

    def _work(self) -> None:
        while True:
            with self.lock:
                if not self._pending:
                    return
                index = self._pending.pop(0)
            self._journey(index)

    def _journey(self, index: int) -> None:
        candidate = self.candidates[index]
        for attempt in range(1, self.attempts + 1):
            try:
                if attempt == 1 or not candidate.is_logged_in():
                    candidate.login()
                receipt: str | None = self.register(index, candidate)
            except AlreadyRegistered:
                receipt = None
            except (requests.RequestException, JourneyError) as error:
                with self.lock:
                    self.retried.append(f"candidate {index}, attempt {attempt}: {error}")
                time.sleep(RETRY_PAUSE_S)
                continue
            with self.lock:
                self.saved(index, receipt, attempt)
            return
        with self.lock:
            self.failures.append(f"candidate {index} gave up after {self.attempts} attempts")
