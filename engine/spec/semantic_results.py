"""Semantic checks of `results:` (the exam's and each speciality's): codes, marks, weights."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from engine.errors import Path
from engine.spec.checks_base import Checks
from engine.spec.compile_results import merged
from engine.spec.shape import suggest

MAX_MARK = Decimal(20)


class ResultChecks(Checks):
    def results(self) -> None:
        units = self.unit_codes()
        exam_raw = self.data.get("results")
        if exam_raw is not None:
            self.one(exam_raw, ("results",), exam_raw, units)
        for i, spec in enumerate(self.data.get("specialities") or []):
            raw = spec.get("results")
            own = merged(exam_raw, raw)
            if raw is not None:
                self.one(raw, ("specialities", i, "results"), own or {}, units)
            for j, variant in enumerate(spec.get("variants") or []):
                vraw = variant.get("results")
                if vraw is not None:
                    self.one(
                        vraw,
                        ("specialities", i, "variants", j, "results"),
                        merged(own, vraw) or {},
                        units,
                    )
        self.coefficients()

    def unit_codes(self) -> set[str]:
        codes = {str(u["code"]) for u in self.data.get("common_units") or []}
        for spec in self.data.get("specialities") or []:
            codes |= {str(u["code"]) for u in spec.get("units") or [] if isinstance(u, dict)}
        return codes

    def mark(self, value: Any, path: Path, what: str, top: Decimal = MAX_MARK) -> None:
        number = Decimal(str(value))
        if not Decimal(0) <= number <= top:
            self.add(
                "E263",
                f"{what} is {value}: not a mark from 0 to {top}",
                path,
            )
        elif number != number.quantize(Decimal("0.01")):
            self.add("E264", f"{what} is {value}: a mark has at most two decimals", path)

    def one(self, raw: dict[str, Any], path: Path, eff: dict[str, Any], units: set[str]) -> None:
        points = eff.get("method", "average") == "points"
        out_of = eff.get("out_of") or {}
        top = sum((Decimal(str(v)) for v in out_of.values()), Decimal(0))
        top += sum(  # a scaled unit without out_of: at most its highest level
            (
                max(map(Decimal, map(str, v)))
                for k, v in (eff.get("scales") or {}).items()
                if k not in out_of and v
            ),
            Decimal(0),
        )
        if "pass_mark" in raw:
            if points:
                self.mark(
                    raw["pass_mark"],
                    (*path, "pass_mark"),
                    "pass_mark",
                    max(top, MAX_MARK),
                )
            else:
                self.mark(raw["pass_mark"], (*path, "pass_mark"), "pass_mark")
        if "optional_above" in raw:
            self.mark(
                raw["optional_above"],
                (*path, "optional_above"),
                "optional_above",
            )
        self.groups(raw, path, units)
        self.second_group(raw, path, eff)
        self.mentions(raw, path, eff)
        self.out_of(raw, path, points, units)
        self.scales(raw, path, eff, points, units)

    def groups(self, raw: dict[str, Any], path: Path, units: set[str]) -> None:
        groups = raw.get("groups") or []
        self.unique(
            "results group code",
            ((g["code"], (*path, "groups", i, "code")) for i, g in enumerate(groups)),
        )
        for i, g in enumerate(groups):
            gpath: Path = (*path, "groups", i)
            if not g["units"]:
                self.add(
                    "E262",
                    f"results group '{g['code']}' has no unit",
                    (*gpath, "units"),
                )
            for n, code in enumerate(g["units"]):
                if str(code) not in units:
                    self.add(
                        "E260",
                        f"unknown unit '{code}' in results group "
                        f"'{g['code']}'{suggest(str(code), units)}",
                        (*gpath, "units", n),
                    )
            if "min_average" in g:
                self.mark(
                    g["min_average"],
                    (*gpath, "min_average"),
                    f"the min_average of group '{g['code']}'",
                )

    def second_group(self, raw: dict[str, Any], path: Path, eff: dict[str, Any]) -> None:
        sg = raw.get("second_group")
        if not sg:
            return
        spath: Path = (*path, "second_group")
        self.mark(sg["min_average"], (*spath, "min_average"), "second_group.min_average")
        pass_mark = Decimal(str(eff.get("pass_mark", 10)))
        if Decimal(str(sg["min_average"])) >= pass_mark:
            self.add(
                "E267",
                f"second_group starts at {sg['min_average']}, not below the pass mark "
                f"{pass_mark}: it never applies",
                (*spath, "min_average"),
            )
        known = [g["code"] for g in eff.get("groups") or []]
        for n, r in enumerate(sg.get("requires") or []):
            rpath: Path = (*spath, "requires", n)
            if r["group"] not in known:
                self.add(
                    "E261",
                    f"second_group requires group '{r['group']}', which is not one of the "
                    f"results groups{suggest(r['group'], known)}",
                    (*rpath, "group"),
                )
            self.mark(
                r["min_average"],
                (*rpath, "min_average"),
                f"the min_average required of group '{r['group']}'",
            )
        for key, value in (sg.get("weights") or {}).items():
            if Decimal(str(value)) <= 0:
                self.add(
                    "E265",
                    f"weight {key} is {value}: it must be above 0",
                    (*spath, "weights", key),
                )
        if "pass_mark" in sg:
            self.mark(sg["pass_mark"], (*spath, "pass_mark"), "second_group.pass_mark")

    def mentions(self, raw: dict[str, Any], path: Path, eff: dict[str, Any]) -> None:
        levels = (raw.get("mentions") or {}).get("levels") or []
        mpath: Path = (*path, "mentions", "levels")
        self.unique(
            "mention code", ((m["code"], (*mpath, i, "code")) for i, m in enumerate(levels))
        )
        pass_mark = Decimal(str(eff.get("pass_mark", 10)))
        seen: dict[Decimal, str] = {}
        for i, m in enumerate(levels):
            where: Path = (*mpath, i, "min_average")
            self.mark(m["min_average"], where, f"the min_average of mention '{m['code']}'")
            value = Decimal(str(m["min_average"]))
            if value in seen:
                self.add(
                    "E266",
                    f"mention '{m['code']}' has the same min_average "
                    f"({m['min_average']}) as mention '{seen[value]}'",
                    where,
                )
            elif value < pass_mark:
                self.add(
                    "E266",
                    f"mention '{m['code']}' (min_average {m['min_average']}) "
                    f"is below the pass mark {pass_mark}",
                    where,
                )
            seen.setdefault(value, m["code"])

    def out_of(self, raw: dict[str, Any], path: Path, points: bool, units: set[str]) -> None:
        out_of = raw.get("out_of")
        if out_of is None:
            return
        if not points:
            self.add(
                "E268",
                "out_of only goes with method: points (an average is out of 20)",
                (*path, "out_of"),
                at_key=True,
            )
        for code, value in out_of.items():
            kpath: Path = (*path, "out_of", code)
            self.known_unit(code, "out_of", kpath, units)
            if Decimal(str(value)) <= 0:
                self.add(
                    "E265",
                    f"out_of gives '{code}' {value} points: it must be above 0",
                    kpath,
                )

    def known_unit(self, code: Any, key: str, kpath: Path, units: set[str]) -> None:
        """E260 when a key of `out_of` or `scales` is not a unit of the exam."""
        if str(code) not in units:
            self.add(
                "E260",
                f"unknown unit '{code}' in {key}{suggest(str(code), units)}",
                kpath,
                at_key=True,
            )

    def scales(
        self, raw: dict[str, Any], path: Path, eff: dict[str, Any], points: bool, units: set[str]
    ) -> None:
        """`scales:` (method points): the only points a unit takes, one per level, increasing,
        each a mark within the unit's out_of."""
        scales = raw.get("scales")
        if scales is None:
            return
        if not points:
            self.add(
                "E332",
                "scales applies to method: points only (an average takes any mark out of 20)",
                (*path, "scales"),
                at_key=True,
            )
        out_of = eff.get("out_of") or {}
        for code, values in scales.items():
            spath: Path = (*path, "scales", code)
            self.known_unit(code, "scales", spath, units)
            top = Decimal(str(out_of[code])) if code in out_of else None
            for n, value in enumerate(values):
                self.mark(
                    value,
                    (*spath, n),
                    f"a level of '{code}'",
                    top if top is not None else max(Decimal(str(v)) for v in values),
                )
            numbers = [Decimal(str(v)) for v in values]
            for n in range(1, len(numbers)):
                if numbers[n] <= numbers[n - 1]:
                    self.add(
                        "E333",
                        f"the points of '{code}' do not increase: {values[n]} after "
                        f"{values[n - 1]} (one value per level, from the lowest to the highest)",
                        (*spath, n),
                    )
                    break

    def coefficients(self) -> None:
        """W261: a speciality computed by average with a compulsory unit without coefficient."""
        for i, spec in enumerate(self.compiled.exam.specialities):
            rules = spec.results
            if rules is None or rules.method != "average" or rules.unavailable:
                continue
            parents = {u.parent for u in spec.units if u.parent}
            lacking = [
                u.code
                for u in spec.units
                if u.code not in parents and not u.optional and u.coefficient is None
            ]
            if lacking:
                self.add(
                    "W261",
                    f"le résultat de la spécialité '{spec.code}' ne peut pas être "
                    f"calculé : {', '.join(lacking)} sans coefficient (écrivez-le, ou dites "
                    "pourquoi dans results.unavailable)",
                    ("specialities", i, "code"),
                )
