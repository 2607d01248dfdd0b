"""Benchmarks run by `make bench` (`python -m tests.bench [name …]`).

Each module `tests/bench/bench_<name>.py` is one benchmark: it defines `run() -> None`, which
measures and prints its figures (and the target they are compared with). Nothing here asserts
a timing: the figures are for people, the tests assert behaviour. Add a benchmark by adding
a module; `python -m tests.bench pdf engine` runs only those named.
"""
