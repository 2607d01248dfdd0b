"""Build the frozen Exam model from a spec's checked data; parse every condition it holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from engine.conditions import Condition, parse_condition
from engine.conditions.parse import parse_date
from engine.errors import Path, SourceMap, SpecError
from engine.spec.compile_results import compile_results, merged
from engine.spec.model import (
    AcquisRule,
    Category,
    Choice,
    ChoiceGroup,
    Correspondence,
    Diploma,
    Exam,
    Field,
    FormerSpeciality,
    Migration,
    Piece,
    Progressive,
    Section,
    SessionWindow,
    Speciality,
    Tab,
    Unit,
    UnitGroup,
    Variant,
    canonical_formats,
)

# Where a condition sits decides which fields it may read (see ConditionSite.before).
SiteKind = Literal[
    "tab", "section", "field", "required", "choice", "category", "speciality", "acquis", "piece",
    "unit", "refuse",
]


@dataclass(frozen=True, slots=True)
class ConditionSite:
    """A parsed condition, where it was written, and the wizard position it is evaluated at."""

    cond: Condition
    path: Path
    kind: SiteKind
    before: int  # fields whose order is < before may be read
    here: str = ""  # code of what holds the condition (a field's own code)


@dataclass
class Compiled:
    """The compiled exam and what the semantic checks need beside it."""

    exam: Exam
    sites: list[ConditionSite] = field(default_factory=list)
    errors: list[SpecError] = field(default_factory=list)
    field_paths: dict[str, list[Path]] = field(default_factory=dict)


class _Compiler:
    def __init__(self, data: dict[str, Any], marks: SourceMap):
        self.data = data
        self.marks = marks
        self.sites: list[ConditionSite] = []
        self.errors: list[SpecError] = []
        self.field_paths: dict[str, list[Path]] = {}
        self.order = 0
        self.texts: dict[str, str] = dict(data.get("texts") or {})
        self.special_order: dict[str, int] = {}  # field type → order of its first field

    def bound(self, raw: dict[str, Any], key: str, path: Path) -> Any:
        """A field's min/max: a date field's is parsed as conditions parse dates (E314/E315)."""
        if raw.get("type") != "date" or key not in raw:
            return raw.get(key)
        value, errors = parse_date(raw[key], (*path, key), self.marks)
        self.errors.extend(errors)
        return value

    def cond(
        self, node: Any, path: Path, kind: SiteKind, before: int, here: str = ""
    ) -> Condition | None:
        if node is None:
            return None
        cond, errors = parse_condition(node, path, self.marks)
        self.errors.extend(errors)
        if cond is not None:
            self.sites.append(ConditionSite(cond, path, kind, before, here))
        return cond

    # ------------------------------------------------------------------ wizard

    def tabs(self) -> tuple[Tab, ...]:
        out = []
        for i, raw in enumerate(self.data.get("tabs", [])):
            path: Path = ("tabs", i)
            first = self.order
            visible = self.cond(raw.get("visible_if"), (*path, "visible_if"), "tab", first)
            sections = tuple(
                self.section(raw, s, (*path, "sections", j))
                for j, s in enumerate(raw.get("sections") or [])
            )
            intro = str(raw.get("intro", ""))
            out.append(
                Tab(
                    code=raw["code"],
                    title=raw["title"],
                    role=raw["role"],
                    sections=sections,
                    visible_if=visible,
                    save=bool(raw.get("save")),
                    intro=self.texts.get(intro, intro),
                    text=self.texts.get(raw.get("text"), ""),
                    mark=self.marks.value(path),
                )
            )
        return tuple(out)

    def section(self, tab: dict[str, Any], raw: dict[str, Any], path: Path) -> Section:
        visible = self.cond(raw.get("visible_if"), (*path, "visible_if"), "section", self.order)
        title = str(raw.get("title", ""))
        fields = tuple(
            self.field(tab["code"], title, f, (*path, "fields", k))
            for k, f in enumerate(raw.get("fields") or [])
        )
        return Section(title=title, fields=fields, visible_if=visible)

    def field(self, tab: str, section: str, raw: dict[str, Any], path: Path) -> Field:
        order = self.order
        self.order += 1
        code = raw["code"]
        self.field_paths.setdefault(code, []).append(path)
        self.special_order.setdefault(raw["type"], order)
        required_raw = raw.get("required")
        required: bool | Condition
        if isinstance(required_raw, dict):
            required = (
                self.cond(required_raw, (*path, "required"), "required", order, code) or False
            )
        else:
            required = bool(required_raw)
        choices = tuple(
            Choice(
                value=str(c["value"]),
                label=c["label"],
                visible_if=self.cond(
                    c.get("visible_if"), (*path, "choices", n, "visible_if"), "choice", order, code
                ),
            )
            for n, c in enumerate(raw.get("choices") or [])
        )
        return Field(
            code=code,
            type=raw["type"],
            label=raw["label"],
            tab=tab,
            section=section,
            order=order,
            required=required,
            visible_if=self.cond(
                raw.get("visible_if"), (*path, "visible_if"), "field", order, code
            ),
            help=raw.get("help", ""),
            min_length=raw.get("min_length"),
            max_length=raw.get("max_length"),
            pattern=raw.get("pattern"),
            pattern_message=raw.get("pattern_message"),
            min=self.bound(raw, "min", path),
            max=self.bound(raw, "max", path),
            min_message=raw.get("min_message"),
            max_message=raw.get("max_message"),
            # The field's own answer may be read: the refusal is about it (`order + 1`).
            refuse_if=self.cond(raw.get("refuse_if"), (*path, "refuse_if"), "refuse", order + 1),
            refuse_message=raw.get("refuse_message", ""),
            choices=choices,
            list=raw.get("list"),
            depends_on=raw.get("depends_on"),
            from_account=raw.get("from_account"),
            prefill=raw.get("prefill"),
            default=raw.get("default"),
            summary_label=raw.get("summary_label"),
            mark=self.marks.value(path),
            autocomplete=raw.get("autocomplete"),
        )

    # ------------------------------------------------------------------ units

    def units_tab_start(self, tabs: tuple[Tab, ...]) -> int:
        """Order of the first field at or after the units tab: what offered_if may read."""
        for i, tab in enumerate(tabs):
            if tab.role == "units":
                return min((f.order for t in tabs[i:] for f in t.fields), default=self.order)
        return self.order

    def unit(self, raw: dict[str, Any], path: Path, before: int) -> Unit:
        return Unit(
            code=str(raw["code"]),
            label=raw["label"],
            group=raw["group"],
            kind=raw["kind"],
            coefficient=raw.get("coefficient"),
            duration=str(raw.get("duration", "")),
            optional=bool(raw.get("optional")),
            parent=raw.get("parent"),
            languages=tuple(raw.get("languages") or ()),
            modes=dict(raw.get("modes") or {}),
            official_code=str(raw.get("official_code", "")),
            activities=tuple(Choice(str(c["value"]), c["label"])
                             for c in raw.get("activities") or []),
            offered_if=self.cond(
                raw.get("offered_if"), (*path, "offered_if"), "unit", before
            ),
            not_offered_message=raw.get("not_offered_message", ""),
            mark=self.marks.value(path),
            categories=tuple(map(str, raw.get("categories") or ())),
        )

    def specialities(self, common: dict[str, Unit], units_at: int) -> tuple[Speciality, ...]:
        out = []
        before = self.special_order.get("speciality", self.order)
        for i, raw in enumerate(self.data.get("specialities") or []):
            path: Path = ("specialities", i)
            units: list[Unit] = []
            for j, u in enumerate(raw.get("units") or []):
                if isinstance(u, dict):
                    units.append(self.unit(u, (*path, "units", j), units_at))
                elif str(u) in common:  # unknown codes are reported by the semantic pass
                    units.append(common[str(u)])
            own = merged(self.data.get("results"), raw.get("results"))
            variants = tuple(
                Variant(v["code"], v["label"], tuple(map(str, v["units"])),
                        sessions=session_window(v.get("sessions")),
                        results=compile_results(merged(own, v.get("results"))))
                for v in raw.get("variants") or []
            )
            out.append(
                Speciality(
                    code=raw["code"],
                    label=raw["label"],
                    units=tuple(units),
                    variants=variants,
                    eligible_if=self.cond(
                        raw.get("eligible_if"), (*path, "eligible_if"), "speciality", before
                    ),
                    sessions=session_window(raw.get("sessions")),
                    results=compile_results(own),
                )
            )
        return tuple(out)

    def categories(self) -> tuple[Category, ...]:
        before = self.special_order.get("category", self.order)
        return tuple(
            Category(
                code=raw["code"],
                label=raw["label"],
                formes=tuple(raw["formes"]),
                unit_mode=raw["unit_mode"],
                eligible_if=self.cond(
                    raw.get("eligible_if"), ("categories", i, "eligible_if"), "category", before
                ),
                ineligible_message=raw.get("ineligible_message", ""),
                self_registration=bool(raw.get("self_registration", True)),
                official_code=str(raw.get("official_code", "")),
            )
            for i, raw in enumerate(self.data.get("categories") or [])
        )

    def acquis(self, tabs: tuple[Tab, ...]) -> tuple[tuple[Diploma, ...], tuple[AcquisRule, ...]]:
        raw = self.data.get("acquis") or {}
        diplomas = tuple(Diploma(d["code"], d["label"]) for d in raw.get("diplomas") or [])
        # Rules are applied on the Acquis tab: they read the fields of the tabs before it.
        before = self.order
        for tab in tabs:
            if tab.role == "acquis":
                before = min(
                    (f.order for t in tabs[tabs.index(tab) :] for f in t.fields), default=self.order
                )
                break
        rules = tuple(
            AcquisRule(
                code=r["code"],
                type=r["type"],
                label=r["label"],
                units=tuple(map(str, r["units"])),
                diplomas=tuple(r.get("diplomas") or ()),
                min_grade=float(r.get("min_grade", 10)),
                within_years=r.get("within_years"),
                renounceable=bool(r.get("renounceable", True)),
                when=self.cond(r.get("when"), ("acquis", "rules", i, "when"), "acquis", before),
                reason=r.get("reason", ""),
                same_speciality=bool(r.get("same_speciality")),
                correspondences=tuple(
                    Correspondence(c["speciality"], str(c["unit"]), str(c["counts_for"]))
                    for c in r.get("correspondences") or []
                ),
            )
            for i, r in enumerate(raw.get("rules") or [])
        )
        return diplomas, rules

    def pieces(self) -> tuple[Piece, ...]:
        # A piece's own key, else the exam's pieces_defaults, else the language's default.
        defaults = {"delivery": "upload", "formats": ["pdf"], "max_size_mb": 5,
                    "deadline_days_after_close": 0, **(self.data.get("pieces_defaults") or {})}
        return tuple(
            Piece(
                code=p["code"],
                label=p["label"],
                delivery=p.get("delivery", defaults["delivery"]),
                formats=canonical_formats(p.get("formats") or defaults["formats"]),
                max_size_mb=p.get("max_size_mb", defaults["max_size_mb"]),
                deadline_days_after_close=p.get(
                    "deadline_days_after_close", defaults["deadline_days_after_close"]
                ),
                required_if=self.cond(
                    p.get("required_if"), ("pieces", i, "required_if"), "piece", self.order
                ),
                help=p.get("help", ""),
                reason=p.get("reason", ""),
            )
            for i, p in enumerate(self.data.get("pieces") or [])
        )


def session_window(raw: dict[str, Any] | None) -> SessionWindow | None:
    if not raw:
        return None
    return SessionWindow(raw.get("from"), raw.get("until"), tuple(raw.get("months") or ()))


def migration(raw: dict[str, Any]) -> Migration:
    version = raw.get("from_version")
    return Migration(
        field=raw.get("field"),
        choices=tuple((str(k), str(v)) for k, v in (raw.get("choices") or {}).items()),
        units=tuple((str(k), str(v)) for k, v in (raw.get("units") or {}).items()),
        accept=tuple(raw.get("accept") or ()),
        only=tuple(map(str, raw.get("only") or ())),
        from_version=None if version is None else str(version),
        sessions_from=raw.get("sessions_from"),
        reason=raw.get("reason", ""),
    )


def compile_exam(data: dict[str, Any], marks: SourceMap, path: str, source_hash: str) -> Compiled:
    """The Exam of schema-valid `data`; condition shape problems are returned, not raised."""
    c = _Compiler(data, marks)
    tabs = c.tabs()
    units_at = c.units_tab_start(tabs)
    common_list = [
        c.unit(u, ("common_units", i), units_at)
        for i, u in enumerate(data.get("common_units") or [])
    ]
    common: dict[str, Unit] = {}
    for u in common_list:
        common.setdefault(u.code, u)
    diplomas, rules = c.acquis(tabs)
    ident = data["exam"]
    exam = Exam(
        code=ident["code"],
        label=ident["label"],
        short_label=ident["short_label"],
        domain=ident["domain"],
        version=str(ident["version"]),
        source_hash=source_hash,
        path=path,
        birth_date_field=ident.get("birth_date_field"),
        texts=c.texts,
        tabs=tabs,
        categories=c.categories(),
        unit_groups=tuple(UnitGroup(g["code"], g["label"]) for g in data.get("unit_groups") or []),
        common_units=tuple(common_list),
        specialities=c.specialities(common, units_at),
        choice_groups=tuple(
            ChoiceGroup(
                g["code"], g["label"], tuple(map(str, g["units"])), g.get("min", 0), g.get("max", 1)
            )
            for g in data.get("choice_groups") or []
        ),
        diplomas=diplomas,
        acquis_rules=rules,
        pieces=c.pieces(),
        return_days_after_close=int(
            (data.get("pieces_defaults") or {}).get("deadline_days_after_close", 0)
        ),
        progressive=Progressive(
            int((data.get("progressive") or {}).get("min_units", 1)),
            (data.get("progressive") or {}).get("max_units"),
        ),
        former_specialities=tuple(
            FormerSpeciality(f["code"], f["label"])
            for f in (data.get("acquis") or {}).get("former_specialities") or []
        ),
        migrations=tuple(migration(m) for m in data.get("migrations") or []),
        results=compile_results(data.get("results")),
        documents=tuple((str(k), str(v)) for k, v in (data.get("documents") or {}).items()),
    )
    return Compiled(exam=exam, sites=c.sites, errors=c.errors, field_paths=c.field_paths)
