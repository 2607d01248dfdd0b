"""Results benchmark: evaluate_result for 100,000 candidatures of the three exams (engine level).

The mix follows the national volumes (CAP and bac pro about as many, the CFG few): CAP AEPE
and Cuisine (with an optional language, a dispense of the general units, a bénéfice), Bac
Pro AGOrA (its professional coefficients, not in the spec yet, are given 3 each here, so
that its result is computed rather than "non calculable"), and CFG. Grades are Decimals as
a database column holds them, drawn with a fixed seed before the timing; a few are ABS or
missing."""

from __future__ import annotations

import random
import time
from collections import Counter
from decimal import Decimal
from typing import Any

from engine.decisions import UnitLine
from engine.results import evaluate_result
from engine.spec.model import Exam
from tests.engine.results_support import computable, exam, lines, with_coefficients

CANDIDATURES = 100_000
# An academy's whole session (about 10,000 candidatures) evaluated within 2 CPU-seconds.
TARGET_PER_CPU_SECOND = 5_000
AGORA_COEFS = {"E31": 3, "E32": 3, "E33": 3}


def profiles() -> list[tuple[int, Exam, str | None, tuple[UnitLine, ...]]]:
    """(weight, exam, speciality, unit lines) of each kind of candidature."""
    cap, cfg = exam("cap"), exam("cfg")
    bacpro = computable(exam("bacpro"), "agora")
    agora = with_coefficients(lines("bacpro", "agora"), **AGORA_COEFS)
    agora_eps = with_coefficients(lines("bacpro", "agora", chosen=("UF_EPS",)), **AGORA_COEFS)
    return [
        (25, cap, "aepe", lines("cap", "aepe")),
        (8, cap, "aepe", lines("cap", "aepe", diplomas=(("bac", 2015),))),
        (5, cap, "aepe", lines("cap", "aepe", grades=(("EP2", 12.5, 2024),))),
        (12, cap, "cuisine", lines("cap", "cuisine", chosen=("UF_LV",),
                                   languages={"UF_LV": "espagnol"})),
        (32, bacpro, "agora", agora),
        (13, bacpro, "agora", agora_eps),
        (5, cfg, None, lines("cfg")),
    ]


def grade(rng: random.Random, out_of: int) -> Decimal | str | None:
    roll = rng.random()
    if roll < 0.004:
        return "ABS"
    if roll < 0.006:
        return None
    mean = out_of * 0.58
    return Decimal(round(min(max(rng.gauss(mean, out_of * 0.18), 0), out_of) * 4)) / 4


def candidatures(n: int) -> list[tuple[Exam, str | None, tuple[UnitLine, ...], dict[str, Any]]]:
    rng = random.Random(2026)
    kinds = profiles()
    weights = [k[0] for k in kinds]
    out = []
    for w, e, spec, units in rng.choices(kinds, weights, k=n):
        del w
        rules = e.results if spec is None else next(s.results for s in e.specialities
                                                    if s.code == spec)
        assert rules is not None
        grades = {u.code: grade(rng, int(rules.max_grade(u.code))) for u in units
                  if not u.is_group}
        out.append((e, spec, units, grades))
    return out


def run() -> None:
    work = candidatures(CANDIDATURES)
    statuses: Counter[str] = Counter()
    wall, cpu = time.perf_counter(), time.process_time()
    for e, spec, units, grades in work:
        statuses[evaluate_result(e, units, grades, session_year=2026, speciality=spec).status] += 1
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    per_cpu = CANDIDATURES / cpu
    verdict = "ok" if per_cpu >= TARGET_PER_CPU_SECOND else "MISSED"
    print(f"results of {CANDIDATURES:,} candidatures: {wall:.2f} s, "
          f"{CANDIDATURES / wall:,.0f} candidatures/s; CPU {cpu:.2f} s, {per_cpu:,.0f} per "
          f"CPU-second [target ≥ {TARGET_PER_CPU_SECOND:,}: {verdict}]")
    print("statuses: " + ", ".join(f"{s} {n:,}" for s, n in statuses.most_common()))


if __name__ == "__main__":
    run()
