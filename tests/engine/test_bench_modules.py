"""`make bench` runs every module of tests/bench; the reference one prints its three figures."""

from __future__ import annotations

import re

import pytest

from tests.bench import bench_reference
from tests.bench.__main__ import available, main


def test_make_bench_runs_the_engine_reference_and_pdf_benchmarks() -> None:
    assert {"engine", "pdf", "reference", "candidatures"} <= set(available())


def test_the_reference_benchmark_prints_its_timings(capsys: pytest.CaptureFixture[str]) -> None:
    bench_reference.run()
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert all(re.search(r"\d+(\.\d+)? (ms|µs)$", line) for line in lines)


def test_an_unknown_benchmark_is_refused_with_the_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nope"]) == 2
    out = capsys.readouterr().out
    assert "available: " in out and "engine, " in out
