"""The units side of a spec diff: specialities, their variants and units, choice groups."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from engine.spec.changes import EVERYONE, Match
from engine.spec.diff import Differ, cond_json
from engine.spec.diff_renames import renames
from engine.spec.model import Speciality, Unit


def _speciality_values(sp: Speciality, unit: str | None = None) -> tuple[str, ...]:
    """The values of the speciality field that select `sp` (and, given `unit`, that unit)."""
    variants = [v.code for v in sp.variants if unit is None or unit in v.units]
    return (sp.code, *variants)


class UnitDiffer(Differ):
    def speciality_match(self, values: tuple[str, ...]) -> Match:
        field = self.special("speciality")
        return Match(values=((field, values),)) if field else EVERYONE

    # ------------------------------------------------------------------ specialities

    def specialities(self) -> None:
        field = self.special("speciality")
        old = {s.code: s for s in self.old.specialities}
        new = {s.code: s for s in self.new.specialities}
        removed = {c: old[c].label for c in old if c not in new}
        added = {c: new[c].label for c in new if c not in old}
        renamed = dict(renames(removed, added))
        self.values_removed(
            field,
            "",
            "speciality",
            removed,
            added,
            "speciality_removed",
            lambda code: self.speciality_match(_speciality_values(old[code])),
        )
        for code in added:
            if code not in renamed.values():
                self.add(
                    "speciality_added",
                    "safe",
                    f"speciality '{code}'",
                    f"new speciality '{added[code]}' ({len(new[code].units)} units)",
                    code=code,
                )
        for code in [c for c in old if c in new]:
            self.speciality(old[code], new[code])

    def speciality(self, o: Speciality, n: Speciality) -> None:
        self.within = o.code
        try:
            self.speciality_units(o, n)
        finally:
            self.within = ""

    def speciality_units(self, o: Speciality, n: Speciality) -> None:
        subject = f"speciality '{o.code}'"
        here = self.speciality_match(_speciality_values(o))
        self.label(subject, o.label, n.label)
        if cond_json(o.eligible_if) != cond_json(n.eligible_if) or o.sessions != n.sessions:
            self.add(
                "eligible_if",
                "action",
                subject,
                "offered on another condition or at other sessions",
                code=o.code,
                match=here,
            )
        self.variants(o, n)
        common_old = {u.code: u for u in self.old.common_units}
        common_new = {u.code: u for u in self.new.common_units}
        self.unit_lists(
            f"of speciality '{o.code}'",
            o.units,
            n.units,
            lambda code: self.speciality_match(_speciality_values(o, code)),
            skip=lambda a, b: common_old.get(a.code) is a and common_new.get(b.code) is b,
        )

    def variants(self, o: Speciality, n: Speciality) -> None:
        field = self.special("speciality")
        old = {v.code: v for v in o.variants}
        new = {v.code: v for v in n.variants}
        removed = {c: old[c].label for c in old if c not in new}
        added = {c: new[c].label for c in new if c not in old}
        self.values_removed(
            field, f"speciality '{o.code}'", "variant", removed, added, "variant_removed"
        )
        for code in added:
            self.add(
                "variant_added",
                "safe",
                f"variant '{code}' of speciality '{o.code}'",
                f"new variant '{added[code]}'",
                code=code,
            )
        for code in [c for c in old if c in new]:
            a, b = old[code], new[code]
            subject = f"variant '{code}' of speciality '{o.code}'"
            self.label(subject, a.label, b.label)
            here = self.speciality_match((code,))
            gone = [u for u in a.units if u not in b.units]
            if gone:
                self.add(
                    "unit_removed",
                    "breaking",
                    subject,
                    f"units {', '.join(gone)} no longer part of it",
                    code=gone[0],
                    match=here,
                )
            more = [u for u in b.units if u not in a.units]
            if more:
                self.add(
                    "unit_added",
                    "action",
                    subject,
                    f"units {', '.join(more)} added",
                    code=more[0],
                    match=here,
                )
            if a.sessions != b.sessions:
                self.add(
                    "eligible_if",
                    "action",
                    subject,
                    "offered at other sessions",
                    code=code,
                    match=here,
                )

    # ------------------------------------------------------------------ units

    def common_units(self) -> None:
        """Units shared by specialities (or the exam's units when it has none), diffed once."""
        shared = bool(self.old.specialities or self.new.specialities)
        owner = "common unit" if shared else "unit"

        def scope(code: str) -> Match:
            if not shared:
                return EVERYONE
            values = tuple(
                v
                for sp in self.old.specialities
                if any(u.code == code for u in sp.units)
                for v in _speciality_values(sp, code)
            )
            return self.speciality_match(values)

        if shared:
            old = {u.code: u for u in self.old.common_units}
            new = {u.code: u for u in self.new.common_units}
            for code in [c for c in old if c in new]:
                self.unit(f"{owner} {code}", old[code], new[code], scope(code))
        else:
            self.unit_lists("", self.old.common_units, self.new.common_units, scope)

    def unit_lists(
        self,
        owner: str,
        old_units: tuple[Unit, ...],
        new_units: tuple[Unit, ...],
        scope: Callable[[str], Match],
        skip: Callable[[Unit, Unit], bool] = lambda a, b: False,
    ) -> None:
        """Units removed, renamed (same label, new code), added and changed in one list."""
        old = {u.code: u for u in old_units}
        new = {u.code: u for u in new_units}
        removed = {c: old[c].label for c in old if c not in new}
        added = {c: new[c].label for c in new if c not in old}
        renamed = dict(renames(removed, added))
        suffix = f" {owner}" if owner else ""
        for code in removed:
            match = self.of_categories(scope(code), old[code].categories)
            if old[code].optional:
                match = Match(values=match.values, chosen=code)
            if code in renamed:
                detail = f"code renamed {code} → {renamed[code]}"
            else:
                detail = f"removed ('{removed[code]}')"
            self.add(
                "unit_removed",
                "breaking",
                f"unit {code}{suffix}",
                detail,
                code=code,
                old=code,
                new=renamed.get(code, ""),
                match=match,
            )
            if code in renamed:
                self.unit(
                    f"unit {renamed[code]}{suffix}",
                    old[code],
                    new[renamed[code]],
                    match,
                    renamed=True,
                )
        for code in added:
            if code in renamed.values():
                continue
            u = new[code]
            if u.optional:
                self.add(
                    "unit_added",
                    "safe",
                    f"unit {code}{suffix}",
                    f"new optional unit '{u.label}'",
                    code=code,
                )
            else:
                self.add(
                    "unit_added",
                    "action",
                    f"unit {code}{suffix}",
                    f"new compulsory unit '{u.label}'",
                    code=code,
                    match=self.of_categories(scope(code), u.categories),
                )
        for code in [c for c in old if c in new]:
            if not skip(old[code], new[code]):
                self.unit(f"unit {code}{suffix}", old[code], new[code], scope(code))

    def unit(self, subject: str, o: Unit, n: Unit, here: Match, renamed: bool = False) -> None:
        code = n.code
        if not renamed:
            self.label(subject, o.label, n.label)
        if o.coefficient != n.coefficient:
            self.add(
                "coefficient",
                "breaking",
                subject,
                f"coefficient {_num(o.coefficient)} → {_num(n.coefficient)}",
                code=code,
                old=_num(o.coefficient),
                new=_num(n.coefficient),
                match=here,
            )
        if o.kind != n.kind:
            self.add(
                "unit_kind",
                "breaking",
                subject,
                f"kind {o.kind} → {n.kind}",
                code=code,
                old=o.kind,
                new=n.kind,
                match=here,
            )
        self.modes(subject, o, n, here)
        self.languages(subject, o, n)
        if o.optional != n.optional:
            if n.optional:
                self.add("optional", "safe", subject, "now optional", code=code)
            else:
                self.add("optional", "action", subject, "now compulsory", code=code, match=here)
        if cond_json(o.offered_if) != cond_json(n.offered_if):
            self.add(
                "offered_if",
                "action",
                subject,
                "offered on another condition",
                code=code,
                match=Match(values=here.values, chosen=o.code),
            )
        self.taken_by(subject, o, n, here)
        terms = ("duration", "official_code", "group", "parent")
        changed = [
            f"{t} {_text(getattr(o, t))} → {_text(getattr(n, t))}"
            for t in terms
            if getattr(o, t) != getattr(n, t)
        ]
        if o.not_offered_message != n.not_offered_message:
            changed.append("not_offered_message changed")
        if changed:
            self.add("unit_terms", "safe", subject, ", ".join(changed), code=code)

    def of_categories(self, match: Match, categories: tuple[str, ...]) -> Match:
        """`match` narrowed to the candidatures of `categories` (a unit's `categories:`)."""
        field = self.special("category")
        if not categories or not field:
            return match
        return dataclasses.replace(match, values=(*match.values, (field, categories)))

    def taken_by(self, subject: str, o: Unit, n: Unit, here: Match) -> None:
        """The categories that take the unit changed: the candidatures of the categories that
        gain or lose it have other units."""
        if o.categories == n.categories:
            return
        every = tuple(c.code for c in self.new.categories)
        moved = sorted(set(o.categories or every) ^ set(n.categories or every))
        field = self.special("category")
        atoms = ((field, tuple(moved)),) if field and moved else ()
        self.add(
            "unit_categories",
            "action",
            subject,
            f"taken by {', '.join(o.categories) or 'every category'} → "
            f"{', '.join(n.categories) or 'every category'}",
            code=n.code,
            match=Match(values=(*here.values, *atoms)),
        )

    def modes(self, subject: str, o: Unit, n: Unit, here: Match) -> None:
        """A per-category mode written on the unit that changed (a category's own mode is
        reported on the category)."""
        field = self.special("category")
        new_cats = {c.code: c.unit_mode for c in self.new.categories}
        old_cats = {c.code for c in self.old.categories}
        for cat in sorted(o.modes.keys() | n.modes.keys()):
            if o.modes.get(cat) == n.modes.get(cat) or cat not in new_cats:
                continue
            if cat not in old_cats:  # a new category: no saved candidature has it
                continue
            before = o.modes.get(cat, new_cats[cat])
            after = n.modes.get(cat, new_cats[cat])
            if before == after:
                continue
            atoms = ((field, (cat,)),) if field else ()
            self.add(
                "mode",
                "breaking",
                subject,
                f"mode for category {cat}: {before} → {after}",
                code=n.code,
                old=before,
                new=after,
                match=Match(values=(*here.values, *atoms)),
            )

    def languages(self, subject: str, o: Unit, n: Unit) -> None:
        for what, before, after in (
            ("language", o.languages, n.languages),
            (
                "activity",
                tuple(c.value for c in o.activities),
                tuple(c.value for c in n.activities),
            ),
        ):
            for gone in [x for x in before if x not in after]:
                self.add(
                    "language_removed",
                    "breaking",
                    subject,
                    f"{what} {gone} removed",
                    code=gone,
                    old=gone,
                    match=Match(language=(o.code, gone)),
                )
            for more in [x for x in after if x not in before]:
                self.add("language_added", "safe", subject, f"{what} {more} added", code=more)

    # ------------------------------------------------------------------ groups, progressive

    def choice_groups(self) -> None:
        old = {g.code: g for g in self.old.choice_groups}
        new = {g.code: g for g in self.new.choice_groups}
        for code in sorted(old.keys() | new.keys()):
            a, b = old.get(code), new.get(code)
            subject = f"choice group '{code}'"
            if a is None:
                self.add("choice_group", "action", subject, "added: units to choose", code=code)
            elif b is None:
                self.add("choice_group", "safe", subject, "removed", code=code)
            else:
                self.label(subject, a.label, b.label)
                if (a.units, a.min, a.max) != (b.units, b.min, b.max):
                    self.add(
                        "choice_group",
                        "action",
                        subject,
                        f"choose {b.min}..{b.max} among {', '.join(b.units)} "
                        f"(was {a.min}..{a.max} among {', '.join(a.units)})",
                        code=code,
                    )

    def progressive(self) -> None:
        a, b = self.old.progressive, self.new.progressive
        if a != b:
            field = self.special("forme")
            self.add(
                "progressive",
                "action",
                "forme progressive",
                f"units per session {a.min_units}..{a.max_units or 'all'} → "
                f"{b.min_units}..{b.max_units or 'all'}",
                match=Match(values=((field, ("progressive",)),)) if field else EVERYONE,
            )


def _num(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"


def _text(value: str | None) -> str:
    """A short term of a unit as the author wrote it, quoted; `none` when absent."""
    return f"'{value}'" if value else "none"
