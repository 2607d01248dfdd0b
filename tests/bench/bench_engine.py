"""Engine benchmark: cold load of the three specs, cache hits, and one candidature's runtime."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine.spec.model import Exam
from engine.specs import clear_cache, load_exam
from engine.wizard import build_state, validate_all, validate_tab
from tests.engine.factories import ACCOUNT_REIMS, SESSION_2026, fill_candidature

ROOT = Path(__file__).resolve().parents[2]
SPECS = [ROOT / "exams" / f"{name}.yaml" for name in ("cap", "bacpro", "cfg")]
TARGET_COLD_MS = 150.0
TARGET_CANDIDATURE_MS = 1.0
COLD_PROCESSES = 5
RUNS = 2000

# A fresh interpreter: modules imported first (not timed), then the three specs loaded,
# checked and compiled with every cache empty.
_COLD = """
import sys, time
from engine.specs import load_exam
import engine.conditions, engine.rules, engine.wizard
t, c = time.perf_counter(), time.process_time()
for p in sys.argv[1:]:
    load_exam(p)
print((time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000)
"""


def median_ms(action: Callable[[], object], runs: int) -> float:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        out.append((time.perf_counter() - start) * 1000)
    return statistics.median(out)


def cold_process_ms() -> list[tuple[float, float]]:
    """(wall, CPU) milliseconds per fresh process: on a loaded machine wall time mostly
    measures the wait for a core."""
    out = []
    for _ in range(COLD_PROCESSES):
        done = subprocess.run([sys.executable, "-c", _COLD, *map(str, SPECS)], cwd=ROOT,
                              capture_output=True, text=True, check=True)
        wall, cpu = done.stdout.split()
        out.append((float(wall), float(cpu)))
    return out


def cold_in_process_ms(runs: int = 10) -> float:
    def load_all() -> None:
        clear_cache()
        for p in SPECS:
            load_exam(p)
    return median_ms(load_all, runs)


def realistic(exam: Exam) -> dict[str, Any]:
    """A candidate who declares a CAP, keeps a grade and chooses an optional language."""
    answers = fill_candidature(exam, SESSION_2026, ACCOUNT_REIMS)
    if exam.diplomas:
        answers["acquis"]["diplomas"] = [{"diploma": exam.diplomas[0].code, "year": 2021,
                                          "academy": "reims"}]
    benefice = next((r for r in exam.acquis_rules if r.type == "benefice"), None)
    if benefice:
        answers["acquis"]["grades"] = [{"unit": benefice.units[0], "grade": 12.5, "year": 2024}]
    return answers


def candidature_ms(exam: Exam, answers: dict[str, Any]) -> dict[str, float]:
    def everything() -> None:
        state = build_state(exam, answers, SESSION_2026, ACCOUNT_REIMS)
        state.pieces()
        validate_all(state)

    def one_tab() -> None:
        state = build_state(exam, answers, SESSION_2026, ACCOUNT_REIMS)
        validate_tab(state, state.tabs[1].code)

    everything()                      # warm-up: reference lists, compiled patterns
    return {"all": median_ms(everything, RUNS), "tab": median_ms(one_tab, RUNS)}


def verdict(value: float, target: float) -> str:
    return "OK" if value < target else "ABOVE TARGET"


def run() -> None:
    cold = cold_process_ms()
    cold_median = statistics.median(w for w, _ in cold)
    cpu_median = statistics.median(c for _, c in cold)
    print(f"cold load + validation of {len(SPECS)} specs (fresh process, median of "
          f"{COLD_PROCESSES}): {cold_median:.1f} ms [target < {TARGET_COLD_MS:.0f} ms: "
          f"{verdict(cold_median, TARGET_COLD_MS)}]; CPU {cpu_median:.1f} ms  (wall runs: "
          f"{', '.join(f'{w:.0f}' for w, _ in cold)})")
    print(f"cold load in process after clear_cache (median of 10): {cold_in_process_ms():.1f} ms")
    exams = [load_exam(p) for p in SPECS]
    hit = median_ms(lambda: [load_exam(p) for p in SPECS], RUNS) * 1000 / len(SPECS)
    print(f"compiled-spec cache hit: {hit:.1f} µs per spec (median of {RUNS})")
    for exam in exams:
        answers = realistic(exam)
        figures = candidature_ms(exam, answers)
        state = build_state(exam, answers, SESSION_2026, ACCOUNT_REIMS)
        print(f"{exam.short_label:>7}: units + pieces + validation of every tab "
              f"{figures['all'] * 1000:.0f} µs [target < {TARGET_CANDIDATURE_MS:.0f} ms: "
              f"{verdict(figures['all'], TARGET_CANDIDATURE_MS)}]; one tab "
              f"{figures['tab'] * 1000:.0f} µs  ({len(state.answers['fields'])} answers, "
              f"{len(state.units)} units, {len(state.pieces())} pieces; median of {RUNS})")


if __name__ == "__main__":
    run()
