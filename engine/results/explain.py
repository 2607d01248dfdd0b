"""The French sentences of a result: "Admis : moyenne 11,42 ≥ 10 ; domaine professionnel …"."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from engine.results.decision import GroupResult, Mention, ResultLine
from engine.results.grades import fr


def avg(value: Decimal, decimals: int) -> str:
    return fr(value, decimals)


def compare(value: Decimal, mark: Decimal, decimals: int) -> str:
    sign = "≥" if value >= mark else "<"
    return f"{avg(value, decimals)} {sign} {fr(mark)}"


def groups_text(groups: Iterable[GroupResult], decimals: int) -> list[str]:
    out = []
    for g in groups:
        if g.min_average is None:
            continue
        if g.average is None:
            out.append(f"{g.label} : toutes les unités dispensées")
        else:
            out.append(f"{g.label} {compare(g.average, g.min_average, decimals)}")
    return out


def codes(lines: Iterable[ResultLine]) -> str:
    return ", ".join(ln.printed_code for ln in lines)


def mention_text(mention: Mention | None) -> str:
    return f"mention {mention.label}" if mention else ""


def sentence(head: str, parts: Iterable[str]) -> str:
    """ "Head : part ; part", the empty parts left out (every caller has a first part)."""
    return f"{head} : {' ; '.join(p for p in parts if p)}"
