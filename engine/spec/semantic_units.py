"""Semantic checks of units: groups, specialities and variants, choice groups, acquis, pieces."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.errors import Path
from engine.spec.checks_base import Checks, path_value
from engine.spec.model import canonical_formats
from engine.spec.shape import suggest


class UnitChecks(Checks):
    def units(self) -> None:
        data = self.data
        groups = [g["code"] for g in data.get("unit_groups") or []]
        self.unique(
            "unit group code",
            (
                (g["code"], ("unit_groups", i, "code"))
                for i, g in enumerate(data.get("unit_groups") or [])
            ),
        )
        categories = [c["code"] for c in data.get("categories") or []]
        self.unique(
            "category code",
            (
                (c["code"], ("categories", i, "code"))
                for i, c in enumerate(data.get("categories") or [])
            ),
        )
        common = {
            str(u["code"]): ("common_units", i)
            for i, u in enumerate(data.get("common_units") or [])
        }
        self.unique(
            "unit code",
            (
                (str(u["code"]), ("common_units", i, "code"))
                for i, u in enumerate(data.get("common_units") or [])
            ),
        )
        inline: list[tuple[dict[str, Any], Path, set[str]]] = [
            (u, ("common_units", i), set(common))
            for i, u in enumerate(data.get("common_units") or [])
        ]
        all_units = set(common)
        chosen_anywhere: set[str] = set()
        specs = data.get("specialities") or []
        spec_codes: list[tuple[str, Path]] = []
        for i, s in enumerate(specs):
            path: Path = ("specialities", i)
            spec_codes.append((s["code"], (*path, "code")))
            own: list[tuple[str, Path]] = []
            for j, u in enumerate(s["units"]):
                upath: Path = (*path, "units", j)
                if isinstance(u, dict):
                    own.append((str(u["code"]), (*upath, "code")))
                else:
                    own.append((str(u), upath))
                    if str(u) not in common:
                        self.unknown(
                            "E203",
                            "unit",
                            common,
                            upath,
                            ": a unit named by its code must be in common_units",
                        )
            codes = {c for c, _ in own}
            all_units |= codes
            chosen_anywhere |= codes
            for j, u in enumerate(s["units"]):
                if isinstance(u, dict):
                    inline.append((u, (*path, "units", j), codes | set(common)))
            self.unique("unit code", own)
            if not s["units"]:
                self.add("E209", f"speciality '{s['code']}' has no units", (*path, "units"))
            for k, v in enumerate(s.get("variants") or []):
                spec_codes.append((v["code"], (*path, "variants", k, "code")))
                for n, code in enumerate(v["units"]):
                    if str(code) not in codes:
                        self.add(
                            "E210",
                            f"unit '{code}' of variant '{v['code']}' is not a unit of "
                            f"speciality '{s['code']}'{suggest(str(code), codes)}",
                            (*path, "variants", k, "units", n),
                        )
        self.unique("speciality or variant code", spec_codes)
        for u, upath, siblings in inline:
            if u["group"] not in groups:
                self.unknown("E204", "unit group", groups, (*upath, "group"))
            if "parent" in u and str(u["parent"]) not in siblings:
                self.unknown("E223", "parent unit", siblings, (*upath, "parent"))
            for cat in u.get("modes") or {}:
                if cat not in categories:
                    self.add(
                        "E205",
                        f"unknown category '{cat}' in modes{suggest(cat, categories)}",
                        (*upath, "modes", cat),
                        at_key=True,
                    )
        self.choice_groups(all_units)
        self.optional_units(common, chosen_anywhere, bool(specs))
        self.acquis(all_units)
        self.sessions()
        self.offered_if(inline)
        self.unit_categories(inline, set(categories))
        self.picks(inline)
        self.progressive()

    def sessions(self) -> None:
        """A session window whose last year comes before its first offers the unit to nobody."""
        for i, s in enumerate(self.data.get("specialities") or []):
            places: list[tuple[dict[str, Any], Path, str]] = [
                (s, ("specialities", i), f"speciality '{s['code']}'")
            ]
            places += [
                (v, ("specialities", i, "variants", k), f"variant '{v['code']}'")
                for k, v in enumerate(s.get("variants") or [])
            ]
            for raw, path, what in places:
                window = raw.get("sessions") or {}
                lo, hi = window.get("from"), window.get("until")
                if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
                    self.add(
                        "E231",
                        f"the sessions of {what} end in {hi}, before they start in {lo}: "
                        "it is offered at no session",
                        (*path, "sessions", "until"),
                    )

    def unit_categories(
        self, inline: list[tuple[dict[str, Any], Path, set[str]]], categories: set[str]
    ) -> None:
        """`categories:` names the categories that take the unit: each must exist (E330), and
        a mode written for another category is never used (E331)."""
        for u, upath, _ in inline:
            taken_by = [str(c) for c in u.get("categories") or []]
            for n, cat in enumerate(taken_by):
                if cat not in categories:
                    self.add(
                        "E330",
                        f"unit '{u['code']}' names unknown category '{cat}' in its "
                        f"categories{suggest(cat, categories)}",
                        (*upath, "categories", n),
                    )
            if not taken_by:
                continue
            for cat in u.get("modes") or {}:
                if cat in categories and cat not in taken_by:
                    self.add(
                        "E331",
                        f"unit '{u['code']}' gives a mode to category '{cat}', which does not "
                        f"take it (its categories: {', '.join(taken_by)})",
                        (*upath, "modes", cat),
                        at_key=True,
                    )

    def picks(self, inline: list[tuple[dict[str, Any], Path, set[str]]]) -> None:
        """A unit's pick is its language or its activity, not both (one answer per unit)."""
        for u, upath, _ in inline:
            if u.get("languages") and u.get("activities"):
                self.add(
                    "E235",
                    f"unit '{u['code']}' has both languages and activities: the candidate "
                    "picks one of them per unit",
                    (*upath, "activities"),
                    at_key=True,
                )
            self.unique(
                "activity value",
                ((str(c["value"]), (*upath, "activities", n, "value"))
                 for n, c in enumerate(u.get("activities") or [])),
            )

    def offered_if(self, inline: list[tuple[dict[str, Any], Path, set[str]]]) -> None:
        """offered_if decides what the Épreuves tab offers: a compulsory unit is never offered."""
        grouped = {str(c) for g in self.data.get("choice_groups") or [] for c in g["units"]}
        for u, upath, _ in inline:
            if "offered_if" in u and not u.get("optional") and str(u["code"]) not in grouped:
                self.add(
                    "W209",
                    f"unit '{u['code']}' is compulsory: its offered_if is never used "
                    "(only optional units and units of choice groups are offered)",
                    (*upath, "offered_if"),
                    at_key=True,
                )

    def progressive(self) -> None:
        raw = self.data.get("progressive") or {}
        lo, hi = raw.get("min_units", 1), raw.get("max_units")
        if isinstance(hi, int) and lo > hi:
            self.add(
                "E234",
                f"progressive.min_units {lo} is above progressive.max_units {hi}",
                ("progressive", "min_units"),
            )

    def choice_groups(self, all_units: set[str]) -> None:
        groups = self.data.get("choice_groups") or []
        self.unique(
            "choice group code",
            ((g["code"], ("choice_groups", i, "code")) for i, g in enumerate(groups)),
        )
        for i, g in enumerate(groups):
            path: Path = ("choice_groups", i)
            for n, code in enumerate(g["units"]):
                if str(code) not in all_units:
                    self.unknown("E203", "unit", all_units, (*path, "units", n))
            count, lo, hi = len(g["units"]), g.get("min", 0), g.get("max", 1)
            if hi < 1:
                self.add(
                    "E211",
                    f"choice group '{g['code']}' has max {hi}: nothing can be chosen",
                    (*path, "max"),
                )
            elif lo > hi:
                self.add(
                    "E211",
                    f"choice group '{g['code']}' has min {lo} above max {hi}",
                    (*path, "min"),
                )
            elif lo > count:
                self.add(
                    "E211",
                    f"choice group '{g['code']}' asks for at least {lo} units among {count}",
                    (*path, "min"),
                )
            if count == 1:
                self.add(
                    "W202",
                    f"choice group '{g['code']}' offers a single unit '{g['units'][0]}'",
                    (*path, "units"),
                )

    def optional_units(self, common: Mapping[str, Path], chosen: set[str], has_specs: bool) -> None:
        roles = {t["role"] for t in self.data["tabs"]}
        for code, path in common.items():
            raw = path_value(self.data, path)
            if not raw.get("optional"):
                continue
            if has_specs and code not in chosen:
                self.add(
                    "W203",
                    f"optional unit '{code}' is in no speciality: nobody can choose it",
                    (*path, "optional"),
                )
            elif "units" not in roles:
                self.add(
                    "W203",
                    f"optional unit '{code}' cannot be chosen: no tab has role units",
                    (*path, "optional"),
                )
        if "units" in roles:
            return
        for i, spec in enumerate(self.data.get("specialities") or []):
            for j, unit in enumerate(spec["units"]):
                if isinstance(unit, dict) and unit.get("optional"):
                    self.add(
                        "W203",
                        f"optional unit '{unit['code']}' cannot be chosen: no tab has role units",
                        ("specialities", i, "units", j, "optional"),
                    )

    def acquis(self, all_units: set[str]) -> None:
        raw = self.data.get("acquis") or {}
        diplomas = [d["code"] for d in raw.get("diplomas") or []]
        tabs = [i for i, t in enumerate(self.data["tabs"]) if t["role"] == "acquis"]
        if diplomas and not tabs:
            self.add(
                "W207",
                "acquis.diplomas are listed but no tab has role acquis: nobody can declare them",
                ("acquis", "diplomas"),
            )
        for i in tabs if not diplomas else []:
            self.add(
                "W207",
                f"tab '{self.data['tabs'][i]['code']}' has role acquis but acquis.diplomas "
                "lists nothing to declare",
                ("tabs", i, "role"),
            )
        self.unique(
            "diploma code",
            (
                (d["code"], ("acquis", "diplomas", i, "code"))
                for i, d in enumerate(raw.get("diplomas") or [])
            ),
        )
        rules = raw.get("rules") or []
        self.unique(
            "acquis rule code",
            ((r["code"], ("acquis", "rules", i, "code")) for i, r in enumerate(rules)),
        )
        for i, r in enumerate(rules):
            path: Path = ("acquis", "rules", i)
            for n, code in enumerate(r["units"]):
                if str(code) not in all_units:
                    self.unknown("E203", "unit", all_units, (*path, "units", n))
            for n, code in enumerate(r.get("diplomas") or []):
                if code not in diplomas:
                    self.unknown("E207", "diploma", diplomas, (*path, "diplomas", n))
            origins = [s["code"] for s in self.data.get("specialities") or []] + [
                f["code"] for f in raw.get("former_specialities") or []
            ]
            for n, c in enumerate(r.get("correspondences") or []):
                cpath: Path = (*path, "correspondences", n)
                if c["speciality"] not in origins:
                    self.unknown(
                        "E232", "speciality of origin", origins, (*cpath, "speciality"),
                        ": name a speciality or one of acquis.former_specialities",
                    )
                if str(c["counts_for"]) not in all_units:
                    self.unknown("E203", "unit", all_units, (*cpath, "counts_for"))
        pieces = self.data.get("pieces") or []
        self.unique(
            "piece code", ((p["code"], ("pieces", i, "code")) for i, p in enumerate(pieces))
        )
        lists: list[tuple[Path, Mapping[str, Any]]] = [
            (("pieces_defaults", "formats"), self.data.get("pieces_defaults") or {})
        ]
        lists += [(("pieces", i, "formats"), p) for i, p in enumerate(pieces)]
        for fpath, holder in lists:
            written = [str(f) for f in holder.get("formats") or []]
            if len(canonical_formats(written)) < len(written):
                self.add(
                    "W211",
                    f"formats {written} name one type twice: jpg and jpeg are the same "
                    f"type (JPEG); the piece accepts {list(canonical_formats(written))}",
                    fpath,
                )
