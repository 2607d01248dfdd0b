"""The mutation score per engine module, from the results `mutmut run` leaves in mutants/.

Each module's line counts its mutants, those killed (a test failed or timed out), those that
survived, those not checked yet, and the equivalents listed in
tests/engine/mutation-equivalents.txt (mutants that cannot change a result, each with why).
The score is killed / (mutants - equivalents - not checked). The exit code is 1 when a
survivor is not listed as equivalent, or an equivalent listed is not a survivor any more.

    python tools/mutation_score.py [--survivors] [--min SCORE]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTANTS = ROOT / "mutants"
EQUIVALENTS = ROOT / "tests" / "engine" / "mutation-equivalents.txt"

# mutmut's exit codes (mutmut.stats.status_by_exit_code): 1 and 3 are test failures, 36, 24,
# 152, 255 and -24 timeouts (a mutant looping forever is caught), 0 a survivor, 5 and 33 a
# mutant no test reaches (a survivor too), None unchecked.
KILLED = {1, 3, 36, 24, 152, 255, -24, 37}
SURVIVED = {0, 5, 33}


@dataclass
class ModuleScore:
    module: str
    mutants: int = 0
    killed: int = 0
    survived: int = 0
    equivalents: int = 0
    unchecked: int = 0
    other: int = 0
    survivors: list[str] = field(default_factory=list)

    @property
    def decided(self) -> int:
        return self.killed + self.survived - self.equivalents

    @property
    def score(self) -> float | None:
        return 100.0 * self.killed / self.decided if self.decided else None


def read_equivalents(path: Path = EQUIVALENTS) -> dict[str, str]:
    """`mutant name  why it cannot change a result`, one a line; # starts a comment."""
    found: dict[str, str] = {}
    if not path.exists():
        return found
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, _, why = line.partition(" ")
        found[name] = why.strip()
    return found


def results() -> Iterator[tuple[str, dict[str, int | None]]]:
    for meta in sorted(MUTANTS.glob("engine/**/*.py.meta")):
        module = ".".join(meta.relative_to(MUTANTS).with_suffix("").with_suffix("").parts)
        module = module.removesuffix(".__init__")
        data = json.loads(meta.read_text(encoding="utf-8"))
        yield module, data["exit_code_by_key"]


def scores(
    equivalents: dict[str, str], found: list[tuple[str, dict[str, int | None]]]
) -> list[ModuleScore]:
    table = []
    for module, codes in found:
        row = ModuleScore(module)
        for name, code in codes.items():
            row.mutants += 1
            if code is None:
                row.unchecked += 1
            elif code in KILLED:
                row.killed += 1
            elif code in SURVIVED:
                row.survived += 1
                if name in equivalents:
                    row.equivalents += 1
                else:
                    row.survivors.append(name)
            else:
                row.other += 1
        table.append(row)
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--survivors", action="store_true", help="list the unlisted survivors")
    parser.add_argument("--min", type=float, default=95.0, help="score each module must reach")
    args = parser.parse_args(argv)
    if not MUTANTS.is_dir():
        print("no mutants/ folder: run `make mutation` first", file=sys.stderr)
        return 2
    equivalents = read_equivalents()
    found = list(results())
    table = scores(equivalents, found)
    head = ("module", "mutants", "killed", "survived", "equivalent", "unchecked", "score")
    print(f"{head[0]:<32}" + "".join(f"{h:>11}" for h in head[1:]))
    failed = False
    for row in table:
        score = "-" if row.score is None else f"{row.score:.1f} %"
        print(
            f"{row.module:<32}{row.mutants:>11}{row.killed:>11}{row.survived:>11}"
            f"{row.equivalents:>11}{row.unchecked + row.other:>11}{score:>11}"
        )
        if row.score is not None and row.score < args.min:
            failed = True
    total = ModuleScore("total")
    for row in table:
        for name in ("mutants", "killed", "survived", "equivalents", "unchecked", "other"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    score = "-" if total.score is None else f"{total.score:.1f} %"
    print(
        f"{'total':<32}{total.mutants:>11}{total.killed:>11}{total.survived:>11}"
        f"{total.equivalents:>11}{total.unchecked + total.other:>11}{score:>11}"
    )
    known = {name for _, codes in found for name, code in codes.items() if code in SURVIVED}
    unchecked = {name for _, codes in found for name, code in codes.items() if code is None}
    stale = sorted(set(equivalents) - known - unchecked)
    if stale:
        print("\nlisted as equivalent but killed or gone (remove from the list):")
        print("\n".join(f"  {name}" for name in stale))
    if args.survivors:
        print("\nsurvivors not listed as equivalent (`mutmut show NAME`):")
        for row in table:
            print("\n".join(f"  {name}" for name in row.survivors))
    return 1 if failed or stale else 0


if __name__ == "__main__":
    sys.exit(main())
