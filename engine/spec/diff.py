"""The typed difference between two compiled versions of an exam, as it concerns candidates.

`diff_exams(old, new)` is pure: it compares two `Exam`s and returns `Change`s (see
`engine.spec.changes`); the units side lives in `engine.spec.diff_units`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from engine.conditions import Condition, to_json
from engine.spec.changes import EVERYONE, Change, Level, Match, special_field
from engine.spec.model import AcquisRule, Category, Exam, Field, Piece


def cond_json(cond: Condition | bool | None) -> Any:
    """A comparable form of a condition (or of `required`, which may be a bool)."""
    if cond is None or isinstance(cond, bool):
        return cond
    return to_json(cond)


def renames(removed: Mapping[str, str], added: Mapping[str, str]) -> list[tuple[str, str]]:
    """(old code, new code) for each removed item whose label is that of exactly one added
    item: the author renamed its code."""
    out = []
    for old, label in removed.items():
        same = [new for new, other in added.items() if other == label]
        if len(same) == 1 and list(removed.values()).count(label) == 1:
            out.append((old, same[0]))
    return out


class Differ:
    """Collects the changes between `old` and `new`, one area per method."""

    def __init__(self, old: Exam, new: Exam) -> None:
        self.old = old
        self.new = new
        self.out: list[Change] = []
        self.within = ""  # the speciality being compared, if any

    def add(self, kind: str, level: Level, subject: str, detail: str, **rest: Any) -> None:
        rest.setdefault("within", self.within)
        self.out.append(Change(kind, level, subject, detail, **rest))

    def label(self, subject: str, old: str, new: str, kind: str = "label") -> None:
        if old != new:
            self.add(kind, "safe", subject, f"label '{old}' → '{new}'", old=old, new=new)

    def special(self, type_: str) -> str:
        f = special_field(self.old, type_) or special_field(self.new, type_)
        return f.code if f is not None else ""

    # ------------------------------------------------------------------ exam, texts, tabs

    def identity(self) -> None:
        self.label("exam", self.old.label, self.new.label)
        self.label("exam", self.old.short_label, self.new.short_label, "short_label")

    def texts(self) -> None:
        old, new = self.old.texts, self.new.texts
        for key in sorted(old.keys() | new.keys()):
            if key not in new:
                self.add("text_removed", "safe", f"text '{key}'", "removed")
            elif key not in old:
                self.add("text_added", "safe", f"text '{key}'", "added")
            elif old[key] != new[key]:
                self.add("text_changed", "safe", f"text '{key}'", "wording changed")

    def tabs(self) -> None:
        old = {t.code: t for t in self.old.tabs}
        new = {t.code: t for t in self.new.tabs}
        for code in old.keys() - new.keys():
            self.add("tab_removed", "safe", f"tab '{code}'", f"removed ('{old[code].title}')")
        for code in new.keys() - old.keys():
            self.add("tab_added", "safe", f"tab '{code}'", f"added ('{new[code].title}')")
        for code in old.keys() & new.keys():
            self.label(f"tab '{code}'", old[code].title, new[code].title, "tab_title")

    # ------------------------------------------------------------------ fields

    def fields(self) -> None:
        old = {f.code: f for f in self.old.fields}
        new = {f.code: f for f in self.new.fields}
        for code in [c for c in old if c not in new]:
            self.add(
                "field_removed",
                "breaking",
                f"field '{code}'",
                "removed: its saved answers are dropped",
                code=code,
                field=code,
                match=Match(answered=code),
            )
        for code in [c for c in new if c not in old]:
            f = new[code]
            if f.required is False:
                self.add(
                    "field_added",
                    "safe",
                    f"field '{code}'",
                    "new optional field",
                    code=code,
                    field=code,
                )
            else:
                when = "" if f.required is True else " (required on a condition)"
                self.add(
                    "field_added",
                    "action",
                    f"field '{code}'",
                    f"new required field{when}: saved candidatures lack it",
                    code=code,
                    field=code,
                    match=Match(unanswered=code),
                )
        for code in [c for c in old if c in new]:
            self.field(old[code], new[code])

    def field(self, o: Field, n: Field) -> None:
        subject, code = f"field '{o.code}'", o.code
        if o.type != n.type:
            self.add(
                "field_type",
                "breaking",
                subject,
                f"type {o.type} → {n.type}",
                code=code,
                field=code,
                old=o.type,
                new=n.type,
                match=Match(answered=code),
            )
        self.label(subject, o.label, n.label)
        if (o.help, o.summary_label) != (n.help, n.summary_label):
            self.add("help", "safe", subject, "help text or summary label changed", code=code)
        if (o.tab, o.section) != (n.tab, n.section):
            self.add(
                "moved",
                "safe",
                subject,
                f"moved to tab '{n.tab}', section '{n.section}'",
                code=code,
            )
        self.required(o, n)
        bounds = ("min", "max", "min_length", "max_length", "pattern", "list", "depends_on")
        changed = [b for b in bounds if getattr(o, b) != getattr(n, b)]
        if changed:
            self.add(
                "bounds",
                "action",
                subject,
                f"{', '.join(changed)} changed: a saved answer may no longer be accepted",
                code=code,
                field=code,
                match=Match(answered=code),
            )
        if cond_json(o.visible_if) != cond_json(n.visible_if):
            level: Level = "action" if n.required is not False else "safe"
            self.add(
                "visible_if",
                level,
                subject,
                "shown on another condition",
                code=code,
                field=code,
                match=Match(unanswered=code),
            )
        if o.type == n.type and o.type in ("select", "radio"):
            self.choices(o, n)

    def required(self, o: Field, n: Field) -> None:
        before, after = cond_json(o.required), cond_json(n.required)
        if before == after:
            return
        subject, code = f"field '{o.code}'", o.code
        if after is False:
            self.add("required", "safe", subject, "now optional", code=code)
            return
        when = "required" if after is True else "required on a new condition"
        self.add(
            "required",
            "action",
            subject,
            f"now {when}: the candidate must answer it",
            code=code,
            field=code,
            match=Match(unanswered=code),
        )

    def choices(self, o: Field, n: Field) -> None:
        old = {c.value: c.label for c in o.choices}
        new = {c.value: c.label for c in n.choices}
        removed = {v: label for v, label in old.items() if v not in new}
        added = {v: label for v, label in new.items() if v not in old}
        self.values_removed(o.code, f"field '{o.code}'", "choice", removed, added, "choice_removed")
        for value in added:
            if value not in {b for _, b in renames(removed, added)}:
                self.add(
                    "choice_added",
                    "safe",
                    f"choice '{value}' of field '{o.code}'",
                    f"new choice '{new[value]}'",
                    code=value,
                    field=o.code,
                )
        for value in old.keys() & new.keys():
            self.label(f"choice '{value}' of field '{o.code}'", old[value], new[value])

    def values_removed(
        self,
        field: str,
        owner: str,
        what: str,
        removed: Mapping[str, str],
        added: Mapping[str, str],
        kind: str,
        match_of: Callable[[str], Match] | None = None,
    ) -> None:
        """Breaking changes for values saved answers may hold that the new version lacks:
        renamed (same label, new code) or removed. `match_of` gives the saved answers
        holding a value (by default, `field` holding it)."""
        renamed = dict(renames(removed, added))
        for value in removed:
            if match_of is not None:
                match = match_of(value)
            else:
                match = Match(values=((field, (value,)),)) if field else EVERYONE
            subject = f"{what} '{value}' of {owner}" if owner else f"{what} '{value}'"
            new = renamed.get(value, "")
            detail = f"code renamed '{value}' → '{new}'" if new else f"removed ('{removed[value]}')"
            self.add(
                kind,
                "breaking",
                subject,
                detail,
                code=value,
                field=field or None,
                old=value,
                new=new,
                match=match,
            )

    # ------------------------------------------------------------------ categories

    def categories(self) -> None:
        field = self.special("category")
        old = {c.code: c for c in self.old.categories}
        new = {c.code: c for c in self.new.categories}
        removed = {c: old[c].label for c in old if c not in new}
        added = {c: new[c].label for c in new if c not in old}
        self.values_removed(field, "", "category", removed, added, "category_removed")
        for code in added:
            if code not in {b for _, b in renames(removed, added)}:
                self.add(
                    "category_added",
                    "safe",
                    f"category '{code}'",
                    f"new category '{added[code]}'",
                    code=code,
                    field=field or None,
                )
        for code in [c for c in old if c in new]:
            self.category(field, old[code], new[code])

    def category(self, field: str, o: Category, n: Category) -> None:
        subject, code = f"category '{o.code}'", o.code
        here = Match(values=((field, (code,)),)) if field else EVERYONE
        self.label(subject, o.printed_label, n.printed_label)
        if o.ineligible_message != n.ineligible_message:
            self.add("help", "safe", subject, "ineligible message changed", code=code)
        if cond_json(o.eligible_if) != cond_json(n.eligible_if):
            self.add(
                "eligible_if",
                "action",
                subject,
                "eligible on another condition: its candidates must meet it",
                code=code,
                field=field or None,
                match=here,
            )
        if o.self_registration != n.self_registration:
            now = "offered on the portal" if n.self_registration else "no longer offered"
            self.add("self_registration", "action", subject, now, code=code, match=here)
        if o.unit_mode != n.unit_mode:
            self.add(
                "category_mode",
                "breaking",
                subject,
                f"units taken in mode {o.unit_mode} → {n.unit_mode}",
                code=code,
                field=field or None,
                old=o.unit_mode,
                new=n.unit_mode,
                match=here,
            )
        forme = self.special("forme")
        for gone in [f for f in o.formes if f not in n.formes]:
            atoms = ((field, (code,)),) if field else ()
            self.add(
                "forme_removed",
                "breaking",
                subject,
                f"forme {gone} no longer allowed",
                code=gone,
                field=forme or None,
                old=gone,
                match=Match(values=(*atoms, (forme, (gone,)))) if forme else here,
            )
        for extra in [f for f in n.formes if f not in o.formes]:
            self.add("forme_added", "safe", subject, f"forme {extra} now allowed", code=extra)

    # ------------------------------------------------------------------ acquis, pieces

    def acquis(self) -> None:
        old_d = {d.code: d.label for d in self.old.diplomas}
        new_d = {d.code: d.label for d in self.new.diplomas}
        for code in old_d.keys() - new_d.keys():
            self.add(
                "acquis_removed",
                "breaking",
                f"diploma '{code}'",
                f"removed ('{old_d[code]}')",
                code=code,
                match=Match(acquis=(code,)),
            )
        for code in new_d.keys() - old_d.keys():
            self.add(
                "diploma_added", "safe", f"diploma '{code}'", f"added ('{new_d[code]}')", code=code
            )
        old = {r.code: r for r in self.old.acquis_rules}
        new = {r.code: r for r in self.new.acquis_rules}
        for code in old.keys() - new.keys():
            self.add(
                "acquis_removed",
                "breaking",
                f"acquis rule '{code}'",
                "removed: units it granted are to take again",
                code=code,
                match=Match(acquis=_rule_keys(old[code])),
            )
        for code in new.keys() - old.keys():
            self.add("acquis_added", "safe", f"acquis rule '{code}'", "added", code=code)
        for code in old.keys() & new.keys():
            o, n = old[code], new[code]
            self.label(f"acquis rule '{code}'", o.label, n.label)
            if o.reason != n.reason:
                self.add("help", "safe", f"acquis rule '{code}'", "reason changed", code=code)
            if _rule_terms(o) != _rule_terms(n):
                self.add(
                    "acquis_changed",
                    "action",
                    f"acquis rule '{code}'",
                    "grants on other terms: the candidate's acquis are to check again",
                    code=code,
                    match=Match(acquis=_rule_keys(o)),
                )

    def pieces(self) -> None:
        old = {p.code: p for p in self.old.pieces}
        new = {p.code: p for p in self.new.pieces}
        for code in old.keys() - new.keys():
            self.add("piece_removed", "safe", f"piece '{code}'", "no longer asked for", code=code)
        for code in [c for c in new if c not in old]:
            when = " (on a condition)" if new[code].required_if is not None else ""
            self.add(
                "piece_added",
                "action",
                f"piece '{code}'",
                f"new piece to give{when}: '{new[code].label}'",
                code=code,
            )
        for code in [c for c in old if c in new]:
            self.piece(old[code], new[code])

    def piece(self, o: Piece, n: Piece) -> None:
        subject = f"piece '{o.code}'"
        self.label(subject, o.label, n.label)
        if cond_json(o.required_if) != cond_json(n.required_if):
            self.add(
                "piece_required", "action", subject, "asked for on another condition", code=o.code
            )
        terms = (
            "delivery",
            "formats",
            "max_size_mb",
            "deadline_days_after_close",
            "help",
            "reason",
        )
        changed = [t for t in terms if getattr(o, t) != getattr(n, t)]
        if changed:
            self.add("piece_terms", "safe", subject, f"{', '.join(changed)} changed", code=o.code)


def _rule_terms(r: AcquisRule) -> Any:
    return (
        r.type,
        r.units,
        r.diplomas,
        r.min_grade,
        r.within_years,
        r.renounceable,
        cond_json(r.when),
        r.same_speciality,
        r.correspondences,
    )


def _rule_keys(r: AcquisRule) -> tuple[str, ...]:
    return (*r.units, *r.diplomas)


def diff_exams(old: Exam, new: Exam) -> list[Change]:
    """Every change between two versions of an exam, most serious first (stable order)."""
    from engine.spec.diff_units import UnitDiffer

    d = UnitDiffer(old, new)
    d.identity()
    d.tabs()
    d.fields()
    d.categories()
    d.specialities()
    d.common_units()
    d.choice_groups()
    d.progressive()
    d.acquis()
    d.pieces()
    d.texts()
    from engine.spec.diff_results import results_changes

    d.out.extend(results_changes(old, new))
    order = {"breaking": 0, "action": 1, "safe": 2}
    return sorted(d.out, key=lambda c: order[c.level])
