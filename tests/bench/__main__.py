"""Run every benchmark module of tests/bench (or those named on the command line)."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path

PREFIX = "bench_"


def available() -> list[str]:
    """Names of the benchmarks: `bench_engine.py` is `engine`."""
    here = str(Path(__file__).resolve().parent)
    return sorted(m.name[len(PREFIX):] for m in pkgutil.iter_modules([here])
                  if m.name.startswith(PREFIX))


def main(argv: list[str]) -> int:
    names = available()
    wanted = argv or names
    unknown = [n for n in wanted if n not in names]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(names)}")
        return 2
    for name in wanted:
        module = importlib.import_module(f"{__package__}.{PREFIX}{name}")
        print(f"== {name} ==")
        started = time.perf_counter()
        module.run()
        print(f"({name}: {time.perf_counter() - started:.1f} s)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
