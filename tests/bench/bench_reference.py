"""Benchmark of the reference lists: cold load of every list, commune searches."""

from __future__ import annotations

from engine import reference

RUNS = 200


def run() -> None:
    figures = reference.benchmark(RUNS)
    print(f"cold load of every list (countries … academies, one commune): "
          f"{figures['reference_cold_load_ms']:.1f} ms")
    print(f"first commune search in a département: {figures['commune_first_search_ms']:.2f} ms")
    print(f"commune search, warm (median of {RUNS}): "
          f"{figures['commune_search_median_ms'] * 1000:.0f} µs")
