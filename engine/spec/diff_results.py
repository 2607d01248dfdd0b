"""What changes in the results rules between two versions of a spec (engine.spec.diff).

A results change concerns how grades combine, not the saved registrations: it is safe for
candidatures, and reported so that the exam office knows the results it publishes differ."""

from __future__ import annotations

from dataclasses import fields

from engine.spec.changes import Change
from engine.spec.model import Exam
from engine.spec.model_results import ResultRules


def _detail(old: ResultRules | None, new: ResultRules | None) -> str:
    if old is None:
        return "results rules added"
    if new is None:
        return "results rules removed"
    keys = [f.name for f in fields(ResultRules) if getattr(old, f.name) != getattr(new, f.name)]
    return "changed: " + ", ".join(keys)


def results_changes(old: Exam, new: Exam) -> list[Change]:
    """The exam's results rules, then each speciality's own (not those it inherits)."""
    out: list[Change] = []
    exam_changed = old.results != new.results
    if exam_changed:
        out.append(
            Change(
                "results_changed", "safe", "results of the exam", _detail(old.results, new.results)
            )
        )
    before = {s.code: s for s in old.specialities}
    for s in new.specialities:
        o = before.get(s.code)
        if o is None or o.results == s.results:
            continue
        inherited = o.results == old.results and s.results == new.results
        if exam_changed and inherited:
            continue
        out.append(
            Change(
                "results_changed",
                "safe",
                f"results of speciality {s.code}",
                _detail(o.results, s.results),
                code=s.code,
                within=s.code,
            )
        )
    return out
